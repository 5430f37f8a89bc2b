package dev.eddy.bootstrap.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.application.fakes.RecordingNotificationPublisher;
import dev.eddy.application.pipeline.Channel;
import dev.eddy.application.pipeline.Notification;
import dev.eddy.application.port.out.NotificationPublisher.DeliveryFailure;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChannelRouterTest {

    @Test
    void sendsEachChannelToItsPublisherAndFailsUnroutedOnesPermanentlyNamingTheSetting() {
        RecordingNotificationPublisher alerts = new RecordingNotificationPublisher();
        ChannelRouter router = new ChannelRouter(Map.of(Channel.ALERTS, alerts));

        Map<String, DeliveryFailure> failed = router.publish(List.of(
                new Notification("a", Channel.ALERTS, "{}", Map.of()),
                new Notification("d", Channel.DEAD_LETTERS, "{}", Map.of()),
                new Notification("c", Channel.CHANGE_EVENTS, "{}", Map.of()))).failed();

        assertEquals(List.of("a"), alerts.deliveredIds());
        assertEquals(2, failed.size());
        assertFalse(failed.get("d").retryable());
        assertTrue(failed.get("d").reason().contains("DEAD_LETTER_TOPIC_ARN"), failed.get("d").reason());
        assertTrue(failed.get("c").reason().contains("CHANGE_TOPIC_ARN"), failed.get("c").reason());
        assertTrue(router.handles(Channel.ALERTS));
        assertFalse(router.handles(Channel.DEAD_LETTERS));
    }

    /** Each channel's publisher is given the budget itself, read when it publishes. */
    @Test
    void passesTheTimeBudgetToEachChannelsPublisher() {
        RecordingNotificationPublisher alerts = new RecordingNotificationPublisher();
        RecordingNotificationPublisher changes = new RecordingNotificationPublisher();
        ChannelRouter router = new ChannelRouter(Map.of(Channel.ALERTS, alerts, Channel.CHANGE_EVENTS, changes));
        java.util.concurrent.atomic.AtomicLong left = new java.util.concurrent.atomic.AtomicLong(5_000);

        router.publish(List.of(new Notification("a", Channel.ALERTS, "{}", Map.of()),
                new Notification("c", Channel.CHANGE_EVENTS, "{}", Map.of())),
                () -> Duration.ofMillis(left.getAndAdd(-1_000)));

        assertEquals(List.of(Duration.ofMillis(5_000)), alerts.budgets());
        assertEquals(List.of(Duration.ofMillis(4_000)), changes.budgets(), "the time the first channel took is gone");
    }

    @Test
    void passesOnThePublishersOwnFailures() {
        RecordingNotificationPublisher alerts = new RecordingNotificationPublisher().failing("a", "throttled", true);

        DeliveryFailure failure = new ChannelRouter(Map.of(Channel.ALERTS, alerts))
                .publish(List.of(new Notification("a", Channel.ALERTS, "{}", Map.of()))).failed().get("a");

        assertEquals(new DeliveryFailure("throttled", true), failure);
    }
}
