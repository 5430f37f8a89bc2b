package dev.eddy.application.service;

import dev.eddy.application.RecordRef;
import dev.eddy.application.StreamRecord;
import dev.eddy.application.TimeBudget;
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
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HexFormat;
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
 *   <li>A step that fails permanently does not stop the record's other steps: no retry could
 *       change their outcome, and each use case stands on its own. They run, their notifications
 *       are delivered (an alert is not lost because a projection was refused), and then the record
 *       is quarantined, its dead letter naming every step that failed. The failing step's own
 *       notifications, if it gave any before it threw, are dropped: its effect is incomplete.</li>
 *   <li>Notifications are collected record by record into a window and delivered together when
 *       the window is due ({@link DeliveryWindow}: by default about 100 notifications, ten per
 *       request), then the batch goes on with the next record; what is left is delivered at the
 *       end. Only notifications of records before the failure point are delivered. A record whose
 *       notification fails to deliver for a reason a retry may cure becomes the failure point, and
 *       no record after it is processed further.</li>
 *   <li>A notification the publisher says can never be delivered (a permanent delivery failure)
 *       makes its record quarantined the same way, with stage {@code delivery}, when the
 *       dead-letter channel is configured; otherwise it fails the record.</li>
 * </ul>
 *
 * <p>Each record is read from the batch's list once ({@link List#get}) and kept only until its
 * window is delivered and reported, so a list that reads its records on demand lets a batch's
 * changes and notification bodies be collected window by window.
 */
public final class ProcessChangeBatchService implements ProcessChangeBatchUseCase {
    private final List<ChangeStep> steps;
    private final NotificationDelivery delivery;
    private final ProcessingEvents events;
    private final Clock clock;
    private final Duration safetyMargin;
    private final boolean quarantineEnabled;
    private final DeliveryWindow window;

    /**
     * @param safetyMargin      stop before a record when less time than this remains: the time for
     *                          one record and the delivery of one window after it (its notifications,
     *                          then, when it quarantines a record, its dead letters) to succeed. The
     *                          deliveries are given the invocation's whole time and keep to it
     *                          ({@link NotificationDelivery}), so a margin too short for a slow service
     *                          costs a retry of the records not delivered, not a timeout. A batch that
     *                          starts with less time than this stops at half its time instead, and
     *                          says so as degraded ({@link #marginFor})
     * @param quarantineEnabled whether permanent failures go to the dead-letter channel
     */
    public ProcessChangeBatchService(List<ChangeStep> steps, NotificationDelivery delivery, ProcessingEvents events,
                                     Clock clock, Duration safetyMargin, boolean quarantineEnabled) {
        this(steps, delivery, events, clock, safetyMargin, quarantineEnabled, DeliveryWindow.DEFAULT);
    }

    /** The same, delivering notifications by {@code window} instead of {@link DeliveryWindow#DEFAULT}. */
    public ProcessChangeBatchService(List<ChangeStep> steps, NotificationDelivery delivery, ProcessingEvents events,
                                     Clock clock, Duration safetyMargin, boolean quarantineEnabled,
                                     DeliveryWindow window) {
        this.steps = List.copyOf(steps);
        this.delivery = Objects.requireNonNull(delivery, "delivery");
        this.events = Objects.requireNonNull(events, "events");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.safetyMargin = Objects.requireNonNull(safetyMargin, "safetyMargin");
        this.quarantineEnabled = quarantineEnabled;
        this.window = Objects.requireNonNull(window, "window");
    }

    @Override
    public BatchOutcome process(ProcessChangeBatchCommand command) {
        Instant started = clock.instant();
        events.batchStarted();
        List<StreamRecord> records = command.records();
        Run run = new Run(records.size(), command.timeBudget());
        Window current = new Window(0);
        for (int i = 0; i < records.size() && !run.stopped(); i++) {
            StreamRecord record = records.get(i);
            if (runSteps(run, current, record, i)
                    && window.due(current.notifications, current.records.size(), current.bodyChars, current.perChannel)) {
                deliver(run, current);
                report(run, current);
                current = new Window(i + 1);
            }
        }
        deliver(run, current);
        report(run, current);
        return finish(run, records.size(), started);
    }

    /** What one batch has come to so far. Records from {@code failedAt} on are not done. */
    private static final class Run {
        RecordFailure failure;
        int failedAt;
        int processed;
        int quarantined;
        Instant oldest;
        /** The batch's safety margin, set when its first record looks at the time left ({@link #marginFor}). */
        Duration margin;
        /** The invocation's time: records stop at the margin, deliveries within the whole of it. */
        final TimeBudget budget;

        Run(int records, TimeBudget budget) {
            this.failedAt = records;
            this.budget = budget;
        }

        /** Whether a record failed: nothing after it is processed. */
        boolean stopped() {
            return failure != null;
        }

        void failAt(int record, RecordFailure why) {
            failedAt = record;
            failure = why;
        }
    }

    /**
     * The records whose steps ran since the last delivery, with their notifications. Positions are
     * relative to {@code first}, the batch index of its first record.
     */
    private static final class Window {
        final int first;
        final List<StreamRecord> records = new ArrayList<>();
        final List<Notification> pending = new ArrayList<>();
        final Map<String, Integer> recordOfNotification = new HashMap<>();
        /** Records whose dead letter was delivered, by position, with why. */
        final Map<Integer, RecordFailure> quarantined = new HashMap<>();
        /**
         * Records to quarantine (unreadable, or a step failed permanently), by position, with why,
         * and their dead letters: sent after the window's other notifications, so that a delivery
         * failure of the record's own notifications can join the reason.
         */
        final Map<Integer, RecordFailure> toQuarantine = new HashMap<>();
        final Map<Integer, Notification> deadLetterOf = new HashMap<>();
        /** The notifications the window holds, its dead letters included, for {@link DeliveryWindow#due}. */
        int notifications;
        final Map<Channel, Integer> perChannel = new EnumMap<>(Channel.class);
        long bodyChars;

        Window(int first) {
            this.first = first;
        }

        void add(StreamRecord record, List<Notification> notifications, RecordFailure quarantineReason) {
            int position = records.size();
            records.add(record);
            for (Notification n : notifications) {
                pending.add(n);
                recordOfNotification.put(n.id(), position);
                count(n);
            }
            if (quarantineReason != null) {
                Notification letter = deadLetter(record, quarantineReason);
                toQuarantine.put(position, quarantineReason);
                deadLetterOf.put(position, letter);
                count(letter);
            }
        }

        private void count(Notification n) {
            notifications++;
            perChannel.merge(n.channel(), 1, Integer::sum);
            bodyChars += n.body().length();
        }

        StreamRecord record(int batchIndex) {
            return records.get(batchIndex - first);
        }
    }

    /**
     * Runs every step over record {@code i}. Adds it to the window when it is done (or
     * quarantined) and returns true; marks the run failed at {@code i} and returns false otherwise.
     */
    private boolean runSteps(Run run, Window current, StreamRecord record, int i) {
        Duration remaining = run.budget.remaining();
        if (run.margin == null) {
            run.margin = marginFor(remaining);
        }
        if (remaining.compareTo(run.margin) < 0) {
            run.failAt(i, new RecordFailure(record.ref(), "time", "stopped with " + remaining.toMillis()
                    + " ms left, below the safety margin of " + run.margin.toMillis() + " ms", "none", true));
            return false;
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
        RecordFailure quarantineReason = null;
        if (recordFailure != null && !recordFailure.retryable() && quarantineEnabled) {
            quarantineReason = recordFailure;
            recordFailure = null;
        }
        if (recordFailure != null) {
            run.failAt(i, recordFailure);
            return false;
        }
        current.add(record, collected, quarantineReason);
        return true;
    }

    /**
     * The safety margin of a batch whose first record finds {@code atStart} left. A margin above that
     * would stop every invocation before its first record: Lambda would retry the batch until its
     * retries ran out and then skip it, and no record of the shard would ever be processed. Only a
     * margin at or above the function's timeout does that, so it is a misconfiguration: it is reported
     * as degraded, naming both figures, and the batch keeps half the time it has as its margin, so that
     * its records are processed. What is lost is the margin's purpose, time to finish a delivery
     * window's calls when a service is slow; Lambda then retries the batch whole, which loses nothing.
     */
    private Duration marginFor(Duration atStart) {
        if (atStart.compareTo(safetyMargin) >= 0) {
            return safetyMargin;
        }
        Duration half = atStart.dividedBy(2);
        events.degraded("the safety margin of " + safetyMargin.toMillis() + " ms is above the " + atStart.toMillis()
                + " ms this batch started with, which would stop it before its first record in every invocation;"
                + " this batch stops at " + half.toMillis() + " ms left instead. Raise the function's timeout well above"
                + " the margin, or lower the margin");
        return half;
    }

    /**
     * Delivers the window's notifications (all of its records are before the failure point when
     * it is delivered). A record whose notification failed for a reason a retry may cure becomes
     * the failure point; one that can never be delivered is quarantined like any other permanent
     * failure, when dead letters are on.
     */
    private void deliver(Run run, Window current) {
        DeliveryFailure undelivered = null;
        Map<Integer, RecordFailure> undeliverable = new TreeMap<>(current.toQuarantine);
        if (!current.pending.isEmpty()) {
            NotificationDelivery.Report report = delivery.deliver(current.pending, run.budget);
            report.degraded().ifPresent(events::degraded);
            report.delivered().forEach(events::delivered);
            for (Map.Entry<String, DeliveryFailure> failed : report.failed().entrySet()) {
                int position = current.recordOfNotification.get(failed.getKey());
                int index = current.first + position;
                DeliveryFailure why = failed.getValue();
                if (!why.retryable() && quarantineEnabled) {
                    // SNS will never take it (a sender fault, no topic): quarantine the record like any
                    // other permanent failure instead of blocking the shard for every retry.
                    undeliverable.merge(position, new RecordFailure(current.records.get(position).ref(), "delivery",
                            why.reason(), "none", false), ProcessChangeBatchService::both);
                } else if (index < run.failedAt) {
                    run.failedAt = index;
                    undelivered = why;
                }
            }
        }
        List<Notification> deadLetters = new ArrayList<>();
        for (Map.Entry<Integer, RecordFailure> permanent : undeliverable.entrySet()) {
            int position = permanent.getKey();
            if (current.first + position < run.failedAt) {
                Notification letter = permanent.getValue().equals(current.toQuarantine.get(position))
                        ? current.deadLetterOf.get(position)
                        : deadLetter(current.records.get(position), permanent.getValue());
                deadLetters.add(letter);
                current.recordOfNotification.put(letter.id(), position);
            }
        }
        if (!deadLetters.isEmpty()) {
            NotificationDelivery.Report quarantine = delivery.deliver(deadLetters, run.budget);
            quarantine.degraded().ifPresent(events::degraded);
            quarantine.delivered().forEach(events::delivered);
            for (Notification letter : deadLetters) {
                int position = current.recordOfNotification.get(letter.id());
                int index = current.first + position;
                DeliveryFailure failed = quarantine.failed().get(letter.id());
                if (failed == null) {
                    current.quarantined.put(position, undeliverable.get(position));
                } else if (index < run.failedAt) {
                    run.failedAt = index;
                    undelivered = failed;
                }
            }
        }
        if (undelivered != null) {
            run.failure = new RecordFailure(current.record(run.failedAt).ref(), "delivery",
                    undelivered.reason(), "none", undelivered.retryable());
        }
    }

    /** Counts and reports what became of each record of the window before the failure point. */
    private void report(Run run, Window current) {
        int end = Math.min(run.failedAt - current.first, current.records.size());
        for (int position = 0; position < end; position++) {
            StreamRecord record = current.records.get(position);
            RecordFailure quarantineReason = current.quarantined.get(position);
            if (quarantineReason != null) {
                run.quarantined++;
                events.recordQuarantined(record.ref(), quarantineReason.stage() + ": " + quarantineReason.reason());
            } else if (record instanceof StreamRecord.Readable readable) {
                run.processed++;
                events.changeProcessed(readable.change());
            }
        }
    }

    /** Reports the failure, if any, and the batch. */
    private BatchOutcome finish(Run run, int records, Instant started) {
        Optional<RecordFailure> reported = Optional.ofNullable(run.failure);
        reported.ifPresent(events::recordFailed);
        BatchOutcome outcome = new BatchOutcome(run.processed, run.quarantined, reported);
        Instant finished = clock.instant();
        Optional<Duration> oldestAge = Optional.ofNullable(run.oldest).map(o -> Duration.between(o, finished));
        events.batchFinished(outcome, records, Duration.between(started, finished), oldestAge);
        return outcome;
    }

    /**
     * Runs every step for one change, collecting the notifications of the steps that complete.
     * Returns the first failure a retry may cure at once (the record stops there); otherwise the
     * permanent failures of the steps, all of them, after every step has run; or null.
     */
    private RecordFailure runSteps(StreamRecord.Readable readable, List<Notification> collected) {
        Change change = readable.change();
        RecordFailure permanent = null;
        List<Notification> ofStep = new ArrayList<>(2);
        for (ChangeStep step : steps) {
            ofStep.clear();
            try {
                step.apply(change, ofStep::add);
                collected.addAll(ofStep);
            } catch (EffectFailure e) {
                RecordFailure failure = new RecordFailure(readable.ref(), step.name(), String.valueOf(e.getMessage()),
                        rootType(e), e.retryable());
                if (e.retryable()) {
                    return failure;
                }
                permanent = permanent == null ? failure : both(permanent, failure);
            } catch (RuntimeException e) {
                // An unexpected error may be a bug or a passing fault: retry rather than lose data.
                return new RecordFailure(readable.ref(), step.name(),
                        "unexpected " + NotificationDelivery.describe(e), e.getClass().getName(), true);
            }
        }
        return permanent;
    }

    /**
     * Two permanent failures of one record, as one: the first's stage and type, both reasons; a
     * reason already there (several notifications refused alike) is not repeated.
     */
    private static RecordFailure both(RecordFailure first, RecordFailure then) {
        String also = "; also " + then.stage() + ": " + then.reason();
        if ((first.stage().equals(then.stage()) && first.reason().equals(then.reason())) || first.reason().contains(also)) {
            return first;
        }
        return new RecordFailure(first.record(), first.stage(), first.reason() + also, first.errorType(), false);
    }

    private static String rootType(EffectFailure e) {
        return e.getCause() != null ? e.getCause().getClass().getName() : e.getClass().getName();
    }

    /** The whole original record, with why it can never succeed. */
    private static Notification deadLetter(StreamRecord record, RecordFailure failure) {
        RecordRef ref = record.ref();
        String raw = record.raw().toJson();
        String body = new JsonWriter().beginObject()
                .name("reason").value(failure.reason())
                .name("stage").value(failure.stage())
                .name("errorType").value(failure.errorType())
                .name("eventId").value(ref.eventId())
                .name("sequenceNumber").value(ref.sequenceNumber())
                .name("record").rawValue(raw)
                .endObject().toString();
        return new Notification(deadLetterId(ref, raw), Channel.DEAD_LETTERS, body, Map.of("stage", failure.stage()));
    }

    /**
     * The record's own identity; for a record with neither an event id nor a sequence number (or
     * only blank ones: an unreadable record may carry {@code ""}), its content's digest. One id for
     * all of those would let the ledger take each one's dead letter for the first one's, already
     * delivered, and skip it: the record would be counted quarantined with its content sent nowhere.
     * A digest is as stable as an event id across redeliveries.
     */
    private static String deadLetterId(RecordRef ref, String raw) {
        if (ref.eventId() != null && !ref.eventId().isBlank()) {
            return ref.eventId() + "#dead-letter";
        }
        if (ref.sequenceNumber() != null && !ref.sequenceNumber().isBlank()) {
            return "sequence-" + ref.sequenceNumber() + "#dead-letter";
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(raw.getBytes(StandardCharsets.UTF_8));
            return "content-" + HexFormat.of().formatHex(digest) + "#dead-letter";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
