package dev.eddy.application.port.out;

import dev.eddy.application.TimeBudget;
import java.util.Collection;
import java.util.Set;

/**
 * Remembers which notifications were delivered, so that a record the stream delivers again does
 * not notify twice. Entries outlive the stream's 24-hour retention.
 */
public interface DeliveryLedger {

    /** Of these ids, the ones already delivered. */
    Set<String> delivered(Collection<String> notificationIds);

    /** Records these ids as delivered. */
    void recordDelivered(Collection<String> notificationIds);

    /**
     * {@link #delivered(Collection)} within {@code budget}: a ledger that waits on a network must
     * override this and fail, rather than start a call that could run past the budget. The default
     * ignores the budget.
     */
    default Set<String> delivered(Collection<String> notificationIds, TimeBudget budget) {
        return delivered(notificationIds);
    }

    /** {@link #recordDelivered(Collection)} within {@code budget}, as for {@link #delivered(Collection, TimeBudget)}. */
    default void recordDelivered(Collection<String> notificationIds, TimeBudget budget) {
        recordDelivered(notificationIds);
    }

    /** No ledger: delivery is at-least-once. */
    DeliveryLedger NONE = new DeliveryLedger() {
        @Override
        public Set<String> delivered(Collection<String> notificationIds) {
            return Set.of();
        }

        @Override
        public void recordDelivered(Collection<String> notificationIds) {
            // nothing remembered
        }
    };
}
