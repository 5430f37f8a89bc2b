package dev.eddy.deploy;

import java.nio.file.Path;
import java.util.List;

/** tools/terraform-check/check.js: the offline check CI runs over deploy/terraform. */
final class TerraformCheck {
    static final String SCRIPT = "tools/terraform-check/check.js";

    /** What the check found: its exit code and the problems it printed (one ERROR line each). */
    record Outcome(int exitCode, String output) {
        List<String> problems() {
            return output.lines().filter(line -> line.startsWith("ERROR ")).map(line -> line.substring(6)).toList();
        }
    }

    private TerraformCheck() {
    }

    static Outcome run(Path terraformDir) {
        NodeScript.Result result = NodeScript.run(SCRIPT, List.of(terraformDir.toAbsolutePath().toString()));
        if (result.exitCode() == 2) {
            throw new IllegalStateException("the Terraform check could not run:\n" + result.output());
        }
        return new Outcome(result.exitCode(), result.output());
    }
}
