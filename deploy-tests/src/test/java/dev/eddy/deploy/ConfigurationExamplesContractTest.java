package dev.eddy.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eddy.adapters.aws.config.AlertRulesParser;
import dev.eddy.adapters.aws.config.projection.ProjectionsParser;
import dev.eddy.adapters.aws.rules.EventRulerMatcher;
import dev.eddy.domain.alert.AlertRule;
import dev.eddy.domain.projection.ProjectionSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alert rules and projections the shipped Terraform examples configure are valid for the code:
 * ALERT_RULES and PROJECTIONS are rebuilt the way deploy/terraform/main.tf builds them and read by
 * the function's own parsers. The examples' stay under the 1 KiB past which main.tf compresses them:
 * the tests check that too.
 */
class ConfigurationExamplesContractTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The rule attributes of variable "alert_rules" (optional ones become null, as Terraform's object type does). */
    private static final List<String> RULE_ATTRIBUTES = List.of("name", "severity", "message", "pattern");

    @Test
    void exampleTfvarsConfigureRulesAndProjectionsTheCodeAccepts(@TempDir Path temp) throws Exception {
        // hcl2json reads .tfvars as HCL; give it the .tf name it expects.
        Path tfvars = Files.copy(Repository.terraform().resolve("terraform.tfvars.example"), temp.resolve("example.tf"));
        JsonNode values = HclJson.parse(tfvars);

        assertRulesCompile(values.path("alert_rules"), "terraform.tfvars.example");
        assertProjectionsParse(values.path("projections"), "terraform.tfvars.example");
    }

    @Test
    void iotAlertsExampleConfiguresRulesAndProjectionsTheCodeAccepts() throws Exception {
        JsonNode eddy = Terraform.at(Repository.terraform().resolve("examples/iot-alerts")).moduleCall("eddy");
        assertEquals("../..", eddy.path("source").asText());

        assertRulesCompile(eddy.path("alert_rules"), "examples/iot-alerts");
        assertProjectionsParse(eddy.path("projections"), "examples/iot-alerts");
    }

    @Test
    void terraformRefusesTheRuleNamesTheCodeRefusesAndNoOthers() {
        String condition = null;
        for (JsonNode validation : Terraform.root().variable("alert_rules").path("validation")) {
            String text = validation.path("condition").asText();
            if (text.contains("regex(") && text.contains("rule.name")) {
                condition = text;
            }
        }
        assertTrue(condition != null, "variable alert_rules checks rule names with a regex");
        int start = condition.indexOf("regex(\"") + "regex(\"".length();
        java.util.regex.Pattern terraforms = java.util.regex.Pattern.compile(condition.substring(start, condition.indexOf('"', start)));
        for (String name : List.of("hot", "crossed-80", "a.b_c", "x".repeat(64), "x".repeat(65), "", "has space", "h\u00f6t",
                "a#b", "a/b", "-", "A9")) {
            boolean codeAccepts;
            try {
                new AlertRule(name, dev.eddy.domain.alert.Severity.INFO, Optional.empty(), "{}");
                codeAccepts = true;
            } catch (RuntimeException e) {
                codeAccepts = false;
            }
            assertEquals(codeAccepts, terraforms.matcher(name).find(), "rule name \"" + name + "\"");
        }
    }

    /**
     * ALERT_RULES as main.tf makes it under 1 KiB, as the examples' are: jsonencode([for rule in var.alert_rules :
     * merge(rule, { pattern = jsondecode(rule.pattern) })]). Larger ones are compressed ({@link RulesEnvironmentExpressionTest}).
     */
    static String alertRulesSetting(JsonNode rules, String where) throws Exception {
        ArrayNode setting = JsonNodeFactory.instance.arrayNode();
        for (JsonNode rule : rules) {
            ObjectNode object = setting.addObject();
            rule.fieldNames().forEachRemaining(field -> {
                if (!RULE_ATTRIBUTES.contains(field)) {
                    throw new AssertionError(where + ": variable alert_rules has no attribute " + field);
                }
            });
            // alert_rules is typed any: merge() keeps the keys a rule has, and no others.
            for (String attribute : RULE_ATTRIBUTES) {
                if (rule.has(attribute)) {
                    object.set(attribute, rule.get(attribute));
                }
            }
            object.set("pattern", MAPPER.readTree(patternText(rule.path("pattern"))));
        }
        return MAPPER.writeValueAsString(setting);
    }

    private static void assertRulesCompile(JsonNode rules, String where) throws Exception {
        assertFalse(rules.isMissingNode() || rules.size() == 0, where + " configures no alert rules");

        String setting = alertRulesSetting(rules, where);
        assertTrue(setting.length() <= 1024, where + ": ALERT_RULES is compressed past 1 KiB; this test reads it as JSON");
        List<AlertRule> parsed = AlertRulesParser.parse(setting);
        EventRulerMatcher.compile(parsed);

        assertEquals(rules.size(), parsed.size());
    }

    /** A pattern is JSON text: a literal (heredoc) or jsonencode of an HCL object, which the real parser evaluates. */
    private static String patternText(JsonNode pattern) throws Exception {
        Optional<String> expression = HclExpression.interpolation(pattern);
        if (expression.isEmpty()) {
            return pattern.asText();
        }
        JsonNode value = HclExpression.value(HclExpression.callArgument(expression.get(), "jsonencode"));
        return MAPPER.writeValueAsString(value);
    }

    /** PROJECTIONS as main.tf makes it under 1 KiB: jsonencode(var.projections). */
    private static void assertProjectionsParse(JsonNode projections, String where) throws Exception {
        assertFalse(projections.isMissingNode() || projections.size() == 0, where + " configures no projections");

        List<ProjectionSpec> parsed = ProjectionsParser.parse(MAPPER.writeValueAsString(projections));

        assertEquals(projections.size(), parsed.size());
    }
}
