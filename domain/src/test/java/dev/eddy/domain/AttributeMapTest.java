package dev.eddy.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AttributeMapTest {

    @Test
    void behavesLikeALinkedHashMapOfTheSameAttributesAtEverySize() {
        SplittableRandom random = new SplittableRandom(8);
        for (int size = 0; size <= 70; size++) {
            Map<String, Value> reference = new LinkedHashMap<>();
            AttributeMap.Builder builder = AttributeMap.builder();
            while (reference.size() < size) {
                String name = "a" + random.nextInt(1000);
                Value value = Value.of(new BigDecimal(random.nextInt(100)));
                boolean added = builder.add(name, value);
                assertEquals(!reference.containsKey(name), added, name);
                reference.putIfAbsent(name, value);
            }
            AttributeMap map = builder.build();

            assertEquals(reference, map);
            assertEquals(map, reference);
            assertEquals(reference.hashCode(), map.hashCode());
            assertEquals(reference.toString(), map.toString());
            assertEquals(new ArrayList<>(reference.keySet()), new ArrayList<>(map.keySet()));
            assertEquals(new ArrayList<>(reference.values()), new ArrayList<>(map.values()));
            assertEquals(new ArrayList<>(reference.entrySet()), new ArrayList<>(map.entrySet()));
            assertEquals(size, map.size());
            for (String name : reference.keySet()) {
                assertEquals(reference.get(name), map.get(name), name);
                assertTrue(map.containsKey(name), name);
                assertTrue(map.keySet().contains(name), name);
            }
            for (int i = 0; i < 50; i++) {
                String absent = "b" + i;
                assertNull(map.get(absent));
                assertFalse(map.containsKey(absent));
            }
            assertNull(map.get(null));
            assertNull(map.get(42));
        }
    }

    @Test
    void equalityIgnoresOrderAndComparesNumbersByValue() {
        Map<String, Value> forwards = build("a", Value.of("x"), "n", Value.number("1.50"));
        Map<String, Value> backwards = build("n", Value.number("1.5"), "a", Value.of("x"));
        assertEquals(forwards, backwards);
        assertEquals(forwards.hashCode(), backwards.hashCode());
        assertNotEquals(forwards, build("a", Value.of("x"), "n", Value.number("2")));
        assertNotEquals(forwards, build("a", Value.of("x")));
        assertNotEquals(forwards, Map.of("a", "x", "n", "1.5"));
    }

    @Test
    void everyMutatorRefusesEvenForAnAbsentName() {
        Map<String, Value> map = build("a", Value.of("x"));
        assertThrows(UnsupportedOperationException.class, () -> map.put("b", Value.of("y")));
        assertThrows(UnsupportedOperationException.class, () -> map.remove("absent"));
        assertThrows(UnsupportedOperationException.class, () -> map.putAll(Map.of()));
        assertThrows(UnsupportedOperationException.class, map::clear);
        assertThrows(UnsupportedOperationException.class, () -> map.putIfAbsent("b", Value.of("y")));
        assertThrows(UnsupportedOperationException.class, () -> map.computeIfAbsent("b", n -> Value.of("y")));
        assertThrows(UnsupportedOperationException.class, () -> map.merge("a", Value.of("y"), (x, y) -> y));
        assertThrows(UnsupportedOperationException.class, () -> map.entrySet().iterator().next().setValue(Value.of("y")));
        assertThrows(UnsupportedOperationException.class, () -> map.keySet().remove("a"));
        assertThrows(UnsupportedOperationException.class, () -> map.values().clear());
        assertEquals(Map.of("a", Value.of("x")), map);
    }

    @Test
    void aBuilderRefusesARepeatedNameAndStartsAfreshAfterClear() {
        AttributeMap.Builder builder = AttributeMap.builder();
        assertTrue(builder.add("a", Value.of("x")));
        assertFalse(builder.add("a", Value.of("y")));
        AttributeMap first = builder.build();
        assertEquals(Map.of("a", Value.of("x")), first);

        builder.clear();
        assertTrue(builder.add("b", Value.of("z")));
        assertEquals(Map.of("b", Value.of("z")), builder.build());
        assertEquals(Map.of("a", Value.of("x")), first, "a built map does not change with its builder");
    }

    @Test
    void theDomainTakesAnAttributeMapAsItIsAndCopiesAnyOtherMap() {
        AttributeMap built = build("id", Value.of("sensor-1"));
        assertSame(built, Item.of(built).attributes());
        assertSame(built, ItemKey.of(built).attributes());
        assertSame(built, new Value.MapValue(built).values());

        Map<String, Value> mutable = new HashMap<>(built);
        Item item = Item.of(mutable);
        mutable.put("later", Value.of("leak"));
        assertEquals(built, item.attributes());
    }

    @Test
    void nullNamesAndValuesAreRefusedWithTheirPlace() {
        Map<String, Value> nullValue = new LinkedHashMap<>();
        nullValue.put("a", null);
        NullPointerException e = assertThrows(NullPointerException.class, () -> Item.of(nullValue));
        assertEquals("item attribute 'a' has a null value", e.getMessage());

        Map<String, Value> nullName = new HashMap<>();
        nullName.put(null, Value.of("x"));
        e = assertThrows(NullPointerException.class, () -> ItemKey.of(nullName));
        assertEquals("key has a null attribute name", e.getMessage());

        assertThrows(NullPointerException.class, () -> AttributeMap.builder().add("a", null));
        assertThrows(NullPointerException.class, () -> AttributeMap.builder().add(null, Value.of("x")));
    }

    private static AttributeMap build(Object... namesAndValues) {
        AttributeMap.Builder builder = AttributeMap.builder();
        List<Object> list = List.of(namesAndValues);
        for (int i = 0; i < list.size(); i += 2) {
            assertTrue(builder.add((String) list.get(i), (Value) list.get(i + 1)));
        }
        return builder.build();
    }

    /** "Aa" and "BB" share a hash code, so these names all do: every look-up walks a probe chain. */
    @Test
    void namesWithTheSameHashCodeAreAllFoundAboveTheIndexThreshold() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            StringBuilder name = new StringBuilder();
            for (int bit = 0; bit < 6; bit++) {
                name.append((i >> bit & 1) == 0 ? "Aa" : "BB");
            }
            names.add(name.toString());
        }
        for (int size : List.of(16, 17, 32, 33, 40)) {
            AttributeMap.Builder builder = AttributeMap.builder();
            Map<String, Value> reference = new LinkedHashMap<>();
            for (String name : names.subList(0, size)) {
                Value value = Value.of(name);
                assertTrue(builder.add(name, value), name);
                assertFalse(builder.add(name, Value.of("again")), name);
                reference.put(name, value);
            }
            AttributeMap map = builder.build();
            assertEquals(reference, map);
            assertEquals(reference.hashCode(), map.hashCode());
            for (String name : names) {
                assertEquals(reference.get(name), map.get(new String(name)), size + " " + name);
            }
        }
    }
}
