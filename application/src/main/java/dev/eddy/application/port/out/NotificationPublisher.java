package dev.eddy.application.port.out;

import dev.eddy.application.pipeline.Notification;
import java.util.List;
import java.util.Map;

/** Delivers notifications to their channels. Implementations batch as the transport allows. */
public interface NotificationPublisher {

    /**
     * Publishes every notification, and says which failed. Never throws for a failed delivery:
     * each notification either succeeds or appears in the result with its reason.
     */
    PublishResult publish(List<Notification> notifications);

    /** The notifications that were not delivered, by id, and why. */
    record PublishResult(Map<String, DeliveryFailure> failed) {
        public static final PublishResult ALL_DELIVERED = new PublishResult(Map.of());

        public PublishResult {
            failed = Map.copyOf(failed);
        }
    }

    /** Why a notification was not delivered, and whether trying again may help. */
    record DeliveryFailure(String reason, boolean retryable) {
    }
}
