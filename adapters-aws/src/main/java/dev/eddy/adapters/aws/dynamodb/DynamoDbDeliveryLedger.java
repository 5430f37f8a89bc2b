package dev.eddy.adapters.aws.dynamodb;

import dev.eddy.application.port.out.DeliveryLedger;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The delivery ledger in a DynamoDB table with partition key {@code id} (S) and TTL attribute
 * {@code expiresAt} (epoch seconds). An entry lives {@link #DEFAULT_RETENTION 7 days} by default:
 * longer than the stream's 24-hour retention, so a record cannot come back after its entry is gone.
 *
 * <p>{@link #delivered} reads with BatchGetItem, 100 keys per call, strongly consistent (an entry
 * written by the previous, failed invocation must be seen).
 *
 * <p>{@link #recordDelivered} writes with BatchWriteItem, 25 entries per call, not with a conditional
 * PutItem per id. The ledger is consulted before publishing; recording happens after the publish, so a
 * conditional write could only notice a concurrent duplicate after it was already sent: it would buy
 * nothing but 25 times the calls. A put of an id already there is harmless (it extends its expiry).
 *
 * <p>Unprocessed keys and items are retried with exponential backoff (25 ms doubling, 5 attempts);
 * then the call fails with {@link DeliveryLedgerException}. Calls per batch of n notifications:
 * {@code ceil(n/100)} BatchGetItem + {@code ceil(n/25)} BatchWriteItem, plus retries of unprocessed
 * parts. For 100 records with one notification each: 1 + 4 = 5 calls.
 *
 * <p>IAM: {@code dynamodb:BatchGetItem}, {@code dynamodb:BatchWriteItem} on
 * {@code arn:aws:dynamodb:<region>:<account>:table/<LEDGER_TABLE>}.
 */
final class DynamoDbDeliveryLedger implements DeliveryLedger {
    /** How long an entry lives by default: 7 days, well past the stream's 24-hour retention. */
    static final Duration DEFAULT_RETENTION = Duration.ofDays(7);
    static final int READ_CHUNK = 100;
    static final int WRITE_CHUNK = 25;
    private static final int ATTEMPTS = 5;
    private static final long FIRST_BACKOFF_MS = 25;

    private final DynamoDbClient client;
    private final String table;
    private final Duration retention;
    private final Clock clock;

    DynamoDbDeliveryLedger(DynamoDbClient client, String table, Duration retention, Clock clock) {
        this.client = Objects.requireNonNull(client, "client");
        this.table = Objects.requireNonNull(table, "table");
        this.retention = Objects.requireNonNull(retention, "retention");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (retention.compareTo(Duration.ofHours(24)) <= 0) {
            throw new IllegalArgumentException("ledger retention " + retention
                    + " must be longer than the stream's 24-hour retention");
        }
    }

    @Override
    public Set<String> delivered(Collection<String> notificationIds) {
        List<String> ids = new ArrayList<>(new LinkedHashSet<>(notificationIds));
        Set<String> found = new HashSet<>();
        for (int from = 0; from < ids.size(); from += READ_CHUNK) {
            List<Map<String, AttributeValue>> keys = new ArrayList<>();
            for (String id : ids.subList(from, Math.min(ids.size(), from + READ_CHUNK))) {
                keys.add(Map.of("id", AttributeValue.fromS(id)));
            }
            Map<String, KeysAndAttributes> request = Map.of(table, KeysAndAttributes.builder().keys(keys)
                    .consistentRead(true).projectionExpression("#id").expressionAttributeNames(Map.of("#id", "id")).build());
            for (int attempt = 1; ; attempt++) {
                Map<String, KeysAndAttributes> pending = request;
                BatchGetItemResponse response = call(() -> client.batchGetItem(b -> b.requestItems(pending)), "read");
                response.responses().getOrDefault(table, List.of()).forEach(item -> found.add(item.get("id").s()));
                KeysAndAttributes left = response.unprocessedKeys() == null ? null : response.unprocessedKeys().get(table);
                if (left == null || left.keys().isEmpty()) {
                    break;
                }
                backoff(attempt, left.keys().size() + " key(s) stayed unprocessed");
                request = Map.of(table, left);
            }
        }
        return found;
    }

    @Override
    public void recordDelivered(Collection<String> notificationIds) {
        List<String> ids = new ArrayList<>(new LinkedHashSet<>(notificationIds));
        AttributeValue expiresAt = AttributeValue.fromN(Long.toString(clock.instant().plus(retention).getEpochSecond()));
        for (int from = 0; from < ids.size(); from += WRITE_CHUNK) {
            List<WriteRequest> writes = new ArrayList<>();
            for (String id : ids.subList(from, Math.min(ids.size(), from + WRITE_CHUNK))) {
                writes.add(WriteRequest.builder().putRequest(PutRequest.builder()
                        .item(Map.of("id", AttributeValue.fromS(id), "expiresAt", expiresAt)).build()).build());
            }
            for (int attempt = 1; ; attempt++) {
                List<WriteRequest> pending = writes;
                BatchWriteItemResponse response = call(() -> client.batchWriteItem(b -> b.requestItems(Map.of(table, pending))),
                        "write");
                List<WriteRequest> unprocessed = response.unprocessedItems() == null ? List.of()
                        : response.unprocessedItems().getOrDefault(table, List.of());
                if (unprocessed.isEmpty()) {
                    break;
                }
                backoff(attempt, unprocessed.size() + " item(s) stayed unprocessed");
                writes = unprocessed;
            }
        }
    }

    private <T> T call(java.util.function.Supplier<T> request, String what) {
        try {
            return request.get();
        } catch (SdkException e) {
            throw new DeliveryLedgerException("delivery ledger " + what + " failed: " + DynamoDbErrors.describe(e), e);
        }
    }

    private static void backoff(int attempt, String problem) {
        if (attempt >= ATTEMPTS) {
            throw new DeliveryLedgerException("delivery ledger: " + problem + " after " + attempt + " attempts", null);
        }
        try {
            Thread.sleep(FIRST_BACKOFF_MS << (attempt - 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryLedgerException("delivery ledger: interrupted while backing off", e);
        }
    }
}
