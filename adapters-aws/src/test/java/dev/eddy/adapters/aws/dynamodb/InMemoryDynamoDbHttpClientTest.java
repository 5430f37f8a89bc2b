package dev.eddy.adapters.aws.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.eddy.application.port.out.DeliveryLedger;
import dev.eddy.application.projection.ProjectionStore;
import dev.eddy.domain.Value;
import dev.eddy.domain.projection.ProjectionUpdate;
import dev.eddy.domain.projection.TargetKey;
import dev.eddy.testsupport.dynamodb.DynamoDbFaultServer;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The in-memory client under the real projection store and SDK client, and under the real ledger
 * and its own client: every call answered as succeeded, nothing sent over the network even when the
 * SDK's endpoint setting points at a live server (one that would fail every request).
 */
class InMemoryDynamoDbHttpClientTest {
    private static final TargetKey KEY = new TargetKey("hourly#s-1", "2026-11-25T03");

    @Test
    void answersTheStoreAndTheLedgerAndSendsNothing() {
        try (DynamoDbFaultServer server = DynamoDbFaultServer.internalError()) {
            System.setProperty("aws.endpointUrlDynamoDb", server.endpoint().toString());
            InMemoryDynamoDbHttpClient http = new InMemoryDynamoDbHttpClient();
            try (DynamoDbClient client = DynamoDbAdapters.inMemoryClient(Region.US_EAST_1, http);
                 DynamoDbLedgerClient ledgerClient = DynamoDbAdapters.inMemoryLedgerClient(Region.US_EAST_1, http)) {
                ProjectionStore store = DynamoDbAdapters.projectionStore(client, "projections");
                DeliveryLedger ledger = DynamoDbAdapters.deliveryLedger(ledgerClient, "ledger");

                // An aggregate upsert with extremes: the UpdateItem, then (nothing returned) the widening UpdateItem.
                ProjectionStore.Applied upsert = store.apply(new ProjectionUpdate.Upsert("hourly", KEY, BigInteger.TEN,
                        Map.of("unit", Value.of("C")), Set.of(), Map.of("count", BigDecimal.ONE),
                        Map.of("min", new BigDecimal("21.5")), Map.of("max", new BigDecimal("21.5"))));
                ProjectionStore.Applied removal = store.apply(new ProjectionUpdate.Removal("hourly", KEY, BigInteger.TWO, Map.of()));
                Set<String> delivered = ledger.delivered(List.of("evt-1#alert#hot", "evt-2#change"));
                ledger.recordDelivered(List.of("evt-1#alert#hot", "evt-2#change"));

                assertEquals(ProjectionStore.Applied.APPLIED, upsert);
                assertEquals(ProjectionStore.Applied.APPLIED, removal);
                assertEquals(Set.of(), delivered, "an empty BatchGetItem answer: nothing delivered before");
                assertEquals(5, http.requests(), "UpdateItem twice, DeleteItem, BatchGetItem, BatchWriteItem");
                assertEquals(List.of(), server.targets(), "nothing reached the endpoint the SDK was pointed at");
            } finally {
                System.clearProperty("aws.endpointUrlDynamoDb");
            }
        }
    }

    /** The batch operations are answered as DynamoDB answers them when nothing is found or left over. */
    @Test
    void answersTheBatchOperationsAsDynamoDbDoesWhenNothingIsFoundOrLeft() {
        InMemoryDynamoDbHttpClient http = new InMemoryDynamoDbHttpClient();
        String table = "ledger \"quoted\" é";
        try (DynamoDbClient client = DynamoDbAdapters.inMemoryClient(Region.US_EAST_1, http)) {
            BatchGetItemResponse read = client.batchGetItem(b -> b.requestItems(Map.of(table,
                    KeysAndAttributes.builder().keys(List.of(Map.of("id", AttributeValue.fromS("a")))).build())));
            BatchWriteItemResponse write = client.batchWriteItem(b -> b.requestItems(Map.of(table, List.of(
                    WriteRequest.builder().putRequest(p -> p.item(Map.of("id", AttributeValue.fromS("a")))).build()))));

            assertEquals(Map.of(table, List.of()), read.responses(), "the table named, with no item");
            assertEquals(Map.of(), read.unprocessedKeys());
            assertEquals(Map.of(), write.unprocessedItems());
        }
    }

    @Test
    void answersAnyOtherOperationWithAnErrorAndCountsNothing() {
        InMemoryDynamoDbHttpClient http = new InMemoryDynamoDbHttpClient();
        try (DynamoDbClient client = DynamoDbAdapters.inMemoryClient(Region.US_EAST_1, http)) {
            DynamoDbException e = assertThrows(DynamoDbException.class, client::listTables);

            assertEquals("UnknownOperationException", e.awsErrorDetails().errorCode());
            assertEquals(400, e.statusCode());
            assertEquals(0, http.requests());
        }
    }
}
