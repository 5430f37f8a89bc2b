package dev.eddy.domain.projection;

import dev.eddy.domain.Value;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What one change does to one projection item: an {@link Upsert} or a {@link Removal}, guarded by
 * the change's sequence number. A store applies it only if the item's last applied sequence number
 * is lower (or absent), so that a redelivered change is a no-op.
 */
public sealed interface ProjectionUpdate permits ProjectionUpdate.Upsert, ProjectionUpdate.Removal {

    /** The projection's name. */
    String projection();

    TargetKey key();

    /** The guard: the sequence number of the change, applied only over a lower one. */
    BigInteger sequence();

    /**
     * Creates or updates the item: all parts in one atomic write, except that {@link #minimums()}
     * and {@link #maximums()} may follow separately (they are idempotent: applying a minimum twice
     * changes nothing).
     *
     * @param set      attributes to set
     * @param remove   attributes to remove
     * @param add      numbers to add (created at 0 when absent); negative to retract
     * @param minimums attributes to lower to the given number, or create, when higher or absent
     * @param maximums attributes to raise to the given number, or create, when lower or absent
     */
    record Upsert(String projection, TargetKey key, BigInteger sequence, Map<String, Value> set,
                  Set<String> remove, Map<String, BigDecimal> add, Map<String, BigDecimal> minimums,
                  Map<String, BigDecimal> maximums) implements ProjectionUpdate {
        public Upsert {
            Objects.requireNonNull(projection, "projection");
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(sequence, "sequence");
            set = Map.copyOf(new LinkedHashMap<>(set));
            remove = Set.copyOf(new LinkedHashSet<>(remove));
            add = Map.copyOf(add);
            minimums = Map.copyOf(minimums);
            maximums = Map.copyOf(maximums);
            Set<String> seen = new HashSet<>();
            for (Set<String> names : java.util.List.of(set.keySet(), remove, add.keySet(),
                    minimums.keySet(), maximums.keySet())) {
                for (String name : names) {
                    if (ProjectionAttributes.PK.equals(name) || ProjectionAttributes.SK.equals(name)
                            || ProjectionAttributes.LAST_SEQUENCE.equals(name)) {
                        throw new IllegalArgumentException("attribute " + name + " is managed by the store");
                    }
                    if (!seen.add(name)) {
                        throw new IllegalArgumentException("attribute " + name + " is updated twice in one update");
                    }
                }
            }
        }
    }

    /** Deletes the item, unless it already holds a later change. */
    record Removal(String projection, TargetKey key, BigInteger sequence) implements ProjectionUpdate {
        public Removal {
            Objects.requireNonNull(projection, "projection");
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(sequence, "sequence");
        }
    }
}
