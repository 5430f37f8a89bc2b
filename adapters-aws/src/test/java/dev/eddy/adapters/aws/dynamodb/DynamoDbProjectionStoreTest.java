package dev.eddy.adapters.aws.dynamodb;

import static dev.eddy.adapters.aws.dynamodb.SensorChanges.HOUR;
import static dev.eddy.adapters.aws.dynamodb.SensorChanges.created;
import static dev.eddy.adapters.aws.dynamodb.SensorChanges.deleted;
import static dev.eddy.adapters.aws.dynamodb.SensorChanges.expired;
import static dev.eddy.adapters.aws.dynamodb.SensorChanges.reading;
import static dev.eddy.adapters.aws.dynamodb.SensorChanges.updated;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.application.projection.ApplyProjectionsStep;
import dev.eddy.application.projection.ProjectionEvents;
import dev.eddy.application.projection.ProjectionStore;
import dev.eddy.application.projection.ProjectionStoreException;
import dev.eddy.domain.Change;
import dev.eddy.domain.Item;
import dev.eddy.domain.Value;
import dev.eddy.domain.projection.Bucket;
import dev.eddy.domain.projection.BucketSize;
import dev.eddy.domain.projection.EpochUnit;
import dev.eddy.domain.projection.LatestState;
import dev.eddy.domain.projection.ProjectionSpec;
import dev.eddy.domain.projection.ProjectionUpdate;
import dev.eddy.domain.projection.RemovalPolicy;
import dev.eddy.domain.projection.RunningAggregate;
import dev.eddy.domain.projection.TargetKey;
import dev.eddy.testsupport.dynamodb.DynaliteExtension;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class DynamoDbProjectionStoreTest {
    @RegisterExtension
    static final DynaliteExtension DYNAMODB = new DynaliteExtension();

    private static final List<ProjectionSpec> PROJECTIONS = List.of(
            new LatestState("latest-reading", "id", Map.of("temperature", "celsius"), RemovalPolicy.MARK, RemovalPolicy.MARK),
            new LatestState("latest-present", "id", Map.of("temperature", "celsius"), RemovalPolicy.REMOVE, RemovalPolicy.REMOVE),
            new RunningAggregate("hourly-temperature", "id",
                    Optional.of(new Bucket("timestamp", BucketSize.HOUR, EpochUnit.SECONDS)), List.of("temperature")));

    private static final Item A = reading("s1", HOUR, "20");
    private static final Item B = reading("s1", HOUR + 60, "25");
    private static final Item B2 = reading("s1", HOUR + 60, "27");
    private static final Item C = reading("s1", HOUR + 120, "18");
    private static final Item D = reading("s1", HOUR + 3600, "30");

    /**
     * Three readings in one hour, a correction, one in the next hour, then the expiry and the delete of
     * older readings: the latest state reflects the newest reading and stays.
     */
    private static final List<Change> BATCH = List.of(
            created(1, A), created(2, B), created(3, C), updated(4, B, B2), created(5, D), expired(6, A), deleted(7, C));

    private static int tables;
    private String table;
    private DynamoDbClient client;
    private ApplyProjectionsStep step;

    @BeforeEach
    void newTable() {
        table = "Projections" + (++tables);
        DYNAMODB.dynalite().createTable(table, "pk", "sk");
        client = DYNAMODB.client();
        step = new ApplyProjectionsStep(PROJECTIONS, new DynamoDbProjectionStore(client, table), ProjectionEvents.NONE);
    }

    private void apply(List<Change> changes) {
        changes.forEach(change -> step.apply(change, notification -> {
            throw new AssertionError("projections notify nobody");
        }));
    }

    /** The table as pk/sk to attribute to value, without bookkeeping that differs from run to run. */
    private Map<String, Map<String, String>> table() {
        Map<String, Map<String, String>> items = new TreeMap<>();
        for (Map<String, AttributeValue> item : client.scan(r -> r.tableName(table)).items()) {
            Map<String, String> attributes = new TreeMap<>();
            item.forEach((name, value) -> {
                if (!Set.of("pk", "sk", "projection", "key", "source", "updatedAt", "removedAt").contains(name)) {
                    attributes.put(name, value.n() != null ? new BigDecimal(value.n()).stripTrailingZeros().toPlainString() : value.s());
                }
            });
            items.put(item.get("pk").s() + "/" + item.get("sk").s(), attributes);
        }
        return items;
    }

    private static String seq(long sequence) {
        return String.format("%040d", new BigInteger(SensorChanges.source(sequence).sequenceNumber()));
    }

    private static Map<String, Map<String, String>> expectedAfterBatch() {
        return Map.of(
                "latest-reading#s1/latest", Map.of("celsius", "30", "lastSequence", seq(5)),
                "latest-present#s1/latest", Map.of("celsius", "30", "lastSequence", seq(5)),
                "hourly-temperature#s1/2025-11-23T21:00:00Z", Map.of("temperature_count", "3", "temperature_sum", "65",
                        "temperature_min", "18", "temperature_max", "27", "temperature_last", "27", "lastSequence", seq(4)),
                "hourly-temperature#s1/2025-11-23T22:00:00Z", Map.of("temperature_count", "1", "temperature_sum", "30",
                        "temperature_min", "30", "temperature_max", "30", "temperature_last", "30", "lastSequence", seq(5)));
    }

    @Test
    void aBatchLeavesExactlyTheExpectedItems() {
        apply(BATCH);

        assertEquals(expectedAfterBatch(), table());
    }

    @Test
    void replayingTheWholeBatchCountsNothingTwice() {
        apply(BATCH);
        apply(BATCH);

        assertEquals(expectedAfterBatch(), table());
    }

    @Test
    void replayingFromTheMiddleCountsNothingTwiceAndLosesNothing() {
        apply(BATCH.subList(0, 4));
        apply(BATCH.subList(2, 7));
        apply(BATCH.subList(5, 7));

        assertEquals(expectedAfterBatch(), table());
    }

    @Test
    void expiryKeepsAggregatesAndMarksLatestState() {
        apply(List.of(created(1, A), expired(2, A)));

        Map<String, Map<String, String>> items = table();
        assertEquals("1", items.get("hourly-temperature#s1/2025-11-23T21:00:00Z").get("temperature_count"));
        assertEquals("expired", items.get("latest-reading#s1/latest").get("removed"));
        assertFalse(items.containsKey("latest-present#s1/latest"), "REMOVE on expiry deletes the item");
    }

    @Test
    void onlyTheRemovalOfTheReflectedSourceItemRemovesOrMarksTheLatestState() {
        apply(List.of(created(1, A), created(2, B), expired(3, A), deleted(4, B), deleted(4, B)));

        Map<String, Map<String, String>> items = table();
        assertEquals(Map.of("celsius", "25", "removed", "deleted", "lastSequence", seq(4)), items.get("latest-reading#s1/latest"));
        assertFalse(items.containsKey("latest-present#s1/latest"));
    }

    @Test
    void recreatingAMarkedItemClearsTheMark() {
        apply(List.of(created(1, A), deleted(2, A), created(3, A)));

        Map<String, String> latest = table().get("latest-reading#s1/latest");
        assertEquals(Map.of("celsius", "20", "lastSequence", seq(3)), latest);
        assertTrue(table().containsKey("latest-present#s1/latest"));
    }

    @Test
    void aRemovedItemDoesNotComeBackWhenItsDeleteIsReplayed() {
        apply(List.of(created(1, A), deleted(2, A)));
        apply(List.of(deleted(2, A)));

        assertFalse(table().containsKey("latest-present#s1/latest"));
    }

    @Test
    void aMinimumLostBetweenTheTwoWritesIsRestoredOnReplay() {
        ProjectionStore store = new DynamoDbProjectionStore(client, table);
        TargetKey key = new TargetKey("agg#s1", "all");
        ProjectionUpdate.Upsert low = new ProjectionUpdate.Upsert("agg", key, BigInteger.valueOf(9), Map.of(), Set.of(),
                Map.of("v_count", BigDecimal.ONE), Map.of("v_min", new BigDecimal("-4")), Map.of("v_max", new BigDecimal("-4")));
        client.updateItem(r -> r.tableName(table)
                .key(Map.of("pk", AttributeValue.fromS(key.pk()), "sk", AttributeValue.fromS(key.sk())))
                .updateExpression("SET v_min = :m, v_max = :m, lastSequence = :s")
                .expressionAttributeValues(Map.of(":m", AttributeValue.fromN("5"), ":s", AttributeValue.fromS(String.format("%040d", 8)))));

        assertEquals(ProjectionStore.Applied.APPLIED, store.apply(low));
        // As if the process died after the guarded write and before the minimum was lowered:
        client.updateItem(r -> r.tableName(table)
                .key(Map.of("pk", AttributeValue.fromS(key.pk()), "sk", AttributeValue.fromS(key.sk())))
                .updateExpression("SET v_min = :m").expressionAttributeValues(Map.of(":m", AttributeValue.fromN("5"))));

        assertEquals(ProjectionStore.Applied.ALREADY_APPLIED, store.apply(low));

        Map<String, String> item = table().get("agg#s1/all");
        assertEquals("-4", item.get("v_min"));
        assertEquals("5", item.get("v_max"), "a maximum only ever widens");
        assertEquals("1", item.get("v_count"));
    }

    @Test
    void sequenceNumbersCompareAsNumbersNotAsStrings() {
        ProjectionStore store = new DynamoDbProjectionStore(client, table);
        TargetKey key = new TargetKey("n#1", "latest");
        // "9" > "10" as strings; the padded guard must order them as numbers.
        ProjectionUpdate.Upsert nine = new ProjectionUpdate.Upsert("n", key, new BigInteger("9" + "0".repeat(20)),
                Map.of("v", Value.of("nine")), Set.of(), Map.of(), Map.of(), Map.of());
        ProjectionUpdate.Upsert ten = new ProjectionUpdate.Upsert("n", key, new BigInteger("10" + "0".repeat(20)),
                Map.of("v", Value.of("ten")), Set.of(), Map.of(), Map.of(), Map.of());

        assertEquals(ProjectionStore.Applied.APPLIED, store.apply(nine));
        assertEquals(ProjectionStore.Applied.APPLIED, store.apply(ten));
        assertEquals(ProjectionStore.Applied.ALREADY_APPLIED, store.apply(nine));
        assertEquals("ten", table().get("n#1/latest").get("v"));
    }

    @Test
    void aTableWithAnotherKeySchemaIsConfigurationAndFailsRetryably() {
        String wrong = table + "-hash-only";
        DYNAMODB.dynalite().createTable(wrong, "pk", null);
        ProjectionStore store = new DynamoDbProjectionStore(client, wrong);
        ProjectionUpdate.Upsert update = new ProjectionUpdate.Upsert("latest", new TargetKey("latest#s1", "latest"), BigInteger.ONE,
                Map.of("celsius", Value.of("20")), Set.of(), Map.of(), Map.of(), Map.of());

        ProjectionStoreException e = assertThrows(ProjectionStoreException.class, () -> store.apply(update));

        // The table, not the record, is wrong: fixing it cures every record, so none is dead-lettered.
        assertTrue(e.retryable(), e.getMessage());
        assertTrue(e.getMessage().startsWith("ValidationException"), e.getMessage());
        assertTrue(e.getMessage().contains("key element does not match the schema"), e.getMessage());
    }

    @Test
    void anItemOverTheSizeLimitIsAPermanentFailure() {
        ProjectionStore store = new DynamoDbProjectionStore(client, table);
        ProjectionUpdate.Upsert huge = new ProjectionUpdate.Upsert("big", new TargetKey("big#1", "latest"), BigInteger.ONE,
                Map.of("blob", Value.of("x".repeat(410 * 1024))), Set.of(), Map.of(), Map.of(), Map.of());

        ProjectionStoreException e = assertThrows(ProjectionStoreException.class, () -> store.apply(huge));

        assertFalse(e.retryable(), e.getMessage());
        assertTrue(e.getMessage().startsWith("ValidationException"), e.getMessage());
    }

    @Test
    void aHundredReadingsCostOneWritePerProjectionPlusOnePerNewExtreme() {
        AtomicInteger calls = new AtomicInteger();
        DynamoDbClient counting = DYNAMODB.dynalite().newClient(b -> b.overrideConfiguration(c -> c
                .addExecutionInterceptor(new software.amazon.awssdk.core.interceptor.ExecutionInterceptor() {
                    @Override
                    public void beforeExecution(software.amazon.awssdk.core.interceptor.Context.BeforeExecution context,
                                                software.amazon.awssdk.core.interceptor.ExecutionAttributes attributes) {
                        calls.incrementAndGet();
                    }
                })));
        List<ProjectionSpec> two = List.of(PROJECTIONS.get(0), PROJECTIONS.get(2));
        ApplyProjectionsStep measured = new ApplyProjectionsStep(two, new DynamoDbProjectionStore(counting, table),
                ProjectionEvents.NONE);
        // A reading a minute for 100 minutes, a temperature wandering around 20 degrees.
        java.util.Random random = new java.util.Random(42);
        int newExtremes = 0;
        Map<Long, BigDecimal[]> extremes = new java.util.HashMap<>();
        for (int i = 0; i < 100; i++) {
            BigDecimal t = BigDecimal.valueOf(150 + random.nextInt(100), 1);
            long timestamp = HOUR + 60L * i;
            BigDecimal[] minMax = extremes.get(timestamp / 3600);
            if (minMax == null) {
                extremes.put(timestamp / 3600, new BigDecimal[] {t, t});
            } else if (t.compareTo(minMax[0]) < 0 || t.compareTo(minMax[1]) > 0) {
                newExtremes++;
                minMax[0] = minMax[0].min(t);
                minMax[1] = minMax[1].max(t);
            }
            measured.apply(created(i + 1, reading("s1", timestamp, t.toPlainString())), n -> { });
        }

        assertEquals(200 + newExtremes, calls.get(), "2 projections x 100 records + " + newExtremes + " new extremes");
        assertEquals(new TreeSet<>(Set.of("hourly-temperature#s1/2025-11-23T21:00:00Z",
                "hourly-temperature#s1/2025-11-23T22:00:00Z", "latest-reading#s1/latest")), new TreeSet<>(table().keySet()));
        assertEquals("60", table().get("hourly-temperature#s1/2025-11-23T21:00:00Z").get("temperature_count"));
        assertEquals(12, newExtremes, "the measured count for docs/performance.md: 212 calls");
    }
}
