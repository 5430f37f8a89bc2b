package dev.eddy.application.service;

import static dev.eddy.application.fakes.Changes.createdRecord;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.application.RecordsOnDemand;
import dev.eddy.application.StreamRecord;
import dev.eddy.application.TimeBudget;
import dev.eddy.application.fakes.Changes;
import dev.eddy.application.fakes.InMemoryDeliveryLedger;
import dev.eddy.application.fakes.InMemoryProjectionStore;
import dev.eddy.application.fakes.RecordingNotificationPublisher;
import dev.eddy.application.fakes.RecordingProcessingEvents;
import dev.eddy.application.fakes.ScriptedStep;
import dev.eddy.application.pipeline.ChangeStep;
import dev.eddy.application.pipeline.Channel;
import dev.eddy.application.pipeline.Notification;
import dev.eddy.application.port.in.BatchOutcome;
import dev.eddy.application.port.in.ProcessChangeBatchCommand;
import dev.eddy.application.port.in.RecordFailure;
import dev.eddy.application.port.out.DeliveryLedger;
import dev.eddy.application.projection.ApplyProjectionsStep;
import dev.eddy.application.projection.ProjectionEvents;
import dev.eddy.domain.projection.RunningAggregate;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The batch delivers its notifications window by window, with the same stream semantics as one delivery at the end. */
class WindowedDeliveryTest {
    private static final Duration MARGIN = Duration.ofSeconds(3);
    private static final Instant NOW = Changes.CREATED_AT.plusSeconds(300);
    /** A window of three notifications, no alignment: small enough to count by hand. */
    private static final DeliveryWindow THREE = new DeliveryWindow(3, 100, 1, 1L << 20);

    private final RecordingNotificationPublisher publisher = new RecordingNotificationPublisher();
    private final RecordingProcessingEvents events = new RecordingProcessingEvents();
    private final ScriptedStep alerts = ScriptedStep.alerting("alert");
    private final InMemoryProjectionStore store = new InMemoryProjectionStore();
    /** Counts the records it was applied to, per sensor: the projection a step that did not run leaves out. */
    private final ApplyProjectionsStep projections = new ApplyProjectionsStep(
            List.of(new RunningAggregate("count", "id", Optional.empty(), List.of("temperature"))),
            store, ProjectionEvents.NONE);

    private ProcessChangeBatchService service(DeliveryLedger ledger, boolean quarantine, DeliveryWindow window,
                                              ChangeStep... steps) {
        return new ProcessChangeBatchService(List.of(steps), new NotificationDelivery(publisher, ledger), events,
                Clock.fixed(NOW, ZoneOffset.UTC), MARGIN, quarantine, window);
    }

    private ProcessChangeBatchService service(boolean quarantine) {
        return service(DeliveryLedger.NONE, quarantine, THREE, alerts, projections);
    }

    /** Readable records with sequence numbers 1..n. */
    private static List<StreamRecord> records(int n) {
        return IntStream.rangeClosed(1, n).mapToObj(i -> (StreamRecord) createdRecord(Integer.toString(i))).toList();
    }

    private List<String> alertIds(int... sequences) {
        return IntStream.of(sequences).mapToObj(s -> alerts.notificationId(Integer.toString(s))).toList();
    }

    private List<List<String>> callIds() {
        return publisher.calls().stream()
                .map(call -> call.stream().map(Notification::id).collect(Collectors.toList()))
                .collect(Collectors.toList());
    }

    private BigDecimal projectedRecords() {
        return (BigDecimal) store.items().values().iterator().next().get("temperature_count");
    }

    @Test
    void notificationsGoOutWindowByWindowAndTheRestAtTheEndWithTheSameTotals() {
        BatchOutcome outcome = service(false).process(ProcessChangeBatchCommand.of(records(7)));

        assertEquals(BatchOutcome.success(7, 0), outcome);
        assertEquals(List.of(alertIds(1, 2, 3), alertIds(4, 5, 6), alertIds(7)), callIds());
        assertEquals(List.of("1", "2", "3", "4", "5", "6", "7"), events.processedSequenceNumbers());
        assertEquals(Map.of(Channel.ALERTS, 7), events.delivered);
        assertEquals(1, events.finished.size());
        assertEquals(7, events.finished.get(0).records());
        assertEquals(outcome, events.finished.get(0).outcome());
    }

    @Test
    void aWindowThatFillsExactlyAtTheLastRecordLeavesNoEmptyDeliveryBehind() {
        BatchOutcome outcome = service(false).process(ProcessChangeBatchCommand.of(records(6)));

        assertEquals(BatchOutcome.success(6, 0), outcome);
        assertEquals(List.of(alertIds(1, 2, 3), alertIds(4, 5, 6)), callIds());
    }

    @Test
    void aWindowClosesAfterTheRecordThatFillsItNeverInTheMiddleOfARecord() {
        ScriptedStep changes = new ScriptedStep("change", Channel.CHANGE_EVENTS);
        service(DeliveryLedger.NONE, false, THREE, alerts, changes).process(ProcessChangeBatchCommand.of(records(5)));

        // Two notifications per record: the window is full after the second record (4 >= 3).
        assertEquals(List.of(
                List.of(alerts.notificationId("1"), changes.notificationId("1"), alerts.notificationId("2"), changes.notificationId("2")),
                List.of(alerts.notificationId("3"), changes.notificationId("3"), alerts.notificationId("4"), changes.notificationId("4")),
                List.of(alerts.notificationId("5"), changes.notificationId("5"))), callIds());
        assertEquals(Map.of(Channel.ALERTS, 5, Channel.CHANGE_EVENTS, 5), events.delivered);
    }

    @Test
    void aRetryableDeliveryFailureInTheSecondWindowStopsTheBatchAtItsRecordAndNothingAfterTheWindowRuns() {
        publisher.failing(alerts.notificationId("5"), "throttled", true);

        BatchOutcome outcome = service(false).process(ProcessChangeBatchCommand.of(records(9)));

        RecordFailure failure = outcome.failure().orElseThrow();
        assertEquals("5", failure.record().sequenceNumber());
        assertEquals("delivery", failure.stage());
        assertEquals("throttled", failure.reason());
        assertTrue(failure.retryable());
        assertEquals(4, outcome.processed());
        assertEquals(List.of("1", "2", "3", "4", "5", "6"), alerts.seen(), "records 7 to 9 are not processed");
        assertEquals(new BigDecimal("6"), projectedRecords(), "records 7 to 9 are not projected");
        assertEquals(List.of(alertIds(1, 2, 3), alertIds(4, 5, 6)), callIds(), "no third window");
        assertEquals(alertIds(1, 2, 3, 4, 6), publisher.deliveredIds());
        assertEquals(List.of("1", "2", "3", "4"), events.processedSequenceNumbers());
        assertEquals(List.of(failure), events.failed);
        assertEquals(Map.of(Channel.ALERTS, 5), events.delivered);
        assertEquals(outcome, events.finished.get(0).outcome());
        assertEquals(9, events.finished.get(0).records());
    }

    @Test
    void theRetryAfterAFailedWindowRepeatsOnlyWhatTheFailedRecordAndItsWindowLeftUndone() {
        InMemoryDeliveryLedger ledger = new InMemoryDeliveryLedger();
        publisher.fail(alerts.notificationId("5"), 1, true);
        ProcessChangeBatchService service = service(ledger, false, THREE, alerts, projections);
        List<StreamRecord> batch = records(9);

        assertEquals("5", service.process(ProcessChangeBatchCommand.of(batch)).failure().orElseThrow()
                .record().sequenceNumber());
        BatchOutcome retry = service.process(ProcessChangeBatchCommand.of(batch.subList(4, 9)));

        assertEquals(BatchOutcome.success(5, 0), retry);
        assertEquals(alertIds(1, 2, 3, 4, 6, 5, 7, 8, 9), publisher.deliveredIds(), "every alert once");
        assertEquals(new BigDecimal("9"), projectedRecords(), "records 5 and 6 are projected once: the replay is guarded");
    }

    @Test
    void aPermanentDeliveryFailureInALaterWindowQuarantinesItsRecordAndTheBatchGoesOn() {
        publisher.failing(alerts.notificationId("5"), "sender fault", false);

        BatchOutcome outcome = service(true).process(ProcessChangeBatchCommand.of(records(9)));

        assertEquals(BatchOutcome.success(8, 1), outcome);
        assertEquals(List.of(alertIds(1, 2, 3), alertIds(4, 5, 6), List.of("event-5#dead-letter"), alertIds(7, 8, 9)),
                callIds());
        assertEquals(List.of("5"), events.quarantined.stream().map(r -> r.sequenceNumber()).toList());
        assertEquals(List.of("delivery: sender fault"), events.quarantineReasons);
        assertEquals(List.of("1", "2", "3", "4", "6", "7", "8", "9"), events.processedSequenceNumbers());
        assertEquals(Map.of(Channel.ALERTS, 8, Channel.DEAD_LETTERS, 1), events.delivered);
        assertEquals(new BigDecimal("9"), projectedRecords());
    }

    @Test
    void recordsQuarantinedInDifferentWindowsAreEachDeadLetteredOnceInTheirOwnWindow() {
        List<StreamRecord> batch = new ArrayList<>(records(8));
        batch.set(1, Changes.unreadable("2", "eventName is missing"));
        batch.set(6, Changes.unreadable("7", "dynamodb is missing"));

        BatchOutcome outcome = service(true).process(ProcessChangeBatchCommand.of(batch));

        assertEquals(BatchOutcome.success(6, 2), outcome);
        assertEquals(List.of(
                List.of(alerts.notificationId("1"), alerts.notificationId("3")), List.of("event-2#dead-letter"),
                List.of(alerts.notificationId("4"), alerts.notificationId("5"), alerts.notificationId("6")),
                List.of(alerts.notificationId("8")), List.of("event-7#dead-letter")), callIds());
        assertEquals(List.of("2", "7"), events.quarantined.stream().map(r -> r.sequenceNumber()).toList());
        assertEquals(List.of("mapping: eventName is missing", "mapping: dynamodb is missing"), events.quarantineReasons);
        assertEquals(Map.of(Channel.ALERTS, 6, Channel.DEAD_LETTERS, 2), events.delivered);
    }

    @Test
    void aTimeStopInTheSecondWindowDeliversWhatWasDoneBeforeIt() {
        // Ample time until five records have run, then 2.5 s, below the 3 s margin.
        TimeBudget budget = () -> alerts.seen().size() < 5 ? Duration.ofSeconds(10) : Duration.ofMillis(2500);

        BatchOutcome outcome = service(false).process(new ProcessChangeBatchCommand(records(9), budget));

        RecordFailure failure = outcome.failure().orElseThrow();
        assertEquals("6", failure.record().sequenceNumber());
        assertEquals("time", failure.stage());
        assertEquals(List.of(alertIds(1, 2, 3), alertIds(4, 5)), callIds());
        assertEquals(List.of("1", "2", "3", "4", "5"), events.processedSequenceNumbers());
        assertEquals(new BigDecimal("5"), projectedRecords());
    }

    @Test
    void eachRecordIsTakenFromTheBatchOnceSoARecordReadOnDemandIsReadOnce() {
        CountingRecords batch = new CountingRecords(records(10));

        BatchOutcome outcome = service(false).process(ProcessChangeBatchCommand.of(batch));

        assertEquals(BatchOutcome.success(10, 0), outcome);
        assertEquals(10, batch.gets, "one get per record: the report keeps what it needs per window");
    }

    @Test
    void theDefaultWindowHoldsAHundredNotificationsAndWaitsForWholePublishBatchRequests() {
        DeliveryWindow window = DeliveryWindow.DEFAULT;

        assertFalse(window.due(99, 300, 150_000, Map.of(Channel.ALERTS, 99)));
        assertTrue(window.due(100, 300, 150_000, Map.of(Channel.ALERTS, 100)));
        assertFalse(window.due(101, 300, 150_000, Map.of(Channel.ALERTS, 101)), "11 requests where 10 will do");
        assertTrue(window.due(110, 300, 150_000, Map.of(Channel.ALERTS, 110)));
        assertFalse(window.due(100, 100, 150_000, Map.of(Channel.ALERTS, 63, Channel.CHANGE_EVENTS, 37)));
        assertTrue(window.due(100, 100, 150_000, Map.of(Channel.ALERTS, 60, Channel.CHANGE_EVENTS, 40)));
        assertTrue(window.due(201, 300, 150_000, Map.of(Channel.ALERTS, 201)), "at twice the size, whatever the alignment");
        assertFalse(window.due(7, 499, 5_000, Map.of(Channel.ALERTS, 7)));
        assertTrue(window.due(0, 500, 0, Map.of()), "records without notifications are reported window by window too");
        assertTrue(window.due(7, 1000, 5_000, Map.of(Channel.ALERTS, 7)));
        assertTrue(window.due(5, 20, 1L << 20, Map.of(Channel.ALERTS, 5)), "large bodies are delivered early");
    }

    /** A batch read on demand (the command does not copy it) that counts how often a record is taken. */
    private static final class CountingRecords extends RecordsOnDemand {
        private final List<StreamRecord> records;
        int gets;

        CountingRecords(List<StreamRecord> records) {
            this.records = records;
        }

        @Override
        public StreamRecord get(int index) {
            gets++;
            return records.get(index);
        }

        @Override
        public int size() {
            return records.size();
        }
    }
}
