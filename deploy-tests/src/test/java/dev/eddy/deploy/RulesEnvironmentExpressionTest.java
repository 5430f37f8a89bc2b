package dev.eddy.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eddy.adapters.aws.config.AlertRulesParser;
import dev.eddy.adapters.aws.config.projection.ProjectionsParser;
import dev.eddy.bootstrap.lambda.Configuration;
import dev.eddy.domain.alert.AlertRule;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ALERT_RULES and PROJECTIONS as the root module writes them, evaluated by Terraform itself, read by the
 * code: compact JSON while small, gzip-compressed base64 past 1 KiB (to fit Lambda's 4 KB of environment).
 * The expressions are taken from deploy/terraform/main.tf as written and evaluated with {@code terraform
 * console} in a scratch configuration declaring the two variables as variables.tf does. Skipped where no
 * {@code terraform} binary is on the PATH.
 */
class RulesEnvironmentExpressionTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final Terraform root = Terraform.root();

    @TempDir
    Path scratch;

    @Test
    void smallSettingsStayJson() throws Exception {
        JsonNode settings = evaluate(rules(2), projections(1));

        String alertRules = settings.get(0).asText();
        assertTrue(alertRules.startsWith("[{"), alertRules);
        assertRead(alertRules, settings.get(1).asText(), 2, 1);
    }

    @Test
    void largeSettingsAreCompressedAndReadBackWhole() throws Exception {
        ArrayNode rules = rules(40);
        JsonNode settings = evaluate(rules, projections(12));

        String alertRules = settings.get(0).asText();
        String projections = settings.get(1).asText();
        assertTrue(alertRules.startsWith("H4sI") && projections.startsWith("H4sI"), alertRules + "\n" + projections);
        int plain = MAPPER.writeValueAsString(rules).length();
        assertTrue(alertRules.length() * 5 < plain, "40 similar rules: " + alertRules.length() + " characters against "
                + plain + " as JSON");
        assertRead(alertRules, projections, 40, 12);
    }

    private static void assertRead(String alertRules, String projections, int ruleCount, int projectionCount) {
        Configuration configuration = Configuration.from(Map.of("ALERT_RULES", alertRules, "PROJECTIONS", projections));
        List<AlertRule> parsed = AlertRulesParser.parse(configuration.alertRules().orElseThrow());
        assertEquals(ruleCount, parsed.size());
        for (int i = 0; i < ruleCount; i++) {
            assertEquals("above-" + (60 + i), parsed.get(i).name());
        }
        assertEquals(projectionCount, ProjectionsParser.parse(configuration.projections().orElseThrow()).size());
    }

    /** Threshold rules like terraform.tfvars.example's, every other one without a message. */
    private static ArrayNode rules(int count) throws Exception {
        ArrayNode rules = MAPPER.createArrayNode();
        for (int i = 0; i < count; i++) {
            int threshold = 60 + i;
            ObjectNode rule = rules.addObject().put("name", "above-" + threshold).put("severity", "CRITICAL");
            if (i % 2 == 0) {
                rule.put("message", "Sensor {keys.id} crossed " + threshold + ": {new.temperature}");
            }
            rule.put("pattern", "{\"$or\": [{\"kind\": [\"UPDATED\"], \"old\": {\"temperature\": [{\"numeric\": [\"<=\", "
                    + threshold + "]}]}, \"new\": {\"temperature\": [{\"numeric\": [\">\", " + threshold + "]}]}},"
                    + " {\"kind\": [\"CREATED\"], \"new\": {\"temperature\": [{\"numeric\": [\">\", " + threshold + "]}]}}]}");
        }
        return rules;
    }

    private static ArrayNode projections(int count) {
        ArrayNode projections = MAPPER.createArrayNode();
        for (int i = 0; i < count; i++) {
            ObjectNode projection = projections.addObject().put("name", "latest-" + i).put("type", "latest")
                    .put("partitionKey", "id").put("onDelete", "mark").put("onExpire", "mark");
            projection.putObject("attributes").put("temperature", "temperature").put("status", "status");
        }
        return projections;
    }

    /** [ALERT_RULES, PROJECTIONS] as the root's environment_candidates give them for these variables. */
    private JsonNode evaluate(ArrayNode rules, ArrayNode projections) throws Exception {
        Path terraform = TerraformBinary.find().orElse(null);
        Assumptions.assumeTrue(terraform != null, "no terraform binary on the PATH");

        JsonNode candidates = root.local("environment_candidates");
        Files.writeString(scratch.resolve("main.tf"), root.variableDeclaration("alert_rules")
                + root.variableDeclaration("projections") + """
                locals {
                  alert_rules_json = %s
                  projections_json = %s
                }
                """.formatted(HclExpression.inside(root.local("alert_rules_json")), HclExpression.inside(root.local("projections_json"))),
                StandardCharsets.UTF_8);
        ObjectNode variables = MAPPER.createObjectNode();
        variables.set("alert_rules", rules);
        variables.set("projections", projections);
        Files.writeString(scratch.resolve("values.tfvars.json"), MAPPER.writeValueAsString(variables), StandardCharsets.UTF_8);
        return TerraformBinary.consoleJson(terraform, scratch, "[" + HclExpression.inside(candidates.path("ALERT_RULES"))
                + ", " + HclExpression.inside(candidates.path("PROJECTIONS")) + "]", List.of("-var-file=values.tfvars.json"));
    }
}
