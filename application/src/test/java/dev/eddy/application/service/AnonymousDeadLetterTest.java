package dev.eddy.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.application.RecordRef;
import dev.eddy.application.StreamRecord;
import dev.eddy.application.fakes.Changes;
import dev.eddy.application.fakes.InMemoryDeliveryLedger;
import dev.eddy.application.fakes.RecordingNotificationPublisher;
import dev.eddy.application.fakes.RecordingProcessingEvents;
import dev.eddy.application.fakes.ScriptedStep;
import dev.eddy.application.pipeline.Channel;
import dev.eddy.application.pipeline.Notification;
import dev.eddy.application.port.in.BatchOutcome;
import dev.eddy.application.port.in.ProcessChangeBatchCommand;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Records with neither an event id nor a sequence number (a {@code null} or non-object element of
 * {@code Records}, an object without either field) are quarantined with their own content. Their
 * dead letters must not share one id: the ledger would take the second for the first, already
 * delivered, and skip it, so the record would count as quarantined with its content sent nowhere.
 * With windowed delivery that happens within one batch, as soon as the two fall in different windows.
 */
class AnonymousDeadLetterTest {
    private final RecordingNotificationPublisher publisher = new RecordingNotificationPublisher();

    /** The service with dead letters and a ledger, delivering a window every {@code notifications} notifications. */
    private ProcessChangeBatchService service(int notifications) {
        return new ProcessChangeBatchService(List.of(ScriptedStep.alerting("alert")),
                new NotificationDelivery(publisher, new InMemoryDeliveryLedger()), new RecordingProcessingEvents(),
                Clock.fixed(Changes.CREATED_AT, ZoneOffset.UTC), Duration.ofSeconds(3), true,
                new DeliveryWindow(notifications, 100, 1, 1L << 20));
    }

    private static StreamRecord.Unreadable anonymous(String rawJson, String problem) {
        return new StreamRecord.Unreadable(new RecordRef(null, null), problem, () -> rawJson);
    }

    @Test
    void recordsWithBlankIdsAreEachDeadLetteredToo() {
        // "eventID": "" is a hostile record's, and reaches the dead letter's id as it is.
        ProcessChangeBatchService service = service(1);
        List<StreamRecord> batch = List.of(
                new StreamRecord.Unreadable(new RecordRef("", ""), "eventName is missing", () -> "{\"eventID\":\"\"}"),
                new StreamRecord.Unreadable(new RecordRef("  ", null), "eventName is missing", () -> "{\"eventID\":\"  \"}"),
                new StreamRecord.Unreadable(new RecordRef("", ""), "eventName is missing", () -> "{\"eventID\":\"\",\"x\":1}"));

        assertEquals(BatchOutcome.success(0, 3), service.process(ProcessChangeBatchCommand.of(batch)));
        List<String> ids = publisher.delivered().stream().map(Notification::id).toList();
        assertEquals(3, ids.stream().distinct().count(), ids.toString());
        ids.forEach(id -> assertTrue(id.startsWith("content-"), id));
    }

    @Test
    void twoRecordsWithoutIdentityInDifferentWindowsAreEachDeadLettered() {
        ProcessChangeBatchService service = service(2);
        List<StreamRecord> batch = List.of(Changes.createdRecord("1"), anonymous("42", "record is not a JSON object"),
                Changes.createdRecord("3"), anonymous("{\"eventName\":\"INSERT\"}", "eventID is missing"));

        BatchOutcome outcome = service.process(ProcessChangeBatchCommand.of(batch));

        assertEquals(BatchOutcome.success(2, 2), outcome);
        List<String> deadLetters = publisher.delivered().stream().filter(n -> n.channel() == Channel.DEAD_LETTERS)
                .map(Notification::body).toList();
        assertEquals(2, deadLetters.size(), "one dead letter per quarantined record: " + deadLetters);
        assertEquals(2, deadLetters.stream().distinct().count());
    }
}
