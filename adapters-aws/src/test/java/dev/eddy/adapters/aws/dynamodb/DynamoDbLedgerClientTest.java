package dev.eddy.adapters.aws.dynamodb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.adapters.aws.http.InMemoryHttpClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.endpoints.DynamoDbEndpointParams;
import software.amazon.awssdk.services.dynamodb.endpoints.DynamoDbEndpointProvider;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * {@link DynamoDbLedgerClient} against the AWS SDK's own {@link DynamoDbClient}, the reference it
 * replaces for the ledger: the same calls reach the HTTP client as the same request (method,
 * address, body byte for byte, the headers DynamoDB reads, signed for DynamoDB), and the same
 * replies, successes and errors, are read the same way.
 */
class DynamoDbLedgerClientTest {
    private static final URI ENDPOINT = URI.create("https://dynamodb.eu-west-1.amazonaws.com");
    private static final AwsBasicCredentials KEYS = AwsBasicCredentials.create("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    private static final String TABLE = "eddy-prod_ledger.v2";
    private static final List<String> IDS = List.of("49545115243490985018280067714973144582180062593244200961#alert#too-hot",
            "e\"quoted\\back#change", "héllo wörld € 中文 😀#alert#r", "tab\tnewline\ncontrol\u0001#x", "</script>#alert#a");
    private static final long EXPIRES_AT = 1_765_000_000L;

    @Test
    void sendsTheSdksRequestsSignedForDynamoDb() throws Exception {
        for (AwsCredentialsProvider credentials : List.of(StaticCredentialsProvider.create(KEYS),
                StaticCredentialsProvider.create(AwsSessionCredentials.create("ASIAEXAMPLE", "session-secret", "token/with+chars=")))) {
            for (int count : new int[] {1, IDS.size()}) {
                List<String> ids = IDS.subList(0, count);

                Capture sdkGet = new Capture(200, "{}");
                try (DynamoDbClient sdk = sdkClient(sdkGet, credentials)) {
                    List<Map<String, AttributeValue>> keys = ids.stream().map(id -> Map.of("id", AttributeValue.fromS(id))).toList();
                    sdk.batchGetItem(b -> b.requestItems(Map.of(TABLE, KeysAndAttributes.builder().keys(keys).consistentRead(true)
                            .projectionExpression("#id").expressionAttributeNames(Map.of("#id", "id")).build())));
                }
                Capture ourGet = new Capture(200, "{}");
                try (DynamoDbLedgerClient ours = client(ourGet, credentials, Clock.fixed(sdkGet.only().signedAt(), ZoneOffset.UTC))) {
                    ours.batchGet(TABLE, ids, 3000);
                }
                assertSameRequest(sdkGet.only(), ourGet.only(), "BatchGetItem of " + count);

                Capture sdkWrite = new Capture(200, "{}");
                try (DynamoDbClient sdk = sdkClient(sdkWrite, credentials)) {
                    List<WriteRequest> writes = ids.stream().map(id -> {
                        Map<String, AttributeValue> item = new LinkedHashMap<>();
                        item.put("id", AttributeValue.fromS(id));
                        item.put("expiresAt", AttributeValue.fromN(Long.toString(EXPIRES_AT)));
                        return WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build();
                    }).toList();
                    sdk.batchWriteItem(b -> b.requestItems(Map.of(TABLE, writes)));
                }
                Capture ourWrite = new Capture(200, "{}");
                try (DynamoDbLedgerClient ours = client(ourWrite, credentials, Clock.fixed(sdkWrite.only().signedAt(), ZoneOffset.UTC))) {
                    ours.batchPut(TABLE, ids, EXPIRES_AT, 3000);
                }
                assertSameRequest(sdkWrite.only(), ourWrite.only(), "BatchWriteItem of " + count);
            }
        }
    }

    private static void assertSameRequest(Sent reference, Sent sent, String what) {
        assertEquals(reference.request.method(), sent.request.method(), what);
        assertEquals(reference.request.getUri(), sent.request.getUri(), what);
        assertArrayEquals(reference.body, sent.body, what + ": body\n" + new String(reference.body, StandardCharsets.UTF_8)
                + "\n" + new String(sent.body, StandardCharsets.UTF_8));
        for (String header : List.of("Host", "Content-Type", "Content-Length", "X-Amz-Target", "X-Amz-Date",
                "X-Amz-Security-Token", "x-amz-content-sha256")) {
            assertEquals(reference.request.firstMatchingHeader(header), sent.request.firstMatchingHeader(header), what + ": " + header);
        }
        // The same signer as the SDK's, for DynamoDB in the region, over the headers that matter. (The
        // SDK also signs its own amz-sdk-* headers, so the signatures themselves differ.)
        String authorization = sent.request.firstMatchingHeader("Authorization").orElseThrow();
        String scope = "/" + reference.signedAt().toString().substring(0, 10).replace("-", "") + "/eu-west-1/dynamodb/aws4_request";
        assertTrue(authorization.startsWith("AWS4-HMAC-SHA256 Credential=") && authorization.contains(scope), authorization);
        assertTrue(authorization.contains("SignedHeaders=content-length;content-type;host;x-amz-content-sha256;x-amz-date"
                + (sent.request.firstMatchingHeader("X-Amz-Security-Token").isPresent() ? ";x-amz-security-token" : "")
                + ";x-amz-target,"), authorization);
    }

    @Test
    void readsRepliesTheWayTheSdkDoes() throws Exception {
        String otherTable = "other";
        List<String> replies = List.of(
                "{}",
                "{\"Responses\":{},\"UnprocessedKeys\":{}}",
                "{\"Responses\":{\"" + TABLE + "\":[]},\"UnprocessedKeys\":{}}",
                "{\"Responses\":{\"" + TABLE + "\":[{\"id\":{\"S\":\"a#alert#x\"}},{\"id\":{\"S\":\"b \\\"q\\\" \\u00e9#change\"}}]},"
                        + "\"UnprocessedKeys\":{\"" + TABLE + "\":{\"Keys\":[{\"id\":{\"S\":\"c#change\"}}],\"ConsistentRead\":true,"
                        + "\"ProjectionExpression\":\"#id\",\"ExpressionAttributeNames\":{\"#id\":\"id\"}}},"
                        + "\"ConsumedCapacity\":[{\"TableName\":\"" + TABLE + "\",\"CapacityUnits\":3.0}]}",
                "{\"UnprocessedKeys\":{\"" + otherTable + "\":{\"Keys\":[{\"id\":{\"S\":\"z\"}}]}},"
                        + "\"Responses\":{\"" + otherTable + "\":[{\"id\":{\"S\":\"y\"}}],\"" + TABLE + "\":[{\"other\":{\"N\":\"1\"},"
                        + "\"id\":{\"S\":\"d\"},\"nested\":{\"M\":{\"id\":{\"S\":\"not this\"}}}}]}}");
        for (String reply : replies) {
            BatchGetItemResponse sdk;
            try (DynamoDbClient client = sdkClient(new Capture(200, reply), StaticCredentialsProvider.create(KEYS))) {
                sdk = client.batchGetItem(b -> b.requestItems(Map.of(TABLE, KeysAndAttributes.builder()
                        .keys(List.of(Map.of("id", AttributeValue.fromS("a")))).build())));
            }
            DynamoDbLedgerClient.Found ours;
            try (DynamoDbLedgerClient client = client(new Capture(200, reply), StaticCredentialsProvider.create(KEYS), null)) {
                ours = client.batchGet(TABLE, List.of("a"), 3000);
            }
            assertEquals(sdk.responses().getOrDefault(TABLE, List.of()).stream().map(item -> item.get("id").s()).toList(),
                    ours.found(), reply);
            KeysAndAttributes left = sdk.unprocessedKeys().get(TABLE);
            assertEquals(left == null ? List.of() : left.keys().stream().map(key -> key.get("id").s()).toList(),
                    ours.unprocessed(), reply);
        }

        List<String> writeReplies = List.of("{}", "{\"UnprocessedItems\":{}}",
                "{\"UnprocessedItems\":{\"" + TABLE + "\":[{\"PutRequest\":{\"Item\":{\"expiresAt\":{\"N\":\"5\"},"
                        + "\"id\":{\"S\":\"w1\"}}}},{\"PutRequest\":{\"Item\":{\"id\":{\"S\":\"w2\"}}}}],"
                        + "\"" + otherTable + "\":[{\"PutRequest\":{\"Item\":{\"id\":{\"S\":\"o\"}}}}]},"
                        + "\"ItemCollectionMetrics\":{},\"ConsumedCapacity\":[]}");
        for (String reply : writeReplies) {
            BatchWriteItemResponse sdk;
            try (DynamoDbClient client = sdkClient(new Capture(200, reply), StaticCredentialsProvider.create(KEYS))) {
                sdk = client.batchWriteItem(b -> b.requestItems(Map.of(TABLE, List.of(WriteRequest.builder()
                        .putRequest(PutRequest.builder().item(Map.of("id", AttributeValue.fromS("w"))).build()).build()))));
            }
            List<String> ours;
            try (DynamoDbLedgerClient client = client(new Capture(200, reply), StaticCredentialsProvider.create(KEYS), null)) {
                ours = client.batchPut(TABLE, List.of("w"), EXPIRES_AT, 3000);
            }
            assertEquals(sdk.unprocessedItems().getOrDefault(TABLE, List.of()).stream()
                    .map(write -> write.putRequest().item().get("id").s()).toList(), ours, reply);
        }
    }

    @Test
    void readsErrorRepliesTheWayTheSdkDoesAndSaysWhetherARetryMayCureThem() throws Exception {
        record Reply(int status, String type, String message, boolean retryable) {
            String body() {
                return "{\"__type\":\"com.amazonaws.dynamodb.v20120810#" + type + "\",\"message\":\"" + message + "\"}";
            }
        }
        List<Reply> replies = List.of(
                new Reply(400, "ProvisionedThroughputExceededException", "The level of configured provisioned throughput for the table was exceeded.", true),
                new Reply(400, "ThrottlingException", "Rate of requests exceeds the allowed throughput.", true),
                new Reply(400, "RequestLimitExceeded", "Throughput exceeds the current throughput limit for your account.", true),
                new Reply(500, "InternalServerError", "Internal server error", true),
                new Reply(503, "ServiceUnavailable", "Service unavailable", true),
                new Reply(400, "ResourceNotFoundException", "Requested resource not found", false),
                new Reply(400, "AccessDeniedException", "User: arn:aws:sts::1:assumed-role/eddy is not authorized", false),
                new Reply(400, "ValidationException", "1 validation error detected", false),
                new Reply(400, "UnrecognizedClientException", "The security token included in the request is invalid.", false));
        for (Reply reply : replies) {
            DynamoDbException sdk;
            try (DynamoDbClient client = sdkClient(new Capture(reply.status(), reply.body()), StaticCredentialsProvider.create(KEYS))) {
                sdk = assertThrows(DynamoDbException.class, () -> client.batchGetItem(b -> b.requestItems(Map.of(TABLE,
                        KeysAndAttributes.builder().keys(List.of(Map.of("id", AttributeValue.fromS("a")))).build()))));
            }
            DynamoDbCallException ours;
            try (DynamoDbLedgerClient client = client(new Capture(reply.status(), reply.body()),
                    StaticCredentialsProvider.create(KEYS), null)) {
                ours = assertThrows(DynamoDbCallException.class, () -> client.batchGet(TABLE, List.of("a"), 3000));
            }
            assertEquals(sdk.statusCode(), ours.status(), reply.body());
            assertEquals(sdk.awsErrorDetails().errorCode(), ours.code(), reply.body());
            assertEquals(sdk.awsErrorDetails().errorCode() + " (HTTP " + reply.status() + "): "
                    + sdk.awsErrorDetails().errorMessage(), ours.getMessage());
            assertEquals(reply.retryable(), ours.isRetryable(), reply.body());
        }
    }

    /**
     * Where the error's type and message come from, as the SDK's JSON error parser takes them: the
     * {@code x-amzn-ErrorType} header before the body, {@code __type} or {@code code}, without
     * namespace or {@code :} suffix; {@code x-amzn-error-message} before {@code message},
     * {@code Message} or {@code errorMessage}.
     */
    @Test
    void readsTheErrorsTypeAndMessageFromWhereTheSdkTakesThem() throws Exception {
        List<Capture> replies = List.of(
                new Capture(400, "{\"__type\":\"com.amazonaws.dynamodb.v20120810#ValidationException\",\"message\":\"body\"}",
                        Map.of("x-amzn-ErrorType", "ThrottlingException:http://internal.amazon.com/coral/com.amazon.coral.service/")),
                new Capture(400, "{\"__type\":\"com.amazon.coral.availability#ThrottlingException:http://internal/\","
                        + "\"message\":\"Rate exceeded\"}"),
                new Capture(400, "{\"code\":\"ResourceNotFoundException\",\"errorMessage\":\"no table\"}"),
                new Capture(400, "{\"__type\":\"x#AccessDeniedException\",\"Message\":\"denied\"}",
                        Map.of("x-amzn-error-message", "denied, from the header")),
                new Capture(503, "{}", Map.of("x-amzn-ErrorType", "ServiceUnavailable")),
                new Capture(429, "{\"__type\":\"x#SomethingNew\",\"message\":\"slow down\"}"),
                new Capture(501, "{\"__type\":\"x#NotImplemented\",\"message\":\"no\"}"));
        for (Capture reply : replies) {
            DynamoDbException sdk;
            try (DynamoDbClient client = sdkClient(reply, StaticCredentialsProvider.create(KEYS))) {
                sdk = assertThrows(DynamoDbException.class, () -> client.batchGetItem(b -> b.requestItems(Map.of(TABLE,
                        KeysAndAttributes.builder().keys(List.of(Map.of("id", AttributeValue.fromS("a")))).build()))));
            }
            DynamoDbCallException ours;
            try (DynamoDbLedgerClient client = client(reply, StaticCredentialsProvider.create(KEYS), null)) {
                ours = assertThrows(DynamoDbCallException.class, () -> client.batchGet(TABLE, List.of("a"), 3000));
            }
            String what = reply.status + " " + reply.headers + " " + reply.reply;
            assertEquals(sdk.awsErrorDetails().errorCode(), ours.code(), what);
            String message = sdk.awsErrorDetails().errorMessage();
            assertEquals(sdk.awsErrorDetails().errorCode() + " (HTTP " + reply.status + "): " + (message == null ? "" : message),
                    ours.getMessage(), what);
            assertEquals(sdk.isThrottlingException(), ours.isThrottling(), what);
            boolean sdkRetries = sdk.isThrottlingException() || List.of(500, 502, 503, 504).contains(reply.status);
            assertEquals(sdkRetries, ours.isRetryable(), what);
        }
    }

    @Test
    void aGzipReplyIsUnzippedAfterItsChecksumIsChecked() throws Exception {
        String reply = "{\"Responses\":{\"" + TABLE + "\":[{\"id\":{\"S\":\"zipped\"}}]}}";
        java.io.ByteArrayOutputStream zipped = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(zipped)) {
            out.write(reply.getBytes(StandardCharsets.UTF_8));
        }
        CRC32 crc = new CRC32();
        crc.update(zipped.toByteArray());
        Capture gzip = new Capture(200, zipped.toByteArray(), Map.of("Content-Encoding", "gzip", "x-amz-crc32",
                Long.toString(crc.getValue())));
        try (DynamoDbLedgerClient client = client(gzip, StaticCredentialsProvider.create(KEYS), null)) {
            assertEquals(List.of("zipped"), client.batchGet(TABLE, List.of("zipped"), 3000).found());
        }
        Capture brotli = new Capture(200, "??", Map.of("Content-Encoding", "br"));
        try (DynamoDbLedgerClient client = client(brotli, StaticCredentialsProvider.create(KEYS), null)) {
            DynamoDbCallException e = assertThrows(DynamoDbCallException.class, () -> client.batchGet(TABLE, List.of("a"), 3000));
            assertEquals("BatchGetItem: a reply in Content-Encoding br, which Eddy does not read", e.getMessage());
        }
    }

    @Test
    void aReplyThatIsNotDynamoDbsIsReportedWithItsTextAndMayBeRetried() throws Exception {
        for (Capture http : List.of(new Capture(502, "<html><h1>Bad Gateway</h1></html>"), new Capture(200, "<html>hi</html>"),
                new Capture(200, "{\"Responses\":{\"" + TABLE + "\":[{\"id\":{\"N\":\"1\"}}]}}"), new Capture(200, ""))) {
            try (DynamoDbLedgerClient client = client(http, StaticCredentialsProvider.create(KEYS), null)) {
                DynamoDbCallException e = assertThrows(DynamoDbCallException.class, () -> client.batchGet(TABLE, List.of("a"), 3000));
                assertTrue(e.isRetryable(), e.getMessage());
                assertNull(e.code(), e.getMessage());
                assertTrue(e.getMessage().startsWith(http.status == 200 ? "BatchGetItem: unreadable reply (" : "BatchGetItem: HTTP 502"),
                        e.getMessage());
                assertTrue(e.getMessage().contains(http.reply.isEmpty() ? "(empty body)" : http.reply.substring(0, 8)),
                        "the reply is quoted: " + e.getMessage());
            }
        }
    }

    @Test
    void aReplyThatDoesNotMatchItsChecksumIsRefusedAndMayBeRetried() throws Exception {
        String reply = "{\"UnprocessedItems\":{}}";
        long crc = crc32(reply);
        Capture good = new Capture(200, reply, Map.of("x-amz-crc32", Long.toString(crc)));
        try (DynamoDbLedgerClient client = client(good, StaticCredentialsProvider.create(KEYS), null)) {
            assertEquals(List.of(), client.batchPut(TABLE, List.of("w"), EXPIRES_AT, 3000));
        }
        Capture corrupt = new Capture(200, reply, Map.of("x-amz-crc32", Long.toString(crc + 1)));
        try (DynamoDbLedgerClient client = client(corrupt, StaticCredentialsProvider.create(KEYS), null)) {
            DynamoDbCallException e = assertThrows(DynamoDbCallException.class, () -> client.batchPut(TABLE, List.of("w"), EXPIRES_AT, 3000));
            assertTrue(e.isRetryable());
            assertEquals("BatchWriteItem: the reply's x-amz-crc32 " + (crc + 1) + " does not match its " + reply.length()
                    + " bytes (" + crc + ")", e.getMessage());
        }
    }

    @Test
    void afterAClockSkewErrorTheRetryIsSignedAtDynamoDbsTime() throws Exception {
        Instant ours = Instant.parse("2026-12-07T10:00:00Z");
        Instant theirs = ours.plusSeconds(600);
        String skew = "{\"__type\":\"com.amazon.coral.service#InvalidSignatureException\",\"message\":\"Signature expired\"}";
        Capture http = new Capture(400, skew, Map.of("Date", DateTimeFormatter.RFC_1123_DATE_TIME.format(theirs.atZone(ZoneOffset.UTC))));
        try (DynamoDbLedgerClient client = client(http, StaticCredentialsProvider.create(KEYS), Clock.fixed(ours, ZoneOffset.UTC))) {
            DynamoDbCallException first = assertThrows(DynamoDbCallException.class, () -> client.batchGet(TABLE, List.of("a"), 3000));
            assertEquals("InvalidSignatureException", first.code());
            assertTrue(first.isRetryable(), "the clock was corrected: worth a retry");
            DynamoDbCallException second = assertThrows(DynamoDbCallException.class, () -> client.batchGet(TABLE, List.of("a"), 3000));
            assertFalse(second.isRetryable(), "signed at DynamoDB's time and still refused: not the clock");
        }
        assertEquals(ours, http.sent.get(0).signedAt());
        assertEquals(theirs, http.sent.get(1).signedAt());
    }

    @Test
    void theConnectionWarmUpReadsOneIdNoNotificationHasAndExpectsAnAnswer() throws Exception {
        for (String reply : List.of("{\"Responses\":{\"" + TABLE + "\":[]},\"UnprocessedKeys\":{}}", "{}")) {
            Capture http = new Capture(200, reply);
            try (DynamoDbLedgerClient client = client(http, StaticCredentialsProvider.create(KEYS), null)) {
                assertEquals(Optional.empty(), client.warmUpConnection(TABLE, Duration.ofSeconds(1)), reply);
            }
            Sent sent = http.only();
            assertEquals(Optional.of("DynamoDB_20120810.BatchGetItem"), sent.request.firstMatchingHeader("X-Amz-Target"));
            assertEquals("{\"RequestItems\":{\"" + TABLE + "\":{\"Keys\":[{\"id\":{\"S\":\"eddy:connection-warm-up\"}}],"
                    + "\"ConsistentRead\":true,\"ProjectionExpression\":\"#id\",\"ExpressionAttributeNames\":{\"#id\":\"id\"}}}}",
                    new String(sent.body, StandardCharsets.UTF_8));
            assertTrue(sent.request.firstMatchingHeader("Authorization").orElseThrow().contains("/dynamodb/aws4_request"));
            assertFalse(DynamoDbLedgerClient.WARM_UP_ID.contains("#"), "never a notification id, which all carry a #");
        }
    }

    @Test
    void aConnectionWarmUpThatDoesNotGoAsExpectedSaysWhat() throws Exception {
        Map<Capture, String> replies = new LinkedHashMap<>();
        replies.put(new Capture(400, "{\"__type\":\"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException\","
                + "\"message\":\"Requested resource not found\"}"), "ResourceNotFoundException (HTTP 400): Requested resource not found");
        replies.put(new Capture(400, "{\"__type\":\"com.amazon.coral.service#AccessDeniedException\",\"Message\":\"User: x is not"
                + " authorized to perform: dynamodb:BatchGetItem\"}"),
                "AccessDeniedException (HTTP 400): User: x is not authorized to perform: dynamodb:BatchGetItem");
        replies.put(new Capture(500, "<html>oops</html>"), "BatchGetItem: HTTP 500 without a DynamoDB error: \"<html>oops</html>\"");
        for (Map.Entry<Capture, String> reply : replies.entrySet()) {
            try (DynamoDbLedgerClient client = client(reply.getKey(), StaticCredentialsProvider.create(KEYS), null)) {
                assertEquals(Optional.of(reply.getValue()), client.warmUpConnection(TABLE, Duration.ofSeconds(1)));
            }
            assertEquals(1, reply.getKey().sent.size(), "one attempt: " + reply.getValue());
        }
    }

    /** A stalled DynamoDB must not hold an init: the warm-up keeps to its own limit, below a call's. */
    @Test
    void theConnectionWarmUpKeepsToItsOwnLimit() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
             DynamoDbLedgerClient client = DynamoDbAdapters.ledgerClient(Region.EU_WEST_1,
                     URI.create("http://127.0.0.1:" + silent.getLocalPort()), StaticCredentialsProvider.create(KEYS))) {
            long start = System.nanoTime();
            Optional<String> problem = client.warmUpConnection(TABLE, Duration.ofMillis(300));
            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(Optional.of("BatchGetItem: no complete reply within 300 ms: the call was aborted"), problem);
            assertTrue(tookMillis >= 250 && tookMillis < 1_400, "took " + tookMillis + " ms");
        }
    }

    /**
     * Without an endpoint setting, every region's endpoint is the one the SDK's DynamoDbClient
     * resolves with DynamoDB's own endpoint rules, plain, FIPS and dual-stack.
     */
    @Test
    void everyRegionGetsTheEndpointTheSdksDynamoDbRulesResolve() {
        DynamoDbEndpointProvider rules = DynamoDbEndpointProvider.defaultProvider();
        List<String> differ = new ArrayList<>();
        int checked = 0;
        for (boolean fips : new boolean[] {false, true}) {
            for (boolean dualStack : new boolean[] {false, true}) {
                System.setProperty("aws.useFipsEndpoint", String.valueOf(fips));
                System.setProperty("aws.useDualstackEndpoint", String.valueOf(dualStack));
                try {
                    for (Region region : Region.regions().stream().sorted(Comparator.comparing(Region::id)).toList()) {
                        if (region.isGlobalRegion() || region.id().startsWith("fips-") || region.id().endsWith("-fips")) {
                            continue;
                        }
                        URI expected;
                        try {
                            expected = rules.resolveEndpoint(DynamoDbEndpointParams.builder().region(region)
                                    .useFips(fips).useDualStack(dualStack).build()).join().url();
                        } catch (RuntimeException unsupported) {
                            continue; // the partition offers no such endpoint
                        }
                        URI resolved = DynamoDbAdapters.endpoint(region);
                        checked++;
                        if (!expected.resolve("/").equals(resolved.resolve("/"))) {
                            differ.add(region.id() + (fips ? " fips" : "") + (dualStack ? " dual-stack" : "")
                                    + ": SDK " + expected + ", ours " + resolved);
                        }
                    }
                } finally {
                    System.clearProperty("aws.useFipsEndpoint");
                    System.clearProperty("aws.useDualstackEndpoint");
                }
            }
        }
        assertTrue(checked > 60, "regions checked: " + checked);
        assertEquals(List.of(), differ);
    }

    private static DynamoDbLedgerClient client(SdkHttpClient http, AwsCredentialsProvider credentials, Clock clock) {
        return DynamoDbAdapters.ledgerClient(Region.EU_WEST_1, ENDPOINT, credentials, http, clock);
    }

    private static DynamoDbClient sdkClient(SdkHttpClient http, AwsCredentialsProvider credentials) {
        return DynamoDbClient.builder().region(Region.EU_WEST_1).endpointOverride(ENDPOINT).credentialsProvider(credentials)
                .httpClient(http).overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
    }

    private static long crc32(String text) {
        CRC32 crc = new CRC32();
        crc.update(text.getBytes(StandardCharsets.UTF_8));
        return crc.getValue();
    }

    /** What reached the HTTP client. */
    private record Sent(SdkHttpRequest request, byte[] body) {
        Instant signedAt() {
            String date = request.firstMatchingHeader("X-Amz-Date").orElseThrow();
            return DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).parse(date, Instant::from);
        }
    }

    /** An SDK HTTP client that records each request with its body and answers with a fixed reply. */
    private static final class Capture implements SdkHttpClient {
        final List<Sent> sent = new ArrayList<>();
        final int status;
        final String reply;
        final byte[] bytes;
        final Map<String, String> headers;

        Capture(int status, String reply) {
            this(status, reply, Map.of());
        }

        Capture(int status, String reply, Map<String, String> headers) {
            this(status, reply.getBytes(StandardCharsets.UTF_8), headers);
        }

        Capture(int status, byte[] bytes, Map<String, String> headers) {
            this.status = status;
            this.reply = new String(bytes, StandardCharsets.ISO_8859_1);
            this.bytes = bytes;
            this.headers = headers;
        }

        Sent only() {
            assertEquals(1, sent.size());
            return sent.get(0);
        }

        @Override
        public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
            return new ExecutableHttpRequest() {
                @Override
                public HttpExecuteResponse call() throws IOException {
                    sent.add(new Sent(request.httpRequest(), InMemoryHttpClient.body(request)));
                    SdkHttpResponse.Builder response = SdkHttpResponse.builder().statusCode(status)
                            .putHeader("Content-Type", DynamoDbLedgerClient.CONTENT_TYPE)
                            .putHeader("Content-Length", String.valueOf(bytes.length));
                    headers.forEach(response::putHeader);
                    return HttpExecuteResponse.builder().response(response.build())
                            .responseBody(AbortableInputStream.create(new ByteArrayInputStream(bytes))).build();
                }

                @Override
                public void abort() {
                    // Answers at once.
                }
            };
        }

        @Override
        public void close() {
            // Nothing held.
        }
    }
}
