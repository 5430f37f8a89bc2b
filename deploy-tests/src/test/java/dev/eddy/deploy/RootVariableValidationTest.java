package dev.eddy.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the root's validations admit, as Terraform evaluates them as written ({@code terraform console};
 * skipped where no binary is on the PATH).
 */
class RootVariableValidationTest {
    @TempDir
    Path scratch;

    /**
     * The plan takes a KMS key's ARN and refuses an alias's: the role's KMS statement is granted on this ARN,
     * and a grant on an alias does not cover the key it points to, so reading the stream, publishing and
     * queueing would all be denied after a clean apply.
     */
    @Test
    void keyArnsPassAndAliasesDoNot() throws Exception {
        assertEquals(true, admits(null));
        assertEquals(true, admits("arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"));
        assertEquals(true, admits("arn:aws:kms:us-east-1:123456789012:key/mrk-1234abcd12ab34cd56ef1234567890ab"));
        assertEquals(true, admits("arn:aws-us-gov:kms:us-gov-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"));
        assertEquals(false, admits("arn:aws:kms:eu-west-1:123456789012:alias/eddy"));
        assertEquals(false, admits("alias/eddy"));
        assertEquals(false, admits("1234abcd-12ab-34cd-56ef-1234567890ab"));
        assertEquals(false, admits("arn:aws:sns:eu-west-1:123456789012:key/1234abcd"));
    }

    /**
     * The function's name leaves room for its role's, {@code <function_name>-role}, within IAM's 64 characters;
     * one that does not would fail in the IAM module with a message about the role.
     */
    @Test
    void aFunctionNameLeavesRoomForItsRolesName() throws Exception {
        assertEquals(true, TerraformBinary.rootValidationAdmits(terraform(), scratch, "function_name",
                JsonNodeFactory.instance.nullNode()));
        assertEquals(true, functionName("eddy-stream-handler"));
        assertEquals(true, functionName("f".repeat(59)));
        assertEquals(false, functionName("f".repeat(60)));
        assertEquals(false, functionName("eddy stream handler"));
        assertEquals(false, functionName(""));
    }

    /**
     * Alert rules are typed {@code any} and their keys checked: with an object type, Terraform drops a misspelt
     * key ({@code mesage}) without a word, and the rule would deploy with the default message. Without the object
     * type's conversion, a name or message that is not a string is refused here too.
     */
    @Test
    void anAlertRuleWithAnUnknownOrMissingKeyOrAKeyOfTheWrongTypeIsRefused() throws Exception {
        String pattern = "{\"kind\": [\"CREATED\"]}";
        assertEquals(true, alertRules("[]"));
        assertEquals(true, alertRules("[{\"name\": \"a\", \"severity\": \"INFO\", \"pattern\": \"" + pattern.replace("\"", "\\\"")
                + "\"}, {\"name\": \"b\", \"severity\": \"WARNING\", \"message\": \"{new.t}\", \"pattern\": \"{}\"}]"));
        assertEquals(true, alertRules("[{\"name\": \"a\", \"severity\": \"INFO\", \"message\": null, \"pattern\": \"{}\"}]"));
        assertEquals(false, alertRules("[{\"name\": \"a\", \"severity\": \"INFO\", \"mesage\": \"m\", \"pattern\": \"{}\"}]"));
        assertEquals(false, alertRules("[{\"name\": \"a\", \"pattern\": \"{}\"}]"));
        assertEquals(true, alertRules("[{\"name\": \"a\", \"severity\": \"INFO\", \"message\": \"  \", \"pattern\": \"{}\"}]"));
        assertEquals(false, alertRules("[{\"name\": 123, \"severity\": \"INFO\", \"pattern\": \"{}\"}]"));
        assertEquals(false, alertRules("[{\"name\": \"a\", \"severity\": \"INFO\", \"message\": 5, \"pattern\": \"{}\"}]"));
        assertEquals(false, alertRules("[\"a\"]"));
        assertEquals(false, alertRules("\"a\""));
    }

    private boolean alertRules(String json) throws Exception {
        return TerraformBinary.rootValidationAdmits(terraform(), scratch, "alert_rules",
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(json));
    }

    private boolean functionName(String name) throws Exception {
        return TerraformBinary.rootValidationAdmits(terraform(), scratch, "function_name", JsonNodeFactory.instance.textNode(name));
    }

    private boolean admits(String arn) throws Exception {
        return TerraformBinary.rootValidationAdmits(terraform(), scratch, "kms_key_arn",
                arn == null ? JsonNodeFactory.instance.nullNode() : JsonNodeFactory.instance.textNode(arn));
    }

    private static Path terraform() {
        Path terraform = TerraformBinary.find().orElse(null);
        Assumptions.assumeTrue(terraform != null, "no terraform binary on the PATH");
        return terraform;
    }
}
