package dev.eddy.domain.projection;

import dev.eddy.domain.Value;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
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

    /** Attribute values the item must hold for the update to apply, besides the guard; usually none. */
    Map<String, Value> expected();

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
     * @param expected attributes the item must hold with these values for the update to apply (besides
     *                 the guard); when they differ, the update does not concern the item and is skipped
     */
    record Upsert(String projection, TargetKey key, BigInteger sequence, Map<String, Value> set,
                  Set<String> remove, Map<String, BigDecimal> add, Map<String, BigDecimal> minimums,
                  Map<String, BigDecimal> maximums, Map<String, Value> expected) implements ProjectionUpdate {
        /** The attributes only the store writes: the item's key and the guard. */
        private static final List<String> MANAGED =
                List.of(ProjectionAttributes.PK, ProjectionAttributes.SK, ProjectionAttributes.LAST_SEQUENCE);

        /** An upsert that expects nothing of the item but the guard. */
        public Upsert(String projection, TargetKey key, BigInteger sequence, Map<String, Value> set,
                      Set<String> remove, Map<String, BigDecimal> add, Map<String, BigDecimal> minimums,
                      Map<String, BigDecimal> maximums) {
            this(projection, key, sequence, set, remove, add, minimums, maximums, Map.of());
        }

        public Upsert {
            expected = UnmodifiableMaps.copyOf(expected);
            Objects.requireNonNull(projection, "projection");
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(sequence, "sequence");
            set = UnmodifiableMaps.copyOf(set);
            remove = Set.copyOf(remove);
            add = UnmodifiableMaps.copyOf(add);
            minimums = UnmodifiableMaps.copyOf(minimums);
            maximums = UnmodifiableMaps.copyOf(maximums);
            requireOwnNamesOnce(List.of(set.keySet(), remove, add.keySet(), minimums.keySet(), maximums.keySet()));
        }

        /** Refuses an attribute the store manages, and an attribute that two parts would update. */
        private static void requireOwnNamesOnce(List<Set<String>> parts) {
            for (int part = 0; part < parts.size(); part++) {
                Set<String> names = parts.get(part);
                if (names.isEmpty()) {
                    continue;
                }
                for (String managed : MANAGED) {
                    if (names.contains(managed)) {
                        throw new IllegalArgumentException("attribute " + managed + " is managed by the store");
                    }
                }
                // Within a part, names are distinct already: check them against the earlier parts only.
                if (part == 0) {
                    continue;
                }
                for (String name : names) {
                    for (int earlier = 0; earlier < part; earlier++) {
                        if (parts.get(earlier).contains(name)) {
                            throw new IllegalArgumentException("attribute " + name + " is updated twice in one update");
                        }
                    }
                }
            }
        }
    }

    /**
     * Deletes the item, unless it already holds a later change, or does not hold the {@code expected}
     * values (then the removal does not concern it).
     */
    record Removal(String projection, TargetKey key, BigInteger sequence, Map<String, Value> expected)
            implements ProjectionUpdate {
        public Removal {
            expected = UnmodifiableMaps.copyOf(expected);
            Objects.requireNonNull(projection, "projection");
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(sequence, "sequence");
        }
    }
}
