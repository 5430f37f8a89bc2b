package dev.eddy.application.port.out;

import dev.eddy.application.TimeBudget;
import dev.eddy.application.pipeline.Notification;
import java.util.List;
import java.util.Map;

/** Delivers notifications to their channels. Implementations batch as the transport allows. */
public interface NotificationPublisher {

    /**
     * Publishes every notification within {@code budget}, and says which failed. Never throws for a
     * failed delivery: each notification either succeeds or appears in the result with its reason.
     *
     * <p>No call or wait may start that could run past the budget, and a notification not sent for
     * lack of time fails as retryable, its reason saying so: a slow or absent service must not hold
     * the invocation past Lambda's timeout, which would retry the whole batch and repeat what was
     * published. A publisher that never waits (in memory, a local file) may ignore the budget.
     */
    PublishResult publish(List<Notification> notifications, TimeBudget budget);

    /** {@link #publish(List, TimeBudget)} with no limit of time (tests, tools). */
    default PublishResult publish(List<Notification> notifications) {
        return publish(notifications, TimeBudget.UNLIMITED);
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
