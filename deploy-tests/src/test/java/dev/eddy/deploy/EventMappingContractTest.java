package dev.eddy.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eddy.bootstrap.local.EventSourceMappingSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The stream reaches the handler so that its partial batch responses count, through the alias. */
class EventMappingContractTest {
    private final Terraform root = Terraform.root();
    private final Terraform mapping = Terraform.module("event-mapping");
    private final Terraform lambda = Terraform.module("lambda");

    @Test
    void mappingReportsBatchItemFailures() {
        JsonNode esm = mapping.resource("aws_lambda_event_source_mapping", "this");
        List<String> types = new ArrayList<>();
        esm.path("function_response_types").forEach(t -> types.add(t.asText()));

        // StreamHandler returns StreamsEventResponse.batchItemFailures; Lambda ignores it without this.
        assertTrue(types.contains("ReportBatchItemFailures"), "function_response_types = " + types);
        assertEquals(true, esm.path("bisect_batch_on_function_error").asBoolean(false));
    }

    @Test
    void mappingInvokesThePublishedAliasNotLatest() {
        assertEquals("${var.function_alias_arn}",
                mapping.resource("aws_lambda_event_source_mapping", "this").path("function_name").asText());
        assertEquals("${module.lambda.alias_arn}", root.moduleCall("event_mapping").path("function_alias_arn").asText());
        assertEquals("${aws_lambda_alias.this.arn}", lambda.output("alias_arn").path("value").asText());

        JsonNode alias = lambda.resource("aws_lambda_alias", "this");
        assertEquals("${aws_lambda_function.this.version}", alias.path("function_version").asText(),
                "the alias must point at the version the apply publishes, never $LATEST");
        assertEquals(true, lambda.resource("aws_lambda_function", "this").path("publish").asBoolean(false));
    }

    @Test
    void mappingReadsTheSourceTablesStream() {
        assertEquals("${var.event_source_arn}",
                mapping.resource("aws_lambda_event_source_mapping", "this").path("event_source_arn").asText());
        assertEquals("${module.dynamodb.stream_arn}", root.moduleCall("event_mapping").path("event_source_arn").asText());
        assertEquals("${aws_dynamodb_table.this.stream_arn}",
                Terraform.module("dynamodb").output("stream_arn").path("value").asText());
    }

    /**
     * Above a parallelization factor of 1, Lambda keeps records in order only per item, and a projection
     * item fed by several source items takes a lower sequence number for a replay: the plan must fail
     * when projections are configured. The module's precondition and the root's argument are evaluated
     * as written, for every combination.
     */
    @Test
    void parallelizationAboveOneFailsThePlanWhenProjectionsAreConfigured() {
        JsonNode esm = mapping.resource("aws_lambda_event_source_mapping", "this");
        JsonNode precondition = Terraform.oneBlock(Terraform.oneBlock(esm, "lifecycle"), "precondition");
        JsonNode condition = HclExpression.ast(HclExpression.inside(precondition.path("condition")));
        JsonNode requiresOrder = HclExpression.ast(HclExpression.inside(root.moduleCall("event_mapping").path("requires_partition_order")));
        assertEquals("${var.parallelization_factor}", root.moduleCall("event_mapping").path("parallelization_factor").asText());

        ObjectMapper json = new ObjectMapper();
        for (int factor : new int[] {1, 2, 10}) {
            for (String projections : List.of("[]", "[{\"name\":\"latest-reading\"}]",
                    "[{\"name\":\"a\"},{\"name\":\"b\"}]")) {
                JsonNode required = HclExpression.evaluate(requiresOrder,
                        name -> name.equals("var.projections") ? read(json, projections) : null);
                JsonNode allowed = HclExpression.evaluate(condition, name -> switch (name) {
                    case "var.parallelization_factor" -> json.getNodeFactory().numberNode(factor);
                    case "var.requires_partition_order" -> required;
                    default -> null;
                });
                assertEquals(factor == 1 || projections.equals("[]"), allowed.asBoolean(false),
                        "parallelization_factor " + factor + " with projections " + projections + ": " + allowed);
            }
        }
        assertTrue(precondition.path("error_message").asText().contains("parallelization_factor = 1"),
                "the message says what to do: " + precondition.path("error_message"));
        assertEquals(false, mapping.variableDefault("requires_partition_order").asBoolean(true));
    }

    private static JsonNode read(ObjectMapper json, String text) {
        try {
            return json.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The local runtime's event source mapping behaves like the deployed one by default. Not compared:
     * maximum_record_age_in_seconds (Terraform 86400, local -1 = never; equivalent on AWS, where a
     * stream keeps records 24 hours) and parallelization beyond 1, which the local mapping lacks.
     */
    @Test
    void localEventSourceMappingDefaultsAreTheDeployedDefaults() {
        EventSourceMappingSettings local = EventSourceMappingSettings.defaults();
        JsonNode esm = mapping.resource("aws_lambda_event_source_mapping", "this");

        assertEquals(root.variableDefault("batch_size").asInt(), local.batchSize());
        assertEquals(root.variableDefault("maximum_batching_window_in_seconds").asLong(), local.maximumBatchingWindow().toSeconds());
        assertEquals(root.variableDefault("starting_position").asText(), local.startingPosition().name());
        assertEquals(root.variableDefault("parallelization_factor").asInt(), local.parallelizationFactor());
        assertEquals(root.variableDefault("maximum_retry_attempts").asInt(), local.maximumRetryAttempts());
        assertEquals(esm.path("bisect_batch_on_function_error").asBoolean(false), local.bisectBatchOnFunctionError());
        List<String> types = new ArrayList<>();
        esm.path("function_response_types").forEach(t -> types.add(t.asText()));
        assertEquals(types.contains("ReportBatchItemFailures"), local.reportBatchItemFailures());
        assertEquals(root.variableDefault("lambda_memory_size").asInt(), local.memorySizeMb());
        assertEquals(root.variableDefault("lambda_timeout").asLong(), local.functionTimeout().toSeconds());
    }
}
