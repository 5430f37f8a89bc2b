package dev.eddy.bootstrap.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.eddy.application.pipeline.Channel;
import dev.eddy.application.pipeline.Notification;
import dev.eddy.application.port.out.NotificationPublisher.DeliveryFailure;
import dev.eddy.application.port.out.NotificationPublisher.PublishResult;

class LocalNotificationPublisherTest {

    @TempDir
    Path out;

    private final List<String> console = new ArrayList<>();

    private LocalNotificationPublisher publisher() {
        return new LocalNotificationPublisher(Map.of(Channel.DEAD_LETTERS, LocalConfig.DEAD_LETTER_TOPIC,
                Channel.CHANGE_EVENTS, LocalConfig.CHANGE_TOPIC), out.resolve("notifications.jsonl"), console::add,
                Clock.systemUTC(), new EnumMap<>(Channel.class));
    }

    /** A dead letter whose body and attributes come to exactly {@code bytes} as the SNS adapter counts them. */
    private static Notification deadLetterOf(int bytes) {
        String id = "dl-1";
        Map<String, String> attributes = Map.of("stage", "projections");
        int overhead = "stage".length() + "projections".length() + "String".length()
                + "eddy-id".length() + id.length() + "String".length();
        return new Notification(id, Channel.DEAD_LETTERS, "x".repeat(bytes - overhead), attributes);
    }

    @Test
    void aMessageOverSnsLimitCountingItsAttributesIsRefusedPermanentlyAsTheSnsAdapterDoes() throws Exception {
        LocalNotificationPublisher publisher = publisher();
        Notification over = deadLetterOf(LocalNotificationPublisher.SNS_MAX_BYTES + 1);
        assertTrue(over.body().length() < LocalNotificationPublisher.SNS_MAX_BYTES,
                "the body alone is within the limit: the attributes take it over");

        PublishResult result = publisher.publish(List.of(over));

        DeliveryFailure failure = result.failed().get(over.id());
        assertTrue(failure != null, "refused: " + result);
        assertFalse(failure.retryable(), "no retry makes it smaller");
        assertEquals("message of 262145 bytes (body and attributes) exceeds SNS's 262144-byte limit", failure.reason());
        assertFalse(Files.exists(out.resolve("notifications.jsonl")), "nothing is written for a refused message");
    }

    @Test
    void aMessageAtSnsLimitIsPublished() throws Exception {
        LocalNotificationPublisher publisher = publisher();
        Notification at = deadLetterOf(LocalNotificationPublisher.SNS_MAX_BYTES);

        PublishResult result = publisher.publish(List.of(at));

        assertTrue(result.failed().isEmpty(), result.toString());
        assertEquals(1, Files.readAllLines(out.resolve("notifications.jsonl")).size());
    }

    @Test
    void changedFieldsCountAsAStringArrayAttribute() {
        // The count the SNS adapter holds against the limit, which this publisher uses too.
        Notification n = new Notification("c-1", Channel.CHANGE_EVENTS, "{}", Map.of("changedFields", "[\"a\"]"));
        assertEquals(2 + "changedFields".length() + "[\"a\"]".length() + "String.Array".length()
                + "eddy-id".length() + "c-1".length() + "String".length(),
                dev.eddy.adapters.aws.sns.SnsNotificationPublisher.messageBytes(n));
    }

    @Test
    void theConsoleLineOfADeleteOrExpiryShowsTheEmptyChangedListOfItsDocument() {
        for (String kind : List.of("DELETED", "EXPIRED")) {
            // The changedFields attribute is left out when the list is empty; the document says [].
            Notification n = new Notification("e-1#change", Channel.CHANGE_EVENTS,
                    "{\"kind\":\"" + kind + "\",\"table\":\"RealTimeDataTable\",\"keys\":{\"id\":\"sensor-1\"},"
                            + "\"changed\":[]}",
                    Map.of("kind", kind, "table", "RealTimeDataTable"));
            String line = LocalNotificationPublisher.readable(n);
            assertTrue(line.endsWith("changed=[]"), line);
        }
    }

    @Test
    void theConsoleLineSaysUnknownOnlyWhenTheDocumentHasNoChangedList() {
        Notification n = new Notification("e-2#change", Channel.CHANGE_EVENTS,
                "{\"kind\":\"UPDATED\",\"table\":\"T\",\"keys\":{\"id\":\"a\"}}", Map.of("kind", "UPDATED", "table", "T"));
        assertTrue(LocalNotificationPublisher.readable(n).endsWith("changed=(unknown)"));
        Notification updated = new Notification("e-3#change", Channel.CHANGE_EVENTS,
                "{\"kind\":\"UPDATED\",\"table\":\"T\",\"keys\":{\"id\":\"a\"},\"changed\":[\"status\"]}",
                Map.of("kind", "UPDATED", "table", "T", "changedFields", "[\"status\"]"));
        assertTrue(LocalNotificationPublisher.readable(updated).endsWith("changed=[\"status\"]"),
                LocalNotificationPublisher.readable(updated));
    }
}
