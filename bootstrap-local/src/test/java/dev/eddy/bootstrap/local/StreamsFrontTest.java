package dev.eddy.bootstrap.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.eddy.adapters.aws.tables.EddyTables;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** The streams-and-TTL front, driven through the real SDK v2 DynamoDB and DynamoDB Streams clients. */
class StreamsFrontTest {

    private static final AtomicInteger TABLES = new AtomicInteger();
    private static LocalDynamo local;
    private static DynamoDbClient dynamo;
    private static DynamoDbStreamsClient streams;

    @BeforeAll
    static void start() {
        local = LocalDynamo.start(StreamsFront.Settings.defaults().ttlSweepInterval(Duration.ofMillis(200)));
        dynamo = local.dynamoDb();
        streams = local.streams();
    }

    @AfterAll
    static void stop() {
        if (local != null) {
            local.close();
        }
    }

    static String newSourceTable() {
        String name = "Source" + TABLES.incrementAndGet();
        local.createTable(EddyTables.sourceTable(name).build(), EddyTables.sourceTableTimeToLive(name));
        return name;
    }

    static Map<String, AttributeValue> item(String id, long timestamp, String field, String value) {
        return Map.of("id", AttributeValue.fromS(id), "timestamp", AttributeValue.fromN(Long.toString(timestamp)),
                field, AttributeValue.fromS(value));
    }

    static Map<String, AttributeValue> key(String id, long timestamp) {
        return Map.of("id", AttributeValue.fromS(id), "timestamp", AttributeValue.fromN(Long.toString(timestamp)));
    }

    static List<Record> allRecords(String table) {
        List<Record> records = new ArrayList<>();
        String arn = local.streamArn(table);
        for (Shard shard : streams.describeStream(b -> b.streamArn(arn)).streamDescription().shards()) {
            String iterator = streams.getShardIterator(b -> b.streamArn(arn).shardId(shard.shardId())
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            while (iterator != null) {
                String current = iterator;
                var response = streams.getRecords(b -> b.shardIterator(current));
                records.addAll(response.records());
                if (response.records().isEmpty()) {
                    break;
                }
                iterator = response.nextShardIterator();
            }
        }
        return records;
    }

    @Test
    void putUpdateDeleteAppendInsertModifyRemoveWithTheirImages() {
        String table = newSourceTable();
        Instant before = Instant.now().minusSeconds(1);

        dynamo.putItem(b -> b.tableName(table).item(item("s1", 1, "reading", "20")));
        dynamo.updateItem(b -> b.tableName(table).key(key("s1", 1))
                .updateExpression("SET reading = :t").expressionAttributeValues(Map.of(":t", AttributeValue.fromS("25"))));
        dynamo.deleteItem(b -> b.tableName(table).key(key("s1", 1)));

        List<Record> records = allRecords(table);
        assertEquals(List.of(OperationType.INSERT, OperationType.MODIFY, OperationType.REMOVE),
                records.stream().map(Record::eventName).collect(Collectors.toList()));
        Record insert = records.get(0);
        Record modify = records.get(1);
        Record remove = records.get(2);
        assertEquals(key("s1", 1), insert.dynamodb().keys());
        assertEquals(item("s1", 1, "reading", "20"), insert.dynamodb().newImage());
        assertFalse(insert.dynamodb().hasOldImage());
        assertEquals(item("s1", 1, "reading", "20"), modify.dynamodb().oldImage());
        assertEquals(item("s1", 1, "reading", "25"), modify.dynamodb().newImage());
        assertEquals(item("s1", 1, "reading", "25"), remove.dynamodb().oldImage());
        assertFalse(remove.dynamodb().hasNewImage());
        assertNull(remove.userIdentity(), "a user's delete has no userIdentity");

        BigInteger previous = BigInteger.ZERO;
        for (Record record : records) {
            String sequence = record.dynamodb().sequenceNumber();
            assertTrue(sequence.matches("[0-9]{21,}"), sequence);
            assertTrue(new BigInteger(sequence).compareTo(previous) > 0, "sequence numbers increase");
            previous = new BigInteger(sequence);
            assertEquals(StreamViewType.NEW_AND_OLD_IMAGES, record.dynamodb().streamViewType());
            assertTrue(record.dynamodb().sizeBytes() > 0);
            assertFalse(record.dynamodb().approximateCreationDateTime().isBefore(before));
            assertEquals("aws:dynamodb", record.eventSource());
            assertEquals("us-east-1", record.awsRegion());
            assertEquals(32, record.eventID().length());
        }
    }

    @Test
    void failedConditionAndUnchangedItemAppendNothing() {
        String table = newSourceTable();
        dynamo.putItem(b -> b.tableName(table).item(item("s2", 1, "reading", "20")));

        assertThrows(ConditionalCheckFailedException.class, () -> dynamo.putItem(b -> b.tableName(table)
                .item(item("s2", 1, "reading", "99")).conditionExpression("attribute_not_exists(id)")));
        dynamo.putItem(b -> b.tableName(table).item(item("s2", 1, "reading", "20")));
        dynamo.deleteItem(b -> b.tableName(table).key(key("absent", 1)));

        List<Record> records = allRecords(table);
        assertEquals(1, records.size(), () -> records.toString());
        assertEquals(item("s2", 1, "reading", "20"), dynamo.getItem(b -> b.tableName(table).key(key("s2", 1))).item());
    }

    @Test
    void batchWriteAppendsOneRecordPerItemAndKeepsReturnValues() {
        String table = newSourceTable();
        dynamo.putItem(b -> b.tableName(table).item(item("b0", 1, "reading", "1")));
        var old = dynamo.putItem(b -> b.tableName(table).item(item("b0", 1, "reading", "2"))
                .returnValues(software.amazon.awssdk.services.dynamodb.model.ReturnValue.ALL_OLD));
        assertEquals(item("b0", 1, "reading", "1"), old.attributes(), "the client's ReturnValues are honoured");

        dynamo.batchWriteItem(b -> b.requestItems(Map.of(table, List.of(
                WriteRequest.builder().putRequest(PutRequest.builder().item(item("b1", 1, "reading", "1")).build()).build(),
                WriteRequest.builder().putRequest(PutRequest.builder().item(item("b2", 1, "reading", "2")).build()).build(),
                WriteRequest.builder().deleteRequest(d -> d.key(key("b0", 1))).build()))));

        List<Record> records = allRecords(table);
        assertEquals(List.of("INSERT b0", "MODIFY b0", "INSERT b1", "INSERT b2", "REMOVE b0"), records.stream()
                .map(r -> r.eventNameAsString() + " " + r.dynamodb().keys().get("id").s()).collect(Collectors.toList()));
    }

    @Test
    void describeTableAndTimeToLiveReportStreamAndTtlAttribute() {
        String table = newSourceTable();

        TableDescription description = dynamo.describeTable(b -> b.tableName(table)).table();
        var ttl = dynamo.describeTimeToLive(b -> b.tableName(table)).timeToLiveDescription();

        assertEquals(local.streamArn(table), description.latestStreamArn());
        assertTrue(description.latestStreamArn().startsWith("arn:aws:dynamodb:us-east-1:000000000000:table/" + table + "/stream/"));
        assertEquals(StreamViewType.NEW_AND_OLD_IMAGES, description.streamSpecification().streamViewType());
        assertTrue(description.streamSpecification().streamEnabled());
        assertNotNull(description.latestStreamLabel());
        assertEquals(TimeToLiveStatus.ENABLED, ttl.timeToLiveStatus());
        assertEquals("expiresAt", ttl.attributeName());
        assertEquals(List.of(table), streams.listStreams(b -> b.tableName(table)).streams().stream()
                .map(s -> s.tableName()).collect(Collectors.toList()));
    }

    @Test
    void expiredItemIsRemovedByTheSweepAsTheDynamoDbService() throws InterruptedException {
        String table = newSourceTable();
        long now = Instant.now().getEpochSecond();
        Map<String, AttributeValue> expired = Map.of("id", AttributeValue.fromS("old"), "timestamp", AttributeValue.fromN("1"),
                "expiresAt", AttributeValue.fromN(Long.toString(now - 5)));
        Map<String, AttributeValue> alive = Map.of("id", AttributeValue.fromS("young"), "timestamp", AttributeValue.fromN("1"),
                "expiresAt", AttributeValue.fromN(Long.toString(now + 3600)));
        Map<String, AttributeValue> ancient = Map.of("id", AttributeValue.fromS("ancient"), "timestamp", AttributeValue.fromN("1"),
                "expiresAt", AttributeValue.fromN(Long.toString(now - 6L * 365 * 24 * 3600)));
        dynamo.putItem(b -> b.tableName(table).item(expired));
        dynamo.putItem(b -> b.tableName(table).item(alive));
        dynamo.putItem(b -> b.tableName(table).item(ancient));

        List<Record> records = waitForRecords(table, 4);

        List<Record> removals = records.stream().filter(r -> r.eventName() == OperationType.REMOVE)
                .collect(Collectors.toList());
        assertEquals(1, removals.size(), records::toString);
        Record removal = removals.get(0);
        assertEquals("Service", removal.userIdentity().type());
        assertEquals("dynamodb.amazonaws.com", removal.userIdentity().principalId());
        assertEquals(expired, removal.dynamodb().oldImage());
        assertFalse(removal.dynamodb().hasNewImage());
        Thread.sleep(500); // two more sweeps: neither the live item nor the one expired over five years ago goes
        assertEquals(4, allRecords(table).size());
        assertTrue(dynamo.getItem(b -> b.tableName(table).key(key("young", 1))).hasItem());
        assertTrue(dynamo.getItem(b -> b.tableName(table).key(key("ancient", 1))).hasItem());
    }

    @Test
    void iteratorTypesAndClosedShardsBehaveLikeDynamoDbStreams() {
        String table = newSourceTable();
        String arn = local.streamArn(table);
        for (int i = 1; i <= 3; i++) {
            int n = i;
            dynamo.putItem(b -> b.tableName(table).item(item("i" + n, n, "v", "x")));
        }
        local.front().rollShard(table);
        dynamo.putItem(b -> b.tableName(table).item(item("i4", 4, "v", "x")));

        List<Shard> shards = streams.describeStream(b -> b.streamArn(arn)).streamDescription().shards();
        assertEquals(2, shards.size());
        Shard parent = shards.get(0);
        Shard child = shards.get(1);
        assertEquals(parent.shardId(), child.parentShardId());
        assertNotNull(parent.sequenceNumberRange().endingSequenceNumber());
        assertNull(child.sequenceNumberRange().endingSequenceNumber());
        List<Record> first = allRecords(table).subList(0, 3);
        String second = first.get(1).dynamodb().sequenceNumber();

        assertEquals(List.of("i2", "i3"), ids(readFrom(arn, parent, ShardIteratorType.AT_SEQUENCE_NUMBER, second)));
        assertEquals(List.of("i3"), ids(readFrom(arn, parent, ShardIteratorType.AFTER_SEQUENCE_NUMBER, second)));
        assertEquals(List.of(), ids(readFrom(arn, child, ShardIteratorType.LATEST, null)));
        String closedIterator = streams.getShardIterator(b -> b.streamArn(arn).shardId(parent.shardId())
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        var all = streams.getRecords(b -> b.shardIterator(closedIterator).limit(2));
        assertEquals(2, all.records().size(), "Limit is honoured");
        var rest = streams.getRecords(b -> b.shardIterator(all.nextShardIterator()));
        assertEquals(1, rest.records().size());
        assertNull(rest.nextShardIterator(), "a closed shard read to its end has no next iterator");
        assertThrows(DynamoDbException.class, () -> streams.getShardIterator(b -> b.streamArn(arn)
                .shardId("shardId-00000000000000000000-00000000").shardIteratorType(ShardIteratorType.LATEST)));
    }

    @Test
    void eddyTablesAreCreatedWithStreamOnTheSourceAndTimeToLiveOnSourceAndLedger() {
        int n = TABLES.incrementAndGet();
        local.createEddyTables("Src" + n, "Proj" + n, "Ledger" + n);

        assertNotNull(dynamo.describeTable(b -> b.tableName("Src" + n)).table().latestStreamArn());
        assertNull(dynamo.describeTable(b -> b.tableName("Proj" + n)).table().latestStreamArn());
        assertEquals(List.of("pk", "sk"), dynamo.describeTable(b -> b.tableName("Proj" + n)).table().keySchema().stream()
                .map(k -> k.attributeName()).collect(Collectors.toList()));
        assertEquals(TimeToLiveStatus.ENABLED, dynamo.describeTimeToLive(b -> b.tableName("Src" + n))
                .timeToLiveDescription().timeToLiveStatus());
        assertEquals("expiresAt", dynamo.describeTimeToLive(b -> b.tableName("Ledger" + n))
                .timeToLiveDescription().attributeName());
        assertEquals(TimeToLiveStatus.DISABLED, dynamo.describeTimeToLive(b -> b.tableName("Proj" + n))
                .timeToLiveDescription().timeToLiveStatus());
    }

    @Test
    void streamEnabledLaterWithKeysOnlyRecordsJustTheKeys() {
        String table = "Later" + TABLES.incrementAndGet();
        local.createTable(EddyTables.projectionTable(table).build(), null);
        dynamo.putItem(b -> b.tableName(table).item(Map.of("pk", AttributeValue.fromS("before"), "sk", AttributeValue.fromS("x"))));

        var updated = dynamo.updateTable(b -> b.tableName(table).streamSpecification(s -> s.streamEnabled(true)
                .streamViewType(StreamViewType.KEYS_ONLY))).tableDescription();
        dynamo.putItem(b -> b.tableName(table).item(Map.of("pk", AttributeValue.fromS("after"), "sk", AttributeValue.fromS("x"),
                "extra", AttributeValue.fromS("not in a KEYS_ONLY record"))));

        assertEquals(StreamViewType.KEYS_ONLY, updated.streamSpecification().streamViewType());
        List<Record> records = allRecords(table);
        assertEquals(1, records.size(), "only writes after the stream was enabled");
        assertEquals(Map.of("pk", AttributeValue.fromS("after"), "sk", AttributeValue.fromS("x")), records.get(0).dynamodb().keys());
        assertFalse(records.get(0).dynamodb().hasNewImage());
        assertThrows(DynamoDbException.class, () -> dynamo.updateTable(b -> b.tableName(table)
                .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_IMAGE))));
    }

    @Test
    void transactWriteIsRejectedWithAClearMessage() {
        String table = newSourceTable();
        DynamoDbException error = assertThrows(DynamoDbException.class, () -> dynamo.transactWriteItems(b -> b
                .transactItems(t -> t.put(Put.builder().tableName(table).item(item("t", 1, "v", "x")).build()))));
        assertTrue(error.getMessage().contains("TransactWriteItems is not supported by the local runtime"), error.getMessage());
        assertEquals(0, allRecords(table).size());
    }

    private static List<Record> readFrom(String arn, Shard shard, ShardIteratorType type, String sequence) {
        String iterator = streams.getShardIterator(b -> b.streamArn(arn).shardId(shard.shardId())
                .shardIteratorType(type).sequenceNumber(sequence)).shardIterator();
        return streams.getRecords(b -> b.shardIterator(iterator)).records();
    }

    private static List<String> ids(List<Record> records) {
        return records.stream().map(r -> r.dynamodb().keys().get("id").s()).collect(Collectors.toList());
    }

    private static List<Record> waitForRecords(String table, int count) throws InterruptedException {
        Instant giveUp = Instant.now().plusSeconds(10);
        List<Record> records = allRecords(table);
        while (records.size() < count && Instant.now().isBefore(giveUp)) {
            Thread.sleep(50);
            records = allRecords(table);
        }
        assertEquals(count, records.size(), records::toString);
        return records;
    }
}
