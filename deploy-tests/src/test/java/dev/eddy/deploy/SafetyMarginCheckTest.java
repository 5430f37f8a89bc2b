package dev.eddy.deploy;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plan warns when the safety margin takes more than half of the function's timeout, and never fails over it:
 * the check block as written in main.tf, planned by Terraform with the two variables (no provider, no network;
 * skipped where no binary is on the PATH).
 */
class SafetyMarginCheckTest {
    private static final String WARNING = "Check block assertion failed";

    @TempDir
    Path scratch;

    @Test
    void theDefaultsPassAndAMarginOverHalfTheTimeoutWarns() throws Exception {
        Path terraform = TerraformBinary.find().orElse(null);
        Assumptions.assumeTrue(terraform != null, "no terraform binary on the PATH");
        Terraform root = Terraform.root();
        Files.writeString(scratch.resolve("main.tf"), "variable \"timeout_safety_margin_ms\" {\n  type = number\n  default = "
                + root.variableDefault("timeout_safety_margin_ms").asText() + "\n}\n"
                + "variable \"lambda_timeout\" {\n  type = number\n  default = " + root.variableDefault("lambda_timeout").asText()
                + "\n}\n" + root.checkSource("safety_margin_leaves_time_for_records"), StandardCharsets.UTF_8);
        TerraformBinary.init(terraform, scratch);

        String defaults = plan(terraform, "{}");
        assertFalse(defaults.contains(WARNING), defaults);
        assertFalse(plan(terraform, "{\"lambda_timeout\": 60, \"timeout_safety_margin_ms\": null}").contains(WARNING));

        String tight = plan(terraform, "{\"lambda_timeout\": 20}");
        assertTrue(tight.contains(WARNING) && tight.contains("timeout_safety_margin_ms (15000 ms) is more than half of"
                + " lambda_timeout (20 s)"), tight);
        String unsetMargin = plan(terraform, "{\"lambda_timeout\": 5, \"timeout_safety_margin_ms\": null}");
        assertTrue(unsetMargin.contains(WARNING) && unsetMargin.contains("timeout_safety_margin_ms (3000 ms)"), unsetMargin);
    }

    private String plan(Path terraform, String values) throws Exception {
        return TerraformBinary.planOutput(terraform, scratch, values);
    }
}
