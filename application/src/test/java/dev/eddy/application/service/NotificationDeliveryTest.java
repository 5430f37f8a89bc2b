package dev.eddy.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.application.TimeBudget;
import dev.eddy.application.fakes.InMemoryDeliveryLedger;
import dev.eddy.application.fakes.RecordingNotificationPublisher;
import dev.eddy.application.pipeline.Channel;
import dev.eddy.application.pipeline.Notification;
import dev.eddy.application.port.out.DeliveryLedger;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NotificationDeliveryTest {
    private final RecordingNotificationPublisher publisher = new RecordingNotificationPublisher();
    private final InMemoryDeliveryLedger ledger = new InMemoryDeliveryLedger();

    private static Notification notification(String id, Channel channel) {
        return new Notification(id, channel, "{}", Map.of());
    }

    @Test
    void nothingToDeliverPublishesNothing() {
        NotificationDelivery.Report report = new NotificationDelivery(publisher, ledger).deliver(List.of());

        assertTrue(report.failed().isEmpty());
        assertTrue(report.delivered().isEmpty());
        assertTrue(publisher.calls().isEmpty());
    }

    @Test
    void publishesAndRecordsEveryNotificationCountingThemPerChannel() {
        NotificationDelivery.Report report = new NotificationDelivery(publisher, ledger).deliver(List.of(
                notification("a", Channel.ALERTS), notification("b", Channel.CHANGE_EVENTS),
                notification("c", Channel.ALERTS)));

        assertEquals(List.of("a", "b", "c"), publisher.deliveredIds());
        assertEquals(Set.of("a", "b", "c"), ledger.recorded());
        assertEquals(Map.of(Channel.ALERTS, 2, Channel.CHANGE_EVENTS, 1), report.delivered());
        assertTrue(report.degraded().isEmpty());
    }

    @Test
    void skipsNotificationsTheLedgerAlreadyHolds() {
        ledger.recordDelivered(List.of("a"));

        NotificationDelivery.Report report = new NotificationDelivery(publisher, ledger).deliver(List.of(
                notification("a", Channel.ALERTS), notification("b", Channel.ALERTS)));

        assertEquals(List.of("b"), publisher.deliveredIds());
        assertEquals(Map.of(Channel.ALERTS, 1), report.delivered(), "skipped ones are not counted as published");
    }

    @Test
    void allAlreadyDeliveredMeansNoPublishCall() {
        ledger.recordDelivered(List.of("a"));

        new NotificationDelivery(publisher, ledger).deliver(List.of(notification("a", Channel.ALERTS)));

        assertTrue(publisher.calls().isEmpty());
    }

    @Test
    void failedNotificationsAreReportedWithTheirReasonAndNotRecorded() {
        publisher.failing("b", "AuthorizationError", false);

        NotificationDelivery.Report report = new NotificationDelivery(publisher, ledger).deliver(List.of(
                notification("a", Channel.ALERTS), notification("b", Channel.ALERTS)));

        assertEquals(Set.of("b"), report.failed().keySet());
        assertEquals("AuthorizationError", report.failed().get("b").reason());
        assertEquals(Set.of("a"), ledger.recorded());
    }

    @Test
    void ledgerLookupFailureFailsEveryNotificationAsRetryableAndPublishesNothing() {
        NotificationDelivery.Report report = new NotificationDelivery(publisher, new InMemoryDeliveryLedger()
                .failingLookups()).deliver(List.of(notification("a", Channel.ALERTS), notification("b", Channel.ALERTS)));

        assertEquals(Set.of("a", "b"), report.failed().keySet());
        assertTrue(report.failed().get("a").retryable());
        assertTrue(report.failed().get("a").reason().contains("ledger"), report.failed().get("a").reason());
        assertTrue(publisher.calls().isEmpty());
    }

    /**
     * Of its budget, a delivery keeps 250 ms for the report after it, and stops the publisher 1.5 s
     * earlier still, so that what was published can be recorded.
     */
    @Test
    void theLedgerGetsTheBudgetLessTheReportsTimeAndThePublisherLessTheRecordingsToo() {
        TimeBudget tenSeconds = () -> Duration.ofSeconds(10);

        new NotificationDelivery(publisher, ledger).deliver(List.of(notification("a", Channel.ALERTS)), tenSeconds);

        assertEquals(List.of(Duration.ofMillis(8_250)), publisher.budgets());
        assertEquals(List.of("lookup PT9.75S", "write PT9.75S"), ledger.budgets());
        assertEquals(Set.of("a"), ledger.recorded());
    }

    /** A short budget keeps at most a tenth for the report and a quarter for recording: most of it is for publishing. */
    @Test
    void aShortBudgetKeepsMostOfItselfForPublishing() {
        new NotificationDelivery(publisher, ledger).deliver(List.of(notification("a", Channel.ALERTS)),
                () -> Duration.ofMillis(1_000));

        assertEquals(List.of(Duration.ofMillis(650)), publisher.budgets());
        assertEquals(List.of("lookup PT0.9S", "write PT0.9S"), ledger.budgets());
    }

    /**
     * Near the end, the time kept for the report and the ledger never leaves the publisher less than
     * 300 ms while the delivery has that much: with a small safety margin, a delivery that kept its
     * full shares would start no call at all, and every retry of the batch would fail alike.
     */
    @Test
    void theTimeKeptNeverLeavesThePublisherLessThanItsFloor() {
        new NotificationDelivery(publisher, ledger).deliver(List.of(notification("a", Channel.ALERTS)),
                () -> Duration.ofMillis(400));
        new NotificationDelivery(publisher, ledger).deliver(List.of(notification("b", Channel.ALERTS)),
                () -> Duration.ofMillis(250));

        assertEquals(List.of(Duration.ofMillis(300), Duration.ofMillis(250)), publisher.budgets());
        assertEquals(List.of("lookup PT0.36S", "write PT0.36S", "lookup PT0.25S", "write PT0.25S"), ledger.budgets());
        assertEquals(Set.of("a", "b"), ledger.recorded());
    }

    @Test
    void withoutALedgerNoTimeIsKeptForRecording() {
        new NotificationDelivery(publisher, DeliveryLedger.NONE).deliver(List.of(notification("a", Channel.ALERTS)),
                () -> Duration.ofSeconds(10));

        assertEquals(List.of(Duration.ofMillis(9_750)), publisher.budgets());
    }

    @Test
    void ledgerWriteFailureIsDegradedNotFailed() {
        NotificationDelivery.Report report = new NotificationDelivery(publisher, new InMemoryDeliveryLedger()
                .failingWrites()).deliver(List.of(notification("a", Channel.ALERTS)));

        assertTrue(report.failed().isEmpty());
        assertEquals(Map.of(Channel.ALERTS, 1), report.delivered());
        assertTrue(report.degraded().orElseThrow().contains("could not record them in the ledger"));
    }
}
