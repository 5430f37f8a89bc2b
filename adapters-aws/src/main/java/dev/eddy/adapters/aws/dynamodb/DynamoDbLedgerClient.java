package dev.eddy.adapters.aws.dynamodb;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.eddy.adapters.aws.http.SignedCall;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.GZIPInputStream;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * The delivery ledger's two DynamoDB calls on the wire, and nothing else: {@code BatchGetItem} of
 * ids and {@code BatchWriteItem} of put requests, in DynamoDB's JSON 1.0 protocol, without the
 * generic SDK client around them.
 *
 * <p>What is Eddy's here is the JSON of the two requests (byte for byte what the SDK's marshaller
 * writes for the same calls) and the reading of their replies and of DynamoDB's error replies.
 * Everything else is the AWS SDK's own, through {@link SignedCall}: the credentials provider, the
 * SigV4 signer (signing name {@code dynamodb}), the SDK HTTP client, and the endpoint, which
 * {@link DynamoDbAdapters#ledgerClient} resolves once from the SDK's endpoint settings.
 * {@code DynamoDbLedgerClientTest} sends the same calls through the SDK's {@code DynamoDbClient}
 * and through this class and compares what reaches the HTTP client, byte for byte.
 *
 * <p>Why: the SDK's DynamoDB client costs a deployed function about 470 ms of its init on a full
 * vCPU: about 210 ms to build, and about 260 ms for its first call, which loads the generic request
 * pipeline (docs/performance.md, round 9). Eddy's SNS client was made the same way for the same
 * reason ({@code SnsPublishBatchClient}). The projection store, whose calls are many and varied,
 * keeps the SDK's client.
 *
 * <p>Every failure is a {@link DynamoDbCallException} that says whether a retry may cure it. A
 * reply whose {@code x-amz-crc32} header does not match its body is such a failure, as the SDK
 * treats it. This class makes one attempt per call; {@link DynamoDbDeliveryLedger} owns the retries.
 * After a clock-skew error the next requests are signed at the time of the reply's {@code Date}.
 *
 * <p>Thread-safe when the HTTP client and credentials provider are (the SDK's are).
 */
public final class DynamoDbLedgerClient implements SdkAutoCloseable {
    static final String CONTENT_TYPE = "application/x-amz-json-1.0";
    static final String TARGET_PREFIX = "DynamoDB_20120810.";
    /** The id the connection warm-up reads: never a notification id, whose ids all carry a {@code #}. */
    static final String WARM_UP_ID = "eddy:connection-warm-up";
    /** A BatchGetItem reply carries at most 100 items of the ledger's few bytes; past this it is not one. */
    static final int MAX_REPLY_BYTES = 4 << 20;
    private static final Map<String, String> BATCH_GET = headers("BatchGetItem");
    private static final Map<String, String> BATCH_WRITE = headers("BatchWriteItem");
    /**
     * Throttling: the error codes of the SDK's {@code AwsErrorCode} throttling set and the ones the
     * SDK's DynamoDB client treats as throttling. A retry after one waits longer.
     */
    private static final Set<String> THROTTLING = Set.of("Throttling", "ThrottlingException", "ThrottledException",
            "RequestThrottledException", "TooManyRequestsException", "ProvisionedThroughputExceededException",
            "TransactionInProgressException", "RequestLimitExceeded", "BandwidthLimitExceeded", "LimitExceededException",
            "RequestThrottled", "SlowDown", "PriorRequestNotComplete", "EC2ThrottledException");
    /** Transient errors, as in the SDK's {@code AwsErrorCode}, plus DynamoDB's own 5xx types. */
    private static final Set<String> TRANSIENT = Set.of("RequestTimeout", "RequestTimeoutException", "InternalError",
            "InternalServerError", "ServiceUnavailable", "InternalFailure");
    /** The statuses the SDK retries whatever the error's type. */
    private static final Set<Integer> RETRYABLE_STATUS = Set.of(429, 500, 502, 503, 504);
    /** The errors that may say the request's signing time is off. */
    private static final Set<String> CLOCK_SKEW = Set.of("RequestTimeTooSkewed", "RequestExpired", "RequestInTheFuture",
            "InvalidSignatureException", "SignatureDoesNotMatch", "AuthFailure");
    private static final JsonFactory JSON = new JsonFactory();

    /** A BatchGetItem's answer: the ids found, and the ids DynamoDB left unprocessed (to ask again). */
    record Found(List<String> found, List<String> unprocessed) {
    }

    private final SignedCall calls;
    private final long attemptTimeoutMillis;

    /**
     * @param calls                the signed calls to DynamoDB's endpoint (closed with this client)
     * @param attemptTimeoutMillis the limit on one call: a call still waiting for its reply's headers then
     *                             is aborted; a body still arriving then is given up after the read in progress
     */
    DynamoDbLedgerClient(SignedCall calls, long attemptTimeoutMillis) {
        this.calls = Objects.requireNonNull(calls, "calls");
        if (attemptTimeoutMillis <= 0) {
            throw new IllegalArgumentException("attemptTimeoutMillis must be positive, got " + attemptTimeoutMillis);
        }
        this.attemptTimeoutMillis = attemptTimeoutMillis;
    }

    /** The most one call may take (a reply's body still arriving then may add one read timeout). */
    long attemptTimeoutMillis() {
        return attemptTimeoutMillis;
    }

    /**
     * Makes the client's first request now, with no effect: a {@code BatchGetItem} of the one id
     * {@value #WARM_UP_ID}, which no notification id is (theirs carry a {@code #}), and which only
     * reads. On the way it resolves the credentials, signs, resolves DynamoDB's address and opens the
     * connection (with its TLS handshake on AWS), which the HTTP client keeps alive for the next
     * request, and runs all that code once. It also tells, at start, whether the table is there and
     * readable. An on-demand Lambda start does this in init, on a full vCPU, so that its first batch,
     * on the memory size's share of one, does not (docs/performance.md, round 9).
     *
     * <p>It needs what the ledger needs ({@code dynamodb:BatchGetItem} on the table), and costs one
     * strongly consistent read. Never call it where a connection must not be opened, such as before a
     * SnapStart snapshot. The call is given at most {@code limit} (and never more than a ledger call).
     *
     * @return empty when DynamoDB answered; otherwise what happened instead, for a warning
     */
    public Optional<String> warmUpConnection(String table, Duration limit) {
        Objects.requireNonNull(table, "table");
        long millis = Math.min(attemptTimeoutMillis, Math.max(1, limit.toMillis()));
        try {
            batchGet(table, List.of(WARM_UP_ID), millis);
            return Optional.empty();
        } catch (DynamoDbCallException e) {
            return Optional.of(e.getMessage());
        } catch (RuntimeException e) {
            return Optional.of("HTTP client error: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /**
     * Reads these ids (1 to 100, distinct) from the table, strongly consistent, projecting the key
     * only, given at most {@code limitMillis} (and never more than {@link #attemptTimeoutMillis()}).
     *
     * @throws DynamoDbCallException when the call failed as a whole
     */
    Found batchGet(String table, List<String> ids, long limitMillis) throws DynamoDbCallException {
        byte[] body = write(json -> {
            json.writeStartObject();
            json.writeFieldName("RequestItems");
            json.writeStartObject();
            json.writeFieldName(table);
            json.writeStartObject();
            json.writeFieldName("Keys");
            json.writeStartArray();
            for (String id : ids) {
                json.writeStartObject();
                attribute(json, "id", "S", id);
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeBooleanField("ConsistentRead", true);
            json.writeStringField("ProjectionExpression", "#id");
            json.writeFieldName("ExpressionAttributeNames");
            json.writeStartObject();
            json.writeStringField("#id", "id");
            json.writeEndObject();
            json.writeEndObject();
            json.writeEndObject();
            json.writeEndObject();
        });
        return exchange(BATCH_GET, "BatchGetItem", body, limitMillis, reply -> readFound(reply, table));
    }

    /**
     * Puts an item {@code {id: S, expiresAt: N}} for each of these ids (1 to 25, distinct), given at
     * most {@code limitMillis} (and never more than {@link #attemptTimeoutMillis()}).
     *
     * @return the ids DynamoDB left unprocessed (to write again); empty when all were written
     * @throws DynamoDbCallException when the call failed as a whole
     */
    List<String> batchPut(String table, List<String> ids, long expiresAtEpochSecond, long limitMillis)
            throws DynamoDbCallException {
        String expiresAt = Long.toString(expiresAtEpochSecond);
        byte[] body = write(json -> {
            json.writeStartObject();
            json.writeFieldName("RequestItems");
            json.writeStartObject();
            json.writeFieldName(table);
            json.writeStartArray();
            for (String id : ids) {
                json.writeStartObject();
                json.writeFieldName("PutRequest");
                json.writeStartObject();
                json.writeFieldName("Item");
                json.writeStartObject();
                attribute(json, "id", "S", id);
                attribute(json, "expiresAt", "N", expiresAt);
                json.writeEndObject();
                json.writeEndObject();
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
            json.writeEndObject();
        });
        return exchange(BATCH_WRITE, "BatchWriteItem", body, limitMillis, reply -> readUnprocessedPuts(reply, table));
    }

    private interface ReplyReader<T> {
        T read(byte[] reply) throws IOException;
    }

    /**
     * Sends the operation's request, given at most {@code limitMillis} (and never more than
     * {@link #attemptTimeoutMillis}), and reads its 200 reply; a reply that is not the operation's
     * answer is a retryable failure (a write may have happened, and repeating it is harmless).
     */
    private <T> T exchange(Map<String, String> headers, String operation, byte[] body, long limitMillis,
                           ReplyReader<T> reader) throws DynamoDbCallException {
        byte[] reply = call(headers, body, operation, Math.min(limitMillis, attemptTimeoutMillis));
        try {
            return reader.read(reply);
        } catch (IOException | RuntimeException e) {
            throw unreadable(operation, e, reply);
        }
    }

    private byte[] call(Map<String, String> headers, byte[] body, String operation, long limitMillis)
            throws DynamoDbCallException {
        SignedCall.Reply reply;
        try {
            reply = calls.post(headers, () -> new ByteArrayInputStream(body), body.length, limitMillis);
        } catch (SignedCall.NoReply e) {
            throw new DynamoDbCallException(0, null, operation + ": " + e.getMessage(), true, false, e);
        }
        // Over the bytes as received, compressed or not, as DynamoDB computes it and the SDK checks it.
        String crc = reply.header("x-amz-crc32");
        if (crc != null && !crc.equals(Long.toString(crc32(reply.body())))) {
            throw new DynamoDbCallException(reply.status(), null, operation + ": the reply's x-amz-crc32 " + crc
                    + " does not match its " + reply.body().length + " bytes (" + crc32(reply.body()) + ")", true, false, null);
        }
        byte[] content = decoded(reply, operation);
        if (reply.status() == 200) {
            return content;
        }
        DynamoDbCallException failure = failure(operation, reply.status(), content, reply::header);
        if (failure.code() != null && CLOCK_SKEW.contains(failure.code()) && calls.adjustClock(reply)) {
            // Signed at the wrong time: the retry is signed at DynamoDB's.
            throw new DynamoDbCallException(failure.status(), failure.code(), failure.getMessage(), true, false, null);
        }
        throw failure;
    }

    /** The reply's body, unzipped when it says it is gzip (Eddy never asks for it; a proxy might). */
    private static byte[] decoded(SignedCall.Reply reply, String operation) throws DynamoDbCallException {
        String encoding = reply.header("Content-Encoding");
        if (encoding == null || encoding.isBlank() || encoding.equalsIgnoreCase("identity")) {
            return reply.body();
        }
        if (!encoding.equalsIgnoreCase("gzip")) {
            throw new DynamoDbCallException(reply.status(), null, operation + ": a reply in Content-Encoding " + encoding
                    + ", which Eddy does not read", true, false, null);
        }
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(reply.body()))) {
            return in.readNBytes(MAX_REPLY_BYTES + 1);
        } catch (IOException e) {
            throw new DynamoDbCallException(reply.status(), null, operation + ": a gzip reply that does not unzip: "
                    + e.getMessage(), true, false, e);
        }
    }

    /**
     * What a non-200 reply means, read as the SDK's JSON error parser reads it: the error type from the
     * {@code x-amzn-ErrorType} header, else the body's {@code __type} or {@code code}, without its
     * namespace ({@code ...#}) or its trailing {@code :...}; the message from the
     * {@code x-amzn-error-message} header, else the body's {@code message}, {@code Message} or
     * {@code errorMessage}.
     */
    static DynamoDbCallException failure(String operation, int status, byte[] body,
                                         java.util.function.Function<String, String> headers) {
        String code = errorCode(headers.apply("x-amzn-ErrorType"));
        String message = headers.apply("x-amzn-error-message");
        String bodyCode = null;
        String bodyMessage = null;
        try (JsonParser json = JSON.createParser(body)) {
            if (json.nextToken() == JsonToken.START_OBJECT) {
                while (json.nextToken() == JsonToken.FIELD_NAME) {
                    String name = json.currentName();
                    JsonToken value = json.nextToken();
                    if (value != JsonToken.VALUE_STRING) {
                        json.skipChildren();
                    } else if (name.equals("__type") || (name.equals("code") && bodyCode == null)) {
                        bodyCode = json.getText();
                    } else if ((name.equals("message") || name.equals("Message") || name.equals("errorMessage"))
                            && bodyMessage == null) {
                        bodyMessage = json.getText();
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not DynamoDB's JSON (a proxy's page): described by its excerpt below.
        }
        code = code != null ? code : errorCode(bodyCode);
        message = message != null ? message : bodyMessage;
        String description = code == null
                ? operation + ": HTTP " + status + " without a DynamoDB error: " + excerpt(body)
                : code + " (HTTP " + status + "): " + (message == null ? "" : message);
        boolean throttling = status == 429 || (code != null && THROTTLING.contains(code));
        boolean retryable = throttling || RETRYABLE_STATUS.contains(status) || (code != null && TRANSIENT.contains(code));
        return new DynamoDbCallException(status, code, description, retryable, throttling, null);
    }

    /** {@code com.amazonaws.dynamodb.v20120810#ThrottlingException:http://...} to {@code ThrottlingException}. */
    static String errorCode(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String code = raw.strip();
        int colon = code.indexOf(':');
        if (colon >= 0) {
            code = code.substring(0, colon);
        }
        code = code.substring(code.lastIndexOf('#') + 1);
        return code.isEmpty() ? null : code;
    }

    // The readers below are plain loops, without lambdas: a lambda links on its first evaluation,
    // which in a first batch after a restore, at 0.145 vCPU, costs milliseconds each (round 9).

    private static Found readFound(byte[] reply, String table) throws IOException {
        List<String> found = new ArrayList<>();
        List<String> unprocessed = new ArrayList<>();
        try (JsonParser json = JSON.createParser(reply)) {
            expect(json.nextToken(), JsonToken.START_OBJECT, "the reply");
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String field = json.currentName();
                JsonToken value = json.nextToken();
                if (value == JsonToken.START_OBJECT && field.equals("Responses") && toTable(json, table)) {
                    expect(json.currentToken(), JsonToken.START_ARRAY, "Responses." + table);
                    while (json.nextToken() == JsonToken.START_OBJECT) {
                        found.add(readItemId(json));
                    }
                    skipOtherTables(json);
                } else if (value == JsonToken.START_OBJECT && field.equals("UnprocessedKeys") && toTable(json, table)) {
                    expect(json.currentToken(), JsonToken.START_OBJECT, "UnprocessedKeys." + table);
                    while (json.nextToken() == JsonToken.FIELD_NAME) {
                        String name = json.currentName();
                        JsonToken keys = json.nextToken();
                        if (name.equals("Keys")) {
                            expect(keys, JsonToken.START_ARRAY, "UnprocessedKeys." + table + ".Keys");
                            while (json.nextToken() == JsonToken.START_OBJECT) {
                                unprocessed.add(readItemId(json));
                            }
                        } else {
                            json.skipChildren();
                        }
                    }
                    skipOtherTables(json);
                } else {
                    json.skipChildren();
                }
            }
            expect(json.currentToken(), JsonToken.END_OBJECT, "the reply's end");
        }
        return new Found(found, unprocessed);
    }

    private static List<String> readUnprocessedPuts(byte[] reply, String table) throws IOException {
        List<String> unprocessed = new ArrayList<>();
        try (JsonParser json = JSON.createParser(reply)) {
            expect(json.nextToken(), JsonToken.START_OBJECT, "the reply");
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String field = json.currentName();
                JsonToken value = json.nextToken();
                if (value == JsonToken.START_OBJECT && field.equals("UnprocessedItems") && toTable(json, table)) {
                    expect(json.currentToken(), JsonToken.START_ARRAY, "UnprocessedItems." + table);
                    while (json.nextToken() == JsonToken.START_OBJECT) {
                        unprocessed.add(readPutRequestId(json, table));
                    }
                    skipOtherTables(json);
                } else {
                    json.skipChildren();
                }
            }
            expect(json.currentToken(), JsonToken.END_OBJECT, "the reply's end");
        }
        return unprocessed;
    }

    /** A write request (its START_OBJECT current): the id of its {@code PutRequest}'s item. */
    private static String readPutRequestId(JsonParser json, String table) throws IOException {
        String id = null;
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String name = json.currentName();
            JsonToken request = json.nextToken();
            if (name.equals("PutRequest") && request == JsonToken.START_OBJECT) {
                while (json.nextToken() == JsonToken.FIELD_NAME) {
                    String part = json.currentName();
                    JsonToken item = json.nextToken();
                    if (part.equals("Item") && item == JsonToken.START_OBJECT) {
                        id = readItemId(json);
                    } else {
                        json.skipChildren();
                    }
                }
            } else {
                json.skipChildren();
            }
        }
        if (id == null) {
            throw new IllegalStateException("an unprocessed item of " + table + " has no PutRequest id");
        }
        return id;
    }

    /**
     * Inside an object of tables (its START_OBJECT current): moves to the value of {@code table},
     * which becomes current, skipping the tables before it; false, at the object's end, when it is
     * not there.
     */
    private static boolean toTable(JsonParser json, String table) throws IOException {
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String name = json.currentName();
            json.nextToken();
            if (name.equals(table)) {
                return true;
            }
            json.skipChildren();
        }
        return false;
    }

    /** After {@code table}'s value: skips the tables after it, to the object's end. */
    private static void skipOtherTables(JsonParser json) throws IOException {
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            json.nextToken();
            json.skipChildren();
        }
    }

    /** An item (its START_OBJECT current): the string value of its {@code id}; the rest skipped. */
    private static String readItemId(JsonParser json) throws IOException {
        String id = null;
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String name = json.currentName();
            JsonToken value = json.nextToken();
            if (name.equals("id") && value == JsonToken.START_OBJECT) {
                while (json.nextToken() == JsonToken.FIELD_NAME) {
                    String type = json.currentName();
                    JsonToken text = json.nextToken();
                    if (type.equals("S") && text == JsonToken.VALUE_STRING) {
                        id = json.getText();
                    } else {
                        json.skipChildren();
                    }
                }
            } else {
                json.skipChildren();
            }
        }
        if (id == null) {
            throw new IllegalStateException("an item has no string id");
        }
        return id;
    }

    private static void expect(JsonToken actual, JsonToken expected, String where) {
        if (actual != expected) {
            throw new IllegalStateException(where + ": expected " + expected + ", found " + actual);
        }
    }

    private static void attribute(JsonGenerator json, String name, String type, String value) throws IOException {
        json.writeFieldName(name);
        json.writeStartObject();
        json.writeStringField(type, value);
        json.writeEndObject();
    }

    private interface JsonWriting {
        void write(JsonGenerator json) throws IOException;
    }

    private static byte[] write(JsonWriting writing) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (JsonGenerator json = JSON.createGenerator(bytes)) {
            writing.write(json);
        } catch (IOException e) {
            throw new UncheckedIOException("writing a DynamoDB request in memory", e);
        }
        return bytes.toByteArray();
    }

    /** A 200 reply that is not what the operation answers. The write may have happened: a retry is harmless. */
    private static DynamoDbCallException unreadable(String operation, Exception e, byte[] reply) {
        return new DynamoDbCallException(200, null, operation + ": unreadable reply (" + e.getMessage() + "): "
                + excerpt(reply), true, false, e);
    }

    private static String excerpt(byte[] body) {
        String text = new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8).replaceAll("\\s+", " ").strip();
        return text.isEmpty() ? "(empty body)" : "\"" + text + (body.length > 200 ? "...\"" : "\"");
    }

    private static long crc32(byte[] body) {
        CRC32 crc = new CRC32();
        crc.update(body);
        return crc.getValue();
    }

    private static Map<String, String> headers(String operation) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", CONTENT_TYPE);
        headers.put("X-Amz-Target", TARGET_PREFIX + operation);
        return Map.copyOf(headers);
    }

    @Override
    public void close() {
        calls.close();
    }
}
