package dev.eddy.adapters.aws.sns;

import static dev.eddy.application.fakes.SensorChanges.created;
import static dev.eddy.application.fakes.SensorChanges.deleted;
import static dev.eddy.application.fakes.SensorChanges.expired;
import static dev.eddy.application.fakes.SensorChanges.reading;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.adapters.aws.config.AlertsWiring;
import dev.eddy.adapters.aws.rules.ExampleRules;
import dev.eddy.application.StreamRecord;
import dev.eddy.application.changeevent.ChangeDocuments;
import dev.eddy.application.fakes.InMemoryDeliveryLedger;
import dev.eddy.application.pipeline.ChangeStep;
import dev.eddy.application.pipeline.Channel;
import dev.eddy.application.port.in.BatchOutcome;
import dev.eddy.application.port.in.ProcessChangeBatchCommand;
import dev.eddy.application.port.out.DeliveryLedger;
import dev.eddy.application.port.out.ProcessingEvents;
import dev.eddy.application.service.NotificationDelivery;
import dev.eddy.application.service.ProcessChangeBatchService;
import dev.eddy.domain.Change;
import dev.eddy.testsupport.sns.LoopbackSnsServer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A batch whose middle record's alert cannot be delivered, replayed from that record the way
 * Lambda does with ReportBatchItemFailures: the real batch service, alert step and event-ruler
 * rules, the SNS publisher on a loopback server, and an in-memory ledger.
 */
class AlertReplayTest {
    private static final RetryPolicy FAST = new RetryPolicy(2, Duration.ofMillis(1), Duration.ofMillis(2));

    private final LoopbackSnsServer server = LoopbackSnsServer.start();
    private final SnsPublishBatchClient client = SnsNotificationPublisherTest.client(server);

    /** r1 crosses 80; r2 expires; r3 crosses 80 (its crossing alert will fail); r4 is deleted; r5 stays above 80. */
    private final List<Change> batch = List.of(
            reading("r1", 101, "sensor-1", 79, 81),
            expired("r2", 102, "gateway-2", "temperature", 20),
            reading("r3", 103, "sensor-3", 70, 95),
            deleted("r4", 104, "sensor-4"),
            reading("r5", 105, "sensor-1", 81, 82));

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    private ProcessChangeBatchService service(DeliveryLedger ledger) {
        ChangeStep alerts = AlertsWiring.alertStep(ExampleRules.json(), new ChangeDocuments()).orElseThrow();
        SnsNotificationPublisher publisher = SnsNotificationPublisher.create(client, Map.of(Channel.ALERTS,
                SnsNotificationPublisherTest.ALERTS), FAST);
        return new ProcessChangeBatchService(List.of(alerts), new NotificationDelivery(publisher, ledger),
                ProcessingEvents.NONE, Clock.systemUTC(), Duration.ZERO, false);
    }

    private static ProcessChangeBatchCommand records(List<Change> changes) {
        List<StreamRecord> records = new ArrayList<>();
        for (Change change : changes) {
            records.add(new StreamRecord.Readable(change, () -> "{}"));
        }
        return ProcessChangeBatchCommand.of(records);
    }

    private List<String> publishedIds() {
        return server.published().stream().map(e -> e.attribute("eddy-id")).toList();
    }

    /** Runs the batch, then again from the reported record, until it succeeds (at most 5 times). */
    private int runLikeLambda(ProcessChangeBatchService service) {
        List<Change> remaining = batch;
        for (int invocation = 1; invocation <= 5; invocation++) {
            BatchOutcome outcome = service.process(records(remaining));
            if (outcome.succeeded()) {
                return invocation;
            }
            String failedSequence = outcome.failure().orElseThrow().record().sequenceNumber();
            int from = 0;
            while (!remaining.get(from).source().sequenceNumber().equals(failedSequence)) {
                from++;
            }
            remaining = remaining.subList(from, remaining.size());
        }
        throw new AssertionError("batch did not succeed in 5 invocations");
    }

    @Test
    void replayFromTheFailedRecordSendsEveryAlertExactlyOnce() {
        server.failEntries(e -> "r3#alert#crossed-80".equals(e.attribute("eddy-id")), "InternalError", false, 2);
        InMemoryDeliveryLedger ledger = new InMemoryDeliveryLedger();
        ProcessChangeBatchService service = service(ledger);

        BatchOutcome first = service.process(records(batch));
        assertEquals("103", first.failure().orElseThrow().record().sequenceNumber());
        assertTrue(first.failure().get().retryable());
        assertEquals(2, first.processed());

        // Lambda checkpoints before the reported record and delivers the batch again from there.
        BatchOutcome replay = service.process(records(batch.subList(2, batch.size())));
        assertTrue(replay.succeeded(), replay.toString());
        assertEquals(3, replay.processed());
        List<String> expected = List.of("r1#alert#hot", "r1#alert#crossed-80", "r2#alert#expired",
                "r3#alert#hot", "r3#alert#crossed-80", "r4#alert#sensor-deleted", "r5#alert#hot");
        List<String> sent = publishedIds();
        assertEquals(expected.size(), sent.size(), sent.toString());
        assertEquals(java.util.Set.copyOf(expected), java.util.Set.copyOf(sent));

        // A full redelivery of the batch (say, after a crash) sends nothing again.
        assertTrue(service.process(records(batch)).succeeded());
        assertEquals(sent, publishedIds());
    }

    @Test
    void withoutALedgerTheReplayRepeatsAlertsOfLaterRecords() {
        server.failEntries(e -> "r3#alert#crossed-80".equals(e.attribute("eddy-id")), "InternalError", false, 2);
        assertEquals(2, runLikeLambda(service(DeliveryLedger.NONE)));
        List<String> sent = publishedIds();
        assertEquals(2, sent.stream().filter("r4#alert#sensor-deleted"::equals).count(), sent.toString());
        assertEquals(2, sent.stream().filter("r3#alert#hot"::equals).count(), sent.toString());
    }
}
