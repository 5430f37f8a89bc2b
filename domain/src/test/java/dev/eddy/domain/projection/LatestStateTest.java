package dev.eddy.domain.projection;

import static dev.eddy.domain.projection.Changes.created;
import static dev.eddy.domain.projection.Changes.deleted;
import static dev.eddy.domain.projection.Changes.expired;
import static dev.eddy.domain.projection.Changes.item;
import static dev.eddy.domain.projection.Changes.updated;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.domain.Diff;
import dev.eddy.domain.Item;
import dev.eddy.domain.Value;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LatestStateTest {
    private static Map<String, String> attributes() {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("temperature", "celsius");
        attributes.put("status", "status");
        return attributes;
    }

    private final LatestState mark = new LatestState("latest-reading", "id", attributes(), RemovalPolicy.MARK, RemovalPolicy.MARK);
    private final LatestState remove = new LatestState("latest-reading", "id", attributes(), RemovalPolicy.REMOVE, RemovalPolicy.MARK);

    private static ProjectionUpdate.Upsert onlyUpsert(ProjectionResult result) {
        assertEquals(1, result.updates().size(), result.toString());
        return assertInstanceOf(ProjectionUpdate.Upsert.class, result.updates().get(0));
    }

    @Test
    void createdItemSetsSelectedAttributesUnderTheirTargetNames() {
        ProjectionUpdate.Upsert upsert = onlyUpsert(mark.project(created(7,
                item("id", "sensor-1", "timestamp", 1700000000, "temperature", 21.5, "status", "ok", "battery", 80))));

        assertEquals(new TargetKey("latest-reading#sensor-1", "latest"), upsert.key());
        assertEquals(BigInteger.valueOf(7), upsert.sequence());
        assertEquals(Value.number("21.5"), upsert.set().get("celsius"));
        assertEquals(Value.of("ok"), upsert.set().get("status"));
        assertEquals(Value.of("sensor-1"), upsert.set().get(ProjectionAttributes.KEY));
        assertEquals(Value.of("id=S:sensor-1;timestamp=N:1700000000"), upsert.set().get(ProjectionAttributes.SOURCE));
        assertTrue(!upsert.set().containsKey("battery") && !upsert.set().containsKey("temperature"));
        assertEquals(Set.of(ProjectionAttributes.REMOVED, ProjectionAttributes.REMOVED_AT), upsert.remove());
        assertTrue(upsert.add().isEmpty());
    }

    @Test
    void updateWithoutASelectedAttributeRemovesItsTarget() {
        ProjectionUpdate.Upsert upsert = onlyUpsert(mark.project(updated(8,
                item("id", "sensor-1", "temperature", 21.5, "status", "ok"),
                item("id", "sensor-1", "temperature", 22))));

        assertEquals(Value.number("22"), upsert.set().get("celsius"));
        assertTrue(upsert.remove().contains("status"));
    }

    @Test
    void updateOfUnselectedAttributesWritesNothing() {
        ProjectionResult result = mark.project(updated(8,
                item("id", "sensor-1", "temperature", 21.5, "battery", 80),
                item("id", "sensor-1", "temperature", 21.5, "battery", 79)));

        assertEquals(ProjectionResult.NOTHING, result);
    }

    @Test
    void updateWritesExactlyWhenItsDiffNamesTheKeyOrASelectedAttribute() {
        // Selected: temperature and status; key: id. Numbers of another scale are equal; absent is absent.
        List<Object> temperatures = Arrays.asList(null, 21.5, new BigDecimal("21.50"), 22);
        List<Object> others = Arrays.asList(null, "ok", "failed");
        SplittableRandom random = new SplittableRandom(20261125);
        for (int i = 0; i < 2_000; i++) {
            Item old = randomItem(random, temperatures, others);
            Item now = randomItem(random, temperatures, others);
            Set<String> changed = Diff.between(old, now).fieldNames();
            boolean concerned = changed.contains("id") || changed.contains("temperature") || changed.contains("status");

            ProjectionResult result = mark.project(updated(8, old, now));

            assertEquals(concerned, result.updates().size() == 1, old + " -> " + now);
            assertEquals(!concerned, ProjectionResult.NOTHING.equals(result), old + " -> " + now);
        }
    }

    private static Item randomItem(SplittableRandom random, List<Object> temperatures, List<Object> others) {
        Map<String, Value> attributes = new LinkedHashMap<>();
        attributes.put("id", Value.of(random.nextInt(4) == 0 ? "sensor-2" : "sensor-1"));
        Object temperature = temperatures.get(random.nextInt(temperatures.size()));
        if (temperature != null) {
            attributes.put("temperature", Value.number(temperature.toString()));
        }
        for (String name : List.of("status", "battery")) {
            Object other = others.get(random.nextInt(others.size()));
            if (other != null) {
                attributes.put(name, Value.of(other.toString()));
            }
        }
        return Item.of(attributes);
    }

    @Test
    void deleteRemovesOrMarksAsConfigured() {
        var old = item("id", "sensor-1", "temperature", 21.5);

        ProjectionUpdate removal = remove.project(deleted(9, old)).updates().get(0);
        assertEquals(new ProjectionUpdate.Removal("latest-reading", new TargetKey("latest-reading#sensor-1", "latest"),
                BigInteger.valueOf(9), Map.of(ProjectionAttributes.SOURCE, Value.of("id=S:sensor-1"))), removal);

        ProjectionUpdate.Upsert marked = onlyUpsert(mark.project(deleted(9, old)));
        assertEquals(Value.of("deleted"), marked.set().get(ProjectionAttributes.REMOVED));
        assertEquals(Value.of(Changes.AT.toString()), marked.set().get(ProjectionAttributes.REMOVED_AT));
        assertTrue(!marked.set().containsKey("celsius"), "a mark keeps the last state as it is");
        assertEquals(Map.of(ProjectionAttributes.SOURCE, Value.of("id=S:sensor-1")), marked.expected());
    }

    @Test
    void expiryFollowsItsOwnPolicy() {
        ProjectionUpdate.Upsert marked = onlyUpsert(remove.project(expired(10, item("id", "sensor-1", "temperature", 1))));

        assertEquals(Value.of("expired"), marked.set().get(ProjectionAttributes.REMOVED));
    }

    @Test
    void numericPartitionKeysMeetWhateverTheirScale() {
        LatestState byNumber = new LatestState("by-number", "device", Map.of("t", "t"), RemovalPolicy.MARK, RemovalPolicy.MARK);

        TargetKey a = onlyUpsert(byNumber.project(created(1, item("id", "a", "device", new BigDecimal("1.50"), "t", 1)))).key();
        TargetKey b = onlyUpsert(byNumber.project(created(2, item("id", "b", "device", new BigDecimal("1.5"), "t", 1)))).key();

        assertEquals("by-number#1.5", a.pk());
        assertEquals(a, b);
    }

    @Test
    void missingOrUnusablePartitionKeyIsSkippedWithAReason() {
        LatestState byDevice = new LatestState("by-device", "device", Map.of("t", "t"), RemovalPolicy.MARK, RemovalPolicy.MARK);

        ProjectionResult missing = byDevice.project(created(1, item("id", "a", "t", 1)));
        ProjectionResult bool = byDevice.project(created(1, item("id", "a", "device", Value.of(true))));

        assertEquals(List.of("projection by-device: partition key attribute device is missing"), missing.skipped());
        assertTrue(missing.updates().isEmpty());
        assertTrue(bool.skipped().get(0).contains("device is BOOL"), bool.toString());
    }

    @Test
    void reservedTargetNamesAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new LatestState("x", "id", Map.of("seq", "lastSequence"), RemovalPolicy.MARK, RemovalPolicy.MARK));
        assertTrue(e.getMessage().contains("target name lastSequence of seq is reserved"), e.getMessage());
    }
}
