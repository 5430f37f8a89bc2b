package dev.eddy.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** A copy of deploy/terraform that a test can break on purpose. */
final class TerraformTree {
    private final Path dir;

    private TerraformTree(Path dir) {
        this.dir = dir;
    }

    static TerraformTree copyOfDeployedTerraform(Path into) {
        Path source = Repository.terraform();
        Path target = into.resolve("terraform");
        try (Stream<Path> paths = Files.walk(source)) {
            for (Path path : (Iterable<Path>) paths.filter(p -> !p.toString().contains(".terraform"))::iterator) {
                Path copy = target.resolve(source.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(path, copy);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + source, e);
        }
        return new TerraformTree(target);
    }

    Path dir() {
        return dir;
    }

    /** Replaces the one occurrence of {@code from} in a file; fails if there is not exactly one. */
    TerraformTree replace(String relativeFile, String from, String to) {
        Path file = dir.resolve(relativeFile);
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            int count = text.split(java.util.regex.Pattern.quote(from), -1).length - 1;
            assertEquals(1, count, "the fault must hit exactly one place: \"" + from + "\" in " + relativeFile);
            Files.writeString(file, text.replace(from, to), StandardCharsets.UTF_8);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot edit " + file, e);
        }
    }
}
