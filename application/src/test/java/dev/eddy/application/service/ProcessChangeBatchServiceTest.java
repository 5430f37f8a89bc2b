package dev.eddy.application.service;

import static dev.eddy.application.fakes.Changes.createdRecord;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.application.StreamRecord;
import dev.eddy.application.TimeBudget;
import dev.eddy.application.fakes.Changes;
import dev.eddy.application.fakes.InMemoryDeliveryLedger;
import dev.eddy.application.fakes.RecordingNotificationPublisher;
import dev.eddy.application.fakes.RecordingProcessingEvents;
import dev.eddy.application.fakes.ScriptedStep;
import dev.eddy.application.pipeline.ChangeStep;
import dev.eddy.application.pipeline.Channel;
import dev.eddy.application.pipeline.EffectFailure;
import dev.eddy.application.pipeline.Notification;
import dev.eddy.application.port.in.BatchOutcome;
import dev.eddy.application.port.in.ProcessChangeBatchCommand;
import dev.eddy.application.port.in.RecordFailure;
import dev.eddy.application.port.out.DeliveryLedger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProcessChangeBatchServiceTest {
    private static final Duration MARGIN = Duration.ofSeconds(3);
    private static final Instant NOW = Changes.CREATED_AT.plusSeconds(300);

    private final RecordingNotificationPublisher publisher = new RecordingNotificationPublisher();
    private final RecordingProcessingEvents events = new RecordingProcessingEvents();
    private final ScriptedStep alerts = ScriptedStep.alerting("alert");

    private ProcessChangeBatchService service(DeliveryLedger ledger, boolean quarantine) {
        return new ProcessChangeBatchService(List.of(alerts), new NotificationDelivery(publisher, ledger), events,
                Clock.fixed(NOW, ZoneOffset.UTC), MARGIN, quarantine);
    }

    /** The service over these steps, with dead letters on and no ledger. */
    private ProcessChangeBatchService quarantining(ChangeStep... steps) {
        return new ProcessChangeBatchService(List.of(steps), new NotificationDelivery(publisher, DeliveryLedger.NONE), events,
                Clock.fixed(NOW, ZoneOffset.UTC), MARGIN, true);
    }

    private ProcessChangeBatchService service() {
        return service(DeliveryLedger.NONE, false);
    }

    /**
     * A time budget that answers these readings, one per look at the clock, in order, and then its
     * last one again (the deliveries look too).
     */
    private static TimeBudget readings(Duration... remaining) {
        Deque<Duration> left = new ArrayDeque<>(List.of(remaining));
        return () -> left.size() > 1 ? left.pop() : left.peek();
    }

    private static ProcessChangeBatchCommand batch(StreamRecord... records) {
        return ProcessChangeBatchCommand.of(List.of(records));
    }

    private static RecordFailure failureOf(BatchOutcome outcome) {
        assertFalse(outcome.succeeded(), "the batch should have failed");
        return outcome.failure().orElseThrow();
    }

    @Test
    void fullBatchRunsEveryRecordAndDeliversEachNotificationOnce() {
        BatchOutcome outcome = service().process(batch(createdRecord("1"), createdRecord("2"), createdRecord("3")));

        assertEquals(BatchOutcome.success(3, 0), outcome);
        assertEquals(List.of("1", "2", "3"), alerts.seen());
        assertEquals(1, publisher.calls().size(), "a small batch is one window, delivered at its end");
        assertEquals(List.of(alerts.notificationId("1"), alerts.notificationId("2"), alerts.notificationId("3")),
                publisher.deliveredIds());
        assertEquals(List.of("1", "2", "3"), events.processedSequenceNumbers());
        assertEquals(Map.of(Channel.ALERTS, 3), events.delivered);
        assertTrue(events.failed.isEmpty());
        assertEquals(1, events.finished.size());
        assertEquals(3, events.finished.get(0).records());
        assertEquals(outcome, events.finished.get(0).outcome());
    }

    /**
     * Records stop at the safety margin, but a window's delivery may use the invocation's whole time:
     * its publisher is told what is left of it (less what the delivery keeps for recording and
     * reporting), not what is left above the margin.
     */
    @Test
    void deliveriesAreGivenTheInvocationsTimeNotJustWhatIsAboveTheMargin() {
        BatchOutcome outcome = service(new InMemoryDeliveryLedger(), false).process(new ProcessChangeBatchCommand(
                List.of(createdRecord("1"), createdRecord("2")), () -> Duration.ofSeconds(20)));

        assertEquals(BatchOutcome.success(2, 0), outcome);
        assertEquals(List.of(Duration.ofSeconds(20).minus(NotificationDelivery.KEEP_FOR_REPORT)
                .minus(NotificationDelivery.KEEP_FOR_RECORDING)), publisher.budgets());
    }

    /** The dead letters' delivery, after the window's notifications, is given the invocation's time too. */
    @Test
    void deadLettersAreDeliveredWithinTheInvocationsTimeToo() {
        BatchOutcome outcome = quarantining(alerts).process(new ProcessChangeBatchCommand(
                List.of(createdRecord("1"), Changes.unreadable("2", "bad")), () -> Duration.ofSeconds(20)));

        assertEquals(BatchOutcome.success(1, 1), outcome);
        Duration publishing = Duration.ofSeconds(20).minus(NotificationDelivery.KEEP_FOR_REPORT);
        assertEquals(List.of(publishing, publishing), publisher.budgets(), "the alert's delivery, then the dead letter's");
    }

    @Test
    void emptyBatchSucceedsAndPublishesNothing() {
        BatchOutcome outcome = service().process(batch());

        assertEquals(BatchOutcome.success(0, 0), outcome);
        assertTrue(publisher.calls().isEmpty());
        assertEquals(0, events.finished.get(0).records());
        assertTrue(events.finished.get(0).oldestAge().isEmpty());
    }

    @Test
    void retryableFailureInTheMiddleReportsThatRecordAndProcessesNothingAfterIt() {
        alerts.failingAt("2", EffectFailure.retryable("throttled"));

        BatchOutcome outcome = service().process(batch(createdRecord("1"), createdRecord("2"), createdRecord("3")));

        RecordFailure failure = failureOf(outcome);
        assertEquals("2", failure.record().sequenceNumber());
        assertEquals("event-2", failure.record().eventId());
        assertEquals("alert", failure.stage());
        assertEquals("throttled", failure.reason());
        assertTrue(failure.retryable());
        assertEquals(1, outcome.processed());
        assertEquals(List.of("1", "2"), alerts.seen(), "record 3 must not be processed");
        assertEquals(List.of(alerts.notificationId("1")), publisher.deliveredIds(),
                "only records before the failure deliver");
        assertEquals(List.of("1"), events.processedSequenceNumbers(), "earlier records are done, not reported");
        assertEquals(List.of(failure), events.failed);
    }

    @Test
    void unexpectedExceptionInAStepIsARetryableFailureOfThatRecord() {
        alerts.crashingAt("2", new IllegalStateException("bug"));

        RecordFailure failure = failureOf(service().process(batch(createdRecord("1"), createdRecord("2"))));

        assertEquals("2", failure.record().sequenceNumber());
        assertTrue(failure.retryable());
        assertEquals(IllegalStateException.class.getName(), failure.errorType());
        assertTrue(failure.reason().contains("bug"), failure.reason());
    }

    @Test
    void unreadableRecordFailsTheBatchThereWhenNoDeadLetterChannelIsConfigured() {
        BatchOutcome outcome = service(DeliveryLedger.NONE, false).process(
                batch(createdRecord("1"), Changes.unreadable("2", "eventName is missing"), createdRecord("3")));

        RecordFailure failure = failureOf(outcome);
        assertEquals("2", failure.record().sequenceNumber());
        assertEquals("mapping", failure.stage());
        assertEquals("eventName is missing", failure.reason());
        assertFalse(failure.retryable());
        assertEquals(List.of("1"), alerts.seen());
        assertTrue(events.quarantined.isEmpty());
    }

    @Test
    void unreadableRecordIsQuarantinedWholeAsADeadLetterAndTheBatchGoesOn() {
        BatchOutcome outcome = service(DeliveryLedger.NONE, true).process(
                batch(createdRecord("1"), Changes.unreadable("2", "eventName is missing"), createdRecord("3")));

        assertEquals(BatchOutcome.success(2, 1), outcome);
        assertEquals(List.of("1", "3"), alerts.seen());
        List<Notification> deadLetters = publisher.delivered().stream()
                .filter(n -> n.channel() == Channel.DEAD_LETTERS).toList();
        assertEquals(1, deadLetters.size());
        String body = deadLetters.get(0).body();
        assertTrue(body.contains("\"record\":" + Changes.raw("event-2", "2").toJson()),
                "the dead letter holds the whole raw record: " + body);
        assertTrue(body.contains("\"reason\":\"eventName is missing\""), body);
        assertTrue(body.contains("\"stage\":\"mapping\""), body);
        assertEquals("2", events.quarantined.get(0).sequenceNumber());
        assertEquals(Map.of(Channel.ALERTS, 2, Channel.DEAD_LETTERS, 1), events.delivered);
    }

    @Test
    void permanentStepFailureQuarantinesTheRecordWithoutTheFailingStepsOwnNotification() {
        alerts.failingAt("2", EffectFailure.permanent("rule cannot evaluate"));

        BatchOutcome outcome = service(DeliveryLedger.NONE, true).process(
                batch(createdRecord("1"), createdRecord("2"), createdRecord("3")));

        assertEquals(BatchOutcome.success(2, 1), outcome);
        assertEquals(List.of(alerts.notificationId("1"), alerts.notificationId("3"), "event-2#dead-letter"),
                publisher.deliveredIds(), "the step gave its notification before it threw: its effect is incomplete");
        assertEquals(List.of("alert: rule cannot evaluate"), events.quarantineReasons);
    }

    @Test
    void aPermanentFailureOfOneStepLetsTheRecordsOtherStepsRunAndDeliverBeforeItIsQuarantined() {
        ScriptedStep projections = new ScriptedStep("projections", Channel.CHANGE_EVENTS)
                .failingAt("2", EffectFailure.permanent("ValidationException: Size of hashkey"));
        ScriptedStep changes = new ScriptedStep("change", Channel.CHANGE_EVENTS);
        ProcessChangeBatchService service = quarantining(projections, alerts, changes);

        BatchOutcome outcome = service.process(batch(createdRecord("1"), createdRecord("2"), createdRecord("3")));

        assertEquals(BatchOutcome.success(2, 1), outcome);
        assertEquals(List.of("1", "2", "3"), alerts.seen(), "the steps after the failed one ran for record 2");
        assertEquals(List.of("1", "2", "3"), changes.seen());
        assertTrue(publisher.deliveredIds().containsAll(List.of(alerts.notificationId("2"), changes.notificationId("2"),
                "event-2#dead-letter")), publisher.deliveredIds().toString());
        assertFalse(publisher.deliveredIds().contains(projections.notificationId("2")));
        assertEquals(List.of("projections: ValidationException: Size of hashkey"), events.quarantineReasons);
        assertEquals(List.of("1", "3"), events.processedSequenceNumbers());
    }

    @Test
    void everyStepThatFailsPermanentlyIsNamedInTheOneDeadLetter() {
        ScriptedStep changes = new ScriptedStep("change", Channel.CHANGE_EVENTS)
                .failingAt("1", EffectFailure.permanent("too large"));
        alerts.failingAt("1", EffectFailure.permanent("rule cannot evaluate"));
        ProcessChangeBatchService service = quarantining(alerts, changes);

        assertEquals(BatchOutcome.success(0, 1), service.process(batch(createdRecord("1"))));

        assertEquals(List.of("event-1#dead-letter"), publisher.deliveredIds());
        assertEquals(List.of("alert: rule cannot evaluate; also change: too large"), events.quarantineReasons);
    }

    @Test
    void aRetryableFailureAfterAPermanentOneStopsTheRecordForARetry() {
        ScriptedStep changes = new ScriptedStep("change", Channel.CHANGE_EVENTS)
                .failingAt("2", EffectFailure.retryable("throttled"));
        alerts.failingAt("2", EffectFailure.permanent("rule cannot evaluate"));
        ProcessChangeBatchService service = quarantining(alerts, changes);

        RecordFailure failure = failureOf(service.process(batch(createdRecord("1"), createdRecord("2"))));

        assertEquals("2", failure.record().sequenceNumber());
        assertTrue(failure.retryable());
        assertEquals("throttled", failure.reason());
        assertEquals(List.of(alerts.notificationId("1"), changes.notificationId("1")), publisher.deliveredIds());
        assertTrue(events.quarantined.isEmpty());
    }

    @Test
    void notificationsRefusedAlikeNameTheirReasonOnceInTheDeadLetter() {
        ScriptedStep changes = new ScriptedStep("change", Channel.CHANGE_EVENTS);
        ScriptedStep audit = new ScriptedStep("audit", Channel.CHANGE_EVENTS);
        alerts.failingAt("1", EffectFailure.permanent("rule cannot evaluate"));
        publisher.failing(changes.notificationId("1"), "message too long", false);
        publisher.failing(audit.notificationId("1"), "message too long", false);
        ProcessChangeBatchService service = quarantining(alerts, changes, audit);

        assertEquals(BatchOutcome.success(0, 1), service.process(batch(createdRecord("1"))));

        assertEquals(List.of("alert: rule cannot evaluate; also delivery: message too long"), events.quarantineReasons);
    }

    @Test
    void aPermanentDeliveryFailureOfAQuarantinedRecordsNotificationJoinsItsDeadLetter() {
        ScriptedStep changes = new ScriptedStep("change", Channel.CHANGE_EVENTS);
        alerts.failingAt("1", EffectFailure.permanent("rule cannot evaluate"));
        publisher.failing(changes.notificationId("1"), "message too long", false);
        ProcessChangeBatchService service = quarantining(alerts, changes);

        assertEquals(BatchOutcome.success(0, 1), service.process(batch(createdRecord("1"))));

        assertEquals(List.of("alert: rule cannot evaluate; also delivery: message too long"), events.quarantineReasons);
        String body = publisher.delivered().stream().filter(n -> n.id().equals("event-1#dead-letter")).findFirst()
                .orElseThrow().body();
        assertTrue(body.contains("\"reason\":\"rule cannot evaluate; also delivery: message too long\""), body);
    }

    @Test
    void permanentStepFailureFailsTheRecordWhenNoDeadLetterChannelIsConfigured() {
        alerts.failingAt("2", EffectFailure.permanent("rule cannot evaluate"));

        RecordFailure failure = failureOf(service(DeliveryLedger.NONE, false).process(
                batch(createdRecord("1"), createdRecord("2"), createdRecord("3"))));

        assertEquals("2", failure.record().sequenceNumber());
        assertFalse(failure.retryable());
        assertEquals(List.of("1", "2"), alerts.seen());
    }

    @Test
    void deadLetterThatCannotBeDeliveredFailsItsRecord() {
        publisher.failing("event-2#dead-letter", "topic not found", false);

        RecordFailure failure = failureOf(service(DeliveryLedger.NONE, true).process(
                batch(createdRecord("1"), Changes.unreadable("2", "bad"), createdRecord("3"))));

        assertEquals("2", failure.record().sequenceNumber());
        assertEquals("delivery", failure.stage());
        assertEquals("topic not found", failure.reason());
        assertTrue(events.quarantined.isEmpty(), "a dead letter that did not arrive quarantined nothing");
    }

    @Test
    void timeBudgetBelowTheMarginStopsAtThatRecordAsARetryableFailure() {
        TimeBudget budget = readings(Duration.ofSeconds(10), Duration.ofSeconds(4), Duration.ofMillis(2999),
                Duration.ofSeconds(10));

        BatchOutcome outcome = service().process(new ProcessChangeBatchCommand(
                List.of(createdRecord("1"), createdRecord("2"), createdRecord("3"), createdRecord("4")), budget));

        RecordFailure failure = failureOf(outcome);
        assertEquals("3", failure.record().sequenceNumber());
        assertEquals("time", failure.stage());
        assertTrue(failure.retryable());
        assertTrue(failure.reason().contains("2999 ms"), failure.reason());
        assertEquals(List.of("1", "2"), alerts.seen());
        assertEquals(List.of(alerts.notificationId("1"), alerts.notificationId("2")), publisher.deliveredIds(),
                "what was done before the stop is delivered");
    }

    @Test
    void aMarginAboveTheTimeABatchStartsWithIsHalvedSoThatItsRecordsStillRun() {
        // A function whose timeout is below the margin: without this, every invocation would stop before
        // its first record, and Lambda would retry the batch until it skipped it.
        TimeBudget budget = readings(Duration.ofMillis(2000), Duration.ofMillis(1500), Duration.ofMillis(1001),
                Duration.ofMillis(999));

        BatchOutcome outcome = service().process(new ProcessChangeBatchCommand(
                List.of(createdRecord("1"), createdRecord("2"), createdRecord("3"), createdRecord("4")), budget));

        assertEquals(List.of("1", "2", "3"), alerts.seen(), "records run while at least half the starting time is left");
        RecordFailure failure = failureOf(outcome);
        assertEquals("4", failure.record().sequenceNumber());
        assertEquals("time", failure.stage());
        assertEquals("stopped with 999 ms left, below the safety margin of 1000 ms", failure.reason());
        assertEquals(1, events.degraded.size(), events.degraded.toString());
        assertTrue(events.degraded.get(0).contains("safety margin of 3000 ms is above the 2000 ms this batch started with"),
                events.degraded.get(0));
    }

    @Test
    void aBatchThatStartsWithTheMarginExactlyKeepsItAndSaysNothing() {
        TimeBudget budget = readings(MARGIN, MARGIN.minusMillis(1));

        BatchOutcome outcome = service().process(new ProcessChangeBatchCommand(
                List.of(createdRecord("1"), createdRecord("2")), budget));

        assertEquals(List.of("1"), alerts.seen());
        assertEquals("2", failureOf(outcome).record().sequenceNumber());
        assertEquals(List.of(), events.degraded);
    }

    @Test
    void failedDeliveryOfRecordKReportsRecordKEvenWhenLaterRecordsSucceeded() {
        publisher.failing(alerts.notificationId("2"), "throttled", true);

        BatchOutcome outcome = service().process(
                batch(createdRecord("1"), createdRecord("2"), createdRecord("3"), createdRecord("4")));

        RecordFailure failure = failureOf(outcome);
        assertEquals("2", failure.record().sequenceNumber());
        assertEquals("delivery", failure.stage());
        assertEquals("throttled", failure.reason());
        assertTrue(failure.retryable());
        assertEquals(1, outcome.processed());
        assertEquals(List.of("1"), events.processedSequenceNumbers(), "records from k on will be redelivered");
    }

    @Test
    void severalFailedDeliveriesReportTheEarliestRecord() {
        publisher.failing(alerts.notificationId("3"), "later failure", true)
                .failing(alerts.notificationId("2"), "earlier failure", true);

        RecordFailure failure = failureOf(service().process(
                batch(createdRecord("1"), createdRecord("2"), createdRecord("3"))));

        assertEquals("2", failure.record().sequenceNumber());
        assertEquals("earlier failure", failure.reason());
    }

    @Test
    void deliveryFailureBeforeAStepFailureMovesTheReportedRecordEarlier() {
        publisher.failing(alerts.notificationId("1"), "throttled", true);
        alerts.failingAt("3", EffectFailure.retryable("timeout"));

        RecordFailure failure = failureOf(service().process(
                batch(createdRecord("1"), createdRecord("2"), createdRecord("3"))));

        assertEquals("1", failure.record().sequenceNumber());
        assertEquals(List.of(failure), events.failed, "only one failure is reported");
    }

    @Test
    void replayingADeliveredBatchSendsNothingTwice() {
        InMemoryDeliveryLedger ledger = new InMemoryDeliveryLedger();
        ProcessChangeBatchService service = service(ledger, false);
        ProcessChangeBatchCommand command = batch(createdRecord("1"), createdRecord("2"));

        assertTrue(service.process(command).succeeded());
        assertTrue(service.process(command).succeeded());

        assertEquals(List.of(alerts.notificationId("1"), alerts.notificationId("2")), publisher.deliveredIds());
        assertEquals(1, publisher.calls().size(), "the replay finds everything in the ledger");
    }

    @Test
    void replayAfterAFailedDeliverySendsOnlyWhatWasNotDelivered() {
        InMemoryDeliveryLedger ledger = new InMemoryDeliveryLedger();
        publisher.failing(alerts.notificationId("2"), "throttled", true);
        RecordFailure failure = failureOf(service(ledger, false).process(
                batch(createdRecord("1"), createdRecord("2"), createdRecord("3"))));
        assertEquals("2", failure.record().sequenceNumber());

        // The stream delivers again from the reported record, and this time SNS answers.
        RecordingNotificationPublisher healthy = new RecordingNotificationPublisher();
        ProcessChangeBatchService retry = new ProcessChangeBatchService(List.of(alerts),
                new NotificationDelivery(healthy, ledger), events, Clock.fixed(NOW, ZoneOffset.UTC), MARGIN, false);
        assertTrue(retry.process(batch(createdRecord("2"), createdRecord("3"))).succeeded());

        assertEquals(List.of(alerts.notificationId("2")), healthy.deliveredIds(),
                "record 3's alert went out in the first attempt and is not repeated");
    }

    @Test
    void ledgerWriteFailureDegradesTheBatchButDoesNotFailIt() {
        BatchOutcome outcome = service(new InMemoryDeliveryLedger().failingWrites(), false).process(
                batch(createdRecord("1"), createdRecord("2")));

        assertEquals(BatchOutcome.success(2, 0), outcome);
        assertEquals(2, publisher.deliveredIds().size());
        assertEquals(1, events.degraded.size());
        assertTrue(events.degraded.get(0).contains("ledger"), events.degraded.get(0));
    }

    @Test
    void ledgerLookupFailureFailsTheFirstRecordWithNotificationsAsRetryable() {
        RecordFailure failure = failureOf(service(new InMemoryDeliveryLedger().failingLookups(), false).process(
                batch(createdRecord("1"), createdRecord("2"))));

        assertEquals("1", failure.record().sequenceNumber());
        assertTrue(failure.retryable());
        assertTrue(publisher.calls().isEmpty(), "nothing is sent without knowing what was sent before");
    }

    @Test
    void reportsTheAgeOfTheOldestRecord() {
        StreamRecord older = Changes.record(new dev.eddy.domain.Change.Created(
                Changes.position("1", NOW.minusSeconds(900)), Changes.key("s"), java.util.Optional.empty()));

        service().process(batch(createdRecord("2"), older));

        assertEquals(java.util.Optional.of(Duration.ofSeconds(900)), events.finished.get(0).oldestAge());
    }
}
