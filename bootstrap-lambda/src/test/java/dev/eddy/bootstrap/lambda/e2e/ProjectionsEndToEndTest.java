package dev.eddy.bootstrap.lambda.e2e;

import static dev.eddy.bootstrap.lambda.e2e.Harness.NO_FAILURES;
import static dev.eddy.bootstrap.lambda.e2e.Harness.environment;
import static dev.eddy.bootstrap.lambda.e2e.Harness.event;
import static dev.eddy.bootstrap.lambda.e2e.Harness.from;
import static dev.eddy.bootstrap.lambda.e2e.Harness.slice;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.testsupport.dynamodb.Dynalite;
import dev.eddy.testsupport.dynamodb.DynaliteExtension;
import dev.eddy.testsupport.dynamodb.DynamoDbFaultServer;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Issue 4, part 2, end to end: the projection table after batches, replays and an expiry.
 *
 * <p>The batch (projections-batch.json), all at 2026-11-24T12:00:00Z + t seconds:
 * <ol start="0">
 *   <li>sensor-1 @ t=0 created at 20.5</li>
 *   <li>sensor-1 @ t=60 created at 22.25</li>
 *   <li>sensor-1 @ t=120 created at 19.75</li>
 *   <li>sensor-1 @ t=120 corrected to 24.0, status WARM</li>
 *   <li>sensor-2 @ t=0 created at 5</li>
 *   <li>sensor-1 @ t=3600 created at 30.5 (the next hour)</li>
 *   <li>sensor-1 @ t=3600 expired by TTL</li>
 * </ol>
 */
class ProjectionsEndToEndTest {
    @RegisterExtension
    static final DynaliteExtension DYNAMODB = new DynaliteExtension();

    static final String PROJECTIONS = "["
            + "{\"name\": \"latest-reading\", \"type\": \"latest\", \"partitionKey\": \"id\","
            + " \"attributes\": {\"temperature\": \"temperature\", \"status\": \"state\"},"
            + " \"onDelete\": \"mark\", \"onExpire\": \"mark\"},"
            + "{\"name\": \"hourly-temperature\", \"type\": \"aggregate\", \"partitionKey\": \"id\","
            + " \"bucket\": {\"attribute\": \"timestamp\", \"size\": \"hour\"}, \"values\": [\"temperature\"]}]";
    private static final String BATCH = event("projections-batch.json");
    private static final String LATEST_1 = "latest-reading#sensor-1/latest";
    private static final String LATEST_2 = "latest-reading#sensor-2/latest";
    private static final String HOUR_12_SENSOR_1 = "hourly-temperature#sensor-1/2026-11-24T12:00:00Z";
    private static final String HOUR_13_SENSOR_1 = "hourly-temperature#sensor-1/2026-11-24T13:00:00Z";
    private static final String HOUR_12_SENSOR_2 = "hourly-temperature#sensor-2/2026-11-24T12:00:00Z";

    private Harness eddy;
    private String table;
    private Map<String, String> environment;

    @BeforeEach
    void start() {
        eddy = new Harness(DYNAMODB.dynalite());
        table = eddy.projectionTable();
        environment = environment("PROJECTION_TABLE", table, "PROJECTIONS", PROJECTIONS);
    }

    @AfterEach
    void stop() {
        eddy.close();
    }

    private String invoke(String event) {
        return eddy.invoke(eddy.handler(environment), event);
    }

    /** The statistics of an aggregate item, numbers compared by value: count, sum, min, max, last. */
    private static List<BigDecimal> stats(Map<String, AttributeValue> item) {
        return List.of(number(item, "temperature_count"), number(item, "temperature_sum"), number(item, "temperature_min"),
                number(item, "temperature_max"), number(item, "temperature_last"));
    }

    private static BigDecimal number(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        if (value == null || value.n() == null) {
            throw new AssertionError(name + " is not a number in " + item);
        }
        return new BigDecimal(value.n()).stripTrailingZeros();
    }

    private static List<BigDecimal> stats(String count, String sum, String min, String max, String last) {
        return List.of(new BigDecimal(count).stripTrailingZeros(), new BigDecimal(sum).stripTrailingZeros(),
                new BigDecimal(min).stripTrailingZeros(), new BigDecimal(max).stripTrailingZeros(),
                new BigDecimal(last).stripTrailingZeros());
    }

    private static Map<String, Map<String, AttributeValue>> aggregates(Map<String, Map<String, AttributeValue>> items) {
        Map<String, Map<String, AttributeValue>> aggregates = new TreeMap<>(items);
        aggregates.keySet().removeIf(key -> !key.startsWith("hourly-temperature#"));
        return aggregates;
    }

    @Test
    void batchLeavesExactlyTheLatestReadingsAndHourlyStatistics() {
        assertEquals(NO_FAILURES, invoke(BATCH));

        Map<String, Map<String, AttributeValue>> items = eddy.items(table);
        assertEquals(List.of(HOUR_12_SENSOR_1, HOUR_13_SENSOR_1, HOUR_12_SENSOR_2, LATEST_1, LATEST_2),
                List.copyOf(items.keySet()));
        assertEquals(stats("3", "66.75", "19.75", "24.0", "24.0"), stats(items.get(HOUR_12_SENSOR_1)),
                "20.5 + 22.25 + 19.75 corrected to 24.0: the correction moved the sum and did not count twice; "
                        + "the minimum only ever widens");
        assertEquals(stats("1", "30.5", "30.5", "30.5", "30.5"), stats(items.get(HOUR_13_SENSOR_1)),
                "the expiry at the end did not retract anything");
        assertEquals(stats("1", "5", "5", "5", "5"), stats(items.get(HOUR_12_SENSOR_2)));

        Map<String, AttributeValue> sensor2 = items.get(LATEST_2);
        assertEquals(new BigDecimal("5"), number(sensor2, "temperature"));
        assertEquals("OK", sensor2.get("state").s(), "status renamed to state");
        assertEquals("sensor-2", sensor2.get("key").s());
        assertEquals("latest-reading", sensor2.get("projection").s());
        assertFalse(sensor2.containsKey("status") || sensor2.containsKey("removed"), sensor2.toString());
    }

    @Test
    void expiryMarksTheLatestItemAndLeavesTheAggregatesAsTheyWere() {
        assertEquals(NO_FAILURES, invoke(slice(BATCH, 0, 6)));
        Map<String, Map<String, AttributeValue>> before = eddy.items(table);
        Map<String, AttributeValue> latestBefore = before.get(LATEST_1);
        assertFalse(latestBefore.containsKey("removed"), latestBefore.toString());

        assertEquals(NO_FAILURES, invoke(from(BATCH, 6)));

        Map<String, Map<String, AttributeValue>> after = eddy.items(table);
        assertEquals(aggregates(before), aggregates(after), "history does not change because an item aged out");
        Map<String, AttributeValue> latest = after.get(LATEST_1);
        assertEquals("expired", latest.get("removed").s());
        assertEquals("2026-11-24T13:01:40Z", latest.get("removedAt").s());
        assertEquals(new BigDecimal("30.5"), number(latest, "temperature"), "marked, not removed: the reading stays");
        assertEquals("OK", latest.get("state").s());
        assertEquals(before.get(LATEST_2), after.get(LATEST_2));
    }

    @Test
    void replayingTheWholeBatchChangesNothing() {
        assertEquals(NO_FAILURES, invoke(BATCH));
        Map<String, Map<String, AttributeValue>> once = eddy.items(table);

        assertEquals(NO_FAILURES, invoke(BATCH));

        assertEquals(once, eddy.items(table), "every attribute of every item, guards included");
    }

    @Test
    void replayingFromAMiddleRecordChangesNothing() {
        assertEquals(NO_FAILURES, invoke(BATCH));
        Map<String, Map<String, AttributeValue>> once = eddy.items(table);

        for (int middle : new int[] {3, 5}) {
            assertEquals(NO_FAILURES, invoke(from(BATCH, middle)));
            assertEquals(once, eddy.items(table), "replay from record " + middle);
        }
    }

    @Test
    void aBatchSplitAcrossInvocationsWithOverlapCountsEachReadingOnce() {
        // Lambda delivers 0..3, the function fails at 3 and is retried from 2, then the rest comes.
        assertEquals(NO_FAILURES, invoke(slice(BATCH, 0, 4)));
        assertEquals(NO_FAILURES, invoke(slice(BATCH, 2, 6)));
        assertEquals(NO_FAILURES, invoke(from(BATCH, 4)));
        Map<String, Map<String, AttributeValue>> split = eddy.items(table);

        Map<String, String> other = new LinkedHashMap<>(environment);
        other.put("PROJECTION_TABLE", eddy.projectionTable());
        assertEquals(NO_FAILURES, eddy.invoke(eddy.handler(other), BATCH));
        Map<String, Map<String, AttributeValue>> whole = eddy.items(other.get("PROJECTION_TABLE"));

        assertEquals(whole, split, "the same table as from one clean delivery");
        assertTrue(split.containsKey(HOUR_12_SENSOR_1));
    }

    @Test
    void expiryOfAnOlderReadingLeavesTheLatestItemAndTheAggregatesAlone() {
        assertEquals(NO_FAILURES, invoke(slice(BATCH, 0, 6)));
        Map<String, Map<String, AttributeValue>> before = eddy.items(table);

        // sensor-1 @ t=0 ages out; the latest item reflects sensor-1 @ t=3600.
        assertEquals(NO_FAILURES, invoke(event("expiry-of-an-older-reading.json")));

        assertEquals(before, eddy.items(table));
    }

    @Test
    void aChangeEventThatFailsInTheMiddleAndItsRetryLeaveTheProjectionsOfOneCleanDelivery() {
        Map<String, String> withEvents = new LinkedHashMap<>(environment);
        withEvents.put("CHANGE_TOPIC_ARN", Harness.CHANGE_TOPIC);
        String failing = Harness.eventId(BATCH, 3) + "#change";
        eddy.sns.failEntries(e -> failing.equals(e.attribute("eddy-id")), "InternalError", false, 3);

        // Projections of records 3..6 were written before the delivery of their window (here the whole batch) failed.
        assertEquals(Harness.failureOf(Harness.sequenceNumber(BATCH, 3)), eddy.invoke(eddy.handler(withEvents), BATCH));
        assertEquals(NO_FAILURES, eddy.invoke(eddy.handler(withEvents), from(BATCH, 3)));
        Map<String, Map<String, AttributeValue>> retried = eddy.items(table);

        Map<String, String> clean = new LinkedHashMap<>(environment);
        clean.put("PROJECTION_TABLE", eddy.projectionTable());
        assertEquals(NO_FAILURES, eddy.invoke(eddy.handler(clean), BATCH));

        assertEquals(eddy.items(clean.get("PROJECTION_TABLE")), retried, "the retry applied nothing twice");
        assertEquals(stats("3", "66.75", "19.75", "24.0", "24.0"), stats(retried.get(HOUR_12_SENSOR_1)));
    }

    @Test
    void aThrottledProjectionTableFailsTheFirstRecordAndPublishesNothingUntilTheRetry() {
        Map<String, String> withEvents = new LinkedHashMap<>(environment);
        withEvents.put("CHANGE_TOPIC_ARN", Harness.CHANGE_TOPIC);
        String response;
        try (DynamoDbFaultServer throttling = DynamoDbFaultServer.throttling();
             DynamoDbClient throttled = Dynalite.configure(DynamoDbClient.builder(), throttling.endpoint()).build()) {
            response = eddy.invoke(eddy.handler(withEvents, throttled), BATCH);
            assertTrue(throttling.targets().stream().allMatch("DynamoDB_20120810.UpdateItem"::equals),
                    throttling.targets().toString());
        }

        assertEquals(Harness.failureOf(Harness.sequenceNumber(BATCH, 0)), response, "retried, not lost");
        assertTrue(eddy.sns.requests().isEmpty(), "the change event of the failed record waits for its retry");
        assertTrue(eddy.logs().contains("\"stage\":\"projections\""), eddy.logs());

        assertEquals(NO_FAILURES, eddy.invoke(eddy.handler(withEvents), BATCH));
        assertEquals(7, eddy.published("#change").size());
        assertEquals(stats("3", "66.75", "19.75", "24.0", "24.0"), stats(eddy.items(table).get(HOUR_12_SENSOR_1)));
    }
}
