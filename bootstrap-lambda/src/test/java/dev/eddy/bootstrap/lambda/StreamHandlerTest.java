package dev.eddy.bootstrap.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eddy.adapters.aws.observability.JsonLogger;
import dev.eddy.adapters.aws.observability.Observability;
import dev.eddy.application.fakes.ScriptedStep;
import dev.eddy.application.pipeline.ChangeStep;
import dev.eddy.application.pipeline.EffectFailure;
import dev.eddy.application.pipeline.Effects;
import dev.eddy.domain.Change;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StreamHandlerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SEQ_1 = "111100000000012345678901";
    private static final String SEQ_3 = "111300000000012345678903";
    private static final String SEQ_4 = "111400000000012345678904";
    private static final String NO_FAILURES = "{\"batchItemFailures\":[]}";

    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final PrintStream stream = new PrintStream(output, true, StandardCharsets.UTF_8);

    /** The handler as the composition root wires it, with extra steps after the built-in ones. */
    private StreamHandler handler(Map<String, String> environment, ChangeStep... extraSteps) {
        Configuration configuration = Configuration.from(environment);
        Observability observability = Observability.to(stream, Clock.systemUTC(), configuration.functionName(),
                configuration.logItemValues(), JsonLogger.Level.TRACE);
        EddyWiring wiring = new EddyWiring(configuration, observability, Clock.systemUTC());
        List<ChangeStep> steps = new ArrayList<>(wiring.steps());
        steps.addAll(Arrays.asList(extraSteps));
        return new StreamHandler(wiring.useCase(steps), wiring.mapper(), observability.logger());
    }

    private String invoke(StreamHandler handler, String eventJson) {
        return invoke(handler, eventJson, 60_000);
    }

    private String invoke(StreamHandler handler, String eventJson, int remainingMillis) {
        StreamsEventResponse response = handler.handleRequest(RuntimeJson.event(eventJson),
                new TestContext("request-1", remainingMillis));
        return RuntimeJson.response(response);
    }

    private static String failureOf(String sequenceNumber) {
        return "{\"batchItemFailures\":[{\"itemIdentifier\":\"" + sequenceNumber + "\"}]}";
    }

    private String text() {
        return output.toString(StandardCharsets.UTF_8);
    }

    private List<JsonNode> lines() {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : text().split("\n")) {
            try {
                JsonNode node = JSON.readTree(line);
                assertTrue(node.isObject(), "not a JSON object: " + line);
                lines.add(node);
            } catch (IOException e) {
                throw new UncheckedIOException("not a JSON line: " + line, e);
            }
        }
        return lines;
    }

    private List<JsonNode> lines(String message) {
        return lines().stream().filter(n -> message.equals(n.path("message").asText())).toList();
    }

    private List<JsonNode> metrics() {
        return lines().stream().filter(n -> n.has("_aws")).toList();
    }

    /** Fails the change with this sequence number, retryably, and remembers what it saw. */
    private static final class FailingStep implements ChangeStep {
        private final String failAt;
        private final List<String> seen = new ArrayList<>();

        FailingStep(String failAt) {
            this.failAt = failAt;
        }

        @Override
        public String name() {
            return "failing";
        }

        @Override
        public void apply(Change change, Effects effects) {
            seen.add(change.source().sequenceNumber());
            if (change.source().sequenceNumber().equals(failAt)) {
                throw EffectFailure.retryable("projection table throttled");
            }
        }
    }

    @Test
    void fullSuccessReportsNoItemFailures() {
        String response = invoke(handler(Map.of()), RuntimeJson.sample("iot-batch.json"));

        assertEquals(NO_FAILURES, response);
        List<String> kinds = lines("change").stream().map(n -> n.get("kind").asText()).toList();
        assertEquals(List.of("CREATED", "CREATED", "UPDATED", "DELETED", "EXPIRED"), kinds);
    }

    @Test
    void failureInTheMiddleReportsThatRecordsSequenceNumberAndProcessesNothingAfterIt() {
        FailingStep failing = new FailingStep(SEQ_3);

        String response = invoke(handler(Map.of(), failing), RuntimeJson.sample("iot-batch.json"));

        assertEquals(failureOf(SEQ_3), response);
        assertEquals(3, failing.seen.size(), "records 4 and 5 are left to the stream's retry: " + failing.seen);
        List<JsonNode> failed = lines("record failed");
        assertEquals(1, failed.size());
        assertEquals(SEQ_3, failed.get(0).get("sequenceNumber").asText());
        assertEquals("c81e728d9d4c2f636f067f89cc14862c", failed.get(0).get("eventId").asText());
        assertEquals("failing", failed.get(0).get("stage").asText());
        assertFalse(text().contains(SEQ_4), "record 4 never appears: " + text());
    }

    @Test
    void emptyBatchReportsNoItemFailures() {
        String response = invoke(handler(Map.of()), RuntimeJson.resource("empty-batch.json"));

        assertEquals(NO_FAILURES, response);
        assertEquals(1, lines("batch finished").size());
    }

    @Test
    void unreadableRecordWithoutADeadLetterTopicIsReportedAndStopsTheBatch() {
        String response = invoke(handler(Map.of()), RuntimeJson.resource("unreadable-in-the-middle.json"));

        assertEquals(failureOf("111250000000012345678999"), response);
        assertEquals(1, lines("change").size(), "only the record before it was processed");
        JsonNode failed = lines("record failed").get(0);
        assertEquals("mapping", failed.get("stage").asText());
        assertTrue(failed.get("reason").asText().contains("eventName"), failed.toString());
    }

    @Test
    void notificationForAChannelWithoutATopicFailsItsRecordNamingTheSetting() {
        String response = invoke(handler(Map.of(), ScriptedStep.alerting("alert")),
                RuntimeJson.sample("iot-batch.json"));

        assertEquals(failureOf(SEQ_1), response, "never dropped silently");
        JsonNode failed = lines("record failed").get(0);
        assertEquals("ERROR", failed.get("level").asText());
        assertEquals("delivery", failed.get("stage").asText());
        assertTrue(failed.get("reason").asText().contains("ALERT_TOPIC_ARN"), failed.toString());
    }

    @Test
    void aTimeoutBelowTheMarginStillProcessesTheBatchAndSaysSo() {
        // Every invocation of a function whose timeout is below the margin starts with less time than the
        // margin: stopping before the first record would leave the shard's records to be retried, then skipped.
        String response = invoke(handler(Map.of("TIMEOUT_SAFETY_MARGIN_MS", "5000")),
                RuntimeJson.sample("iot-batch.json"), 4999);

        assertEquals("{\"batchItemFailures\":[]}", response);
        assertEquals(5, lines("change").size(), "every record of the batch processed");
        JsonNode degraded = lines("degraded").get(0);
        assertEquals("WARN", degraded.get("level").asText());
        assertTrue(degraded.get("reason").asText().contains("safety margin of 5000 ms is above the 4999 ms"),
                degraded.toString());
        assertTrue(lines("record failed").isEmpty());
    }

    @Test
    void logsAreJsonLinesWithRequestIdAndRecordIdentityButNoAttributeValues() {
        invoke(handler(Map.of()), RuntimeJson.sample("iot-batch.json"));

        for (JsonNode line : lines()) {
            if (!line.has("_aws")) {
                assertEquals("request-1", line.get("requestId").asText(), line.toString());
                assertTrue(line.hasNonNull("timestamp") && line.hasNonNull("level"), line.toString());
            }
        }
        JsonNode update = lines("change").get(2);
        assertEquals("c81e728d9d4c2f636f067f89cc14862c", update.get("eventId").asText());
        assertEquals(SEQ_3, update.get("sequenceNumber").asText());
        assertEquals("RealTimeDataTable", update.get("table").asText());
        assertEquals("[\"humidity\",\"readings\",\"status\",\"temperature\"]", update.get("changedFields").toString());
        String text = text();
        for (String value : List.of("sensor-42", "warehouse-7", "78.4", "overheating", "cold-chain", "AQIDBA==")) {
            assertFalse(text.contains(value), "attribute value " + value + " leaked into the logs: " + text);
        }
    }

    @Test
    void logsAttributeValuesWhenAskedTo() {
        invoke(handler(Map.of("LOG_ITEM_VALUES", "true")), RuntimeJson.sample("iot-batch.json"));

        JsonNode update = lines("change").get(2);
        assertEquals("sensor-42", update.get("key").get("id").get("S").asText());
        assertEquals("78.4", update.get("changes").get("temperature").get("new").get("N").asText());
        assertEquals("AQIDBA==", lines("change").get(4).get("oldImage").get("firmware").get("B").asText());
    }

    @Test
    void publishesOneBatchMetricLineAndOneRecordsLinePerKind() {
        Map<String, String> environment = new HashMap<>();
        environment.put("AWS_LAMBDA_FUNCTION_NAME", "eddy-prod");
        invoke(handler(environment), RuntimeJson.sample("iot-batch.json"));

        List<JsonNode> metrics = metrics();
        assertEquals(5, metrics.size(), "1 batch line + 4 kinds: " + text());
        JsonNode batch = metrics.get(0);
        JsonNode directive = batch.get("_aws").get("CloudWatchMetrics").get(0);
        assertEquals("Eddy", directive.get("Namespace").asText());
        assertEquals("[[\"FunctionName\"]]", directive.get("Dimensions").toString());
        assertEquals("eddy-prod", batch.get("FunctionName").asText());
        assertEquals(0, batch.get("RecordsFailed").asInt());
        assertEquals(0, batch.get("RecordsQuarantined").asInt());
        assertEquals(0, batch.get("AlertsPublished").asInt());
        assertTrue(batch.get("BatchDuration").asLong() >= 0);
        assertTrue(batch.get("OldestRecordAge").asLong() > 0, "the sample's records are in the past");
        Map<String, Integer> byKind = new HashMap<>();
        for (JsonNode line : metrics.subList(1, metrics.size())) {
            assertEquals("[[\"FunctionName\",\"ChangeKind\"]]",
                    line.get("_aws").get("CloudWatchMetrics").get(0).get("Dimensions").toString());
            assertEquals("eddy-prod", line.get("FunctionName").asText());
            byKind.put(line.get("ChangeKind").asText(), line.get("Records").asInt());
        }
        assertEquals(Map.of("CREATED", 2, "UPDATED", 1, "DELETED", 1, "EXPIRED", 1), byKind);
    }

    @Test
    void failedBatchCountsOneFailedRecordInItsMetrics() {
        invoke(handler(Map.of(), new FailingStep(SEQ_3)), RuntimeJson.sample("iot-batch.json"));

        assertEquals(1, metrics().get(0).get("RecordsFailed").asInt());
    }

    @Test
    void anAbortedBatchIsLoggedAndRethrownSoLambdaRetriesItWhole() {
        Observability observability = Observability.to(stream, Clock.systemUTC(), "eddy-test", false,
                JsonLogger.Level.TRACE);
        StreamHandler handler = new StreamHandler(command -> {
            throw new IllegalStateException("broken port");
        }, new dev.eddy.adapters.aws.stream.DynamodbEventMapper()::map, observability.logger());

        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> invoke(handler, RuntimeJson.sample("iot-batch.json")));

        JsonNode aborted = lines().get(0);
        assertEquals("ERROR", aborted.get("level").asText());
        assertEquals("request-1", aborted.get("requestId").asText());
        assertEquals(5, aborted.get("records").asInt());
        assertEquals(IllegalStateException.class.getName(), aborted.get("errorType").asText());
    }
}
