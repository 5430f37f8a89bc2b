package dev.eddy.application.fakes;

import dev.eddy.application.port.out.DeliveryLedger;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/** A {@link DeliveryLedger} in memory: what the DynamoDB ledger does with conditional writes, minus the TTL. */
public final class InMemoryDeliveryLedger implements DeliveryLedger {
    private final Set<String> delivered = new LinkedHashSet<>();

    @Override
    public synchronized Set<String> delivered(Collection<String> notificationIds) {
        Set<String> done = new LinkedHashSet<>();
        for (String id : notificationIds) {
            if (delivered.contains(id)) {
                done.add(id);
            }
        }
        return done;
    }

    @Override
    public synchronized void recordDelivered(Collection<String> notificationIds) {
        delivered.addAll(notificationIds);
    }

    public synchronized Set<String> ids() {
        return Set.copyOf(delivered);
    }
}
