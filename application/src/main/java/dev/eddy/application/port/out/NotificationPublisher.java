package dev.eddy.application.port.out;

import dev.eddy.application.TimeBudget;
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

    /**
     * Publishes as {@link #publish(List)} does, within {@code budget}: no call or wait starts that
     * could run past it, and a notification not sent for lack of time fails as retryable, its reason
     * saying so. A publisher that waits on a network must override this, so that a slow or absent
     * service cannot hold the invocation past Lambda's timeout (which would retry the whole batch and
     * repeat what was published). One that never waits (in memory, a local file) may keep this
     * default, which ignores the budget.
     */
    default PublishResult publish(List<Notification> notifications, TimeBudget budget) {
        return publish(notifications);
    }

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
