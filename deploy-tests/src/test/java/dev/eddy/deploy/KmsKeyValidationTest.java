package dev.eddy.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
 * The plan takes a KMS key's ARN and refuses an alias's: the role's KMS statement is granted on this ARN, and
 * a grant on an alias does not cover the key it points to, so reading the stream, publishing and queueing
 * would all be denied after a clean apply. Terraform evaluates the validation as written ({@code terraform
 * console}; skipped where no binary is on the PATH).
 */
class KmsKeyValidationTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path scratch;

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

    private boolean admits(String arn) throws Exception {
        Path terraform = TerraformBinary.find().orElse(null);
        Assumptions.assumeTrue(terraform != null, "no terraform binary on the PATH");
        Files.writeString(scratch.resolve("main.tf"), Terraform.root().variableDeclaration("kms_key_arn"), StandardCharsets.UTF_8);
        ObjectNode values = MAPPER.createObjectNode();
        if (arn == null) {
            values.putNull("kms_key_arn");
        } else {
            values.put("kms_key_arn", arn);
        }
        Files.writeString(scratch.resolve("values.tfvars.json"), MAPPER.writeValueAsString(values), StandardCharsets.UTF_8);
        String condition = HclExpression.inside(Terraform.oneBlock(Terraform.root().variable("kms_key_arn"), "validation")
                .path("condition")).replaceAll("\\s*\\n\\s*", " ");
        return TerraformBinary.consoleJson(terraform, scratch, condition, List.of("-var-file=values.tfvars.json")).asBoolean();
    }
}
