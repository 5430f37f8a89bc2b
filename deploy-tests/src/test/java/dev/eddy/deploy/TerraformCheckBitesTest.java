package dev.eddy.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves the offline check bites: each test breaks one thing in a copy of deploy/terraform and
 * expects exactly the one problem that names it.
 */
class TerraformCheckBitesTest {
    @TempDir
    Path temp;

    @Test
    void misspelledResourceArgumentIsReported() {
        TerraformTree tree = copy().replace("modules/lambda/main.tf",
                "memory_size   = var.memory_size", "memory_sise   = var.memory_size");

        assertOnlyProblem(tree, "modules/lambda/main.tf: resource \"aws_lambda_function\" \"this\": "
                + "unsupported argument \"memory_sise\"", "did you mean \"memory_size\"?");
    }

    @Test
    void unknownNestedBlockIsReported() {
        TerraformTree tree = copy().replace("modules/event-mapping/main.tf",
                "    on_failure {", "    on_error {");

        assertOnlyProblem(tree, "modules/event-mapping/main.tf: resource \"aws_lambda_event_source_mapping\" \"this\": "
                + "destination_config: unsupported block type \"on_error\"");
    }

    @Test
    void unknownArgumentInsideDynamicBlockIsReported() {
        TerraformTree tree = copy().replace("modules/iam/iam.tf",
                "resources = statement.value", "resource = statement.value");

        assertOnlyProblem(tree, "modules/iam/iam.tf: data \"aws_iam_policy_document\" \"this\": dynamic \"statement\": "
                + "content: unsupported argument \"resource\"");
    }

    @Test
    void unknownResourceTypeIsReported() {
        TerraformTree tree = copy().replace("modules/alerts/main.tf",
                "resource \"aws_sqs_queue_policy\" \"dead_letters\"", "resource \"aws_sqs_queues_policy\" \"dead_letters\"");

        List<String> problems = TerraformCheck.run(tree.dir()).problems();

        assertTrue(problems.stream().anyMatch(p -> p.endsWith("modules/alerts/main.tf: resource \"aws_sqs_queues_policy\" \"dead_letters\": "
                + "the AWS provider (hashicorp/aws 6.66.0) has no resource type \"aws_sqs_queues_policy\"; did you mean \"aws_sqs_queue_policy\"?")),
                () -> "expected the unknown type among " + problems);
    }

    @Test
    void missingRequiredArgumentIsReported() {
        TerraformTree tree = copy().replace("modules/alerts/main.tf",
                "  protocol  = \"sqs\"\n", "");

        assertOnlyProblem(tree, "modules/alerts/main.tf: resource \"aws_sns_topic_subscription\" \"dead_letter_queue\": "
                + "missing required argument \"protocol\"");
    }

    @Test
    void missingRequiredNestedArgumentIsReported() {
        TerraformTree tree = copy().replace("modules/event-mapping/main.tf",
                "      destination_arn = aws_sqs_queue.on_failure.arn\n", "");

        assertOnlyProblem(tree, "modules/event-mapping/main.tf: resource \"aws_lambda_event_source_mapping\" \"this\": "
                + "destination_config: on_failure: missing required argument \"destination_arn\"");
    }

    @Test
    void undeclaredModuleInputIsReported() {
        TerraformTree tree = copy().replace("main.tf",
                "  ttl_attribute                  = var.ttl_attribute\n",
                "  ttl_attribute                  = var.ttl_attribute\n  ttl_attr                       = var.ttl_attribute\n");

        assertOnlyProblem(tree, "main.tf: module \"dynamodb\": input \"ttl_attr\" is not declared by module ");
    }

    @Test
    void unsetRequiredModuleVariableIsReported() {
        TerraformTree tree = copy().replace("main.tf",
                "  role_arn              = module.iam.role_arn\n", "");

        assertOnlyProblem(tree, "main.tf: module \"lambda\": required input \"role_arn\" is not set",
                "modules/lambda/variables.tf has no default");
    }

    @Test
    void rootVariableWithoutDefaultMustBeSetByTheExample() {
        TerraformTree tree = copy().replace("variables.tf", "  default     = 100\n", "");

        assertOnlyProblem(tree, "examples/iot-alerts/main.tf: module \"eddy\": required input \"batch_size\" is not set");
    }

    @Test
    void unresolvedVariableReferenceIsReported() {
        TerraformTree tree = copy().replace("modules/lambda/main.tf",
                "retention_in_days = var.log_retention_in_days", "retention_in_days = var.log_retention_days");

        assertOnlyProblem(tree, "modules/lambda/main.tf: resource \"aws_cloudwatch_log_group\" \"this\": "
                + "reference var.log_retention_days: no variable \"log_retention_days\" is declared in this module");
    }

    @Test
    void unresolvedLocalReferenceInsideForExpressionIsReported() {
        TerraformTree tree = copy().replace("modules/monitoring/dashboard.tf",
                "[local.emf_namespace, \"Records\",", "[local.emf_namespaces, \"Records\",");

        assertOnlyProblem(tree, "modules/monitoring/dashboard.tf: resource \"aws_cloudwatch_dashboard\" \"this\": "
                + "reference local.emf_namespaces: no local value \"emf_namespaces\" is defined in this module");
    }

    @Test
    void unresolvedModuleOutputReferenceIsReported() {
        TerraformTree tree = copy().replace("outputs.tf",
                "value       = module.dynamodb.stream_arn", "value       = module.dynamodb.stream");

        assertOnlyProblem(tree, "outputs.tf: output \"stream_arn\": reference module.dynamodb.stream: "
                + "module \"dynamodb\" (", "has no output \"stream\"");
    }

    @Test
    void referenceToUncalledModuleIsReported() {
        TerraformTree tree = copy().replace("outputs.tf",
                "value       = module.dynamodb.table_arn", "value       = module.tables.table_arn");

        assertOnlyProblem(tree, "outputs.tf: output \"table_arn\": reference module.tables.table_arn: no module \"tables\" is called in this module");
    }

    @Test
    void hclSyntaxErrorIsReported() {
        TerraformTree tree = copy().replace("modules/event-mapping/main.tf",
                "  batch_size                         = var.batch_size\n", "  batch_size                         = \n");

        assertOnlyProblem(tree, "modules/event-mapping/main.tf: HCL syntax error:", "Invalid expression");
    }

    @Test
    void undescribedVariableIsReported() {
        TerraformTree tree = copy().replace("modules/iam/variables.tf",
                "  description = \"Grant X-Ray write access (when the function traces actively).\"\n", "");

        assertOnlyProblem(tree, "modules/iam/variables.tf: variable \"tracing_enabled\": missing \"description\"");
    }

    @Test
    void untypedVariableIsReported() {
        TerraformTree tree = copy().replace("modules/iam/variables.tf",
                "  type        = bool\n  default     = false\n", "  default     = false\n");

        assertOnlyProblem(tree, "modules/iam/variables.tf: variable \"tracing_enabled\": missing \"type\"");
    }

    @Test
    void undescribedOutputIsReported() {
        TerraformTree tree = copy().replace("modules/lambda/outputs.tf",
                "  description = \"Name of the function's log group.\"\n", "");

        assertOnlyProblem(tree, "modules/lambda/outputs.tf: output \"log_group_name\": missing \"description\"");
    }

    @Test
    void exampleVariablesFileAssigningAnUndeclaredVariableIsReported() {
        TerraformTree tree = copy().replace("terraform.tfvars.example",
                "deletion_protection_enabled = true", "deletion_protection = true");

        assertOnlyProblem(tree, "terraform.tfvars.example: assigns \"deletion_protection\", which is not a variable of ",
                "did you mean \"deletion_protection_enabled\"?");
    }

    @Test
    void providerConstraintTheSchemaVersionDoesNotMeetIsReported() {
        TerraformTree tree = copy().replace("modules/dynamodb/versions.tf", "version = \"~> 6.0\"", "version = \"~> 5.0\"");

        assertOnlyProblem(tree, "modules/dynamodb/versions.tf: terraform.required_providers.aws: "
                + "version constraint \"~> 5.0\" does not admit hashicorp/aws 6.66.0");
    }

    @Test
    void unknownResourceAttributeInReferenceIsReported() {
        TerraformTree tree = copy().replace("modules/dynamodb/outputs.tf",
                "value       = aws_dynamodb_table.this.stream_arn", "value       = aws_dynamodb_table.this.streams_arn");

        assertOnlyProblem(tree, "modules/dynamodb/outputs.tf: output \"stream_arn\": reference aws_dynamodb_table.this.streams_arn: "
                + "resource type aws_dynamodb_table has no attribute \"streams_arn\"; did you mean \"stream_arn\"?");
    }

    @Test
    void unknownProviderBlockIsReported() {
        TerraformTree tree = copy().replace("examples/iot-alerts/main.tf", "  default_tags {", "  default_tag {");

        assertOnlyProblem(tree, "examples/iot-alerts/main.tf: provider \"aws\": unsupported block type \"default_tag\"",
                "did you mean \"default_tags\"?");
    }

    private TerraformTree copy() {
        return TerraformTree.copyOfDeployedTerraform(temp);
    }

    /** The check fails with exactly one problem, which contains every expected fragment in order. */
    private static void assertOnlyProblem(TerraformTree tree, String... fragments) {
        TerraformCheck.Outcome outcome = TerraformCheck.run(tree.dir());

        assertEquals(1, outcome.exitCode(), () -> "the check should fail:\n" + outcome.output());
        List<String> problems = outcome.problems();
        assertEquals(1, problems.size(), () -> "expected exactly one problem:\n" + outcome.output());
        String problem = problems.get(0);
        int at = 0;
        for (String fragment : fragments) {
            int found = problem.indexOf(fragment, at);
            assertTrue(found >= 0, () -> "expected \"" + fragment + "\" in:\n" + problem);
            at = found + fragment.length();
        }
    }
}
