package dev.eddy.domain.projection;

import static dev.eddy.domain.projection.Changes.created;
import static dev.eddy.domain.projection.Changes.deleted;
import static dev.eddy.domain.projection.Changes.expired;
import static dev.eddy.domain.projection.Changes.item;
import static dev.eddy.domain.projection.Changes.updated;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.domain.Value;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RunningAggregateTest {
    private final RunningAggregate hourly = new RunningAggregate("hourly-temperature", "id",
            Optional.of(new Bucket("timestamp", BucketSize.HOUR, EpochUnit.SECONDS)), List.of("temperature"));

    private static ProjectionUpdate.Upsert upsert(ProjectionResult result, int index) {
        return assertInstanceOf(ProjectionUpdate.Upsert.class, result.updates().get(index));
    }

    private static BigDecimal n(String literal) {
        return new BigDecimal(literal);
    }

    // 1763932530 = 2025-11-23T21:15:30Z
    @Test
    void createdReadingCountsOnceInItsHour() {
        ProjectionResult result = hourly.project(created(5, item("id", "s1", "timestamp", 1763932530, "temperature", 21.5)));

        assertEquals(1, result.updates().size());
        ProjectionUpdate.Upsert u = upsert(result, 0);
        assertEquals(new TargetKey("hourly-temperature#s1", "2025-11-23T21:00:00Z"), u.key());
        assertEquals(Map.of("temperature_count", BigDecimal.ONE, "temperature_sum", n("21.5")), u.add());
        assertEquals(Map.of("temperature_min", n("21.5")), u.minimums());
        assertEquals(Map.of("temperature_max", n("21.5")), u.maximums());
        assertEquals(Value.number("21.5"), u.set().get("temperature_last"));
    }

    @Test
    void bucketsTruncateToMinuteHourOrDayInSecondsOrMillis() {
        String[][] cases = {
                {"MINUTE", "SECONDS", "1763932530", "2025-11-23T21:15:00Z"},
                {"HOUR", "SECONDS", "1763932530.9", "2025-11-23T21:00:00Z"},
                {"DAY", "SECONDS", "1763932530", "2025-11-23T00:00:00Z"},
                {"MINUTE", "MILLISECONDS", "1763932530999", "2025-11-23T21:15:00Z"},
                {"DAY", "MILLISECONDS", "1763942399999", "2025-11-23T00:00:00Z"},
                {"DAY", "MILLISECONDS", "1763942400000", "2025-11-24T00:00:00Z"},
        };
        for (String[] c : cases) {
            RunningAggregate spec = new RunningAggregate("a", "id", Optional.of(new Bucket("at",
                    BucketSize.valueOf(c[0]), EpochUnit.valueOf(c[1]))), List.of("v"));
            ProjectionResult result = spec.project(created(1, item("id", "s1", "at", new BigDecimal(c[2]), "v", 1)));
            assertEquals(c[3], upsert(result, 0).key().sk(), String.join(" ", c));
        }
    }

    @Test
    void aggregateWithoutBucketUsesOneItemPerKey() {
        RunningAggregate total = new RunningAggregate("total", "id", Optional.empty(), List.of("v"));

        assertEquals(new TargetKey("total#s1", "all"), upsert(total.project(created(1, item("id", "s1", "v", 2))), 0).key());
    }

    @Test
    void updateMovesTheSumByTheDifferenceAndKeepsTheCount() {
        ProjectionResult result = hourly.project(updated(6,
                item("id", "s1", "timestamp", 1763932530, "temperature", 21.5),
                item("id", "s1", "timestamp", 1763932530, "temperature", 20)));

        ProjectionUpdate.Upsert u = upsert(result, 0);
        assertEquals(Map.of("temperature_sum", n("-1.5")), u.add());
        assertEquals(Map.of("temperature_min", n("20")), u.minimums());
        assertEquals(Value.number("20"), u.set().get("temperature_last"));
    }

    @Test
    void counterItemUpdatesSumToTheCurrentCount() {
        RunningAggregate clicks = new RunningAggregate("clicks", "userId",
                Optional.of(new Bucket("day", BucketSize.DAY, EpochUnit.MILLISECONDS)), List.of("clicks"));
        var v1 = item("id", "c", "userId", "u1", "day", 1763932530000L, "clicks", 1);
        var v2 = item("id", "c", "userId", "u1", "day", 1763932530000L, "clicks", 3);

        var first = upsert(clicks.project(created(1, v1)), 0).add();
        var second = upsert(clicks.project(updated(2, v1, v2)), 0).add();

        assertEquals(n("3"), first.get("clicks_sum").add(second.get("clicks_sum")));
        assertEquals(BigDecimal.ONE, first.get("clicks_count"));
        assertTrue(!second.containsKey("clicks_count"));
    }

    @Test
    void updateThatMovesBucketRetractsFromTheOldAndAddsToTheNew() {
        RunningAggregate byGroup = new RunningAggregate("by-group", "group", Optional.empty(), List.of("v"));

        ProjectionResult result = byGroup.project(updated(3, item("id", "a", "group", "g1", "v", 5),
                item("id", "a", "group", "g2", "v", 7)));

        assertEquals(2, result.updates().size());
        assertEquals("by-group#g1", upsert(result, 0).key().pk());
        assertEquals(Map.of("v_count", n("-1"), "v_sum", n("-5")), upsert(result, 0).add());
        assertEquals("by-group#g2", upsert(result, 1).key().pk());
        assertEquals(Map.of("v_count", n("1"), "v_sum", n("7")), upsert(result, 1).add());
    }

    @Test
    void readingSemanticsCountsEveryChangedValue() {
        RunningAggregate current = new RunningAggregate("current", "id", Optional.empty(), List.of("v"),
                UpdateSemantics.READING, DeleteSemantics.KEEP);

        ProjectionResult changed = current.project(updated(3, item("id", "a", "v", 5), item("id", "a", "v", 7)));
        ProjectionResult same = current.project(updated(4, item("id", "a", "v", 7, "x", 1), item("id", "a", "v", 7.0, "x", 2)));

        assertEquals(Map.of("v_count", n("1"), "v_sum", n("7")), upsert(changed, 0).add());
        assertTrue(same.updates().isEmpty());
    }

    /** 1763935199 is 21:59:59Z, 1763935200 is 22:00:00Z: the same value, a new hour's first reading of it. */
    @Test
    void readingSemanticsCountsAnUnchangedValueThatLandsInAnotherBucket() {
        RunningAggregate readings = new RunningAggregate("hourly", "id",
                Optional.of(new Bucket("timestamp", BucketSize.HOUR, EpochUnit.SECONDS)), List.of("t"),
                UpdateSemantics.READING, DeleteSemantics.KEEP);

        ProjectionResult moved = readings.project(updated(5, item("id", "s1", "timestamp", 1763935199, "t", 21),
                item("id", "s1", "timestamp", 1763935200, "t", 21)));
        ProjectionResult sameHour = readings.project(updated(6, item("id", "s1", "timestamp", 1763935200, "t", 21),
                item("id", "s1", "timestamp", 1763935201, "t", 21)));
        ProjectionResult otherKey = readings.project(updated(7, item("id", "s1", "timestamp", 1763935200, "t", 21),
                item("id", "s2", "timestamp", 1763935200, "t", 21)));

        assertEquals(1, moved.updates().size());
        assertEquals(new TargetKey("hourly#s1", "2025-11-23T22:00:00Z"), upsert(moved, 0).key());
        assertEquals(Map.of("t_count", n("1"), "t_sum", n("21")), upsert(moved, 0).add());
        assertTrue(sameHour.updates().isEmpty(), "unchanged in the same hour: no new reading");
        assertEquals(new TargetKey("hourly#s2", "2025-11-23T22:00:00Z"), upsert(otherKey, 0).key());
        assertEquals(Map.of("t_count", n("1"), "t_sum", n("21")), upsert(otherKey, 0).add());
    }

    @Test
    void expiryNeverChangesAnAggregate() {
        RunningAggregate retracting = new RunningAggregate("r", "id", Optional.empty(), List.of("v"),
                UpdateSemantics.DELTA, DeleteSemantics.RETRACT);

        assertEquals(ProjectionResult.NOTHING, hourly.project(expired(9, item("id", "s1", "timestamp", 1763932530, "temperature", 1))));
        assertEquals(ProjectionResult.NOTHING, retracting.project(expired(9, item("id", "s1", "v", 1))));
    }

    @Test
    void deleteKeepsByDefaultAndRetractsWhenConfigured() {
        RunningAggregate retracting = new RunningAggregate("r", "id", Optional.empty(), List.of("v"),
                UpdateSemantics.DELTA, DeleteSemantics.RETRACT);

        assertEquals(ProjectionResult.NOTHING, hourly.project(deleted(9, item("id", "s1", "timestamp", 1763932530, "temperature", 1))));
        assertEquals(Map.of("v_count", n("-1"), "v_sum", n("-4")),
                upsert(retracting.project(deleted(9, item("id", "s1", "v", 4))), 0).add());
    }

    @Test
    void nonNumericValueIsSkippedWithAReasonThatHidesTheValue() {
        RunningAggregate two = new RunningAggregate("two", "id", Optional.empty(), List.of("a", "b"));

        ProjectionResult result = two.project(created(1, item("id", "s1", "a", "secret-text", "b", 2)));

        assertEquals(Map.of("b_count", BigDecimal.ONE, "b_sum", n("2")), upsert(result, 0).add());
        assertEquals(List.of("projection two: value attribute a is S, not N; not counted"), result.skipped());
        assertTrue(!result.skipped().get(0).contains("secret"));
    }

    @Test
    void missingValuesAndUnreadableBucketsAreSkippedNotFailed() {
        ProjectionResult noValue = hourly.project(created(1, item("id", "s1", "timestamp", 1763932530)));
        ProjectionResult textTime = hourly.project(created(1, item("id", "s1", "timestamp", "yesterday", "temperature", 1)));

        assertTrue(noValue.updates().isEmpty() && noValue.skipped().isEmpty(), noValue.toString());
        assertTrue(textTime.updates().isEmpty());
        assertEquals(List.of("projection hourly-temperature: bucket attribute timestamp is S, not a number of epoch seconds"),
                textTime.skipped());
    }
}
