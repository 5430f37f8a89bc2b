package dev.eddy.adapters.aws.dynamodb;

import dev.eddy.application.TimeBudget;
import dev.eddy.application.port.out.DeliveryLedger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

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
 * <p>The calls go through {@link DynamoDbLedgerClient}, Eddy's own client of these two operations.
 * A call that fails in a way a retry may cure (throttling, a 5xx, an I/O error or timeout, a reply
 * that does not match its checksum, a corrected clock skew) is made again, at most
 * {@value #CALL_ATTEMPTS} times in all, as the SDK's standard retry mode would: after a random wait
 * of up to 100 ms, then 200 ms, or after throttling up to 1 s, then 2 s. All of it within
 * {@link DynamoDbAdapters#API_CALL_TIMEOUT} (5 s): each attempt is given at most
 * {@link DynamoDbAdapters#API_CALL_ATTEMPT_TIMEOUT} and never more than the time left, and no retry
 * starts when too little is left. (As for SNS, a reply whose headers came in time but whose body
 * stalls is given up after the read in progress, one read timeout more.) Any other failure (a
 * missing table or permission, a validation error) fails at once. Given a time budget, a call also
 * ends with it, and none starts with less than {@value #MIN_ATTEMPT_MS} ms of it left.
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

    /** Attempts of one call that fails in a way a retry may cure. */
    static final int CALL_ATTEMPTS = 3;
    /** The SDK's standard retry mode's bases: the most the first retry waits, doubling after each attempt. */
    private static final long RETRY_BASE_MS = 100;
    private static final long THROTTLED_RETRY_BASE_MS = 1_000;
    /** No retry starts with less than this left of the call's time: it could not get an answer. */
    private static final long MIN_ATTEMPT_MS = 100;

    private final DynamoDbLedgerClient client;
    private final String table;
    private final Duration retention;
    private final Clock clock;
    private final long callTimeoutMillis;

    DynamoDbDeliveryLedger(DynamoDbLedgerClient client, String table, Duration retention, Clock clock) {
        this(client, table, retention, clock, DynamoDbAdapters.API_CALL_TIMEOUT);
    }

    /** @param callTimeout the most one call may take, its retries included */
    DynamoDbDeliveryLedger(DynamoDbLedgerClient client, String table, Duration retention, Clock clock, Duration callTimeout) {
        this.client = Objects.requireNonNull(client, "client");
        this.table = Objects.requireNonNull(table, "table");
        this.retention = Objects.requireNonNull(retention, "retention");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (retention.compareTo(Duration.ofHours(24)) <= 0) {
            throw new IllegalArgumentException("ledger retention " + retention
                    + " must be longer than the stream's 24-hour retention");
        }
        this.callTimeoutMillis = callTimeout.toMillis();
        if (callTimeoutMillis <= 0) {
            throw new IllegalArgumentException("callTimeout must be positive, got " + callTimeout);
        }
    }

    /** The longest id kept as its own key, in UTF-8 bytes; DynamoDB's limit for a partition key is 2,048. */
    static final int MAX_PLAIN_KEY_BYTES = 1024;

    /**
     * The ledger's key of a notification id: the id itself, or, for an id longer than
     * {@value #MAX_PLAIN_KEY_BYTES} bytes (only a record with a hostile event id has one), {@code sha256:}
     * and its digest in hex, which DynamoDB takes. Either way the same id always has the same key.
     */
    static String key(String notificationId) {
        if (notificationId.length() * 3 <= MAX_PLAIN_KEY_BYTES
                || notificationId.getBytes(StandardCharsets.UTF_8).length <= MAX_PLAIN_KEY_BYTES) {
            return notificationId;
        }
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(notificationId.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    @Override
    public Set<String> delivered(Collection<String> notificationIds, TimeBudget budget) {
        Map<String, String> idOfKey = new LinkedHashMap<>();
        for (String id : notificationIds) {
            idOfKey.put(key(id), id);
        }
        List<String> ids = new ArrayList<>(idOfKey.keySet());
        Set<String> found = new HashSet<>();
        for (int from = 0; from < ids.size(); from += READ_CHUNK) {
            List<String> keys = ids.subList(from, Math.min(ids.size(), from + READ_CHUNK));
            for (int attempt = 1; ; attempt++) {
                List<String> pending = keys;
                DynamoDbLedgerClient.Found response = call(limit -> client.batchGet(table, pending, limit), "read", budget);
                for (String key : response.found()) {
                    String id = idOfKey.get(key);
                    if (id != null) {
                        found.add(id);
                    }
                }
                if (response.unprocessed().isEmpty()) {
                    break;
                }
                backoff(attempt, response.unprocessed().size() + " key(s) stayed unprocessed", budget);
                keys = response.unprocessed();
            }
        }
        return found;
    }

    @Override
    public void recordDelivered(Collection<String> notificationIds, TimeBudget budget) {
        Set<String> keys = new LinkedHashSet<>();
        for (String id : notificationIds) {
            keys.add(key(id));
        }
        List<String> ids = new ArrayList<>(keys);
        long expiresAt = clock.instant().plus(retention).getEpochSecond();
        for (int from = 0; from < ids.size(); from += WRITE_CHUNK) {
            List<String> writes = ids.subList(from, Math.min(ids.size(), from + WRITE_CHUNK));
            for (int attempt = 1; ; attempt++) {
                List<String> pending = writes;
                List<String> unprocessed = call(limit -> client.batchPut(table, pending, expiresAt, limit), "write", budget);
                if (unprocessed.isEmpty()) {
                    break;
                }
                backoff(attempt, unprocessed.size() + " item(s) stayed unprocessed", budget);
                writes = unprocessed;
            }
        }
    }

    private interface Call<T> {
        T make(long limitMillis) throws DynamoDbCallException;
    }

    /**
     * Makes the call, again while it fails in a way a retry may cure, {@value #CALL_ATTEMPTS} attempts
     * in all, within {@link #callTimeoutMillis} and the budget.
     */
    private <T> T call(Call<T> request, String what, TimeBudget budget) {
        long budgetMillis = budget.remaining().toMillis();
        if (budgetMillis < MIN_ATTEMPT_MS) {
            throw new DeliveryLedgerException("delivery ledger " + what + " not attempted: the invocation's time for it ran out ("
                    + Math.max(0, budgetMillis) + " ms left)", null);
        }
        long deadline = System.nanoTime() + Math.min(callTimeoutMillis, budgetMillis) * 1_000_000L;
        for (int attempt = 1; ; attempt++) {
            try {
                return request.make(Math.max(1, Math.min(client.attemptTimeoutMillis(), millisLeft(deadline))));
            } catch (DynamoDbCallException e) {
                long delay = e.isRetryable() && attempt < CALL_ATTEMPTS ? retryDelay(e, attempt) : -1;
                if (delay < 0 || millisLeft(deadline) - delay < MIN_ATTEMPT_MS) {
                    throw new DeliveryLedgerException("delivery ledger " + what + " failed: " + e.getMessage()
                            + (attempt > 1 ? " (" + attempt + " attempts)" : ""), e);
                }
                sleep(delay);
            }
        }
    }

    /** The SDK's standard mode: a random wait up to the base doubled per attempt ("full jitter"). */
    static long retryDelay(DynamoDbCallException e, int attempt) {
        long ceiling = (e.isThrottling() ? THROTTLED_RETRY_BASE_MS : RETRY_BASE_MS) << (attempt - 1);
        return ThreadLocalRandom.current().nextLong(ceiling + 1);
    }

    private static long millisLeft(long deadline) {
        return (deadline - System.nanoTime()) / 1_000_000L;
    }

    /** Waits before asking again for what stayed unprocessed, unless the attempts or the budget are spent. */
    private static void backoff(int attempt, String problem, TimeBudget budget) {
        if (attempt >= ATTEMPTS) {
            throw new DeliveryLedgerException("delivery ledger: " + problem + " after " + attempt + " attempts", null);
        }
        long wait = FIRST_BACKOFF_MS << (attempt - 1);
        long left = budget.remaining().toMillis();
        if (left - wait < MIN_ATTEMPT_MS) {
            throw new DeliveryLedgerException("delivery ledger: " + problem + " after " + attempt
                    + " attempt(s), and the invocation's time ran out to ask again (" + Math.max(0, left) + " ms left)", null);
        }
        sleep(wait);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryLedgerException("delivery ledger: interrupted while backing off", e);
        }
    }
}
