package dev.eddy.application.service;

import dev.eddy.application.RecordRef;
import dev.eddy.application.StreamRecord;
import dev.eddy.application.pipeline.ChangeStep;
import dev.eddy.application.pipeline.Channel;
import dev.eddy.application.pipeline.EffectFailure;
import dev.eddy.application.pipeline.Notification;
import dev.eddy.application.port.in.BatchOutcome;
import dev.eddy.application.port.in.ProcessChangeBatchCommand;
import dev.eddy.application.port.in.ProcessChangeBatchUseCase;
import dev.eddy.application.port.in.RecordFailure;
import dev.eddy.application.port.out.NotificationPublisher.DeliveryFailure;
import dev.eddy.application.port.out.ProcessingEvents;
import dev.eddy.domain.Change;
import dev.eddy.domain.json.JsonWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Runs every {@link ChangeStep} over a batch, in stream order, with stream semantics.
 *
 * <p>DynamoDB Streams checkpoint at the lowest sequence number reported as failed and deliver
 * everything after it again. So this service stops at the first record that fails and reports
 * that record; the records before it are done and are not reported.
 *
 * <ul>
 *   <li>A record that fails for a reason a retry may cure (throttling, 5xx, a timeout, too little
 *       time left) stops the batch there.</li>
 *   <li>A record that can never succeed (unreadable, or a step says so) is quarantined whole on
 *       the dead-letter channel, when one is configured, and the batch goes on. Without that
 *       channel, or when the dead letter cannot be delivered, the record fails: nothing is
 *       dropped silently.</li>
 *   <li>Notifications are collected across the batch and delivered together at the end, ten per
 *       request, only for records before the failure point.</li>
 *   <li>A notification the publisher says can never be delivered (a permanent delivery failure)
 *       makes its record quarantined the same way, with stage {@code delivery}, when the
 *       dead-letter channel is configured; otherwise it fails the record.</li>
 * </ul>
 */
public final class ProcessChangeBatchService implements ProcessChangeBatchUseCase {
    private final List<ChangeStep> steps;
    private final NotificationDelivery delivery;
    private final ProcessingEvents events;
    private final Clock clock;
    private final Duration safetyMargin;
    private final boolean quarantineEnabled;

    /**
     * @param safetyMargin      stop before a record when less time than this remains; it must
     *                          cover the delivery at the end of the batch
     * @param quarantineEnabled whether permanent failures go to the dead-letter channel
     */
    public ProcessChangeBatchService(List<ChangeStep> steps, NotificationDelivery delivery, ProcessingEvents events,
                                     Clock clock, Duration safetyMargin, boolean quarantineEnabled) {
        this.steps = List.copyOf(steps);
        this.delivery = Objects.requireNonNull(delivery, "delivery");
        this.events = Objects.requireNonNull(events, "events");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.safetyMargin = Objects.requireNonNull(safetyMargin, "safetyMargin");
        this.quarantineEnabled = quarantineEnabled;
    }

    @Override
    public BatchOutcome process(ProcessChangeBatchCommand command) {
        Instant started = clock.instant();
        Run run = new Run(command.records());
        runSteps(run, command);
        deliver(run);
        return report(run, started);
    }

    /** What one batch has come to so far. Records from {@code failedAt} on are not done. */
    private static final class Run {
        final List<StreamRecord> records;
        final List<Notification> pending = new ArrayList<>();
        final Map<String, Integer> recordOfNotification = new HashMap<>();
        final Map<Integer, RecordFailure> quarantined = new HashMap<>();
        RecordFailure failure;
        DeliveryFailure undelivered;
        int failedAt;
        Instant oldest;

        Run(List<StreamRecord> records) {
            this.records = records;
            this.failedAt = records.size();
        }

        void collect(Notification notification, int record) {
            pending.add(notification);
            recordOfNotification.put(notification.id(), record);
        }

        void failAt(int record, RecordFailure why) {
            failedAt = record;
            failure = why;
        }
    }

    /** Phase 1: every step over every record, in order, until the first record that fails. */
    private void runSteps(Run run, ProcessChangeBatchCommand command) {
        for (int i = 0; i < run.records.size(); i++) {
            StreamRecord record = run.records.get(i);
            Duration remaining = command.timeBudget().remaining();
            if (remaining.compareTo(safetyMargin) < 0) {
                run.failAt(i, new RecordFailure(record.ref(), "time", "stopped with " + remaining.toMillis()
                        + " ms left, below the safety margin of " + safetyMargin.toMillis() + " ms", "none", true));
                return;
            }
            List<Notification> collected = new ArrayList<>(2);
            RecordFailure recordFailure;
            if (record instanceof StreamRecord.Readable readable) {
                Instant created = readable.change().source().approximateCreationTime();
                run.oldest = run.oldest == null || created.isBefore(run.oldest) ? created : run.oldest;
                recordFailure = runSteps(readable, collected);
            } else {
                StreamRecord.Unreadable unreadable = (StreamRecord.Unreadable) record;
                recordFailure = new RecordFailure(unreadable.ref(), "mapping", unreadable.problem(), "none", false);
            }
            if (recordFailure != null && !recordFailure.retryable() && quarantineEnabled) {
                collected.clear();
                collected.add(deadLetter(record, recordFailure));
                run.quarantined.put(i, recordFailure);
                recordFailure = null;
            }
            if (recordFailure != null) {
                run.failAt(i, recordFailure);
                return;
            }
            for (Notification n : collected) {
                run.collect(n, i);
            }
        }
    }

    /**
     * Phase 2: delivers the notifications of the records before the failure point. A record whose
     * notification failed for a reason a retry may cure becomes the failure point; one that can
     * never be delivered is quarantined like any other permanent failure, when dead letters are on.
     */
    private void deliver(Run run) {
        NotificationDelivery.Report report = delivery.deliver(run.pending);
        report.degraded().ifPresent(events::degraded);
        report.delivered().forEach(events::delivered);
        Map<Integer, RecordFailure> undeliverable = new TreeMap<>();
        for (Map.Entry<String, DeliveryFailure> failed : report.failed().entrySet()) {
            int index = run.recordOfNotification.get(failed.getKey());
            DeliveryFailure why = failed.getValue();
            if (!why.retryable() && quarantineEnabled && !run.quarantined.containsKey(index)) {
                // SNS will never take it (a sender fault, no topic): quarantine the record like any
                // other permanent failure instead of blocking the shard for every retry.
                undeliverable.putIfAbsent(index, new RecordFailure(run.records.get(index).ref(), "delivery",
                        why.reason(), "none", false));
            } else if (index < run.failedAt) {
                run.failedAt = index;
                run.undelivered = why;
            }
        }
        List<Notification> deadLetters = new ArrayList<>();
        for (Map.Entry<Integer, RecordFailure> permanent : undeliverable.entrySet()) {
            if (permanent.getKey() < run.failedAt) {
                Notification letter = deadLetter(run.records.get(permanent.getKey()), permanent.getValue());
                deadLetters.add(letter);
                run.recordOfNotification.put(letter.id(), permanent.getKey());
            }
        }
        if (!deadLetters.isEmpty()) {
            NotificationDelivery.Report quarantine = delivery.deliver(deadLetters);
            quarantine.degraded().ifPresent(events::degraded);
            quarantine.delivered().forEach(events::delivered);
            for (Notification letter : deadLetters) {
                int index = run.recordOfNotification.get(letter.id());
                DeliveryFailure failed = quarantine.failed().get(letter.id());
                if (failed == null) {
                    run.quarantined.put(index, undeliverable.get(index));
                } else if (index < run.failedAt) {
                    run.failedAt = index;
                    run.undelivered = failed;
                }
            }
        }
        if (run.undelivered != null) {
            run.failure = new RecordFailure(run.records.get(run.failedAt).ref(), "delivery",
                    run.undelivered.reason(), "none", run.undelivered.retryable());
        }
    }

    /** Phase 3: counts and reports what became of each record before the failure point. */
    private BatchOutcome report(Run run, Instant started) {
        int quarantinedCount = 0;
        int processed = 0;
        for (int i = 0; i < run.failedAt; i++) {
            StreamRecord record = run.records.get(i);
            RecordFailure quarantineReason = run.quarantined.get(i);
            if (quarantineReason != null) {
                quarantinedCount++;
                events.recordQuarantined(record.ref(), quarantineReason.stage() + ": " + quarantineReason.reason());
            } else if (record instanceof StreamRecord.Readable readable) {
                processed++;
                events.changeProcessed(readable.change());
            }
        }
        Optional<RecordFailure> reported = Optional.ofNullable(run.failure);
        reported.ifPresent(events::recordFailed);
        BatchOutcome outcome = new BatchOutcome(processed, quarantinedCount, reported);
        Instant finished = clock.instant();
        Optional<Duration> oldestAge = Optional.ofNullable(run.oldest).map(o -> Duration.between(o, finished));
        events.batchFinished(outcome, run.records.size(), Duration.between(started, finished), oldestAge);
        return outcome;
    }

    /** Runs every step for one change, collecting its notifications. Returns the failure, or null. */
    private RecordFailure runSteps(StreamRecord.Readable readable, List<Notification> collected) {
        Change change = readable.change();
        for (ChangeStep step : steps) {
            try {
                step.apply(change, collected::add);
            } catch (EffectFailure e) {
                return new RecordFailure(readable.ref(), step.name(), String.valueOf(e.getMessage()),
                        rootType(e), e.retryable());
            } catch (RuntimeException e) {
                // An unexpected error may be a bug or a passing fault: retry rather than lose data.
                return new RecordFailure(readable.ref(), step.name(),
                        "unexpected " + NotificationDelivery.describe(e), e.getClass().getName(), true);
            }
        }
        return null;
    }

    private static String rootType(EffectFailure e) {
        return e.getCause() != null ? e.getCause().getClass().getName() : e.getClass().getName();
    }

    /** The whole original record, with why it can never succeed. */
    private static Notification deadLetter(StreamRecord record, RecordFailure failure) {
        RecordRef ref = record.ref();
        String body = new JsonWriter().beginObject()
                .name("reason").value(failure.reason())
                .name("stage").value(failure.stage())
                .name("errorType").value(failure.errorType())
                .name("eventId").value(ref.eventId())
                .name("sequenceNumber").value(ref.sequenceNumber())
                .name("record").rawValue(record.raw().toJson())
                .endObject().toString();
        String id = (ref.eventId() != null ? ref.eventId() : "sequence-" + ref.sequenceNumber()) + "#dead-letter";
        return new Notification(id, Channel.DEAD_LETTERS, body, Map.of("stage", failure.stage()));
    }
}
