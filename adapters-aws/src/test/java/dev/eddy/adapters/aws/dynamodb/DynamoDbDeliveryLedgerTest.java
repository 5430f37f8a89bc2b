package dev.eddy.adapters.aws.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.application.port.out.DeliveryLedger;
import dev.eddy.testsupport.dynamodb.DynaliteExtension;
import dev.eddy.testsupport.dynamodb.DynamoDbFaultServer;
import dev.eddy.testsupport.dynamodb.Dynalite;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class DynamoDbDeliveryLedgerTest {
    @RegisterExtension
    static final DynaliteExtension DYNAMODB = new DynaliteExtension();
    private static final Instant NOW = Instant.parse("2026-11-24T22:00:00Z");
    private static int tables;

    private final List<String> calls = new ArrayList<>();
    private String table;
    private DynamoDbClient client;
    private DeliveryLedger ledger;

    @BeforeEach
    void newTable() {
        table = "Ledger" + (++tables);
        DYNAMODB.dynalite().createTable(table, "id", null);
        client = DYNAMODB.dynalite().newClient(b -> b.overrideConfiguration(c -> c.addExecutionInterceptor(new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                synchronized (calls) {
                    calls.add(context.request().getClass().getSimpleName());
                }
            }
        })));
        ledger = new DynamoDbDeliveryLedger(client, table, Duration.ofDays(7), Clock.fixed(NOW, ZoneOffset.UTC));
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
        assertEquals(List.of("BatchGetItemRequest", "BatchGetItemRequest", "BatchGetItemRequest"), calls, "250 ids: 3 reads");
        calls.clear();
        ledger.recordDelivered(ids(100, "n"));
        assertEquals(4, calls.size(), "100 ids: 4 writes");
        assertTrue(calls.stream().allMatch("BatchWriteItemRequest"::equals), calls.toString());
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
        assertThrows(IllegalArgumentException.class,
                () -> new DynamoDbDeliveryLedger(client, table, Duration.ofHours(24), Clock.systemUTC()));
    }

    @Test
    void aThrottledLedgerFailsWithAClearError() {
        try (DynamoDbFaultServer server = DynamoDbFaultServer.throttling();
             DynamoDbClient throttled = Dynalite.configure(DynamoDbClient.builder(), server.endpoint())
                     .overrideConfiguration(c -> c.retryStrategy(RetryMode.STANDARD)).build()) {
            DeliveryLedger unavailable = new DynamoDbDeliveryLedger(throttled, table, Duration.ofDays(7), Clock.systemUTC());

            DeliveryLedgerException e = assertThrows(DeliveryLedgerException.class, () -> unavailable.delivered(List.of("x")));

            assertTrue(e.getMessage().startsWith("delivery ledger read failed: ProvisionedThroughputExceededException"),
                    e.getMessage());
        }
    }

    @Test
    void aLedgerWrittenByOneClientIsSeenByAnother() {
        ledger.recordDelivered(List.of("e9#change"));
        DeliveryLedger other = new DynamoDbDeliveryLedger(DYNAMODB.client(), table, Duration.ofDays(2), Clock.systemUTC());

        assertEquals(Set.of("e9#change"), other.delivered(List.of("e9#change")));
    }
}
