package dev.eddy.deploy;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository checkout the tests run in, and the Node tools in it. */
final class Repository {
    private Repository() {
    }

    /** The directory holding the parent pom and deploy/terraform, found upwards from the working directory. */
    static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path candidate = dir; candidate != null; candidate = candidate.getParent()) {
            if (Files.isRegularFile(candidate.resolve("mvnw")) && Files.isDirectory(candidate.resolve("deploy/terraform"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("no repository root (with mvnw and deploy/terraform) above " + dir);
    }

    static Path terraform() {
        return root().resolve("deploy/terraform");
    }

    /** Fails with what to do when the Node tools are not installed. */
    static void requireNodeModules() {
        Path parser = root().resolve("node_modules/@cdktn/hcl2json/package.json");
        if (!Files.isRegularFile(parser)) {
            throw new IllegalStateException("HashiCorp's HCL parser (npm @cdktn/hcl2json) is not installed: run `npm ci` at "
                    + root() + " (needs Node 20)");
        }
    }
}
