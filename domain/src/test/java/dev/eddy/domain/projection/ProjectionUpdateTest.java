package dev.eddy.domain.projection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.eddy.domain.Value;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProjectionUpdateTest {
    private static final TargetKey KEY = new TargetKey("p#sensor-1", "latest");

    /** The five parts of an upsert (set, remove, add, minimums, maximums), each with a name of its own. */
    private static final class Parts {
        final Map<String, Value> set = new HashMap<>(Map.of("a", Value.of("x")));
        final Set<String> remove = new HashSet<>(Set.of("b"));
        final List<Map<String, BigDecimal>> numbers = List.of(new HashMap<>(Map.of("c", BigDecimal.ONE)),
                new HashMap<>(Map.of("d", BigDecimal.ONE)), new HashMap<>(Map.of("e", BigDecimal.ONE)));

        /** Adds {@code name} to part number {@code part}, 0 to 4. */
        Parts with(int part, String name) {
            if (part == 0) {
                set.put(name, Value.of("x"));
            } else if (part == 1) {
                remove.add(name);
            } else {
                numbers.get(part - 2).put(name, BigDecimal.ONE);
            }
            return this;
        }

        ProjectionUpdate.Upsert upsert() {
            return new ProjectionUpdate.Upsert("p", KEY, BigInteger.ONE, set, remove, numbers.get(0), numbers.get(1), numbers.get(2));
        }
    }

    @Test
    void everyPartRefusesTheAttributesTheStoreManages() {
        for (String managed : List.of(ProjectionAttributes.PK, ProjectionAttributes.SK, ProjectionAttributes.LAST_SEQUENCE)) {
            for (int part = 0; part < 5; part++) {
                Parts parts = new Parts().with(part, managed);
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, parts::upsert,
                        managed + " in part " + part);
                assertEquals("attribute " + managed + " is managed by the store", e.getMessage());
            }
        }
    }

    @Test
    void anAttributeInTwoPartsIsRefusedWhicheverTheParts() {
        for (int first = 0; first < 5; first++) {
            for (int second = first + 1; second < 5; second++) {
                Parts parts = new Parts().with(first, "twice").with(second, "twice");
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, parts::upsert,
                        "twice in parts " + first + " and " + second);
                assertEquals("attribute twice is updated twice in one update", e.getMessage());
            }
        }
    }

    @Test
    void distinctAttributesInEveryPartAreAccepted() {
        ProjectionUpdate.Upsert upsert = new Parts().with(0, "f").with(4, "g").upsert();

        assertEquals(Map.of("a", Value.of("x"), "f", Value.of("x")), upsert.set());
        assertEquals(Set.of("b"), upsert.remove());
        assertEquals(Map.of("c", BigDecimal.ONE), upsert.add());
        assertEquals(Map.of("d", BigDecimal.ONE), upsert.minimums());
        assertEquals(Map.of("e", BigDecimal.ONE, "g", BigDecimal.ONE), upsert.maximums());
    }

    @Test
    void partsAreCopiesTheCallerCannotChangeAfterwards() {
        Map<String, Value> set = new HashMap<>(Map.of("a", Value.of("x")));
        Set<String> remove = new HashSet<>(Set.of("b"));
        Map<String, BigDecimal> add = new HashMap<>(Map.of("c", BigDecimal.ONE));
        ProjectionUpdate.Upsert upsert = new ProjectionUpdate.Upsert("p", KEY, BigInteger.ONE, set, remove, add, Map.of(), Map.of());

        set.put("late", Value.of("y"));
        remove.add("late");
        add.put("late", BigDecimal.TEN);

        assertEquals(Map.of("a", Value.of("x")), upsert.set());
        assertEquals(Set.of("b"), upsert.remove());
        assertEquals(Map.of("c", BigDecimal.ONE), upsert.add());
        assertThrows(UnsupportedOperationException.class, () -> upsert.set().put("late", Value.of("y")));
        assertThrows(UnsupportedOperationException.class, () -> upsert.remove().add("late"));
        assertThrows(UnsupportedOperationException.class, () -> upsert.add().put("late", BigDecimal.TEN));
        assertThrows(UnsupportedOperationException.class, () -> upsert.minimums().put("late", BigDecimal.TEN));
        assertThrows(UnsupportedOperationException.class, () -> upsert.expected().put("late", Value.of("y")));
    }
}
