package dev.eddy.application.service;

import dev.eddy.application.TimeBudget;
import dev.eddy.application.pipeline.Channel;
import dev.eddy.application.pipeline.Notification;
import java.time.Duration;
import java.util.EnumMap;
import dev.eddy.application.port.out.DeliveryLedger;
import dev.eddy.application.port.out.NotificationPublisher;
import dev.eddy.application.port.out.NotificationPublisher.DeliveryFailure;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Delivers notifications once: skips those the ledger says were delivered, publishes the rest,
 * and records what got through. Every channel (alerts, change events, dead letters) shares it.
 *
 * <p>The order matters. The ledger is written after the publish succeeds, so a crash between the
 * two can repeat a notification on redelivery, but never lose one. Each notification carries its
 * deterministic id, so a consumer can drop that rare repeat.
 *
 * <p>A delivery keeps within the time it is given ({@link #deliver(List, TimeBudget)}), so that the
 * invocation reports its records before Lambda's timeout even when services are down: a timeout
 * would make Lambda retry the whole batch and repeat what was published but not yet in the ledger.
 * Of that time it keeps {@link #KEEP_FOR_REPORT} for reporting the batch afterwards, and the publisher
 * stops a further {@link #KEEP_FOR_RECORDING} earlier, so that what it did publish can still be
 * recorded; each at most a tenth and a quarter of the time, and never so much that the publisher
 * is left less than {@link #PUBLISHING_FLOOR} while the delivery has that much: a short budget
 * still publishes (a small safety margin must not make every retry of a batch fail at its first
 * notification). What is not published in time fails as retryable.
 */
public final class NotificationDelivery {
    /** At most this much of a delivery's time is left for reporting the batch after it. */
    static final Duration KEEP_FOR_REPORT = Duration.ofMillis(250);
    /**
     * At most this much of a delivery's time is left for the ledger's write after publishing: the
     * ledger answers in milliseconds, and its client gives one attempt 1.5 s.
     */
    static final Duration KEEP_FOR_RECORDING = Duration.ofMillis(1_500);
    /** What the time kept for the report and the ledger never takes from the publisher. */
    static final Duration PUBLISHING_FLOOR = Duration.ofMillis(300);

    private final NotificationPublisher publisher;
    private final DeliveryLedger ledger;

    public NotificationDelivery(NotificationPublisher publisher, DeliveryLedger ledger) {
        this.publisher = Objects.requireNonNull(publisher, "publisher");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
    }

    /** The outcome: which notifications failed, and a warning when the ledger could not be written. */
    public record Report(Map<String, DeliveryFailure> failed, Map<Channel, Integer> delivered, Optional<String> degraded) {
    }

    /** Delivers with no limit of time. */
    public Report deliver(List<Notification> notifications) {
        return deliver(notifications, TimeBudget.UNLIMITED);
    }

    /**
     * Delivers within {@code budget} (see the class comment): the ledger's calls end before it, less
     * the time kept for the report, and the publisher's before that, less the time kept for recording.
     */
    public Report deliver(List<Notification> notifications, TimeBudget budget) {
        if (notifications.isEmpty()) {
            return new Report(Map.of(), Map.of(), Optional.empty());
        }
        Duration atStart = max(Duration.ZERO, budget.remaining());
        Duration spare = max(Duration.ZERO, atStart.minus(PUBLISHING_FLOOR));
        Duration forReport = min(min(KEEP_FOR_REPORT, atStart.dividedBy(10)), spare);
        Duration forRecording = ledger == DeliveryLedger.NONE ? Duration.ZERO
                : min(min(KEEP_FOR_RECORDING, atStart.dividedBy(4)), spare.minus(forReport));
        TimeBudget ledgerBudget = () -> budget.remaining().minus(forReport);
        TimeBudget publisherBudget = () -> budget.remaining().minus(forReport).minus(forRecording);
        List<String> ids = new ArrayList<>(notifications.size());
        for (Notification n : notifications) {
            ids.add(n.id());
        }
        Set<String> done;
        try {
            done = ledger.delivered(ids, ledgerBudget);
        } catch (RuntimeException e) {
            return allFailed(ids, "delivery ledger lookup failed: " + describe(e));
        }
        List<Notification> toSend = new ArrayList<>(notifications.size());
        for (Notification n : notifications) {
            if (!done.contains(n.id())) {
                toSend.add(n);
            }
        }
        if (toSend.isEmpty()) {
            return new Report(Map.of(), Map.of(), Optional.empty());
        }
        Map<String, DeliveryFailure> failed = publisher.publish(toSend, publisherBudget).failed();
        List<String> delivered = new ArrayList<>(toSend.size());
        Map<Channel, Integer> perChannel = new EnumMap<>(Channel.class);
        for (Notification n : toSend) {
            if (!failed.containsKey(n.id())) {
                delivered.add(n.id());
                perChannel.merge(n.channel(), 1, Integer::sum);
            }
        }
        Optional<String> degraded = Optional.empty();
        if (!delivered.isEmpty()) {
            try {
                ledger.recordDelivered(delivered, ledgerBudget);
            } catch (RuntimeException e) {
                // The notifications did go out. Failing their records now would make the stream
                // send them again, so report the weakened guarantee instead.
                degraded = Optional.of("delivered " + delivered.size()
                        + " notification(s) but could not record them in the ledger; a redelivery may repeat them: "
                        + describe(e));
            }
        }
        return new Report(failed, perChannel, degraded);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static Report allFailed(Collection<String> ids, String reason) {
        Map<String, DeliveryFailure> failed = new LinkedHashMap<>();
        for (String id : ids) {
            failed.put(id, new DeliveryFailure(reason, true));
        }
        return new Report(failed, Map.of(), Optional.empty());
    }

    static String describe(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
