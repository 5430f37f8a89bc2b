package dev.eddy.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eddy.bootstrap.local.EventSourceMappingSettings;
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
