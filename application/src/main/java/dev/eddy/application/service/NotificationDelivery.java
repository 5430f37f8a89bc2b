package dev.eddy.application.service;

import dev.eddy.application.pipeline.Channel;
import dev.eddy.application.pipeline.Notification;
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
 */
public final class NotificationDelivery {
    private final NotificationPublisher publisher;
    private final DeliveryLedger ledger;

    public NotificationDelivery(NotificationPublisher publisher, DeliveryLedger ledger) {
        this.publisher = Objects.requireNonNull(publisher, "publisher");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
    }

    /** The outcome: which notifications failed, and a warning when the ledger could not be written. */
    public record Report(Map<String, DeliveryFailure> failed, Map<Channel, Integer> delivered, Optional<String> degraded) {
    }

    public Report deliver(List<Notification> notifications) {
        if (notifications.isEmpty()) {
            return new Report(Map.of(), Map.of(), Optional.empty());
        }
        List<String> ids = new ArrayList<>(notifications.size());
        for (Notification n : notifications) {
            ids.add(n.id());
        }
        Set<String> done;
        try {
            done = ledger.delivered(ids);
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
        Map<String, DeliveryFailure> failed = publisher.publish(toSend).failed();
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
                ledger.recordDelivered(delivered);
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
