package dev.eddy.application.fakes;

import dev.eddy.application.pipeline.Notification;
import dev.eddy.application.port.out.NotificationPublisher;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps every notification it is given; fails the ids it was told to fail. Not thread-safe.
 */
public final class RecordingNotificationPublisher implements NotificationPublisher {
    private final Map<String, DeliveryFailure> failures = new HashMap<>();
    private final List<List<Notification>> calls = new ArrayList<>();

    /** From now on, publishing this id fails with this reason. */
    public RecordingNotificationPublisher failing(String notificationId, String reason, boolean retryable) {
        failures.put(notificationId, new DeliveryFailure(reason, retryable));
        return this;
    }

    @Override
    public PublishResult publish(List<Notification> notifications) {
        calls.add(List.copyOf(notifications));
        Map<String, DeliveryFailure> failed = new LinkedHashMap<>();
        for (Notification n : notifications) {
            DeliveryFailure failure = failures.get(n.id());
            if (failure != null) {
                failed.put(n.id(), failure);
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
        List<Notification> delivered = new ArrayList<>();
        for (List<Notification> call : calls) {
            for (Notification n : call) {
                if (!failures.containsKey(n.id())) {
                    delivered.add(n);
                }
            }
        }
        return delivered;
    }

    /** The ids of the delivered notifications, in order. */
    public List<String> deliveredIds() {
        List<String> ids = new ArrayList<>();
        for (Notification n : delivered()) {
            ids.add(n.id());
        }
        return ids;
    }
}
