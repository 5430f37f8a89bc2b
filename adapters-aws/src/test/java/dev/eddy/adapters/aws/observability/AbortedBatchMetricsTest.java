package dev.eddy.adapters.aws.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eddy.application.StreamRecord;
import dev.eddy.application.fakes.Changes;
import dev.eddy.application.fakes.RecordingNotificationPublisher;
import dev.eddy.application.pipeline.ChangeStep;
import dev.eddy.application.pipeline.Channel;
import dev.eddy.application.pipeline.Effects;
import dev.eddy.application.pipeline.Notification;
import dev.eddy.application.port.in.ProcessChangeBatchCommand;
import dev.eddy.application.port.out.DeliveryLedger;
import dev.eddy.application.service.DeliveryWindow;
import dev.eddy.application.service.NotificationDelivery;
import dev.eddy.application.service.ProcessChangeBatchService;
import dev.eddy.domain.Change;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A batch aborted by an error that escapes the use case (Lambda then retries the whole batch)
 * must not leave the records of the windows it had already reported behind: the next batch's
 * {@code Records} metric would count them again.
 */
class AbortedBatchMetricsTest {
    private static final Instant NOW = Changes.CREATED_AT.plusSeconds(60);

    /** Alerts every change; throws an Error (as a stack overflow or running out of memory does) at one record, once. */
    private static final class AlertingStep implements ChangeStep {
        String abortAt;

        @Override
        public String name() {
            return "alert";
        }

        @Override
        public void apply(Change change, Effects effects) {
            String sequence = change.source().sequenceNumber();
            if (sequence.equals(abortAt)) {
                abortAt = null;
                throw new StackOverflowError("deep in a step");
            }
            effects.notify(new Notification(change.source().eventId() + "#alert", Channel.ALERTS, "{}", Map.of()));
        }
    }

    @Test
    void aBatchAbortedAfterItsFirstWindowLeavesNoCountsForTheRetryToRepeat() {
        CapturedLines out = new CapturedLines();
        Observability observability = Observability.to(out.stream, Clock.fixed(NOW, ZoneOffset.UTC), "eddy", false,
                JsonLogger.Level.TRACE);
        AlertingStep step = new AlertingStep();
        ProcessChangeBatchService service = new ProcessChangeBatchService(List.of(step),
                new NotificationDelivery(new RecordingNotificationPublisher(), DeliveryLedger.NONE),
                observability.events(), Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofSeconds(3), false,
                new DeliveryWindow(3, 100, 1, 1L << 20));
        List<StreamRecord> batch = IntStream.rangeClosed(1, 5)
                .mapToObj(i -> (StreamRecord) Changes.createdRecord(Integer.toString(i))).toList();

        step.abortAt = "5";
        assertThrows(StackOverflowError.class, () -> service.process(ProcessChangeBatchCommand.of(batch)));
        service.process(ProcessChangeBatchCommand.of(batch)); // Lambda's retry of the whole batch

        List<JsonNode> metrics = out.metricLines();
        JsonNode batchLine = metrics.get(0);
        JsonNode records = metrics.get(1);
        assertEquals(2, metrics.size(), out.text());
        assertEquals(5, records.get("Records").asInt(), "the retry processed 5 records, not 3 more: " + records);
        assertEquals(3 + 5, batchLine.get("AlertsPublished").asInt(),
                "the aborted batch's 3 publications did happen (no ledger here), and the retry's 5: " + batchLine);
    }
}
