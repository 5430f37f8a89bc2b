package dev.eddy.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * deploy/terraform is formatted as {@code terraform fmt} formats it, so that a user's first
 * {@code terraform fmt} changes nothing. Needs no provider; skipped where no {@code terraform} binary
 * is on the PATH.
 */
class TerraformFormatTest {
    @Test
    void everyFileIsFormattedAsTerraformFmtWouldFormatIt() throws Exception {
        Path terraform = TerraformBinary.find().orElse(null);
        Assumptions.assumeTrue(terraform != null, "no terraform binary on the PATH");

        TerraformBinary.Result result = TerraformBinary.run(terraform, Repository.terraform(), "",
                List.of("fmt", "-check", "-list=true", "-recursive", "."));

        assertEquals("", result.stdout().trim(), "files `terraform fmt -recursive deploy/terraform` would change");
        assertEquals(0, result.exitCode(), result.stderr());
    }
}
