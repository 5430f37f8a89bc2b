package dev.eddy.application.fakes;

import dev.eddy.application.TimeBudget;
import dev.eddy.application.port.out.DeliveryLedger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
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
    private final List<String> budgets = new ArrayList<>();

    public synchronized InMemoryDeliveryLedger failingLookups() {
        failLookups = true;
        return this;
    }

    public synchronized InMemoryDeliveryLedger failingWrites() {
        failWrites = true;
        return this;
    }

    /** Notes the time the budget leaves ("lookup PT9.75S"), then looks the ids up. */
    @Override
    public synchronized Set<String> delivered(Collection<String> notificationIds, TimeBudget budget) {
        budgets.add("lookup " + budget.remaining());
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

    /** Notes the time the budget leaves ("write PT9.75S"), then records the ids. */
    @Override
    public synchronized void recordDelivered(Collection<String> notificationIds, TimeBudget budget) {
        budgets.add("write " + budget.remaining());
        if (failWrites) {
            throw new IllegalStateException("ledger table unavailable");
        }
        delivered.addAll(notificationIds);
    }

    /** For each call, in order, its kind and the time its budget left when it was made. */
    public synchronized List<String> budgets() {
        return List.copyOf(budgets);
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
