package dev.eddy.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.application.StreamRecord;
import dev.eddy.application.fakes.Changes;
import dev.eddy.application.fakes.RecordingNotificationPublisher;
import dev.eddy.application.fakes.RecordingProcessingEvents;
import dev.eddy.application.fakes.ScriptedStep;
import dev.eddy.application.pipeline.Channel;
import dev.eddy.application.pipeline.EffectFailure;
import dev.eddy.application.port.in.BatchOutcome;
import dev.eddy.application.port.in.ProcessChangeBatchCommand;
import dev.eddy.application.port.out.DeliveryLedger;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Windowed delivery has the stream semantics of one delivery at the end: over random batches
 * (unreadable records, retryable and permanent step failures, retryable and permanent delivery
 * failures, failing dead letters), any window gives the same outcome, the same records processed
 * and quarantined, and every record before the failure point has all its notifications (or its
 * dead letter) delivered.
 */
class WindowedDeliveryPropertyTest {
    private static final long FIRST_SEED = 4_242L;
    private static final int RUNS = 3000;
    private static final DeliveryWindow AT_THE_END = new DeliveryWindow(1 << 20, 1 << 20, 1, Long.MAX_VALUE);

    private record Result(BatchOutcome outcome, List<String> processed, List<String> quarantined, Set<String> delivered) {
    }

    private static Result run(long seed, DeliveryWindow window) {
        SplittableRandom random = new SplittableRandom(seed);
        boolean quarantine = random.nextBoolean();
        int size = 1 + random.nextInt(30);
        ScriptedStep alerts = ScriptedStep.alerting("alert");
        ScriptedStep changes = new ScriptedStep("change", Channel.CHANGE_EVENTS);
        RecordingNotificationPublisher publisher = new RecordingNotificationPublisher();
        List<StreamRecord> batch = new ArrayList<>();
        for (int i = 1; i <= size; i++) {
            String seq = Integer.toString(i);
            int roll = random.nextInt(100);
            if (roll < 5) {
                batch.add(Changes.unreadable(seq, "eventName is missing"));
            } else {
                batch.add(Changes.createdRecord(seq));
                if (roll < 8) {
                    changes.failingAt(seq, EffectFailure.permanent("never"));
                } else if (roll < 9) {
                    alerts.failingAt(seq, EffectFailure.retryable("later"));
                }
            }
            int delivery = random.nextInt(100);
            if (delivery < 4) {
                publisher.failing(alerts.notificationId(seq), "sender fault", false);
            } else if (delivery < 6) {
                publisher.failing(changes.notificationId(seq), "throttled", true);
            } else if (delivery < 7) {
                publisher.failing(Changes.eventId(seq) + "#dead-letter", "dead letters down", random.nextBoolean());
            }
        }
        RecordingProcessingEvents events = new RecordingProcessingEvents();
        ProcessChangeBatchService service = new ProcessChangeBatchService(List.of(alerts, changes),
                new NotificationDelivery(publisher, DeliveryLedger.NONE), events,
                Clock.fixed(Changes.CREATED_AT, ZoneOffset.UTC), Duration.ofSeconds(3), quarantine, window);
        BatchOutcome outcome = service.process(ProcessChangeBatchCommand.of(batch));

        int failedAt = outcome.failure().map(f -> Integer.parseInt(f.record().sequenceNumber())).orElse(size + 1);
        Set<String> deliveredBefore = new HashSet<>();
        for (String id : publisher.deliveredIds()) {
            if (Integer.parseInt(id.substring(id.indexOf('-') + 1, id.indexOf('#'))) < failedAt) {
                deliveredBefore.add(id);
            }
        }
        List<String> quarantined = events.quarantined.stream().map(r -> r.sequenceNumber()).toList();
        for (int i = 1; i < failedAt; i++) {
            String seq = Integer.toString(i);
            if (quarantined.contains(seq)) {
                assertTrue(deliveredBefore.contains(Changes.eventId(seq) + "#dead-letter"),
                        "seed " + seed + ": record " + seq + " quarantined without its dead letter");
            } else {
                assertTrue(deliveredBefore.contains(alerts.notificationId(seq))
                                && deliveredBefore.contains(changes.notificationId(seq)),
                        "seed " + seed + ", " + window + ": record " + seq + " before the failure point " + failedAt
                                + " is done without all its notifications");
            }
        }
        assertEquals(List.of(outcome), events.finished.stream().map(f -> f.outcome()).toList());
        assertEquals(outcome.failure().stream().toList(), events.failed);
        return new Result(outcome, events.processedSequenceNumbers(), quarantined, deliveredBefore);
    }

    @Test
    void anyWindowGivesTheOutcomeOfOneDeliveryAtTheEnd() {
        for (long seed = FIRST_SEED; seed < FIRST_SEED + RUNS; seed++) {
            SplittableRandom random = new SplittableRandom(~seed);
            DeliveryWindow window = new DeliveryWindow(1 + random.nextInt(6), 1 + random.nextInt(6),
                    1 + random.nextInt(3), 1 + random.nextInt(200));
            Result once = run(seed, AT_THE_END);
            Result windowed = run(seed, window);
            assertEquals(once, windowed, "seed " + seed + ", " + window);
        }
    }
}
