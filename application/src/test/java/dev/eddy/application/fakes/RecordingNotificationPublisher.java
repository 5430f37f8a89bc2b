package dev.eddy.application.fakes;

import dev.eddy.application.pipeline.Notification;
import dev.eddy.application.port.out.NotificationPublisher;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Publishes into a list. Scripted failures: the next N attempts of an id fail with a reason. */
public final class RecordingNotificationPublisher implements NotificationPublisher {
    private final List<Notification> published = new ArrayList<>();
    private final Map<String, Integer> failuresLeft = new HashMap<>();
    private final Map<String, DeliveryFailure> failureOf = new HashMap<>();

    /** Fails the next {@code times} publications of notification {@code id}. */
    public RecordingNotificationPublisher fail(String id, int times, boolean retryable) {
        failuresLeft.put(id, times);
        failureOf.put(id, new DeliveryFailure("scripted failure of " + id, retryable));
        return this;
    }

    @Override
    public PublishResult publish(List<Notification> notifications) {
        Map<String, DeliveryFailure> failed = new LinkedHashMap<>();
        for (Notification n : notifications) {
            int left = failuresLeft.getOrDefault(n.id(), 0);
            if (left > 0) {
                failuresLeft.put(n.id(), left - 1);
                failed.put(n.id(), failureOf.get(n.id()));
            } else {
                published.add(n);
            }
        }
        return new PublishResult(failed);
    }

    public List<Notification> published() {
        return List.copyOf(published);
    }
}
