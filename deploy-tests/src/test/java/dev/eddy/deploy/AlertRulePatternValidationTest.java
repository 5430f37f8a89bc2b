package dev.eddy.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.eddy.domain.document.ChangeDocument;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plan refuses an alert rule whose pattern names a top-level field the change document does not
 * have, as the function does at start: the validation's field list is the document's, and Terraform
 * itself evaluates the condition as written in variables.tf ({@code terraform console}; skipped where
 * no binary is on the PATH).
 */
class AlertRulePatternValidationTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path scratch;

    private static String condition() {
        for (JsonNode validation : Terraform.root().variable("alert_rules").path("validation")) {
            String condition = HclExpression.inside(validation.path("condition"));
            if (condition.contains("\"sequenceNumber\"")) {
                return condition;
            }
        }
        throw new AssertionError("variable alert_rules has no validation of the pattern's fields");
    }

    @Test
    void theFieldsTheValidationAllowsAreTheDocumentsAndOr() {
        Matcher list = Pattern.compile("contains\\(\\[([^\\]]*)\\], field\\)").matcher(condition());
        assertTrue(list.find(), condition());
        List<String> allowed = Arrays.stream(list.group(1).split(",")).map(s -> s.strip().replace("\"", "")).toList();
        List<String> expected = new ArrayList<>(List.of("$or"));
        expected.addAll(ChangeDocument.FIELDS);
        assertEquals(expected, allowed);
    }

    @Test
    void terraformRefusesAFieldTheDocumentDoesNotHaveAtTheTopOrInAnOrBranch() throws Exception {
        assertEquals(true, evaluate("{\"kind\": [\"UPDATED\"], \"changed\": [\"status\"], \"new\": {\"status\": [\"FAILED\"]}}"));
        assertEquals(true, evaluate("{\"$or\": [{\"kind\": [\"CREATED\"]}, {\"old\": {\"t\": [1]}}]}"));
        for (String field : ChangeDocument.FIELDS) {
            assertEquals(true, evaluate("{\"" + field + "\": [{\"exists\": true}]}"), field);
        }
        assertEquals(true, evaluate("{\"new.limits.numeric\": [90], \"keys.id\": [\"a\"], \"old.t\": [1]}"));
        assertEquals(false, evaluate("{\"kind.name\": [\"CREATED\"]}"));
        assertEquals(false, evaluate("{\"changedFields\": [\"status\"]}"));
        assertEquals(false, evaluate("{\"NewImage\": {\"t\": [1]}}"));
        assertEquals(false, evaluate("{\"$or\": [{\"kind\": [\"CREATED\"]}, {\"nwe\": {\"t\": [1]}}]}"));
        // Not a JSON object: the other validation names it; this one does not fail on it.
        assertEquals(true, evaluate("not json"));
    }

    /** The condition as Terraform evaluates it for one rule with this pattern. */
    private boolean evaluate(String pattern) throws Exception {
        Path terraform = TerraformBinary.find().orElse(null);
        Assumptions.assumeTrue(terraform != null, "no terraform binary on the PATH");
        ArrayNode rules = MAPPER.createArrayNode();
        rules.addObject().put("name", "r").put("severity", "INFO").put("pattern", pattern);
        return TerraformBinary.withRootVariable(terraform, scratch, "alert_rules", rules, condition()).asBoolean();
    }
}
