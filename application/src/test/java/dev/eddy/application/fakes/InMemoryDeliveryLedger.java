package dev.eddy.application.fakes;

import dev.eddy.application.port.out.DeliveryLedger;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A ledger in memory: what the DynamoDB ledger does, minus the TTL. It can be told to fail its
 * lookups or its writes, as a table that is unavailable would.
 */
public final class InMemoryDeliveryLedger implements DeliveryLedger {
    private final Set<String> delivered = new LinkedHashSet<>();
    private boolean failLookups;
    private boolean failWrites;

    public synchronized InMemoryDeliveryLedger failingLookups() {
        failLookups = true;
        return this;
    }

    public synchronized InMemoryDeliveryLedger failingWrites() {
        failWrites = true;
        return this;
    }

    @Override
    public synchronized Set<String> delivered(Collection<String> notificationIds) {
        if (failLookups) {
            throw new IllegalStateException("ledger table unavailable");
        }
        Set<String> found = new LinkedHashSet<>();
        for (String id : notificationIds) {
            if (delivered.contains(id)) {
                found.add(id);
            }
        }
        return found;
    }

    @Override
    public synchronized void recordDelivered(Collection<String> notificationIds) {
        if (failWrites) {
            throw new IllegalStateException("ledger table unavailable");
        }
        delivered.addAll(notificationIds);
    }

    /** Every id recorded as delivered. */
    public synchronized Set<String> recorded() {
        return Set.copyOf(delivered);
    }

    /** Same as {@link #recorded()}. */
    public Set<String> ids() {
        return recorded();
    }
}
