package dev.eddy.domain.projection;

import java.util.Map;

/**
 * {@link Map#copyOf}, without its cost under Lambda's C1 compiler. The JDK copies a mutable map
 * through {@code entrySet().toArray(new Entry[0])}, which creates the array reflectively when the
 * caller is C1-compiled; that was half of building an upsert in the pipeline's C1 profile
 * (docs/performance.md, round 5). The result is the same: an unmodifiable map of the same entries, nulls
 * refused, and an unmodifiable map of {@code Map.of}'s returned as it is.
 */
final class UnmodifiableMaps {
    private static final Class<?> ONE = Map.of("k", "v").getClass();
    private static final Class<?> N = Map.of().getClass();

    private UnmodifiableMaps() {
    }

    static <K, V> Map<K, V> copyOf(Map<K, V> map) {
        Class<?> type = map.getClass();
        if (type == ONE || type == N) {
            return map;
        }
        @SuppressWarnings("unchecked")
        Map.Entry<K, V>[] entries = new Map.Entry[map.size()];
        int i = 0;
        for (Map.Entry<K, V> e : map.entrySet()) {
            // Map.ofEntries takes the keys and values out and stores no entry ("the entries themselves are
            // not stored in the map"), so the source's own entries will do: no copy of each is needed.
            entries[i++] = e;
        }
        return Map.ofEntries(entries);
    }
}
