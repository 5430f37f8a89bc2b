package dev.eddy.adapters.aws.sns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.adapters.aws.http.InMemoryHttpClient;
import dev.eddy.application.TimeBudget;
import dev.eddy.application.pipeline.Channel;
import dev.eddy.application.pipeline.Notification;
import dev.eddy.application.port.out.NotificationPublisher.DeliveryFailure;
import dev.eddy.application.port.out.NotificationPublisher.PublishResult;
import dev.eddy.testsupport.http.SilentHttpServer;
import dev.eddy.testsupport.sns.LoopbackSnsServer;
import dev.eddy.testsupport.sns.LoopbackSnsServer.Entry;
import dev.eddy.testsupport.sns.LoopbackSnsServer.Request;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;

/** The publisher with its real PublishBatch client, over HTTP, against a loopback server speaking SNS's protocol. */
class SnsNotificationPublisherTest {
    static final String ALERTS = "arn:aws:sns:us-east-1:123456789012:eddy-alerts";
    static final String CHANGES = "arn:aws:sns:us-east-1:123456789012:eddy-changes";
    private static final RetryPolicy FAST = new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(5));

    private final LoopbackSnsServer server = LoopbackSnsServer.start();
    private final SnsPublishBatchClient client = client(server);
    private final SnsNotificationPublisher publisher = SnsNotificationPublisher.create(client,
            Map.of(Channel.ALERTS, ALERTS, Channel.CHANGE_EVENTS, CHANGES), FAST);

    static SnsPublishBatchClient client(LoopbackSnsServer server) {
        return SnsClients.create(Region.US_EAST_1, server.endpoint(),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")));
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    private static Notification alert(String id) {
        return new Notification(id, Channel.ALERTS, "{\"alert\":\"" + id + "\"}",
                Map.of("rule", "hot", "severity", "WARNING", "kind", "UPDATED", "table", "RealTimeDataTable"));
    }

    private static List<Notification> alerts(int count) {
        List<Notification> list = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            list.add(alert("evt-" + i + "#alert#hot"));
        }
        return list;
    }

    private List<Integer> batchSizes() {
        return server.requests("PublishBatch").stream().map(r -> r.entries().size()).toList();
    }

    private List<String> publishedIds() {
        return server.published().stream().map(e -> e.attribute("eddy-id")).toList();
    }

    @Test
    void twentyThreeNotificationsGoInThreeCallsOfAtMostTen() {
        List<Notification> notifications = alerts(23);
        PublishResult result = publisher.publish(notifications);
        assertEquals(Map.of(), result.failed());
        assertEquals(List.of(10, 10, 3), batchSizes());
        assertEquals(notifications.stream().map(Notification::id).toList(), publishedIds());
        for (Request request : server.requests()) {
            assertEquals(ALERTS, request.topicArn());
        }
    }

    @Test
    void entriesCarryBodyStringAttributesAndTheNotificationId() {
        publisher.publish(List.of(alert("ev-1#alert#hot")));
        Entry entry = server.published().get(0);
        assertEquals("{\"alert\":\"ev-1#alert#hot\"}", entry.message());
        assertEquals(new LoopbackSnsServer.Attribute("String", "hot"), entry.attributes().get("rule"));
        assertEquals(new LoopbackSnsServer.Attribute("String", "WARNING"), entry.attributes().get("severity"));
        assertEquals(new LoopbackSnsServer.Attribute("String", "UPDATED"), entry.attributes().get("kind"));
        assertEquals(new LoopbackSnsServer.Attribute("String", "RealTimeDataTable"), entry.attributes().get("table"));
        assertEquals(new LoopbackSnsServer.Attribute("String", "ev-1#alert#hot"), entry.attributes().get("eddy-id"));
        assertTrue(Pattern.matches("[A-Za-z0-9_-]{1,80}", entry.id()), entry.id());
    }

    @Test
    void eachChannelGoesToItsTopicAndChangedFieldsIsAStringArray() {
        Notification change = new Notification("ev-1#change", Channel.CHANGE_EVENTS, "{}",
                Map.of("kind", "UPDATED", "table", "T", "changedFields", "[\"status\",\"temperature\"]"));
        assertEquals(Map.of(), publisher.publish(List.of(alert("ev-1#alert#hot"), change)).failed());
        List<Request> calls = server.requests("PublishBatch");
        assertEquals(List.of(ALERTS, CHANGES), calls.stream().map(Request::topicArn).toList());
        assertEquals(new LoopbackSnsServer.Attribute("String.Array", "[\"status\",\"temperature\"]"),
                calls.get(1).entries().get(0).attributes().get("changedFields"));
    }

    @Test
    void batchesAreSplitToStayWithin256KiB() {
        List<Notification> big = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            big.add(new Notification("big-" + i, Channel.ALERTS, "x".repeat(100 * 1024), Map.of("rule", "r")));
        }
        assertEquals(Map.of(), publisher.publish(big).failed());
        assertEquals(List.of(2, 2, 1), batchSizes());
        for (Request request : server.requests()) {
            int bytes = request.entries().stream().mapToInt(e -> e.message().getBytes(StandardCharsets.UTF_8).length).sum();
            assertTrue(bytes <= 256 * 1024);
        }
    }

    @Test
    void notificationTooBigForSnsFailsPermanentlyAndIsNotSent() {
        Notification huge = new Notification("huge", Channel.ALERTS, "€".repeat(90_000), Map.of());
        PublishResult result = publisher.publish(List.of(huge, alert("small")));
        DeliveryFailure failure = result.failed().get("huge");
        assertNotNull(failure);
        assertFalse(failure.retryable());
        assertTrue(failure.reason().contains("exceeds SNS's 262144-byte limit"), failure.reason());
        assertEquals(List.of("small"), publishedIds());
    }

    @Test
    void channelWithoutTopicFailsPermanentlyWithAClearReason() {
        Notification deadLetter = new Notification("ev-1#dead-letter", Channel.DEAD_LETTERS, "{}", Map.of());
        DeliveryFailure failure = publisher.publish(List.of(deadLetter)).failed().get("ev-1#dead-letter");
        assertFalse(failure.retryable());
        assertEquals("no SNS topic is configured for channel DEAD_LETTERS", failure.reason());
        assertTrue(server.requests().isEmpty());
    }

    @Test
    void senderFaultEntryFailsPermanentlyAndTheRestAreDelivered() {
        server.failEntries(e -> "ev-2#alert#hot".equals(e.attribute("eddy-id")), "InvalidParameter", true, Integer.MAX_VALUE);
        List<Notification> three = List.of(alert("ev-1#alert#hot"), alert("ev-2#alert#hot"), alert("ev-3#alert#hot"));
        PublishResult result = publisher.publish(three);
        assertEquals(Set.of("ev-2#alert#hot"), result.failed().keySet());
        DeliveryFailure failure = result.failed().get("ev-2#alert#hot");
        assertFalse(failure.retryable());
        assertTrue(failure.reason().contains("InvalidParameter"), failure.reason());
        assertEquals(List.of("ev-1#alert#hot", "ev-3#alert#hot"), publishedIds());
        assertEquals(1, server.requests().size());
    }

    @Test
    void serverFaultEntryIsResentAloneAndDelivered() {
        server.failEntries(e -> "ev-2#alert#hot".equals(e.attribute("eddy-id")), "InternalError", false, 1);
        PublishResult result = publisher.publish(List.of(alert("ev-1#alert#hot"), alert("ev-2#alert#hot")));
        assertEquals(Map.of(), result.failed());
        assertEquals(List.of(2, 1), batchSizes());
        assertEquals(List.of("ev-1#alert#hot", "ev-2#alert#hot"), publishedIds());
    }

    @Test
    void serverFaultEntryThatKeepsFailingFailsRetryableAfterTheLastAttempt() {
        server.failEntries(e -> "ev-2#alert#hot".equals(e.attribute("eddy-id")), "InternalError", false, Integer.MAX_VALUE);
        PublishResult result = publisher.publish(List.of(alert("ev-1#alert#hot"), alert("ev-2#alert#hot")));
        DeliveryFailure failure = result.failed().get("ev-2#alert#hot");
        assertTrue(failure.retryable());
        assertTrue(failure.reason().contains("InternalError") && failure.reason().contains("after 3 attempt(s)"), failure.reason());
        assertEquals(List.of(2, 1, 1), batchSizes());
        assertEquals(List.of("ev-1#alert#hot"), publishedIds());
    }

    @Test
    void throttlingIsRetriedWithBackoffThenSucceeds() {
        server.throttleNextCalls(2);
        assertEquals(Map.of(), publisher.publish(alerts(3)).failed());
        assertEquals(List.of(3, 3, 3), batchSizes());
        assertEquals(3, server.published().size());
    }

    @Test
    void persistentThrottlingFailsEveryEntryRetryable() {
        server.throttleNextCalls(10);
        PublishResult result = publisher.publish(alerts(2));
        assertEquals(2, result.failed().size());
        for (DeliveryFailure failure : result.failed().values()) {
            assertTrue(failure.retryable());
            assertTrue(failure.reason().contains("Throttling"), failure.reason());
        }
        assertEquals(3, server.requests().size());
    }

    @Test
    void serverErrorsExhaustingTheRetriesFailEveryEntryRetryable() {
        server.failNextCallsWith500(3);
        PublishResult result = publisher.publish(alerts(10));
        assertEquals(Set.copyOf(alerts(10).stream().map(Notification::id).toList()), result.failed().keySet());
        result.failed().values().forEach(f -> {
            assertTrue(f.retryable());
            assertTrue(f.reason().contains("500 InternalError") && f.reason().contains("after 3 attempt(s)"), f.reason());
        });
        assertEquals(List.of(10, 10, 10), batchSizes());
        assertTrue(server.published().isEmpty());
    }

    @Test
    void afterABatchFailsEveryRetryLaterBatchesToThatTopicAreNotTriedButOtherTopicsAre() {
        server.failNextCallsWith500(3);
        List<Notification> notifications = new ArrayList<>(alerts(12));
        notifications.add(new Notification("ev-1#change", Channel.CHANGE_EVENTS, "{}", Map.of("kind", "CREATED")));
        PublishResult result = publisher.publish(notifications);
        assertEquals(12, result.failed().size());
        DeliveryFailure skipped = result.failed().get("evt-11#alert#hot");
        assertTrue(skipped.retryable());
        assertTrue(skipped.reason().startsWith("not sent: an earlier batch to " + ALERTS + " failed: "), skipped.reason());
        assertEquals(List.of(10, 10, 10, 1), batchSizes());
        assertEquals(List.of("ev-1#change"), publishedIds());
    }

    /**
     * Two topics that never answer and 2.5 s of budget, with the default retries: the publisher
     * gives up at the budget, not after three attempts per topic (about 9 s each), and every entry
     * fails as retryable, saying why.
     */
    @Test
    void withEveryTopicSilentThePublisherKeepsToItsBudget() throws java.io.IOException {
        try (SilentHttpServer silent = new SilentHttpServer()) {
            SnsPublishBatchClient silentClient = SnsClients.create(Region.US_EAST_1, silent.endpoint(),
                    StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")));
            SnsNotificationPublisher stalled = SnsNotificationPublisher.create(silentClient,
                    Map.of(Channel.ALERTS, ALERTS, Channel.CHANGE_EVENTS, CHANGES), RetryPolicy.DEFAULT);
            List<Notification> notifications = new ArrayList<>(alerts(12));
            notifications.add(new Notification("ev-1#change", Channel.CHANGE_EVENTS, "{}", Map.of("kind", "CREATED")));
            long deadline = System.nanoTime() + 2_500_000_000L;
            TimeBudget budget = () -> Duration.ofNanos(deadline - System.nanoTime());
            long start = System.nanoTime();

            PublishResult result = stalled.publish(notifications, budget);

            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            silentClient.close();
            assertTrue(tookMillis >= 2_000 && tookMillis < 3_300, "took " + tookMillis + " ms");
            assertEquals(13, result.failed().size());
            result.failed().values().forEach(f -> assertTrue(f.retryable(), f.reason()));
            String first = result.failed().get("evt-0#alert#hot").reason();
            assertTrue(first.startsWith("PublishBatch to " + ALERTS + " failed: no complete reply within "), first);
            assertTrue(first.contains("; not sent again: the invocation's time for publishing ran out ("), first);
            assertTrue(result.failed().get("evt-11#alert#hot").reason().startsWith("not sent: an earlier batch to " + ALERTS),
                    result.failed().get("evt-11#alert#hot").reason());
            String change = result.failed().get("ev-1#change").reason();
            assertTrue(change.startsWith("not sent to " + CHANGES + ": the invocation's time for publishing ran out ("), change);
            assertEquals(1, silent.connections(), "one call, cut at the budget; none to the other topic");
        }
    }

    /**
     * A retry whose wait would leave too little of the budget for its call is not waited for: with 1 s
     * left and a wait of 1 to 2 s, the entry fails at once after the first 500.
     */
    @Test
    void aRetryIsNotWaitedForPastTheBudget() {
        server.failNextCallsWith500(3);
        SnsNotificationPublisher slowRetries = SnsNotificationPublisher.create(client, Map.of(Channel.ALERTS, ALERTS),
                new RetryPolicy(3, Duration.ofSeconds(2), Duration.ofSeconds(2)));
        long deadline = System.nanoTime() + 1_000_000_000L;
        long start = System.nanoTime();

        PublishResult result = slowRetries.publish(alerts(1), () -> Duration.ofNanos(deadline - System.nanoTime()));

        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(tookMillis < 700, "took " + tookMillis + " ms");
        String reason = result.failed().get("evt-0#alert#hot").reason();
        assertTrue(reason.contains("500") && reason.contains("; not sent again: the invocation's time for publishing ran out"),
                reason);
        assertEquals(1, server.requests().size());
    }

    /** With less time left than a call needs, nothing is sent, and each entry says why. */
    @Test
    void withTooLittleTimeLeftNothingIsSent() {
        PublishResult result = publisher.publish(alerts(2), () -> Duration.ofMillis(150));

        assertEquals(Set.of("evt-0#alert#hot", "evt-1#alert#hot"), result.failed().keySet());
        DeliveryFailure failure = result.failed().get("evt-1#alert#hot");
        assertTrue(failure.retryable());
        assertEquals("not sent to " + ALERTS + ": the invocation's time for publishing ran out (150 ms left)",
                failure.reason());
        assertTrue(server.requests().isEmpty());
        assertEquals(Map.of(), publisher.publish(alerts(2), () -> Duration.ofSeconds(5)).failed(),
                "with time enough, a budgeted publish sends as the other does");
    }

    @Test
    void droppedConnectionIsRetriedAndThenSucceeds() {
        server.dropNextConnections(1);
        assertEquals(Map.of(), publisher.publish(alerts(2)).failed());
        assertEquals(2, server.requests().size());
        assertEquals(2, server.published().size());
    }

    @Test
    void connectionsDroppedEveryTimeFailRetryableAsAnIoProblem() {
        server.dropNextConnections(3);
        PublishResult result = publisher.publish(alerts(1));
        DeliveryFailure failure = result.failed().get("evt-0#alert#hot");
        assertTrue(failure.retryable());
        assertTrue(failure.reason().contains("I/O error: "), failure.reason());
        assertEquals(3, server.requests().size());
    }

    /** An SNS that refuses every call as a whole with the given status and error code, counting calls. */
    private static final class Refusing extends InMemoryHttpClient {
        final int status;
        final String code;
        int calls;

        Refusing(int status, String code) {
            this.status = status;
            this.code = code;
        }

        @Override
        protected Answer answer(SdkHttpRequest request, byte[] body) {
            calls++;
            return new Answer(status, "text/xml", "<ErrorResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\"><Error>"
                    + "<Type>Sender</Type><Code>" + code + "</Code><Message>refused</Message></Error>"
                    + "<RequestId>r</RequestId></ErrorResponse>");
        }
    }

    /** Publishes through the real client, signed as deployed, over {@code sns}, an HTTP client that answers in memory. */
    private static PublishResult publishTo(InMemoryHttpClient sns, List<Notification> notifications) {
        try (SnsPublishBatchClient refusing = SnsClients.create(Region.US_EAST_1, URI.create("https://sns.us-east-1.amazonaws.com"),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")), sns)) {
            return SnsNotificationPublisher.create(refusing, Map.of(Channel.ALERTS, ALERTS), FAST).publish(notifications);
        }
    }

    @Test
    void aBatchSnsRefusesAsInvalidIsTriedOneEntryAtATimeAndEachEntryRefusedFailsPermanently() {
        Refusing sns = new Refusing(400, "InvalidParameter");
        PublishResult result = publishTo(sns, alerts(2));
        assertEquals(2, result.failed().size());
        result.failed().values().forEach(f -> {
            assertFalse(f.retryable(), "a request SNS will never accept goes to the dead letters, not round again");
            assertTrue(f.reason().contains("400 InvalidParameter: refused"), f.reason());
        });
        assertEquals(3, sns.calls, "the batch, then each entry once on its own to find the one refused; no retry");
    }

    @Test
    void aBatchRefusedWholeForOneEntryFailsOnlyThatEntryAndPublishesItsNeighbours() {
        // SNS refuses the whole request for one bad entry (a message over the topic's size limit, say).
        InMemorySnsHttpClient accepting = new InMemorySnsHttpClient();
        InMemoryHttpClient refusingEv2 = new InMemoryHttpClient() {
            @Override
            protected Answer answer(SdkHttpRequest request, byte[] body) {
                if (new String(body, StandardCharsets.US_ASCII).contains("ev-2%23alert%23hot")) {
                    return new Refusing(400, "InvalidParameter").answer(request, body);
                }
                return accepting.answer(request, body);
            }
        };
        PublishResult result = publishTo(refusingEv2,
                List.of(alert("ev-1#alert#hot"), alert("ev-2#alert#hot"), alert("ev-3#alert#hot")));
        assertEquals(Set.of("ev-2#alert#hot"), result.failed().keySet(), "its neighbours come from other records");
        assertFalse(result.failed().get("ev-2#alert#hot").retryable());
        assertTrue(result.failed().get("ev-2#alert#hot").reason().contains("InvalidParameter"));
        assertEquals(2, accepting.requests(), "ev-1 and ev-3, each on its own");
        assertEquals(2, accepting.entries());
    }

    @Test
    void whenTheTopicFailsWhileEntriesAreTriedOneByOneTheUntriedOnesFailRetryable() {
        // The batch is refused whole as invalid; then ev-1 alone is published, ev-2 alone meets an outage.
        InMemorySnsHttpClient accepting = new InMemorySnsHttpClient();
        List<String> sent = new ArrayList<>();
        InMemoryHttpClient sns = new InMemoryHttpClient() {
            @Override
            protected Answer answer(SdkHttpRequest request, byte[] body) {
                String form = new String(body, StandardCharsets.US_ASCII);
                int entries = form.split("PublishBatchRequestEntries.member.[0-9]+.Id=", -1).length - 1;
                String first = form.contains("ev-1%23alert%23hot") ? "ev-1" : form.contains("ev-2%23alert%23hot") ? "ev-2" : "ev-3";
                sent.add(entries + ":" + first);
                if (entries > 1) {
                    return new Refusing(400, "InvalidParameter").answer(request, body);
                }
                if (first.equals("ev-2")) {
                    return new Refusing(503, "ServiceUnavailable").answer(request, body);
                }
                return accepting.answer(request, body);
            }
        };
        PublishResult result = publishTo(sns, List.of(alert("ev-1#alert#hot"), alert("ev-2#alert#hot"), alert("ev-3#alert#hot")));
        assertEquals(List.of("3:ev-1", "1:ev-1", "1:ev-2", "1:ev-2", "1:ev-2"), sent, "in order, ev-2 with its retries");
        assertEquals(Set.of("ev-2#alert#hot", "ev-3#alert#hot"), result.failed().keySet());
        assertTrue(result.failed().get("ev-2#alert#hot").retryable());
        assertTrue(result.failed().get("ev-3#alert#hot").retryable(), "untried: the stream retries its record");
        assertTrue(result.failed().get("ev-3#alert#hot").reason().startsWith("not sent: an earlier batch to "),
                result.failed().get("ev-3#alert#hot").reason());
        assertEquals(1, accepting.entries());
    }

    @Test
    void anEntryThrottledWithSenderFaultIsRetriedNotRefusedForGood() {
        server.failEntries(e -> "ev-2#alert#hot".equals(e.attribute("eddy-id")), "Throttled", true, 1);
        PublishResult result = publisher.publish(List.of(alert("ev-1#alert#hot"), alert("ev-2#alert#hot")));
        assertEquals(Map.of(), result.failed());
        assertEquals(List.of("ev-1#alert#hot", "ev-2#alert#hot"), publishedIds());
    }

    @Test
    void aBatchSnsRefusesForAnotherReasonFailsRetryableWithoutRetryingNow() {
        Refusing sns = new Refusing(403, "AuthorizationError");
        PublishResult result = publishTo(sns, alerts(2));
        assertEquals(2, result.failed().size());
        result.failed().values().forEach(f -> {
            assertTrue(f.retryable(), "the environment may be fixed (a policy, a topic): the stream retries the records");
            assertTrue(f.reason().contains("403 AuthorizationError: refused"), f.reason());
        });
        assertEquals(1, sns.calls, "not retried within the call");
    }

    @Test
    void theClientMakesOneAttemptPerCall() {
        server.failNextCallsWith500(1);
        SnsNotificationPublisher once = SnsNotificationPublisher.create(client, Map.of(Channel.ALERTS, ALERTS),
                new RetryPolicy(1, Duration.ZERO, Duration.ZERO));
        assertTrue(once.publish(alerts(1)).failed().get("evt-0#alert#hot").retryable());
        assertEquals(1, server.requests().size());
    }

    @Test
    void entryIdsAreSafeUniqueAndAtMostEightyCharacters() {
        String id = SnsNotificationPublisher.entryId(7, "ev:1/é#alert#" + "r".repeat(100));
        assertTrue(Pattern.matches("[A-Za-z0-9_-]{1,80}", id), id);
        assertTrue(id.startsWith("7-ev_1__"), id);
        assertFalse(SnsNotificationPublisher.entryId(1, "same").equals(SnsNotificationPublisher.entryId(2, "same")));
    }

    @Test
    void loopbackServerThreadsNeverKeepTheJvmAlive() {
        assertEquals(Map.of(), publisher.publish(alerts(1)).failed());
        List<Thread> serverThreads = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("HTTP-Dispatcher") || t.getName().startsWith("loopback-sns"))
                .toList();
        assertFalse(serverThreads.isEmpty());
        serverThreads.forEach(t -> assertTrue(t.isDaemon(), t.getName() + " is not a daemon"));
    }

    @Test
    void loopbackServerAnswersPublishInTheShapeTheSdkParses() {
        try (SnsClient sdk = SnsClient.builder().region(Region.US_EAST_1).endpointOverride(server.endpoint())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            String messageId = sdk.publish(b -> b.topicArn(ALERTS).message("hello")).messageId();
            assertNotNull(messageId);
        }
        assertEquals("hello", server.published().get(0).message());
        assertEquals("Publish", server.requests().get(0).action());
    }
}
