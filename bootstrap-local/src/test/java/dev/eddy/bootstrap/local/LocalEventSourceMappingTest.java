package dev.eddy.bootstrap.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.fasterxml.jackson.databind.JsonNode;

import dev.eddy.adapters.aws.tables.EddyTables;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The event source mapping emulator against the local stream, checked against Lambda's documented behaviour. */
class LocalEventSourceMappingTest {

    private static final AtomicInteger TABLES = new AtomicInteger();
    private static LocalDynamo local;
    private final List<LocalEventSourceMapping> mappings = new ArrayList<>();
    private final List<String> log = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        local = LocalDynamo.start(StreamsFront.Settings.defaults().ttlSweepInterval(Duration.ofMillis(200)));
    }

    @AfterAll
    static void stop() {
        if (local != null) {
            local.close();
        }
    }

    @AfterEach
    void stopMappings() {
        mappings.forEach(LocalEventSourceMapping::close);
    }

    private static String newSourceTable() {
        String name = "Esm" + TABLES.incrementAndGet();
        local.createTable(EddyTables.sourceTable(name).build(), EddyTables.sourceTableTimeToLive(name));
        return name;
    }

    private static void put(String table, String id) {
        local.dynamoDb().putItem(b -> b.tableName(table).item(Map.of("id", AttributeValue.fromS(id),
                "timestamp", AttributeValue.fromN("1"))));
    }

    private static EventSourceMappingSettings fast() {
        return EventSourceMappingSettings.defaults()
                .withStartingPosition(EventSourceMappingSettings.StartingPosition.TRIM_HORIZON)
                .withPollInterval(Duration.ofMillis(20))
                .withFunctionTimeout(Duration.ofSeconds(10));
    }

    private LocalEventSourceMapping map(String table, RecordingHandler handler, EventSourceMappingSettings settings) {
        LocalEventSourceMapping mapping = LocalEventSourceMapping.start(local.streams(), local.streamArn(table),
                local.region(), handler, settings, log::add);
        mappings.add(mapping);
        return mapping;
    }

    private void await(String what, BooleanSupplier condition) throws InterruptedException {
        Instant giveUp = Instant.now().plusSeconds(15);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(giveUp)) {
                throw new AssertionError("Timed out waiting for " + what + "; mapping log: " + log);
            }
            Thread.sleep(20);
        }
    }

    private static StreamsEventResponse failAt(DynamodbEvent.DynamodbStreamRecord record) {
        return StreamsEventResponse.builder().withBatchItemFailures(List.of(StreamsEventResponse.BatchItemFailure.builder()
                .withItemIdentifier(record.getDynamodb().getSequenceNumber()).build())).build();
    }

    @Test
    void deliversRecordsInOrderInBatchesOfAtMostBatchSize() throws InterruptedException {
        String table = newSourceTable();
        for (int i = 1; i <= 7; i++) {
            put(table, "r" + i);
        }
        RecordingHandler handler = RecordingHandler.succeeding();

        map(table, handler, fast().withBatchSize(3));
        await("7 records", () -> handler.allIds().size() >= 7);

        assertEquals(List.of(List.of("r1", "r2", "r3"), List.of("r4", "r5", "r6"), List.of("r7")), handler.batches());
        DynamodbEvent.DynamodbStreamRecord record = handler.events.get(0).getRecords().get(0);
        assertEquals(local.streamArn(table), record.getEventSourceARN());
        assertEquals("aws:dynamodb", record.getEventSource());
        assertEquals("us-east-1", record.getAwsRegion());
        assertEquals("1.1", record.getEventVersion());
        assertEquals("INSERT", record.getEventName());
        assertEquals("r1", record.getDynamodb().getNewImage().get("id").getS());
        assertEquals("1", record.getDynamodb().getNewImage().get("timestamp").getN());
        assertNotNull(record.getDynamodb().getApproximateCreationDateTime());
        assertEquals("NEW_AND_OLD_IMAGES", record.getDynamodb().getStreamViewType());
        assertTrue(record.getDynamodb().getSizeBytes() > 0);
        int remaining = handler.remainingTimes.get(0);
        assertTrue(remaining > 5_000 && remaining <= 10_000, "remaining time counts down from the timeout: " + remaining);
    }

    @Test
    void batchingWindowWaitsForAFullBatch() throws InterruptedException {
        String table = newSourceTable();
        RecordingHandler handler = RecordingHandler.succeeding();
        map(table, handler, fast().withBatchSize(4).withMaximumBatchingWindow(Duration.ofSeconds(5)));

        for (int i = 1; i <= 4; i++) {
            put(table, "w" + i);
            Thread.sleep(60);
        }
        await("a batch", () -> !handler.events.isEmpty());

        assertEquals(List.of(List.of("w1", "w2", "w3", "w4")), handler.batches());
    }

    @Test
    void latestStartingPositionSkipsRecordsWrittenBeforeTheMappingStarted() throws InterruptedException {
        String table = newSourceTable();
        put(table, "before");
        RecordingHandler handler = RecordingHandler.succeeding();

        map(table, handler, fast().withStartingPosition(EventSourceMappingSettings.StartingPosition.LATEST));
        put(table, "after");
        await("a record", () -> !handler.events.isEmpty());
        Thread.sleep(100);

        assertEquals(List.of("after"), handler.allIds());
    }

    @Test
    void reportedItemFailureIsRetriedStartingExactlyAtThatRecord() throws InterruptedException {
        String table = newSourceTable();
        for (int i = 1; i <= 5; i++) {
            put(table, "p" + i);
        }
        RecordingHandler handler = new RecordingHandler((event, n) -> n == 0
                ? failAt(event.getRecords().get(2))
                : StreamsEventResponse.builder().build());

        LocalEventSourceMapping mapping = map(table, handler, fast().withBatchSize(5));
        await("the retry", () -> handler.events.size() >= 2);
        Thread.sleep(100);

        assertEquals(List.of(List.of("p1", "p2", "p3", "p4", "p5"), List.of("p3", "p4", "p5")), handler.batches());
        assertEquals(handler.events.get(0).getRecords().get(2).getDynamodb().getSequenceNumber(),
                handler.events.get(1).getRecords().get(0).getDynamodb().getSequenceNumber());
        assertEquals(5, mapping.recordsDelivered());
        assertTrue(mapping.failures().isEmpty());
    }

    @Test
    void functionErrorBisectsTheBatchUntilThePoisonRecordIsAlone() throws InterruptedException {
        String table = newSourceTable();
        for (String id : List.of("a", "b", "poison", "d")) {
            put(table, id);
        }
        RecordingHandler handler = new RecordingHandler((event, n) -> {
            if (RecordingHandler.ids(event).contains("poison")) {
                throw new IllegalStateException("cannot process poison");
            }
            return null;
        });

        LocalEventSourceMapping mapping = map(table, handler, fast().withBatchSize(4).withMaximumRetryAttempts(1));
        await("the poison record given up and d delivered alone",
                () -> !mapping.failures().isEmpty() && handler.events.size() >= 6);
        Thread.sleep(100);

        assertEquals(List.of(List.of("a", "b", "poison", "d"), List.of("a", "b"), List.of("poison", "d"),
                List.of("poison"), List.of("poison"), List.of("d")), handler.batches());
        assertEquals(1, mapping.failures().size());
        FailedBatch failed = mapping.failures().get(0);
        assertEquals(FailedBatch.Condition.RetryAttemptsExhausted, failed.condition());
        assertEquals(1, failed.batchSize());
        String poisonSequence = handler.events.get(3).getRecords().get(0).getDynamodb().getSequenceNumber();
        assertEquals(poisonSequence, failed.startSequenceNumber());
        assertEquals(poisonSequence, failed.endSequenceNumber());
    }

    @Test
    void exhaustedRetriesGoToTheOnFailureDestinationAndTheShardMovesOn(@TempDir Path dir) throws Exception {
        String table = newSourceTable();
        Path file = dir.resolve("on-failure.jsonl");
        RecordingHandler handler = new RecordingHandler((event, n) -> {
            if (RecordingHandler.ids(event).contains("bad")) {
                throw new IllegalStateException("boom");
            }
            return null;
        });
        LocalEventSourceMapping mapping = map(table, handler, fast().withBisectBatchOnFunctionError(false)
                .withMaximumRetryAttempts(2).withOnFailureFile(file));

        put(table, "bad");
        await("the on-failure record", () -> !mapping.failures().isEmpty());
        put(table, "good");
        await("the next record", () -> handler.allIds().contains("good"));

        assertEquals(List.of("bad", "bad", "bad", "good"), handler.allIds(), "1 attempt + 2 retries, then the shard moves on");
        List<String> lines = Files.readAllLines(file);
        assertEquals(1, lines.size());
        JsonNode record = Json.MAPPER.readTree(lines.get(0));
        assertEquals("RetryAttemptsExhausted", record.path("requestContext").path("condition").asText());
        assertEquals(3, record.path("requestContext").path("approximateInvokeCount").asInt());
        assertEquals("Unhandled", record.path("responseContext").path("functionError").asText());
        JsonNode info = record.path("DDBStreamBatchInfo");
        String badSequence = handler.events.get(0).getRecords().get(0).getDynamodb().getSequenceNumber();
        assertEquals(badSequence, info.path("startSequenceNumber").asText());
        assertEquals(badSequence, info.path("endSequenceNumber").asText());
        assertEquals(1, info.path("batchSize").asInt());
        assertEquals(local.streamArn(table), info.path("streamArn").asText());
        assertTrue(info.path("shardId").asText().startsWith("shardId-"));
        assertFalse(info.path("approximateArrivalOfFirstRecord").asText().isEmpty());
        assertFalse(info.path("approximateArrivalOfLastRecord").asText().isEmpty());
        assertEquals(1, mapping.failures().get(0).recordsJson().size());
    }

    @Test
    void recordsOlderThanTheMaximumAgeGoToTheOnFailureDestinationUnprocessed() throws InterruptedException {
        String table = newSourceTable();
        put(table, "stale");
        Thread.sleep(2_100); // ApproximateCreationDateTime has whole seconds
        RecordingHandler handler = RecordingHandler.succeeding();

        LocalEventSourceMapping mapping = map(table, handler, fast().withMaximumRecordAgeInSeconds(1));
        await("the stale record given up", () -> !mapping.failures().isEmpty());
        Thread.sleep(100);

        assertEquals(List.of(), handler.allIds(), "a record too old is not handed to the function");
        FailedBatch failed = mapping.failures().get(0);
        assertEquals(FailedBatch.Condition.RecordAgeExceeded, failed.condition());
        assertEquals(1, failed.batchSize());
        assertTrue(failed.json().contains("\"approximateInvokeCount\":0"), failed.json());
    }

    @Test
    void invocationLongerThanTheTimeoutIsAFunctionErrorAndIsRetried() throws InterruptedException {
        String table = newSourceTable();
        put(table, "slow");
        RecordingHandler handler = new RecordingHandler((event, n) -> {
            if (n == 0) {
                try {
                    Thread.sleep(3_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return null;
        });

        map(table, handler, fast().withFunctionTimeout(Duration.ofMillis(500)));
        await("the retry", () -> handler.events.size() >= 2);

        assertEquals(List.of(List.of("slow"), List.of("slow")), handler.batches());
        assertTrue(log.stream().anyMatch(line -> line.contains("Task timed out after 0.5 seconds")), log::toString);
    }

    @Test
    void rolledShardsAreFollowedParentToChildWithoutLossOrDuplication() throws InterruptedException {
        String table = newSourceTable();
        RecordingHandler handler = RecordingHandler.succeeding();
        map(table, handler, fast().withBatchSize(2));

        List<String> written = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            put(table, "s" + i);
            written.add("s" + i);
            if (i == 3 || i == 5 || i == 8) {
                local.front().rollShard(table);
            }
        }
        await("10 records", () -> handler.allIds().size() >= 10);
        Thread.sleep(200);

        assertEquals(written, handler.allIds());
        assertEquals(4, local.streams().describeStream(b -> b.streamArn(local.streamArn(table)))
                .streamDescription().shards().size());
    }

    @Test
    void timeToLiveDeletionReachesTheHandlerWithTheServiceIdentity() throws InterruptedException {
        String table = newSourceTable();
        RecordingHandler handler = RecordingHandler.succeeding();
        map(table, handler, fast());

        local.dynamoDb().putItem(b -> b.tableName(table).item(Map.of("id", AttributeValue.fromS("ttl"),
                "timestamp", AttributeValue.fromN("1"),
                "expiresAt", AttributeValue.fromN(Long.toString(Instant.now().getEpochSecond() - 1)))));
        await("the expiry", () -> handler.events.stream().flatMap(e -> e.getRecords().stream())
                .anyMatch(r -> "REMOVE".equals(r.getEventName())));

        DynamodbEvent.DynamodbStreamRecord removal = handler.events.stream().flatMap(e -> e.getRecords().stream())
                .filter(r -> "REMOVE".equals(r.getEventName())).findFirst().orElseThrow();
        assertEquals("Service", removal.getUserIdentity().getType());
        assertEquals("dynamodb.amazonaws.com", removal.getUserIdentity().getPrincipalId());
        assertEquals("ttl", removal.getDynamodb().getOldImage().get("id").getS());
        assertEquals(null, removal.getDynamodb().getNewImage());
    }
}
