package dev.eddy.application.fakes;

import dev.eddy.application.projection.ProjectionStore;
import dev.eddy.application.projection.ProjectionStoreException;
import dev.eddy.domain.Value;
import dev.eddy.domain.projection.ProjectionUpdate;
import dev.eddy.domain.projection.TargetKey;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A projection store in memory with the same guard as the real one: an update applies only over a
 * lower last sequence number, and only when the item holds the expected values (otherwise the
 * update does not concern it and is a no-op, reported ALREADY_APPLIED as the real store does). A
 * removed item forgets its sequence number, as in DynamoDB.
 * {@link #failNext} makes the next calls fail, to test failure handling.
 */
public final class InMemoryProjectionStore implements ProjectionStore {
    private final Map<TargetKey, Map<String, Object>> items = new LinkedHashMap<>();
    private final Map<TargetKey, BigInteger> sequences = new HashMap<>();
    private final Deque<ProjectionStoreException> failures = new ArrayDeque<>();
    private int calls;

    public void failNext(ProjectionStoreException failure) {
        failures.add(failure);
    }

    public int calls() {
        return calls;
    }

    /** The item's attributes: numbers as BigDecimal, other values as {@link Value}. */
    public Optional<Map<String, Object>> item(TargetKey key) {
        return Optional.ofNullable(items.get(key)).map(Map::copyOf);
    }

    public Map<TargetKey, Map<String, Object>> items() {
        return Map.copyOf(items);
    }

    @Override
    public Applied apply(ProjectionUpdate update) {
        calls++;
        if (!failures.isEmpty()) {
            throw failures.poll();
        }
        BigInteger last = sequences.get(update.key());
        if (last != null && last.compareTo(update.sequence()) >= 0) {
            return Applied.ALREADY_APPLIED;
        }
        Map<String, Object> current = items.getOrDefault(update.key(), Map.of());
        for (Map.Entry<String, Value> expected : update.expected().entrySet()) {
            Value value = expected.getValue();
            Object wanted = value instanceof Value.Num n ? n.value() : value;
            if (!wanted.equals(current.get(expected.getKey()))) {
                return Applied.ALREADY_APPLIED;
            }
        }
        if (update instanceof ProjectionUpdate.Removal) {
            items.remove(update.key());
            sequences.remove(update.key());
            return Applied.APPLIED;
        }
        ProjectionUpdate.Upsert upsert = (ProjectionUpdate.Upsert) update;
        Map<String, Object> item = items.computeIfAbsent(update.key(), k -> new HashMap<>());
        upsert.set().forEach((name, value) -> item.put(name, value instanceof Value.Num n ? n.value() : value));
        upsert.remove().forEach(item::remove);
        upsert.add().forEach((name, delta) -> item.merge(name, delta, (a, b) -> ((BigDecimal) a).add((BigDecimal) b)));
        upsert.minimums().forEach((name, v) -> item.merge(name, v, (a, b) -> ((BigDecimal) a).min((BigDecimal) b)));
        upsert.maximums().forEach((name, v) -> item.merge(name, v, (a, b) -> ((BigDecimal) a).max((BigDecimal) b)));
        sequences.put(update.key(), update.sequence());
        return Applied.APPLIED;
    }
}
