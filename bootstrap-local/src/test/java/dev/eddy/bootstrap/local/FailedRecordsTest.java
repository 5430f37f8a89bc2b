package dev.eddy.bootstrap.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.eddy.adapters.aws.tables.EddyTables;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsRequest;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.dynamodb.model.GetShardIteratorResponse;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Records an on-failure record names, read back from the local stream: the same records, in the same Lambda event
 * shape, as the event source mapping emulator delivered before it gave up on them.
 */
class FailedRecordsTest {

    private static LocalDynamo local;
    private static String table;
    private static FailedBatch failed;
    private static final List<String> LOG = new CopyOnWriteArrayList<>();

    /** Three records given up on together (one batch, no bisecting, one retry), then one the shard moves on to. */
    @BeforeAll
    static void giveUpOnABatch() throws Exception {
        local = LocalDynamo.start(StreamsFront.Settings.defaults());
        table = "FailedRecords";
        local.createTable(EddyTables.sourceTable(table).build(), EddyTables.sourceTableTimeToLive(table));
        for (String id : List.of("first", "bad", "third")) {
            put(id);
        }
        RecordingHandler handler = new RecordingHandler((event, n) -> {
            if (RecordingHandler.ids(event).contains("bad")) {
                throw new IllegalStateException("boom");
            }
            return null;
        });
        try (LocalEventSourceMapping mapping = LocalEventSourceMapping.start(local.streams(), local.streamArn(table),
                local.region(), handler, EventSourceMappingSettings.defaults()
                        .withPollInterval(Duration.ofMillis(20)).withFunctionTimeout(Duration.ofSeconds(10))
                        .withBisectBatchOnFunctionError(false).withMaximumRetryAttempts(1), LOG::add)) {
            await(() -> !mapping.failures().isEmpty());
            put("after");
            await(() -> handler.allIds().contains("after"));
            failed = mapping.failures().get(0);
        }
        assertEquals(3, failed.batchSize(), "the three records failed as one batch: " + LOG);
    }

    @AfterAll
    static void stop() {
        if (local != null) {
            local.close();
        }
    }

    private static void put(String id) {
        local.dynamoDb().putItem(b -> b.tableName(table).item(Map.of("id", AttributeValue.fromS(id),
                "timestamp", AttributeValue.fromN("1"), "temperature", AttributeValue.fromN("81.5"))));
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        Instant giveUp = Instant.now().plusSeconds(20);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(giveUp)) {
                throw new AssertionError("timed out; mapping log: " + LOG);
            }
            Thread.sleep(20);
        }
    }

    private static JsonNode json(String text) throws Exception {
        return Json.MAPPER.readTree(text);
    }

    @Test
    void readsBackExactlyTheRecordsTheMappingGaveUpOnAsTheEventItDelivered() throws Exception {
        FailedRecords.Read read = FailedRecords.read(local.streams(), FailedRecords.Range.of(json(failed.json())));

        List<JsonNode> expected = new ArrayList<>();
        for (String record : failed.recordsJson()) {
            expected.add(json(record));
        }
        List<JsonNode> actual = new ArrayList<>();
        json(Json.text(read.event())).path("Records").forEach(actual::add);
        assertEquals(expected, actual, "the same records in the Lambda event shape, and not the one after them");
        assertEquals(3, read.records());
        assertEquals(List.of(), read.warnings());
        // Lambda's own serializer reads the event, as the managed runtime would read it from `aws lambda invoke`.
        assertEquals(List.of("first", "bad", "third"),
                RecordingHandler.ids(LambdaEvents.read(Json.text(read.event()).getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void pageByPageTheSameRecords() throws Exception {
        FailedRecords.Read read = FailedRecords.read(local.streams(), FailedRecords.Range.of(json(failed.json())), 1);

        assertEquals(List.of("first", "bad", "third"),
                RecordingHandler.ids(LambdaEvents.read(Json.text(read.event()).getBytes(StandardCharsets.UTF_8))));
        assertEquals(List.of(), read.warnings());
    }

    /** The stream ends (empty pages) before the announced last: what it holds is read, and the warnings say so. */
    @Test
    void recordsThatEndBeforeTheAnnouncedLastAreReadAndSaidSo() throws Exception {
        ObjectNode record = (ObjectNode) json(failed.json());
        String beyond = new BigInteger(failed.endSequenceNumber()).add(BigInteger.valueOf(1_000_000))
                .toString();
        ((ObjectNode) record.path("DDBStreamBatchInfo")).put("endSequenceNumber", beyond);

        FailedRecords.Read read = FailedRecords.read(local.streams(), FailedRecords.Range.of(record), 2);

        List<String> ids = RecordingHandler.ids(LambdaEvents.read(Json.text(read.event()).getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of("first", "bad", "third", "after"), ids);
        assertEquals(2, read.warnings().size(), read.warnings().toString());
        assertTrue(read.warnings().get(0).contains("before the announced last " + beyond), read.warnings().get(0));
        assertEquals("read 4 record(s); the on-failure record announced 3", read.warnings().get(1));
    }

    @Test
    void theRecordSaysUntilWhenTheStreamHoldsTheFirstRecord() throws Exception {
        ObjectNode record = (ObjectNode) json(failed.json());
        ((ObjectNode) record.path("DDBStreamBatchInfo")).put("approximateArrivalOfFirstRecord", "2026-12-07T10:15:30.250Z");
        assertEquals(Optional.of(Instant.parse("2026-12-08T10:15:30.250Z")), FailedRecords.Range.of(record).heldUntil());
        ((ObjectNode) record.path("DDBStreamBatchInfo")).put("approximateArrivalOfFirstRecord", "yesterday");
        assertEquals(Optional.empty(), FailedRecords.Range.of(record).heldUntil());
    }

    /**
     * The range's first record is past the stream's retention, its later ones not yet: they are read, and the
     * warnings say which are gone. When none is left, the command says the stream no longer holds them.
     */
    @Test
    void aRangeWhoseFirstRecordsAreTrimmedIsReadFromWhatIsLeft() throws Exception {
        BigInteger bad = new BigInteger(json(failed.recordsJson().get(1)).path("dynamodb").path("SequenceNumber").asText());

        FailedRecords.Read read = FailedRecords.read(trimmedBefore(bad), FailedRecords.Range.of(json(failed.json())));

        assertEquals(List.of("bad", "third"),
                RecordingHandler.ids(LambdaEvents.read(Json.text(read.event()).getBytes(StandardCharsets.UTF_8))));
        assertEquals(2, read.warnings().size(), read.warnings().toString());
        assertTrue(read.warnings().get(0).contains("no longer holds the range's records before sequence number " + bad),
                read.warnings().get(0));
        assertEquals("read 2 record(s); the on-failure record announced 3", read.warnings().get(1));

        BigInteger afterTheRange = new BigInteger(failed.endSequenceNumber()).add(BigInteger.ONE);
        LocalRuntimeException e = assertThrows(LocalRuntimeException.class,
                () -> FailedRecords.read(trimmedBefore(afterTheRange), FailedRecords.Range.of(json(failed.json()))));
        assertTrue(e.getMessage().contains("no longer holds the records from sequence number " + failed.startSequenceNumber()),
                e.getMessage());
    }

    /**
     * The local stream as if its 24-hour retention had passed every record before {@code keptFrom}: a fault injected
     * at the client, since the local stream trims nothing. Its oldest record is then the first at or after it.
     */
    private static DynamoDbStreamsClient trimmedBefore(BigInteger keptFrom) {
        DynamoDbStreamsClient real = local.streams();
        return new DynamoDbStreamsClient() {
            @Override
            public String serviceName() {
                return real.serviceName();
            }

            @Override
            public void close() {
                // The real client is the fixture's.
            }

            @Override
            public GetShardIteratorResponse getShardIterator(GetShardIteratorRequest request) {
                if (request.shardIteratorType() == ShardIteratorType.TRIM_HORIZON) {
                    return real.getShardIterator(request.toBuilder().shardIteratorType(ShardIteratorType.AT_SEQUENCE_NUMBER)
                            .sequenceNumber(keptFrom.toString()).build());
                }
                if (request.sequenceNumber() != null && new BigInteger(request.sequenceNumber()).compareTo(keptFrom) < 0) {
                    throw TrimmedDataAccessException.builder().message("trimmed before " + keptFrom).build();
                }
                return real.getShardIterator(request);
            }

            @Override
            public GetRecordsResponse getRecords(GetRecordsRequest request) {
                return real.getRecords(request);
            }
        };
    }

    @Test
    void fewerRecordsThanAnnouncedAreReadAndSaidSo() throws Exception {
        ObjectNode record = (ObjectNode) json(failed.json());
        JsonNode info = record.path("DDBStreamBatchInfo");
        ((ObjectNode) info).put("batchSize", 5);

        FailedRecords.Read read = FailedRecords.read(local.streams(), FailedRecords.Range.of(record));

        assertEquals(3, read.records());
        assertEquals(List.of("read 3 record(s); the on-failure record announced 5"), read.warnings());
    }

    @Test
    void aShardTheStreamDoesNotHaveIsReportedByName() throws Exception {
        ObjectNode record = (ObjectNode) json(failed.json());
        ((ObjectNode) record.path("DDBStreamBatchInfo")).put("shardId", "shardId-00000000000000000000-nosuch00");

        LocalRuntimeException e = assertThrows(LocalRuntimeException.class,
                () -> FailedRecords.read(local.streams(), FailedRecords.Range.of(record)));
        assertTrue(e.getMessage().contains("shardId-00000000000000000000-nosuch00"), e.getMessage());
        assertTrue(e.getMessage().contains("a local `run` keeps its stream in memory: re-drive while the same run is"
                + " alive"), "at a loopback endpoint, the stream of a stopped run is named as a cause: " + e.getMessage());
    }

    @Test
    void onlyALoopbackEndpointIsTakenForALocalRun() {
        for (String local : List.of("http://127.0.0.1:8000", "http://localhost:8000", "http://[::1]:8000")) {
            assertTrue(FailedRecords.loopback(java.net.URI.create(local)), local);
        }
        for (String remote : List.of("https://streams.dynamodb.us-east-1.amazonaws.com", "http://10.0.0.5:8000")) {
            assertTrue(!FailedRecords.loopback(java.net.URI.create(remote)), remote);
        }
    }

    @Test
    void whatIsNotAnOnFailureRecordIsRefusedSayingWhy() throws Exception {
        assertRefused("{\"Messages\":[{\"Body\":\"{}\"}]}", "no DDBStreamBatchInfo", "give its Body");
        assertRefused("{\"Records\":[{\"messageId\":\"m\",\"body\":\"{}\"}]}", "a Lambda SQS event", ".Records[0].body");
        assertRefused(Json.text(Json.MAPPER.getNodeFactory().textNode(failed.json())), "a JSON string", "jq -r");
        String info = failed.json();
        assertRefused(info.replace(local.streamArn(table), "arn:aws:sqs:us-east-1:123456789012:queue"),
                "streamArn is not a DynamoDB stream ARN");
        assertRefused(info.replace("\"" + failed.startSequenceNumber() + "\"", "\"12x\""),
                "startSequenceNumber is not a sequence number");
        JsonNode swapped = json(info);
        ((ObjectNode) swapped.path("DDBStreamBatchInfo")).put("startSequenceNumber", failed.endSequenceNumber())
                .put("endSequenceNumber", failed.startSequenceNumber());
        assertRefused(Json.text(swapped), "is after its endSequenceNumber");
    }

    private static void assertRefused(String record, String... expected) throws Exception {
        LocalRuntimeException e = assertThrows(LocalRuntimeException.class, () -> FailedRecords.Range.of(json(record)));
        for (String part : expected) {
            assertTrue(e.getMessage().contains(part), "\"" + e.getMessage() + "\" should say " + part);
        }
    }

    /**
     * The command as an operator runs it: the on-failure record in a file, the stream reached through the SDK's own
     * settings (here the system properties of AWS_ENDPOINT_URL and the credentials), the event written to a file that
     * Lambda's serializer reads.
     */
    @Test
    void theCommandWritesTheEventOfTheRecordsAnOnFailureRecordNames(@TempDir Path dir) throws Exception {
        Path record = Files.writeString(dir.resolve("on-failure.json"), failed.json());
        Path event = dir.resolve("event.json");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Console console = new Console(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        Map<String, String> properties = Map.of("aws.endpointUrl", local.endpoint().toString(),
                "aws.accessKeyId", "local", "aws.secretAccessKey", "local");
        properties.forEach(System::setProperty);
        int code;
        try {
            code = EddyLocal.run(new String[] {"failed-records", record.toString(), "--out", event.toString()}, console);
        } finally {
            properties.keySet().forEach(System::clearProperty);
        }

        assertEquals(EddyLocal.OK, code, err.toString(StandardCharsets.UTF_8));
        assertEquals(List.of("first", "bad", "third"), RecordingHandler.ids(LambdaEvents.read(Files.readAllBytes(event))));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("Read 3 record(s) of " + failed.shardId()),
                err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theCommandRefusesAnSqsMessageOrAMissingFileAsUsage(@TempDir Path dir) throws Exception {
        Path sqs = Files.writeString(dir.resolve("sqs.json"), "{\"Messages\":[{\"Body\":\"{}\"}]}");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Console console = new Console(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertEquals(EddyLocal.USAGE, EddyLocal.run(new String[] {"failed-records", sqs.toString()}, console));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("jq -r '.Messages[0].Body'"), err.toString(StandardCharsets.UTF_8));
        assertEquals(EddyLocal.USAGE, EddyLocal.run(new String[] {"failed-records", dir.resolve("none.json").toString()},
                console));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("does not exist"), err.toString(StandardCharsets.UTF_8));
    }

    /** A stream that cannot be read is reported with the endpoint that was tried, so a wrong setting shows. */
    @Test
    void aStreamThatCannotBeReadIsReportedWithTheEndpointTried(@TempDir Path dir) throws Exception {
        Path record = Files.writeString(dir.resolve("on-failure.json"), failed.json());
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Console console = new Console(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        int closed;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        Map<String, String> properties = Map.of("aws.endpointUrl", "http://127.0.0.1:" + closed,
                "aws.accessKeyId", "local", "aws.secretAccessKey", "local");
        properties.forEach(System::setProperty);
        int code;
        try {
            code = EddyLocal.run(new String[] {"failed-records", record.toString()}, console);
        } finally {
            properties.keySet().forEach(System::clearProperty);
        }

        assertEquals(EddyLocal.FAILED, code, err.toString(StandardCharsets.UTF_8));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("reading the stream at http://127.0.0.1:" + closed + ": "),
                err.toString(StandardCharsets.UTF_8));
    }

    /**
     * The local mapping keeps its on-failure records as JSON lines: a file of several is refused, naming how many,
     * rather than cut to its first (whose range alone would be re-driven); so is an array, and an empty file.
     */
    @Test
    void aFileOfSeveralOnFailureRecordsIsRefusedNotCutToTheFirst(@TempDir Path dir) throws Exception {
        String one = Json.text(json(failed.json()));
        Path lines = Files.writeString(dir.resolve("on-failure.jsonl"), one + "\n" + one + "\n" + one + "\n");
        Path array = Files.writeString(dir.resolve("array.json"), "[" + one + "," + one + "]");
        Path empty = Files.writeString(dir.resolve("empty.json"), "");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Console console = new Console(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertEquals(EddyLocal.USAGE, EddyLocal.run(new String[] {"failed-records", lines.toString()}, console));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("holds 3 JSON values, not one on-failure record"),
                err.toString(StandardCharsets.UTF_8));
        assertEquals(EddyLocal.USAGE, EddyLocal.run(new String[] {"failed-records", array.toString()}, console));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("holds a JSON array of 2 value(s)"),
                err.toString(StandardCharsets.UTF_8));
        assertEquals(EddyLocal.USAGE, EddyLocal.run(new String[] {"failed-records", empty.toString()}, console));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("holds 0 JSON values"), err.toString(StandardCharsets.UTF_8));
    }
}
