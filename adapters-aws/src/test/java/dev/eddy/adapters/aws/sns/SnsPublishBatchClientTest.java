package dev.eddy.adapters.aws.sns;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.adapters.aws.http.InMemoryHttpClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
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
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.PublishBatchRequestEntry;
import software.amazon.awssdk.services.sns.model.PublishBatchResponse;
import software.amazon.awssdk.services.sns.model.PublishBatchResultEntry;
import software.amazon.awssdk.services.sns.model.SnsException;

/**
 * {@link SnsPublishBatchClient} against the AWS SDK's own {@link SnsClient}, the reference it
 * replaces: the same batches reach the HTTP client as the same request (method, address, body byte
 * for byte, the headers SNS reads), both signed validly by an independent SigV4 check written from
 * AWS's specification, and the same replies (successes, failed entries, error documents) are read
 * the same way.
 */
class SnsPublishBatchClientTest {
    private static final String TOPIC = "arn:aws:sns:eu-west-1:123456789012:eddy-alerts";
    private static final URI ENDPOINT = URI.create("https://sns.eu-west-1.amazonaws.com");
    private static final AwsBasicCredentials KEYS = AwsBasicCredentials.create("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    private static final String OK = "<PublishBatchResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\"><PublishBatchResult>"
            + "<Successful/><Failed/></PublishBatchResult></PublishBatchResponse>";

    private static final String[] MESSAGES = {
        "{\"rule\":\"hot\",\"temperature\":42.5,\"text\":\"a&b=c <d> ~*+%\"}",
        "héllo wörld € 中文 😀 \t\r\n",
        "lone \ud83d surrogate and \ude00 another",
        "x".repeat(20_000),
        "",
    };

    /** One batch in both shapes: ours, and the SDK's model. */
    private record Batch(List<SnsPublishBatchClient.Entry> ours, List<PublishBatchRequestEntry> sdk) {
    }

    private static Batch batch(int size, int attributes) {
        List<SnsPublishBatchClient.Entry> ours = new ArrayList<>();
        List<PublishBatchRequestEntry> sdk = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            String id = i + "-evt_" + i;
            String message = MESSAGES[i % MESSAGES.length] + (i >= MESSAGES.length ? " #" + i : "");
            List<SnsPublishBatchClient.Attribute> list = new ArrayList<>();
            Map<String, MessageAttributeValue> map = new LinkedHashMap<>();
            for (int a = 0; a < attributes; a++) {
                String name = a == 1 ? "changedFields" : "attr-" + a + (a == 2 ? " spaced/é" : "");
                String type = a == 1 ? "String.Array" : "String";
                String value = a == 1 ? "[\"temperature\",\"status\"]" : "v" + a + " & \"q\" = " + i;
                list.add(new SnsPublishBatchClient.Attribute(name, type, value));
                map.put(name, MessageAttributeValue.builder().dataType(type).stringValue(value).build());
            }
            ours.add(new SnsPublishBatchClient.Entry(id, message, list));
            sdk.add(PublishBatchRequestEntry.builder().id(id).message(message).messageAttributes(map).build());
        }
        return new Batch(ours, sdk);
    }

    @Test
    void sendsTheSdksRequestBodyAndHeadersSignedValidly() throws Exception {
        // {0, 0}: the connection warm-up's empty batch, which must be what the SDK sends for one (SNS: EmptyBatchRequest).
        for (int[] shape : new int[][] {{0, 0}, {1, 0}, {1, 6}, {3, 2}, {10, 6}, {10, 12}}) {
            for (AwsCredentialsProvider credentials : List.of(StaticCredentialsProvider.create(KEYS),
                    StaticCredentialsProvider.create(AwsSessionCredentials.create("ASIAEXAMPLE", "session-secret", "token/with+chars=")))) {
                Batch batch = batch(shape[0], shape[1]);
                Capture sdkHttp = new Capture(200, OK);
                try (SnsClient sdk = sdkClient(sdkHttp, credentials)) {
                    sdk.publishBatch(b -> b.topicArn(TOPIC).publishBatchRequestEntries(batch.sdk()));
                }
                Sent reference = sdkHttp.only();
                Capture ourHttp = new Capture(200, OK);
                try (SnsPublishBatchClient ours = new SnsPublishBatchClient(ourHttp, ENDPOINT, Region.EU_WEST_1, credentials, 3000,
                        Clock.fixed(reference.signedAt(), ZoneOffset.UTC))) {
                    ours.publishBatch(TOPIC, batch.ours());
                }
                Sent sent = ourHttp.only();
                String shapeText = shape[0] + " entries x " + shape[1] + " attributes";

                assertEquals(reference.request.method(), sent.request.method(), shapeText);
                assertEquals(reference.request.getUri(), sent.request.getUri(), shapeText);
                assertArrayEquals(reference.body, sent.body, shapeText + ": body\n" + new String(reference.body, StandardCharsets.UTF_8)
                        + "\n" + new String(sent.body, StandardCharsets.UTF_8));
                for (String header : List.of("Host", "Content-Type", "Content-Length", "X-Amz-Date", "X-Amz-Security-Token",
                        "x-amz-content-sha256")) {
                    assertEquals(reference.request.firstMatchingHeader(header), sent.request.firstMatchingHeader(header),
                            shapeText + ": " + header);
                }
                SigV4.verify(reference, credentials);
                SigV4.verify(sent, credentials);
            }
        }
    }

    @Test
    void theSignatureCheckCatchesATamperedRequest() throws Exception {
        Capture http = new Capture(200, OK);
        AwsCredentialsProvider credentials = StaticCredentialsProvider.create(KEYS);
        try (SnsPublishBatchClient ours = new SnsPublishBatchClient(http, ENDPOINT, Region.EU_WEST_1, credentials, 3000, null)) {
            ours.publishBatch(TOPIC, batch(2, 2).ours());
        }
        Sent sent = http.only();
        SigV4.verify(sent, credentials);
        byte[] tampered = sent.body.clone();
        tampered[tampered.length - 1] ^= 1;
        assertThrows(AssertionError.class, () -> SigV4.verify(new Sent(sent.request, tampered), credentials));
        assertThrows(AssertionError.class, () -> SigV4.verify(sent, StaticCredentialsProvider.create(
                AwsBasicCredentials.create("AKIDEXAMPLE", "another-secret"))));
    }

    @Test
    void readsTheRepliesTheWayTheSdkDoes() throws Exception {
        List<String> successes = List.of(
                OK,
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<PublishBatchResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\">\n"
                        + "  <PublishBatchResult>\n    <Successful>\n      <member>\n        <Id>0-evt_0</Id>\n"
                        + "        <MessageId>f3c2a5d8-0000-4a5e-9b1e-000000000001</MessageId>\n      </member>\n"
                        + "      <member><MessageId>m2</MessageId><Id>1-evt_1</Id><SequenceNumber>10000000000000003000</SequenceNumber></member>\n"
                        + "    </Successful>\n    <Failed>\n      <member>\n        <Code>InvalidParameter</Code>\n"
                        + "        <Id>2-evt_2</Id>\n        <Message>Invalid parameter: Message too long &amp; &lt;bad&gt; &#233;&#x1F600; &quot;q&apos;</Message>\n"
                        + "        <SenderFault>true</SenderFault>\n      </member>\n      <member><Id>3-evt_3</Id><Code>InternalError</Code>"
                        + "<Message><![CDATA[try <again> & later]]></Message><SenderFault>false</SenderFault></member>\n"
                        + "    </Failed>\n  </PublishBatchResult>\n  <!-- a comment -->\n  <ResponseMetadata>\n"
                        + "    <RequestId>7a9c1e0c-0000-5b5e-8c1a-000000000000</RequestId>\n  </ResponseMetadata>\n</PublishBatchResponse>\n",
                "<PublishBatchResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\"><PublishBatchResult><Failed>"
                        + "<member><Id>a</Id><Code>KMSThrottling</Code><Message></Message><SenderFault>false</SenderFault></member>"
                        + "</Failed></PublishBatchResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></PublishBatchResponse>",
                // Not what SNS sends today, but what the SDK reads without complaint: a byte-order mark,
                // SenderFault in another case, members without an Id, content after the root element.
                "\uFEFF<PublishBatchResponse><PublishBatchResult><Successful><member><MessageId>m</MessageId></member>"
                        + "<member><Id>ok</Id></member></Successful><Failed><member><Id>b</Id><Code>InvalidParameter</Code>"
                        + "<Message>m</Message><SenderFault>True</SenderFault></member><member><Code>InternalError</Code></member>"
                        + "</Failed></PublishBatchResult></PublishBatchResponse>\n<!-- trailing --> trailing text");
        for (String xml : successes) {
            PublishBatchResponse sdk;
            try (SnsClient client = sdkClient(new Capture(200, xml), StaticCredentialsProvider.create(KEYS))) {
                sdk = client.publishBatch(b -> b.topicArn(TOPIC).publishBatchRequestEntries(batch(1, 0).sdk()));
            }
            SnsReplyXml.BatchReply ours;
            try (SnsPublishBatchClient client = new SnsPublishBatchClient(new Capture(200, xml), ENDPOINT, Region.EU_WEST_1,
                    StaticCredentialsProvider.create(KEYS), 3000, null)) {
                ours = client.publishBatch(TOPIC, batch(1, 0).ours());
            }
            // A member without an Id is a null id for the SDK, which the publisher could not match to an
            // entry either; ours leaves it out.
            assertEquals(sdk.successful().stream().map(PublishBatchResultEntry::id).filter(Objects::nonNull).toList(),
                    ours.successful(), xml);
            assertEquals(sdk.failed().stream().filter(e -> e.id() != null).map(e -> new SnsReplyXml.EntryError(e.id(), e.code(),
                    e.message(), Boolean.TRUE.equals(e.senderFault()))).toList(), ours.failed(), xml);
        }
    }

    @Test
    void readsErrorRepliesTheWayTheSdkDoes() {
        record Reply(int status, String body, boolean retrySoon, boolean invalid) {
        }
        List<Reply> replies = List.of(
                new Reply(400, error("Sender", "Throttling", "Rate exceeded"), true, false),
                new Reply(400, error("Sender", "KMSThrottling", "KMS is throttled"), true, false),
                new Reply(500, error("Receiver", "InternalError", "We encountered an internal error &amp; <b>"
                        .replace("<b>", "&lt;b&gt;")), true, false),
                new Reply(400, error("Sender", "InvalidParameter", "Invalid parameter: TopicArn"), false, true),
                new Reply(400, error("Sender", "BatchEntryIdsNotDistinct", "Two entries share an id"), false, true),
                new Reply(400, error("Sender", "ParameterValueInvalid", "Invalid parameter value"), false, true),
                new Reply(403, error("Sender", "AuthorizationError", "User is not authorized to perform: SNS:Publish"), false, false),
                new Reply(404, error("Sender", "NotFound", "Topic does not exist"), false, false),
                new Reply(400, "<?xml version=\"1.0\"?>\n" + error("Sender", "RequestExpired", "Request has expired"), true, false));
        for (Reply reply : replies) {
            SnsException sdk;
            try (SnsClient client = sdkClient(new Capture(reply.status(), reply.body()), StaticCredentialsProvider.create(KEYS))) {
                sdk = assertThrows(SnsException.class,
                        () -> client.publishBatch(b -> b.topicArn(TOPIC).publishBatchRequestEntries(batch(1, 0).sdk())));
            }
            SnsCallException ours;
            try (SnsPublishBatchClient client = new SnsPublishBatchClient(new Capture(reply.status(), reply.body()), ENDPOINT,
                    Region.EU_WEST_1, StaticCredentialsProvider.create(KEYS), 3000, null)) {
                ours = assertThrows(SnsCallException.class, () -> client.publishBatch(TOPIC, batch(1, 0).ours()));
            }
            assertEquals(sdk.statusCode(), ours.status(), reply.body());
            assertEquals(sdk.awsErrorDetails().errorCode(), ours.code(), reply.body());
            assertTrue(ours.getMessage().endsWith(sdk.awsErrorDetails().errorMessage()), ours.getMessage());
            assertEquals(reply.retrySoon(), ours.isTransient(), reply.body());
            assertEquals(reply.invalid(), ours.isInvalidRequest(), reply.body());
        }
    }

    @Test
    void theConnectionWarmUpSendsAnEmptySignedBatchAndExpectsSnsToRejectIt() throws Exception {
        // SNS's documented answer to an empty batch, and an emulator's empty success: both as expected.
        for (Capture http : List.of(new Capture(400, error("Sender", "EmptyBatchRequest",
                "The batch request doesn't contain any entries.")), new Capture(200, OK))) {
            try (SnsPublishBatchClient client = new SnsPublishBatchClient(http, ENDPOINT, Region.EU_WEST_1,
                    StaticCredentialsProvider.create(KEYS), 3000, null)) {
                assertEquals(Optional.empty(), client.warmUpConnection(TOPIC, Duration.ofSeconds(1)));
            }
            Sent sent = http.only();
            assertEquals("Action=PublishBatch&Version=2010-03-31&TopicArn=" + URLEncoder.encode(TOPIC, StandardCharsets.UTF_8)
                    + "&PublishBatchRequestEntries=", new String(sent.body(), StandardCharsets.UTF_8),
                    "no entry, so nothing can be published");
            SigV4.verify(sent, StaticCredentialsProvider.create(KEYS));
        }
        // Anything else is reported, never thrown: a missing permission, an outage, a broken connection.
        Map<Capture, String> unexpected = new LinkedHashMap<>();
        unexpected.put(new Capture(403, error("Sender", "AuthorizationError", "User is not authorized to perform: SNS:Publish")),
                "403 AuthorizationError: User is not authorized to perform: SNS:Publish");
        unexpected.put(new Capture(500, error("Receiver", "InternalError", "oops")), "500 InternalError: oops");
        unexpected.put(new Capture(200, "<PublishBatchResponse><PublishBatchResult><Successful><member><Id>x</Id>"
                + "<MessageId>m</MessageId></member></Successful></PublishBatchResult></PublishBatchResponse>"),
                "SNS reported entries for a PublishBatch that had none");
        unexpected.put(new Capture(0, "") {
            @Override
            HttpExecuteResponse answer() throws IOException {
                throw new IOException("Connection refused");
            }
        }, "I/O error: IOException: Connection refused");
        for (Map.Entry<Capture, String> e : unexpected.entrySet()) {
            try (SnsPublishBatchClient client = new SnsPublishBatchClient(e.getKey(), ENDPOINT, Region.EU_WEST_1,
                    StaticCredentialsProvider.create(KEYS), 3000, null)) {
                Optional<String> problem = client.warmUpConnection(TOPIC, Duration.ofSeconds(1));
                assertTrue(problem.isPresent() && problem.get().contains(e.getValue()), problem + " should say " + e.getValue());
            }
        }
    }

    @Test
    void aReplyThatIsNotSnsXmlIsARetryableFailureThatQuotesIt() {
        for (int status : new int[] {200, 502, 403}) {
            String html = "<html><body><h1>Bad Gateway</h1><p>upstream & co</p></body></html>";
            try (SnsPublishBatchClient client = new SnsPublishBatchClient(new Capture(status, html), ENDPOINT, Region.EU_WEST_1,
                    StaticCredentialsProvider.create(KEYS), 3000, null)) {
                SnsCallException e = assertThrows(SnsCallException.class, () -> client.publishBatch(TOPIC, batch(1, 0).ours()));
                assertEquals(status, e.status());
                assertEquals(status != 403, e.isTransient(), e.getMessage());
                assertFalse(e.isInvalidRequest());
                assertTrue(e.getMessage().contains(status == 200 ? "unreadable PublishBatch reply" : "without an SNS error document"),
                        e.getMessage());
                assertTrue(e.getMessage().contains("<h1>Bad Gateway</h1>"), "the reply is quoted: " + e.getMessage());
            }
        }
    }

    @Test
    void malformedOrHostileRepliesAreRefusedNeverHalfRead() {
        List<String> bad = List.of(
                "",
                "<PublishBatchResponse><PublishBatchResult><Successful><member><Id>a</Id></member></Successful>",
                "<PublishBatchResponse><PublishBatchResult></Successful></PublishBatchResult></PublishBatchResponse>",
                "<PublishBatchResponse><PublishBatchResult><Successful><member><Id>a&bogus;</Id></member></Successful>"
                        + "</PublishBatchResult></PublishBatchResponse>",
                "<!DOCTYPE x [<!ENTITY e \"boom\">]><PublishBatchResponse><PublishBatchResult/></PublishBatchResponse>",
                "<PublishBatchResponse><ResponseMetadata/></PublishBatchResponse>",
                "<OtherResponse><PublishBatchResult/></OtherResponse>",
                "\uFEFF",
                "<PublishBatchResponse><PublishBatchResult><Successful><member><Id>a</Id></member></Successful>"
                        + "</PublishBatchResult></PublishBatchResponse",
                "<PublishBatchResponse><PublishBatchResult><Successful><member><Id>a&#xZZ;</Id></member></Successful>"
                        + "</PublishBatchResult></PublishBatchResponse>");
        for (String xml : bad) {
            assertThrows(SnsReplyXml.MalformedReply.class, () -> SnsReplyXml.publishBatch(xml), xml);
        }
        assertEquals(List.of("a"), assertDoesNotThrowBatch("<p:PublishBatchResponse xmlns:p=\"urn:x\"><p:PublishBatchResult>"
                + "<p:Successful><p:member><p:Id>a</p:Id></p:member></p:Successful></p:PublishBatchResult></p:PublishBatchResponse>"));
    }

    private static List<String> assertDoesNotThrowBatch(String xml) {
        try {
            return SnsReplyXml.publishBatch(xml).successful();
        } catch (SnsReplyXml.MalformedReply e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    @Test
    void aDroppedConnectionIsARetryableIoFailure() {
        SdkHttpClient dropping = new Capture(0, "") {
            @Override
            HttpExecuteResponse answer() throws IOException {
                throw new IOException("Connection reset");
            }
        };
        try (SnsPublishBatchClient client = new SnsPublishBatchClient(dropping, ENDPOINT, Region.EU_WEST_1,
                StaticCredentialsProvider.create(KEYS), 3000, null)) {
            SnsCallException e = assertThrows(SnsCallException.class, () -> client.publishBatch(TOPIC, batch(1, 0).ours()));
            assertTrue(e.isTransient());
            assertEquals(0, e.status());
            assertEquals("I/O error: IOException: Connection reset", e.getMessage());
        }
    }

    /**
     * A server on 127.0.0.1 that answers every connection by trickling: the status line and headers
     * at once and then the body a byte at a time ({@code body}), or the status line itself a byte at
     * a time. Each byte comes well within the HTTP client's read timeout, so only the call's own
     * deadline can end the call. Stops with the test.
     */
    private static final class TricklingServer implements AutoCloseable {
        final ServerSocket socket;
        final Thread thread;

        TricklingServer(boolean headersFirst, long gapMillis) throws IOException {
            socket = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
            thread = new Thread(() -> {
                while (!socket.isClosed()) {
                    try (Socket client = socket.accept()) {
                        client.getInputStream().read(new byte[65536]);
                        byte[] all = ("HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: " + OK.length()
                                + "\r\n\r\n" + OK).getBytes(StandardCharsets.UTF_8);
                        int head = headersFirst ? all.length - OK.length() : 0;
                        client.getOutputStream().write(all, 0, head);
                        client.getOutputStream().flush();
                        for (int i = head; i < all.length; i++) {
                            Thread.sleep(gapMillis);
                            client.getOutputStream().write(all[i]);
                            client.getOutputStream().flush();
                        }
                    } catch (IOException | InterruptedException e) {
                        // The client gave up, or the test is over.
                    }
                }
            }, "trickling-sns");
            thread.setDaemon(true);
            thread.start();
        }

        URI endpoint() {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @Test
    void aBodyThatTricklesPastTheCallTimeoutEndsTheCallThroughTheRealHttpClient() throws Exception {
        assertTricklingReplyEndsInTime(true);
    }

    @Test
    void headersThatTricklePastTheCallTimeoutEndTheCallThroughTheRealHttpClient() throws Exception {
        assertTricklingReplyEndsInTime(false);
    }

    /** 100 ms between bytes (the read timeout is 3 s), a 1 s deadline: the call ends at about 1 s, not after ~20 s. */
    private static void assertTricklingReplyEndsInTime(boolean headersFirst) throws Exception {
        try (TricklingServer server = new TricklingServer(headersFirst, 100);
             SnsPublishBatchClient client = new SnsPublishBatchClient(UrlConnectionHttpClient.builder()
                     .connectionTimeout(Duration.ofSeconds(1)).socketTimeout(SnsClients.ATTEMPT_TIMEOUT).build(),
                     server.endpoint(), Region.EU_WEST_1, StaticCredentialsProvider.create(KEYS), 1_000, null)) {
            long start = System.nanoTime();
            SnsCallException e = assertThrows(SnsCallException.class, () -> client.publishBatch(TOPIC, batch(1, 0).ours()));
            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(e.isTransient());
            assertEquals("no complete reply within 1000 ms: the call was aborted", e.getMessage());
            // Without the deadline the reply takes about 15 s to trickle in.
            assertTrue(tookMillis >= 900 && tookMillis < 5_000, "took " + tookMillis + " ms");
        }
    }

    /** A stalled SNS must not hold an init: the warm-up keeps to its own limit, below the call timeout. */
    @Test
    void theConnectionWarmUpKeepsToItsOwnLimit() throws Exception {
        try (TricklingServer server = new TricklingServer(false, 100);
             SnsPublishBatchClient client = new SnsPublishBatchClient(UrlConnectionHttpClient.builder()
                     .connectionTimeout(Duration.ofSeconds(1)).socketTimeout(SnsClients.ATTEMPT_TIMEOUT).build(),
                     server.endpoint(), Region.EU_WEST_1, StaticCredentialsProvider.create(KEYS),
                     SnsClients.CALL_TIMEOUT.toMillis(), null)) {
            long start = System.nanoTime();
            Optional<String> problem = client.warmUpConnection(TOPIC, Duration.ofMillis(300));
            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(Optional.of("no complete reply within 300 ms: the call was aborted"), problem);
            assertTrue(tookMillis >= 250 && tookMillis < 2_000, "took " + tookMillis + " ms");
        }
    }

    @Test
    void afterAClockSkewErrorTheNextRequestIsSignedAtTheServersTime() throws Exception {
        Instant serverTime = Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
        Capture http = new Capture(400, error("Sender", "RequestTimeTooSkewed",
                "Signature not yet current: the difference between the request time and the server's time is too large")) {
            @Override
            HttpExecuteResponse answer() throws IOException {
                HttpExecuteResponse response = super.answer();
                return HttpExecuteResponse.builder().response(response.httpResponse().toBuilder()
                        .putHeader("Date", DateTimeFormatter.RFC_1123_DATE_TIME.format(serverTime.atZone(ZoneOffset.UTC))).build())
                        .responseBody(response.responseBody().orElseThrow())
                        .build();
            }
        };
        try (SnsPublishBatchClient client = new SnsPublishBatchClient(http, ENDPOINT, Region.EU_WEST_1,
                StaticCredentialsProvider.create(KEYS), 3000, null)) {
            SnsCallException first = assertThrows(SnsCallException.class, () -> client.publishBatch(TOPIC, batch(1, 0).ours()));
            assertTrue(first.isTransient(), "retried soon");
            assertThrows(SnsCallException.class, () -> client.publishBatch(TOPIC, batch(1, 0).ours()));
        }
        Duration firstSkew = Duration.between(Instant.now(), http.sent.get(0).signedAt()).abs();
        Duration secondSkew = Duration.between(serverTime, http.sent.get(1).signedAt()).abs();
        assertTrue(firstSkew.compareTo(Duration.ofMinutes(1)) < 0, "the first request was signed at our time: " + firstSkew);
        assertTrue(secondSkew.compareTo(Duration.ofMinutes(1)) < 0, "the second at the server's: " + secondSkew);
        SigV4.verify(http.sent.get(1), StaticCredentialsProvider.create(KEYS));
    }

    @Test
    void anHttpClientThatThrowsAnythingFailsTheCallRetryably() {
        SdkHttpClient broken = new Capture(0, "") {
            @Override
            HttpExecuteResponse answer() {
                throw new IllegalStateException("no response message");
            }
        };
        try (SnsPublishBatchClient client = new SnsPublishBatchClient(broken, ENDPOINT, Region.EU_WEST_1,
                StaticCredentialsProvider.create(KEYS), 3000, null)) {
            SnsCallException e = assertThrows(SnsCallException.class, () -> client.publishBatch(TOPIC, batch(1, 0).ours()));
            assertTrue(e.isTransient());
            assertEquals("HTTP client error: IllegalStateException: no response message", e.getMessage());
        }
    }

    @Test
    void aCallThatEndsInTimeIsNotAborted() throws SnsCallException {
        Capture http = new Capture(200, OK);
        try (SnsPublishBatchClient client = new SnsPublishBatchClient(http, ENDPOINT, Region.EU_WEST_1,
                StaticCredentialsProvider.create(KEYS), 50, null)) {
            client.publishBatch(TOPIC, batch(1, 0).ours());
            pause(150);
        }
        assertFalse(http.aborted, "the deadline was cancelled when the call ended");
    }

    private static String error(String type, String code, String message) {
        return "<ErrorResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\"><Error><Type>" + type + "</Type><Code>" + code
                + "</Code><Message>" + message + "</Message></Error><RequestId>req-1</RequestId></ErrorResponse>";
    }

    private static SnsClient sdkClient(SdkHttpClient http, AwsCredentialsProvider credentials) {
        return SnsClient.builder().region(Region.EU_WEST_1).endpointOverride(ENDPOINT).credentialsProvider(credentials)
                .httpClient(http).overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What reached the HTTP client. */
    private record Sent(SdkHttpRequest request, byte[] body) {
        Instant signedAt() {
            String date = request.firstMatchingHeader("X-Amz-Date").orElseThrow();
            return DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).parse(date, Instant::from);
        }
    }

    /** An SDK HTTP client that records each request with its body and answers with a fixed reply. */
    private static class Capture implements SdkHttpClient {
        final List<Sent> sent = new ArrayList<>();
        final int status;
        final String reply;
        volatile boolean aborted;

        Capture(int status, String reply) {
            this.status = status;
            this.reply = reply;
        }

        Sent only() {
            assertEquals(1, sent.size());
            return sent.get(0);
        }

        HttpExecuteResponse answer() throws IOException {
            byte[] bytes = reply.getBytes(StandardCharsets.UTF_8);
            return HttpExecuteResponse.builder()
                    .response(SdkHttpResponse.builder().statusCode(status).putHeader("Content-Type", "text/xml")
                            .putHeader("Content-Length", String.valueOf(bytes.length)).build())
                    .responseBody(AbortableInputStream.create(body(bytes)))
                    .build();
        }

        InputStream body(byte[] bytes) {
            return new ByteArrayInputStream(bytes);
        }

        @Override
        public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
            return new ExecutableHttpRequest() {
                @Override
                public HttpExecuteResponse call() throws IOException {
                    sent.add(new Sent(request.httpRequest(), InMemoryHttpClient.body(request)));
                    return answer();
                }

                @Override
                public void abort() {
                    aborted = true;
                }
            };
        }

        @Override
        public void close() {
            // Nothing held.
        }
    }

    /**
     * An independent check of an AWS Signature Version 4 over a POST with a body, written from
     * AWS's specification ("Create a signed AWS API request"), not from the SDK.
     */
    private static final class SigV4 {
        static void verify(Sent sent, AwsCredentialsProvider provider) throws GeneralSecurityException {
            SdkHttpRequest r = sent.request;
            String authorization = r.firstMatchingHeader("Authorization").orElseThrow(() -> new AssertionError("no Authorization"));
            Map<String, String> parts = new LinkedHashMap<>();
            for (String part : authorization.substring("AWS4-HMAC-SHA256 ".length()).split(",\\s*")) {
                int eq = part.indexOf('=');
                parts.put(part.substring(0, eq), part.substring(eq + 1));
            }
            String[] scope = parts.get("Credential").split("/", 2);
            var credentials = provider.resolveCredentials();
            assertEquals(credentials.accessKeyId(), scope[0]);
            String[] scopeParts = scope[1].split("/");
            assertEquals(List.of("eu-west-1", "sns", "aws4_request"), List.of(scopeParts).subList(1, 4));
            String amzDate = r.firstMatchingHeader("X-Amz-Date").orElseThrow();
            assertEquals(scopeParts[0], amzDate.substring(0, 8));

            String payloadHash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(sent.body));
            r.firstMatchingHeader("x-amz-content-sha256").ifPresent(h -> assertEquals(payloadHash, h, "x-amz-content-sha256"));
            TreeMap<String, String> headers = new TreeMap<>();
            r.headers().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT),
                    values.stream().map(v -> v.strip().replaceAll("\\s+", " ")).collect(Collectors.joining(","))));
            if (!headers.containsKey("host")) {
                String host = r.host() + (r.port() == 443 || r.port() == 80 ? "" : ":" + r.port());
                headers.put("host", host);
            }
            String signedHeaders = parts.get("SignedHeaders");
            StringBuilder canonicalHeaders = new StringBuilder();
            for (String name : signedHeaders.split(";")) {
                assertTrue(headers.containsKey(name), "signed header " + name + " was not sent");
                canonicalHeaders.append(name).append(':').append(headers.get(name)).append('\n');
            }
            assertTrue(signedHeaders.contains("host") && signedHeaders.contains("x-amz-date"), signedHeaders);
            assertTrue(signedHeaders.contains("content-type"), "the content type is signed: " + signedHeaders);
            String path = r.encodedPath().isEmpty() ? "/" : r.encodedPath();
            String canonicalRequest = r.method().name() + "\n" + path + "\n" + "" + "\n" + canonicalHeaders + "\n"
                    + signedHeaders + "\n" + payloadHash;
            String stringToSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope[1] + "\n"
                    + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
            byte[] key = hmac(("AWS4" + credentials.secretAccessKey()).getBytes(StandardCharsets.UTF_8), scopeParts[0]);
            key = hmac(key, scopeParts[1]);
            key = hmac(key, scopeParts[2]);
            key = hmac(key, scopeParts[3]);
            String expected = HexFormat.of().formatHex(hmac(key, stringToSign));
            assertEquals(expected, parts.get("Signature"), "SigV4 signature of\n" + canonicalRequest);
            if (credentials instanceof AwsSessionCredentials session) {
                assertEquals(session.sessionToken(), r.firstMatchingHeader("X-Amz-Security-Token").orElse(null));
                assertTrue(signedHeaders.contains("x-amz-security-token"), signedHeaders);
            }
        }

        private static byte[] hmac(byte[] key, String data) throws GeneralSecurityException {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        }
    }
}
