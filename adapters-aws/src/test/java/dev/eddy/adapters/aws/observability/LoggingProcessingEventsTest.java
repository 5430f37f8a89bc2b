package dev.eddy.adapters.aws.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eddy.application.RecordRef;
import dev.eddy.application.fakes.Changes;
import dev.eddy.application.pipeline.Channel;
import dev.eddy.application.port.in.BatchOutcome;
import dev.eddy.application.port.in.RecordFailure;
import dev.eddy.application.port.out.ProcessingEvents;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class LoggingProcessingEventsTest {
    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

    private final CapturedLines out = new CapturedLines();
    private final ProcessingEvents events = Observability.to(out.stream, Clock.fixed(NOW, ZoneOffset.UTC),
            "eddy-stream", false, JsonLogger.Level.TRACE).events();

    private static Map<String, String> metricUnits(JsonNode document) {
        Map<String, String> units = new TreeMap<>();
        for (JsonNode metric : document.get("_aws").get("CloudWatchMetrics").get(0).get("Metrics")) {
            units.put(metric.get("Name").asText(), metric.get("Unit").asText());
        }
        return units;
    }

    private static List<String> dimensions(JsonNode document) {
        JsonNode sets = document.get("_aws").get("CloudWatchMetrics").get(0).get("Dimensions");
        assertEquals(1, sets.size());
        List<String> names = new ArrayList<>();
        sets.get(0).forEach(n -> names.add(n.asText()));
        return names;
    }

    @Test
    void oneBatchMetricLineHoldsEveryBatchMetricPlusOneRecordsLinePerKind() {
        for (int i = 1; i <= 40; i++) {
            events.changeProcessed(Changes.created(String.valueOf(i)));
        }
        events.changeProcessed(Changes.updated("41", "20", "30"));
        events.delivered(Channel.ALERTS, 2);
        events.delivered(Channel.CHANGE_EVENTS, 41);
        events.delivered(Channel.ALERTS, 1);
        RecordFailure failure = new RecordFailure(new RecordRef("42", "event-42"), "alert", "throttled", "none", true);
        events.recordFailed(failure);
        events.batchFinished(new BatchOutcome(41, 0, Optional.of(failure)), 50, Duration.ofMillis(120),
                Optional.of(Duration.ofSeconds(7)));

        List<JsonNode> metrics = out.metricLines();
        assertEquals(3, metrics.size(), "one batch line and one line per kind seen: " + out.text());

        JsonNode batch = metrics.get(0);
        assertEquals(NOW.toEpochMilli(), batch.get("_aws").get("Timestamp").asLong());
        assertEquals(EmfMetricNames.NAMESPACE, batch.get("_aws").get("CloudWatchMetrics").get(0).get("Namespace").asText());
        assertEquals("Eddy", EmfMetricNames.NAMESPACE);
        assertEquals(List.of("FunctionName"), dimensions(batch));
        assertEquals("eddy-stream", batch.get("FunctionName").asText());
        assertEquals(Map.of("RecordsFailed", "Count", "RecordsQuarantined", "Count", "AlertsPublished", "Count",
                "ChangeEventsPublished", "Count", "Degraded", "Count", "BatchDuration", "Milliseconds", "OldestRecordAge",
                "Milliseconds"),
                metricUnits(batch));
        assertEquals(1, batch.get("RecordsFailed").asInt());
        assertEquals(0, batch.get("RecordsQuarantined").asInt());
        assertEquals(3, batch.get("AlertsPublished").asInt());
        assertEquals(41, batch.get("ChangeEventsPublished").asInt());
        assertEquals(0, batch.get("Degraded").asInt());
        assertEquals(120, batch.get("BatchDuration").asLong());
        assertEquals(7000, batch.get("OldestRecordAge").asLong());

        JsonNode created = metrics.get(1);
        assertEquals(List.of("FunctionName", "ChangeKind"), dimensions(created));
        assertEquals(Map.of("Records", "Count"), metricUnits(created));
        assertEquals("CREATED", created.get("ChangeKind").asText());
        assertEquals(40, created.get("Records").asInt());
        assertEquals("eddy-stream", created.get("FunctionName").asText());
        assertEquals("UPDATED", metrics.get(2).get("ChangeKind").asText());
        assertEquals(1, metrics.get(2).get("Records").asInt());
    }

    @Test
    void countsStartAgainForEachBatch() {
        events.changeProcessed(Changes.created("1"));
        events.delivered(Channel.ALERTS, 5);
        events.batchFinished(BatchOutcome.success(1, 0), 1, Duration.ofMillis(3), Optional.empty());
        events.batchFinished(BatchOutcome.success(0, 0), 0, Duration.ofMillis(1), Optional.empty());

        List<JsonNode> metrics = out.metricLines();
        JsonNode second = metrics.get(metrics.size() - 1);
        assertEquals(0, second.get("AlertsPublished").asInt());
        assertEquals(0, second.get("RecordsFailed").asInt());
        assertFalse(second.has("OldestRecordAge"), "an empty batch has no oldest record");
        assertFalse(metricUnits(second).containsKey("OldestRecordAge"));
        assertEquals(3, metrics.size(), "two lines for the first batch, one for the second (no kinds seen): "
                + out.text());
        assertFalse(second.has("ChangeKind"));
    }

    @Test
    void failuresQuarantinesAndDegradationsAreLoggedWithTheRecordIdentity() {
        events.recordQuarantined(new RecordRef("9", "event-9"), "mapping: eventName is missing");
        events.recordFailed(new RecordFailure(new RecordRef("10", "event-10"), "delivery", "no topic", "none", false));
        events.degraded("ledger write failed");

        List<JsonNode> logs = out.logLines();
        assertEquals("record quarantined", logs.get(0).get("message").asText());
        assertEquals("event-9", logs.get(0).get("eventId").asText());
        assertEquals("9", logs.get(0).get("sequenceNumber").asText());
        assertEquals("ERROR", logs.get(1).get("level").asText(), "a permanent failure is an error");
        assertEquals("10", logs.get(1).get("sequenceNumber").asText());
        assertEquals("no topic", logs.get(1).get("reason").asText());
        assertEquals("WARN", logs.get(2).get("level").asText());
        assertTrue(logs.get(2).get("reason").asText().contains("ledger"));
    }

    /**
     * Each degraded warning counts in the next batch line's Degraded metric, which the monitoring module alarms
     * on: a ledger that cannot be written weakens exactly-once delivery without failing any record.
     */
    @Test
    void degradedWarningsAreCountedInTheNextBatchLine() {
        events.degraded("delivered 3 notification(s) but could not record them in the ledger");
        events.batchStarted();
        events.degraded("delivered 2 notification(s) but could not record them in the ledger");
        events.batchFinished(BatchOutcome.success(0, 0), 0, Duration.ofMillis(1), Optional.empty());
        events.batchFinished(BatchOutcome.success(0, 0), 0, Duration.ofMillis(1), Optional.empty());

        List<JsonNode> metrics = out.metricLines();
        assertEquals(2, metrics.get(0).get("Degraded").asInt(), "kept over a batch start, as publications are");
        assertEquals(0, metrics.get(1).get("Degraded").asInt());
    }
}
