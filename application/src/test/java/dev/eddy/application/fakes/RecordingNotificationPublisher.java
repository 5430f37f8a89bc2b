package dev.eddy.application.fakes;

import dev.eddy.application.TimeBudget;
import dev.eddy.application.pipeline.Notification;
import java.time.Duration;
import dev.eddy.application.port.out.NotificationPublisher;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps every notification it is given and every call; fails the ids it was told to fail, for
 * ever ({@link #failing}) or for the next few attempts ({@link #fail}). Not thread-safe.
 */
public final class RecordingNotificationPublisher implements NotificationPublisher {
    private final Map<String, Integer> failuresLeft = new HashMap<>();
    private final Map<String, DeliveryFailure> failureOf = new HashMap<>();
    private final List<List<Notification>> calls = new ArrayList<>();
    private final List<Notification> published = new ArrayList<>();
    private final List<Duration> budgets = new ArrayList<>();

    /** From now on, publishing this id fails with this reason. */
    public RecordingNotificationPublisher failing(String notificationId, String reason, boolean retryable) {
        failuresLeft.put(notificationId, Integer.MAX_VALUE);
        failureOf.put(notificationId, new DeliveryFailure(reason, retryable));
        return this;
    }

    /** Fails the next {@code times} publications of notification {@code id}. */
    public RecordingNotificationPublisher fail(String id, int times, boolean retryable) {
        failuresLeft.put(id, times);
        failureOf.put(id, new DeliveryFailure("scripted failure of " + id, retryable));
        return this;
    }

    /** For each publish call, in order, the time its budget left when it was made. */
    public List<Duration> budgets() {
        return List.copyOf(budgets);
    }

    /** Notes the time the budget leaves, then publishes, failing what it was told to fail. */
    @Override
    public PublishResult publish(List<Notification> notifications, TimeBudget budget) {
        budgets.add(budget.remaining());
        calls.add(List.copyOf(notifications));
        Map<String, DeliveryFailure> failed = new LinkedHashMap<>();
        for (Notification n : notifications) {
            int left = failuresLeft.getOrDefault(n.id(), 0);
            if (left > 0) {
                if (left != Integer.MAX_VALUE) {
                    failuresLeft.put(n.id(), left - 1);
                }
                failed.put(n.id(), failureOf.get(n.id()));
            } else {
                published.add(n);
            }
        }
        return new PublishResult(failed);
    }

    /** Every publish call, in order, with the notifications it carried. */
    public List<List<Notification>> calls() {
        return List.copyOf(calls);
    }

    /** The notifications that were published and did not fail, in order. */
    public List<Notification> delivered() {
        return List.copyOf(published);
    }

    /** Same as {@link #delivered()}. */
    public List<Notification> published() {
        return delivered();
    }

    /** The ids of the delivered notifications, in order. */
    public List<String> deliveredIds() {
        List<String> ids = new ArrayList<>();
        for (Notification n : published) {
            ids.add(n.id());
        }
        return ids;
    }
}
