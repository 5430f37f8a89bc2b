package dev.eddy.adapters.aws.sns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.eddy.adapters.aws.http.InMemoryHttpClient;
import dev.eddy.application.pipeline.Channel;
import dev.eddy.application.pipeline.Notification;
import dev.eddy.application.port.out.NotificationPublisher.PublishResult;
import dev.eddy.testsupport.sns.LoopbackSnsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.SnsException;

/**
 * The in-memory client under the real publisher and PublishBatch client: every entry answered as published,
 * in as many requests as the publisher makes, and nothing sent over the network, even when the
 * SDK's endpoint setting points at a live server.
 */
class InMemorySnsHttpClientTest {
    private static final String ALERTS = "arn:aws:sns:us-east-1:123456789012:eddy-alerts";
    private static final String CHANGES = "arn:aws:sns:us-east-1:123456789012:eddy-changes";

    @Test
    void answersEveryEntryOfEveryPublishBatchAndSendsNothing() {
        List<Notification> notifications = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            notifications.add(new Notification("evt-" + i + "#alert#hot", Channel.ALERTS, "{\"n\":" + i + ",\"text\":\"a&b=c <d>\"}",
                    Map.of("rule", "hot", "severity", "WARNING")));
        }
        notifications.add(new Notification("evt-1#change", Channel.CHANGE_EVENTS, "{}", Map.of("kind", "UPDATED")));
        notifications.add(new Notification("evt-2#change", Channel.CHANGE_EVENTS, "{}", Map.of("kind", "CREATED")));

        try (LoopbackSnsServer server = LoopbackSnsServer.start()) {
            System.setProperty("aws.endpointUrlSns", server.endpoint().toString());
            InMemorySnsHttpClient http = new InMemorySnsHttpClient();
            try (SnsPublishBatchClient sns = SnsClients.inMemory(Region.US_EAST_1, http)) {
                PublishResult result = SnsNotificationPublisher.create(sns,
                        Map.of(Channel.ALERTS, ALERTS, Channel.CHANGE_EVENTS, CHANGES)).publish(notifications);

                assertEquals(Map.of(), result.failed(), "every notification answered as published");
                assertEquals(4, http.requests(), "23 alerts in 3 PublishBatch requests, 2 change events in 1");
                assertEquals(25, http.entries());
                assertEquals(List.of(), server.requests(), "nothing reached the endpoint the SDK was pointed at");
            } finally {
                System.clearProperty("aws.endpointUrlSns");
            }
        }
    }

    @Test
    void countsTheBytesOfEveryPublishBatchBodyItAnswers() {
        List<Notification> notifications = new ArrayList<>();
        for (int i = 0; i < 17; i++) {
            notifications.add(new Notification("evt-" + i + "#alert#hot", Channel.ALERTS, "{\"n\":" + i + ",\"text\":\"é & ü\"}",
                    Map.of("rule", "hot")));
        }
        InMemorySnsHttpClient http = new InMemorySnsHttpClient();
        List<Integer> sent = new ArrayList<>();
        List<Integer> declared = new ArrayList<>();
        // Sees each request as the client hands it over, then lets the in-memory client answer it.
        SdkHttpClient recording = new SdkHttpClient() {
            @Override
            public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
                try {
                    sent.add(InMemoryHttpClient.body(request).length);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                declared.add(Integer.valueOf(request.httpRequest().firstMatchingHeader("Content-Length").orElseThrow()));
                return http.prepareRequest(request);
            }

            @Override
            public void close() {
            }
        };
        try (SnsPublishBatchClient sns = SnsClients.create(Region.US_EAST_1, URI.create("https://sns.us-east-1.amazonaws.com"),
                InMemoryHttpClient.PLACEHOLDER_CREDENTIALS, recording)) {
            PublishResult result = SnsNotificationPublisher.create(sns, Map.of(Channel.ALERTS, ALERTS)).publish(notifications);

            assertEquals(Map.of(), result.failed());
            assertEquals(2, sent.size(), "17 alerts in 2 PublishBatch requests");
            assertEquals(declared, sent, "each body read whole, as long as its Content-Length says");
            assertEquals(sent.stream().mapToLong(Integer::longValue).sum(), http.bodyBytes(), "the bytes of both bodies: " + sent);
            http.reset();
            assertEquals(0, http.bodyBytes());
        }
    }

    @Test
    void answersAnyOtherActionWithAnErrorAndCountsNothing() {
        InMemorySnsHttpClient http = new InMemorySnsHttpClient();
        try (SnsClient sns = SnsClient.builder().region(Region.US_EAST_1).httpClient(http)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("in-memory", "in-memory")))
                .build()) {
            SnsException e = assertThrows(SnsException.class, sns::listTopics);

            assertEquals("InvalidAction", e.awsErrorDetails().errorCode());
            assertEquals(400, e.statusCode());
            assertEquals(0, http.requests());
            assertEquals(0, http.entries());
            assertEquals(0, http.bodyBytes());
        }
    }
}
