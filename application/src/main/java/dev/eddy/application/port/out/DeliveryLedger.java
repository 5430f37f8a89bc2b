package dev.eddy.application.port.out;

import dev.eddy.application.TimeBudget;
import java.util.Collection;
import java.util.Set;

/**
 * Remembers which notifications were delivered, so that a record the stream delivers again does
 * not notify twice. Entries outlive the stream's 24-hour retention.
 */
public interface DeliveryLedger {

    /**
     * Of these ids, the ones already delivered, within {@code budget}: a ledger that waits on a
     * network fails rather than start a call that could run past it.
     */
    Set<String> delivered(Collection<String> notificationIds, TimeBudget budget);

    /** Records these ids as delivered, within {@code budget}, as for {@link #delivered(Collection, TimeBudget)}. */
    void recordDelivered(Collection<String> notificationIds, TimeBudget budget);

    /** {@link #delivered(Collection, TimeBudget)} with no limit of time. */
    default Set<String> delivered(Collection<String> notificationIds) {
        return delivered(notificationIds, TimeBudget.UNLIMITED);
    }

    /** {@link #recordDelivered(Collection, TimeBudget)} with no limit of time. */
    default void recordDelivered(Collection<String> notificationIds) {
        recordDelivered(notificationIds, TimeBudget.UNLIMITED);
    }

    /** No ledger: delivery is at-least-once. */
    DeliveryLedger NONE = new DeliveryLedger() {
        @Override
        public Set<String> delivered(Collection<String> notificationIds, TimeBudget budget) {
            return Set.of();
        }

        @Override
        public void recordDelivered(Collection<String> notificationIds, TimeBudget budget) {
            // nothing remembered
        }
    };
}
