package dev.eddy.domain.projection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** {@link UnmodifiableMaps#copyOf} behaves as {@link Map#copyOf} does. */
class UnmodifiableMapsTest {

    @Test
    void copiesAMutableMapIntoAnUnmodifiableOneThatTheSourceNoLongerChanges() {
        for (int size = 0; size <= 12; size++) {
            Map<String, Integer> source = source(size);
            Map<String, Integer> copy = UnmodifiableMaps.copyOf(source);
            assertEquals(Map.copyOf(source), copy);
            assertEquals(Map.copyOf(source).getClass(), copy.getClass(), "the JDK's own unmodifiable map, size " + size);
            source.put("later", -1);
            assertEquals(size, copy.size());
            assertThrows(UnsupportedOperationException.class, () -> copy.put("x", 1));
        }
    }

    @Test
    void aCopyKeepsItsValuesWhenTheSourcesEntriesAreChangedAfterwards() {
        for (int size = 1; size <= 12; size++) {
            Map<String, Integer> source = source(size);
            Map<String, Integer> copy = UnmodifiableMaps.copyOf(source);
            source.entrySet().forEach(e -> e.setValue(-1));
            for (int i = 0; i < size; i++) {
                assertEquals(i, copy.get("k" + i), "size " + size);
            }
        }
    }

    /** {@code k0=0 ... k(size-1)=size-1}, in a HashMap for even sizes and a TreeMap for odd ones. */
    private static Map<String, Integer> source(int size) {
        Map<String, Integer> source = size % 2 == 0 ? new HashMap<>() : new TreeMap<>();
        for (int i = 0; i < size; i++) {
            source.put("k" + i, i);
        }
        return source;
    }

    @Test
    void returnsTheJdksUnmodifiableMapsAsTheyAre() {
        Map<String, Integer> one = Map.of("a", 1);
        Map<String, Integer> many = Map.of("a", 1, "b", 2, "c", 3);
        assertSame(one, UnmodifiableMaps.copyOf(one));
        assertSame(many, UnmodifiableMaps.copyOf(many));
        assertSame(Map.of(), UnmodifiableMaps.copyOf(Map.of()));
    }

    @Test
    void refusesNullKeysAndValuesLikeMapCopyOf() {
        Map<String, Integer> nullValue = new LinkedHashMap<>();
        nullValue.put("a", null);
        Map<String, Integer> nullKey = new HashMap<>();
        nullKey.put(null, 1);
        assertThrows(NullPointerException.class, () -> Map.copyOf(nullValue));
        assertThrows(NullPointerException.class, () -> UnmodifiableMaps.copyOf(nullValue));
        assertThrows(NullPointerException.class, () -> UnmodifiableMaps.copyOf(nullKey));
        Map<String, Integer> nullAmongMany = new HashMap<>(Map.of("a", 1, "b", 2));
        nullAmongMany.put("c", null);
        assertThrows(NullPointerException.class, () -> UnmodifiableMaps.copyOf(nullAmongMany));
        assertThrows(NullPointerException.class, () -> UnmodifiableMaps.copyOf(null));
    }
}
