package dev.eddy.adapters.aws.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.application.TimeBudget;
import dev.eddy.application.port.out.DeliveryLedger;
import dev.eddy.testsupport.dynamodb.DynaliteExtension;
import dev.eddy.testsupport.dynamodb.DynamoDbFaultServer;
import dev.eddy.adapters.aws.http.InMemoryHttpClient;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The ledger over its own client against dynalite, over real HTTP; faults from a loopback fault server. */
class DynamoDbDeliveryLedgerTest {
    @RegisterExtension
    static final DynaliteExtension DYNAMODB = new DynaliteExtension();
    private static final Instant NOW = Instant.parse("2026-11-24T22:00:00Z");
    private static int tables;

    /** The operation of each request the ledger's client sent, in order. */
    private final List<String> calls = new ArrayList<>();
    private String table;
    private DynamoDbClient client;
    private DeliveryLedger ledger;

    @BeforeEach
    void newTable() {
        table = "Ledger" + (++tables);
        DYNAMODB.dynalite().createTable(table, "id", null);
        client = DYNAMODB.client();
        ledger = new DynamoDbDeliveryLedger(ledgerClient(DYNAMODB.dynalite().endpoint(), calls), table, Duration.ofDays(7),
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    /** A ledger client for the endpoint, as the function builds one, noting each request's operation in {@code calls}. */
    private static DynamoDbLedgerClient ledgerClient(URI endpoint, List<String> calls) {
        SdkHttpClient http = UrlConnectionHttpClient.builder().build();
        SdkHttpClient noting = new SdkHttpClient() {
            @Override
            public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
                synchronized (calls) {
                    calls.add(request.httpRequest().firstMatchingHeader("X-Amz-Target").orElse("?")
                            .replace(DynamoDbLedgerClient.TARGET_PREFIX, ""));
                }
                return http.prepareRequest(request);
            }

            @Override
            public void close() {
                http.close();
            }
        };
        return DynamoDbAdapters.ledgerClient(Region.US_EAST_1, endpoint,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")), noting);
    }

    private static List<String> ids(int count, String prefix) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(prefix + i + "#alert#too-hot");
        }
        return ids;
    }

    @Test
    void recordedIdsAreReportedDeliveredAndOthersAreNot() {
        ledger.recordDelivered(List.of("e1#alert#a", "e2#alert#a"));

        assertEquals(Set.of("e1#alert#a"), ledger.delivered(List.of("e1#alert#a", "e3#alert#a")));
        assertEquals(Set.of(), ledger.delivered(List.of()));
    }

    @Test
    void anIdPastDynamoDbsKeyLimitIsKeptByItsDigestAndFoundAgain() {
        // A hostile record's event id of 2,100 characters: as a key DynamoDB refuses it (2,048 bytes), which
        // failed every read of its window, and so its batch, on every retry.
        String longId = "e".repeat(2100) + "#alert#a";
        String longUnicodeId = "\u20ac".repeat(400) + "#alert#a"; // 400 characters, 1,200 bytes
        String atTheLimit = "f".repeat(1024);
        ledger.recordDelivered(List.of(longId, longUnicodeId, atTheLimit, "e1#alert#a"));

        assertEquals(Set.of(longId, longUnicodeId, atTheLimit, "e1#alert#a"),
                ledger.delivered(List.of(longId, longUnicodeId, atTheLimit, "e1#alert#a", "e".repeat(2100) + "#alert#b")));
        assertEquals(atTheLimit, DynamoDbDeliveryLedger.key(atTheLimit));
        assertTrue(DynamoDbDeliveryLedger.key(longId).startsWith("sha256:"));
        assertTrue(DynamoDbDeliveryLedger.key(longUnicodeId).startsWith("sha256:"));
    }

    @Test
    void entriesExpireSevenDaysLaterByTtl() {
        ledger.recordDelivered(List.of("e1#alert#a"));

        Map<String, AttributeValue> entry = client.getItem(r -> r.tableName(table)
                .key(Map.of("id", AttributeValue.fromS("e1#alert#a")))).item();
        assertEquals(Long.toString(NOW.plus(Duration.ofDays(7)).getEpochSecond()), entry.get("expiresAt").n());
    }

    @Test
    void manyIdsAreReadAHundredAndWrittenTwentyFiveAtATime() {
        List<String> recorded = ids(230, "e");
        ledger.recordDelivered(recorded);
        List<String> asked = new ArrayList<>(recorded);
        asked.addAll(ids(20, "other"));

        calls.clear();
        Set<String> delivered = ledger.delivered(asked);

        assertEquals(new HashSet<>(recorded), delivered);
        assertEquals(List.of("BatchGetItem", "BatchGetItem", "BatchGetItem"), calls, "250 ids: 3 reads");
        calls.clear();
        ledger.recordDelivered(ids(100, "n"));
        assertEquals(List.of("BatchWriteItem", "BatchWriteItem", "BatchWriteItem", "BatchWriteItem"), calls, "100 ids: 4 writes");
        assertEquals(Set.copyOf(ids(100, "n")), ledger.delivered(ids(100, "n")));
    }

    @Test
    void recordingTwiceIsHarmless() {
        ledger.recordDelivered(List.of("e1#alert#a", "e1#alert#a"));
        ledger.recordDelivered(List.of("e1#alert#a"));

        assertEquals(Set.of("e1#alert#a"), ledger.delivered(List.of("e1#alert#a")));
        assertEquals(1, client.scan(r -> r.tableName(table)).count());
    }

    @Test
    void aRetentionWithinTheStreamsRetentionIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new DynamoDbDeliveryLedger(
                ledgerClient(DYNAMODB.dynalite().endpoint(), calls), table, Duration.ofHours(24), Clock.systemUTC()));
    }

    @Test
    void aThrottledLedgerIsTriedThreeTimesThenFailsWithAClearError() {
        try (DynamoDbFaultServer server = DynamoDbFaultServer.throttling()) {
            DeliveryLedger unavailable = new DynamoDbDeliveryLedger(ledgerClient(server.endpoint(), calls), table,
                    Duration.ofDays(7), Clock.systemUTC());

            DeliveryLedgerException read = assertThrows(DeliveryLedgerException.class, () -> unavailable.delivered(List.of("x")));
            DeliveryLedgerException write = assertThrows(DeliveryLedgerException.class, () -> unavailable.recordDelivered(List.of("x")));

            assertEquals("delivery ledger read failed: ProvisionedThroughputExceededException (HTTP 400): The level of"
                    + " configured provisioned throughput for the table was exceeded. (3 attempts)", read.getMessage());
            assertTrue(write.getMessage().startsWith("delivery ledger write failed: ProvisionedThroughputExceededException"),
                    write.getMessage());
            assertEquals(List.of("DynamoDB_20120810.BatchGetItem", "DynamoDB_20120810.BatchGetItem", "DynamoDB_20120810.BatchGetItem",
                    "DynamoDB_20120810.BatchWriteItem", "DynamoDB_20120810.BatchWriteItem", "DynamoDB_20120810.BatchWriteItem"),
                    server.targets());
        }
    }

    @Test
    void aServerErrorIsRetriedAndAMissingTableIsNot() {
        try (DynamoDbFaultServer server = DynamoDbFaultServer.internalError()) {
            DeliveryLedger failing = new DynamoDbDeliveryLedger(ledgerClient(server.endpoint(), calls), table,
                    Duration.ofDays(7), Clock.systemUTC());
            DeliveryLedgerException e = assertThrows(DeliveryLedgerException.class, () -> failing.delivered(List.of("x")));
            assertEquals("delivery ledger read failed: InternalServerError (HTTP 500): Internal server error (3 attempts)",
                    e.getMessage());
            assertEquals(3, server.targets().size());
        }
        calls.clear();
        DeliveryLedger missing = new DynamoDbDeliveryLedger(ledgerClient(DYNAMODB.dynalite().endpoint(), calls), "NoSuchLedger",
                Duration.ofDays(7), Clock.systemUTC());
        DeliveryLedgerException e = assertThrows(DeliveryLedgerException.class, () -> missing.recordDelivered(List.of("x")));
        assertTrue(e.getMessage().startsWith("delivery ledger write failed: ResourceNotFoundException (HTTP 400): "), e.getMessage());
        assertEquals(List.of("BatchWriteItem"), calls, "a missing table is not worth a retry");
    }

    @Test
    void anUnreachableLedgerFailsNamingTheProblem() throws Exception {
        URI closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
        DeliveryLedger unreachable = new DynamoDbDeliveryLedger(ledgerClient(closed, calls), table, Duration.ofDays(7),
                Clock.systemUTC());

        DeliveryLedgerException e = assertThrows(DeliveryLedgerException.class, () -> unreachable.delivered(List.of("x")));

        assertTrue(e.getMessage().startsWith("delivery ledger read failed: BatchGetItem: I/O error: ConnectException"), e.getMessage());
        assertTrue(e.getMessage().endsWith("(3 attempts)"), e.getMessage());
    }

    /**
     * The waits before a retry are the SDK's standard mode's: random ("full jitter") up to 100 ms,
     * then 200 ms, and after throttling up to 1 s, then 2 s. 2,000 draws each: their extremes come
     * within 10 % of the ceiling, never beyond it.
     */
    @Test
    void retriesWaitAsTheSdksStandardModeDoes() {
        DynamoDbCallException throttled = new DynamoDbCallException(400, "ProvisionedThroughputExceededException", "t", true, true, null);
        DynamoDbCallException failed = new DynamoDbCallException(500, "InternalServerError", "f", true, false, null);
        for (Object[] expected : new Object[][] {{throttled, 1, 1_000L}, {throttled, 2, 2_000L}, {failed, 1, 100L}, {failed, 2, 200L}}) {
            long ceiling = (Long) expected[2];
            long min = Long.MAX_VALUE;
            long max = 0;
            for (int i = 0; i < 2_000; i++) {
                long delay = DynamoDbDeliveryLedger.retryDelay((DynamoDbCallException) expected[0], (Integer) expected[1]);
                min = Math.min(min, delay);
                max = Math.max(max, delay);
            }
            assertTrue(min >= 0 && min <= ceiling / 10, "shortest " + min + " of ceiling " + ceiling);
            assertTrue(max <= ceiling && max >= ceiling * 9 / 10, "longest " + max + " of ceiling " + ceiling);
        }
    }

    /**
     * A call with its retries keeps to the call's time: against a server that never answers, with 2 s
     * for the call, the first attempt is given up at 1.5 s, the second gets what is left, and no third
     * starts.
     */
    @Test
    void aCallAndItsRetriesKeepToTheCallsTime() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            DeliveryLedger stalled = new DynamoDbDeliveryLedger(ledgerClient(URI.create("http://127.0.0.1:" + silent.getLocalPort()),
                    calls), table, Duration.ofDays(7), Clock.systemUTC(), Duration.ofSeconds(2));
            long start = System.nanoTime();

            DeliveryLedgerException e = assertThrows(DeliveryLedgerException.class, () -> stalled.delivered(List.of("x")));

            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(tookMillis >= 1_900 && tookMillis < 2_600, "took " + tookMillis + " ms");
            assertTrue(e.getMessage().startsWith("delivery ledger read failed: BatchGetItem: no complete reply within "), e.getMessage());
            assertTrue(e.getMessage().endsWith(" ms: the call was aborted (2 attempts)"), e.getMessage());
        }
    }

    /**
     * Given a budget shorter than the call's own time, a call keeps to the budget: against a server
     * that never answers, with 5 s for the call and 800 ms of budget, the ledger gives up at 800 ms.
     */
    @Test
    void aCallKeepsToTheBudgetWhenItIsShorterThanTheCallsTime() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            DeliveryLedger stalled = new DynamoDbDeliveryLedger(ledgerClient(URI.create("http://127.0.0.1:" + silent.getLocalPort()),
                    calls), table, Duration.ofDays(7), Clock.systemUTC());
            long deadline = System.nanoTime() + 800_000_000L;
            TimeBudget budget = () -> Duration.ofNanos(deadline - System.nanoTime());
            long start = System.nanoTime();

            DeliveryLedgerException e = assertThrows(DeliveryLedgerException.class,
                    () -> stalled.recordDelivered(List.of("x"), budget));

            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(tookMillis >= 700 && tookMillis < 1_400, "took " + tookMillis + " ms");
            assertTrue(e.getMessage().startsWith("delivery ledger write failed: BatchWriteItem: no complete reply within "),
                    e.getMessage());
        }
    }

    /** With less than a call's least time left of the budget, no call is made, and the error says why. */
    @Test
    void noCallStartsWithTooLittleOfTheBudgetLeft() {
        TimeBudget almostGone = () -> Duration.ofMillis(60);

        DeliveryLedgerException read = assertThrows(DeliveryLedgerException.class,
                () -> ledger.delivered(List.of("x"), almostGone));
        DeliveryLedgerException write = assertThrows(DeliveryLedgerException.class,
                () -> ledger.recordDelivered(List.of("x"), almostGone));

        assertEquals("delivery ledger read not attempted: the invocation's time for it ran out (60 ms left)", read.getMessage());
        assertEquals("delivery ledger write not attempted: the invocation's time for it ran out (60 ms left)", write.getMessage());
        assertEquals(List.of(), calls);
        ledger.recordDelivered(List.of("x"), () -> Duration.ofSeconds(2));
        assertEquals(Set.of("x"), ledger.delivered(List.of("x", "y"), () -> Duration.ofSeconds(2)),
                "with time enough, the budgeted calls read and write as the others do");
    }

    /**
     * DynamoDB may leave part of a batch unprocessed (dynalite never does): those keys and items,
     * and only those, are asked again, until none is left.
     */
    @Test
    void unprocessedKeysAndItemsAreAskedAgainUntilNoneIsLeft() {
        Deque<String> replies = new ArrayDeque<>(List.of(
                "{\"Responses\":{\"L\":[{\"id\":{\"S\":\"a\"}}]},\"UnprocessedKeys\":{\"L\":{\"Keys\":[{\"id\":{\"S\":\"c\"}}]}}}",
                "{\"Responses\":{\"L\":[{\"id\":{\"S\":\"c\"}}]},\"UnprocessedKeys\":{}}",
                "{\"UnprocessedItems\":{\"L\":[{\"PutRequest\":{\"Item\":{\"id\":{\"S\":\"b\"},\"expiresAt\":{\"N\":\"1\"}}}}]}}",
                "{}"));
        List<String> bodies = new ArrayList<>();
        InMemoryHttpClient scripted = new InMemoryHttpClient() {
            @Override
            protected Answer answer(SdkHttpRequest request, byte[] body) {
                bodies.add(new String(body, StandardCharsets.UTF_8));
                return new Answer(200, DynamoDbLedgerClient.CONTENT_TYPE, replies.removeFirst());
            }
        };
        DeliveryLedger scriptedLedger = new DynamoDbDeliveryLedger(DynamoDbAdapters.ledgerClient(Region.US_EAST_1,
                URI.create("https://dynamodb.us-east-1.amazonaws.com"),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")), scripted), "L",
                Duration.ofDays(7), Clock.fixed(NOW, ZoneOffset.UTC));

        assertEquals(Set.of("a", "c"), scriptedLedger.delivered(List.of("a", "b", "c")));
        scriptedLedger.recordDelivered(List.of("a", "b"));

        assertEquals(4, bodies.size(), bodies.toString());
        assertTrue(bodies.get(1).contains("\"Keys\":[{\"id\":{\"S\":\"c\"}}]"), "only c asked again: " + bodies.get(1));
        long expiresAt = NOW.plus(Duration.ofDays(7)).getEpochSecond();
        assertTrue(bodies.get(3).endsWith("\"L\":[{\"PutRequest\":{\"Item\":{\"id\":{\"S\":\"b\"},\"expiresAt\":{\"N\":\""
                + expiresAt + "\"}}}}]}}"), "only b written again: " + bodies.get(3));
    }

    /** Asking again for unprocessed items waits only while the budget leaves time for the call after the wait. */
    @Test
    void unprocessedItemsAreNotAskedAgainPastTheBudget() {
        List<String> bodies = new ArrayList<>();
        InMemoryHttpClient alwaysUnprocessed = new InMemoryHttpClient() {
            @Override
            protected Answer answer(SdkHttpRequest request, byte[] body) {
                bodies.add(new String(body, StandardCharsets.UTF_8));
                return new Answer(200, DynamoDbLedgerClient.CONTENT_TYPE,
                        "{\"UnprocessedItems\":{\"L\":[{\"PutRequest\":{\"Item\":{\"id\":{\"S\":\"b\"},\"expiresAt\":{\"N\":\"1\"}}}}]}}");
            }
        };
        DeliveryLedger scriptedLedger = new DynamoDbDeliveryLedger(DynamoDbAdapters.ledgerClient(Region.US_EAST_1,
                URI.create("https://dynamodb.us-east-1.amazonaws.com"),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")), alwaysUnprocessed), "L",
                Duration.ofDays(7), Clock.fixed(NOW, ZoneOffset.UTC));

        DeliveryLedgerException e = assertThrows(DeliveryLedgerException.class,
                () -> scriptedLedger.recordDelivered(List.of("b"), () -> Duration.ofMillis(120)));

        assertEquals("delivery ledger: 1 item(s) stayed unprocessed after 1 attempt(s), and the invocation's time ran out"
                + " to ask again (120 ms left)", e.getMessage());
        assertEquals(1, bodies.size(), "no second call");
    }

    @Test
    void aLedgerWrittenByOneClientIsSeenByAnother() {
        ledger.recordDelivered(List.of("e9#change"));
        DeliveryLedger other = new DynamoDbDeliveryLedger(ledgerClient(DYNAMODB.dynalite().endpoint(), new ArrayList<>()), table,
                Duration.ofDays(2), Clock.systemUTC());

        assertEquals(Set.of("e9#change"), other.delivered(List.of("e9#change")));
    }
}
