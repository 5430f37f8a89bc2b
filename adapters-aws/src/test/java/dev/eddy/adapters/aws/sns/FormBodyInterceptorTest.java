package dev.eddy.adapters.aws.sns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.adapters.aws.http.InMemoryHttpClient;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.PublishBatchRequest;
import software.amazon.awssdk.services.sns.model.PublishBatchRequestEntry;

/**
 * The same SNS calls through two SDK clients, one with {@link FormBodyInterceptor} and one without,
 * reach the HTTP client as the same request: method, address, headers (all but the ones that carry
 * the time or a per-call id) and body, byte for byte. A probe after the interceptor shows that it
 * did act (the parameters had already left the request), so the comparison is not of two SDK bodies.
 */
class FormBodyInterceptorTest {
    private static final String TOPIC = "arn:aws:sns:eu-west-1:123456789012:eddy-alerts";
    /** Headers that differ between any two calls: the signing time, the signature over it, per-call ids. */
    private static final List<String> PER_CALL = List.of("authorization", "x-amz-date", "amz-sdk-invocation-id", "amz-sdk-request");

    @Test
    void sendsTheSdksOwnRequestForPublishBatch() {
        List<PublishBatchRequestEntry> entries = new ArrayList<>();
        String[] messages = {
            "{\"rule\":\"hot\",\"temperature\":42.5,\"text\":\"a&b=c <d> ~*+%\"}",
            "héllo wörld € 中文 😀 \t\r\n",
            "lone \ud83d surrogate and \ude00 another",
            "x".repeat(20_000),
        };
        for (int i = 0; i < messages.length; i++) {
            Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
            attributes.put("rule", MessageAttributeValue.builder().dataType("String").stringValue("hot & \"humid\"").build());
            attributes.put("changedFields", MessageAttributeValue.builder().dataType("String.Array")
                    .stringValue("[\"temperature\",\"status\"]").build());
            attributes.put("eddy-id", MessageAttributeValue.builder().dataType("String").stringValue("evt-" + i + "#alert#hot").build());
            entries.add(PublishBatchRequestEntry.builder().id(i + "-evt").message(messages[i]).subject(i == 0 ? "Über" : null)
                    .messageAttributes(attributes).build());
        }
        PublishBatchRequest request = PublishBatchRequest.builder().topicArn(TOPIC).publishBatchRequestEntries(entries).build();

        PublishBatchRequest another = request.toBuilder()
                .publishBatchRequestEntries(entries.get(1).toBuilder().id("other").message("a second, different body").build())
                .build();

        assertSameRequest(sns -> sns.publishBatch(request), sns -> sns.publishBatch(another));
    }

    @Test
    void leavesARequestWithItsOwnQueryParametersToTheSdk() {
        Capture plain = new Capture();
        Capture fast = new Capture();
        Consumer<SnsClient> call = sns -> sns.publish(b -> b.topicArn(TOPIC).message("m")
                .overrideConfiguration(o -> o.putRawQueryParameter("Extra", "v")));
        try (SnsClient withoutIt = client(plain, SnsClients.overrides().build());
             SnsClient withIt = client(fast, SnsClients.overrides().addExecutionInterceptor(new FormBodyInterceptor()).build())) {
            call.accept(withoutIt);
            call.accept(withIt);
        }

        assertTrue(plain.requests.get(0).body.endsWith("&Extra=v"), plain.requests.get(0).body);
        assertEquals(plain.requests.get(0).uri, fast.requests.get(0).uri);
        assertEquals(plain.requests.get(0).body, fast.requests.get(0).body);
    }

    @Test
    void sendsTheSdksOwnRequestForPublish() {
        assertSameRequest(sns -> sns.publish(b -> b.topicArn(TOPIC).message("one message, with spaces & symbols: ~!*'()")
                .messageAttributes(Map.of("k", MessageAttributeValue.builder().dataType("Number").stringValue("1.5").build()))));
    }

    @Test
    void theClientsSnsClientsBuildCarryIt() {
        try (SnsClient sns = SnsClients.create(Region.EU_WEST_1, URI.create("http://127.0.0.1:9"),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("id", "secret")))) {
            assertTrue(sns.serviceClientConfiguration().overrideConfiguration().executionInterceptors().stream()
                    .anyMatch(FormBodyInterceptor.class::isInstance));
        }
    }

    /** Each call through both clients, in turn, one client per side for all calls. */
    @SafeVarargs
    private static void assertSameRequest(Consumer<SnsClient>... calls) {
        Capture plain = new Capture();
        Capture fast = new Capture();
        Probe probe = new Probe();
        try (SnsClient withoutIt = client(plain, SnsClients.overrides().build());
             SnsClient withIt = client(fast, SnsClients.overrides()
                     .addExecutionInterceptor(new FormBodyInterceptor())
                     .addExecutionInterceptor(probe)
                     .build())) {
            for (Consumer<SnsClient> call : calls) {
                call.accept(withoutIt);
                call.accept(withIt);
            }
        }

        assertEquals(Collections.nCopies(calls.length, 0), probe.parametersLeft,
                "the interceptor moved every parameter into the body itself");
        assertEquals(calls.length, plain.requests.size());
        assertEquals(calls.length, fast.requests.size());
        for (int i = 0; i < calls.length; i++) {
            Sent expected = plain.requests.get(i);
            Sent actual = fast.requests.get(i);
            assertEquals(expected.method, actual.method);
            assertEquals(expected.uri, actual.uri);
            assertEquals(expected.headers, actual.headers);
            assertFalse(expected.body.isEmpty());
            assertEquals(expected.body, actual.body, "call " + (i + 1));
        }
        if (calls.length > 1) {
            assertFalse(plain.requests.get(0).body.equals(plain.requests.get(1).body), "the calls differ");
        }
    }

    private static SnsClient client(Capture http, ClientOverrideConfiguration overrides) {
        return SnsClient.builder()
                .region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")))
                .httpClient(http)
                .overrideConfiguration(overrides)
                .build();
    }

    private record Sent(String method, URI uri, Map<String, List<String>> headers, String body) {
    }

    /** Records each request as it would go on the wire; answers with an empty success. */
    private static final class Capture extends InMemoryHttpClient {
        final List<Sent> requests = new ArrayList<>();

        @Override
        protected Answer answer(SdkHttpRequest request, String body) {
            Map<String, List<String>> headers = new TreeMap<>();
            request.forEachHeader((name, values) -> {
                if (!PER_CALL.contains(name.toLowerCase(Locale.ROOT))) {
                    headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values));
                }
            });
            requests.add(new Sent(request.method().name(), request.getUri(), headers, body));
            String action = body.startsWith("Action=PublishBatch&") ? "PublishBatch" : "Publish";
            String result = action.equals("Publish") ? "<MessageId>m-1</MessageId>" : "<Successful/><Failed/>";
            return new Answer(200, "text/xml", "<" + action + "Response xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\"><"
                    + action + "Result>" + result + "</" + action + "Result><ResponseMetadata><RequestId>r-1</RequestId>"
                    + "</ResponseMetadata></" + action + "Response>");
        }
    }

    /** Sees the request after the interceptor: how many parameters were still to be moved. */
    private static final class Probe implements ExecutionInterceptor {
        final List<Integer> parametersLeft = new ArrayList<>();

        @Override
        public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
            parametersLeft.add(context.httpRequest().numRawQueryParameters());
            return context.httpRequest();
        }
    }
}
