package dev.eddy.deploy;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plan warns when no alarm notifies anyone (the defaults: an alarm topic with no subscriber and no further
 * action), and never fails over it: the check block as written in main.tf, planned by Terraform with the root's
 * three variables as declared there (no provider, no network; skipped where no binary is on the PATH).
 */
class AlarmsNotifyCheckTest {
    private static final String WARNING = "Check block assertion failed";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path scratch;

    @Test
    void theDefaultsWarnAndAnEmailOrAnActionSilencesTheWarning() throws Exception {
        Path terraform = TerraformBinary.find().orElse(null);
        Assumptions.assumeTrue(terraform != null, "no terraform binary on the PATH");
        Terraform root = Terraform.root();
        Files.writeString(scratch.resolve("main.tf"), root.variableDeclaration("alarm_email_addresses") + "\n"
                + root.variableDeclaration("alarm_actions") + "\n" + root.variableDeclaration("create_alarm_topic") + "\n"
                + root.checkSource("alarms_notify_someone"), StandardCharsets.UTF_8);
        TerraformBinary.init(terraform, scratch);

        String defaults = plan(terraform, "{}");
        assertTrue(defaults.contains(WARNING) && defaults.contains("No alarm notifies anyone: alarm_email_addresses and"
                + " alarm_actions are both empty. Set alarm_email_addresses"), defaults);
        assertFalse(plan(terraform, "{\"alarm_email_addresses\": [\"oncall@example.com\"]}").contains(WARNING));
        assertFalse(plan(terraform, "{\"alarm_actions\": [\"arn:aws:sns:eu-west-1:123456789012:oncall\"]}").contains(WARNING));
        String noTopic = plan(terraform, "{\"create_alarm_topic\": false, \"alarm_email_addresses\": [\"oncall@example.com\"]}");
        assertTrue(noTopic.contains(WARNING) && noTopic.contains("and create_alarm_topic is false"), noTopic);
    }

    /**
     * The plan's output with these variable values (JSON) over the root's defaults; fails unless the plan itself
     * succeeds, warning or not.
     */
    private String plan(Path terraform, String values) throws Exception {
        ObjectNode all = MAPPER.createObjectNode();
        for (String variable : List.of("alarm_email_addresses", "alarm_actions", "create_alarm_topic")) {
            all.set(variable, Terraform.root().variableDefault(variable));
        }
        all.setAll((ObjectNode) MAPPER.readTree(values));
        return TerraformBinary.planOutput(terraform, scratch, MAPPER.writeValueAsString(all));
    }
}
