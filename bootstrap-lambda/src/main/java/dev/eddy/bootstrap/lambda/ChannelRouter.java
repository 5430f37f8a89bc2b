package dev.eddy.bootstrap.lambda;

import dev.eddy.application.TimeBudget;
import dev.eddy.application.pipeline.Channel;
import dev.eddy.application.pipeline.Notification;
import dev.eddy.application.port.out.NotificationPublisher;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sends each notification to the publisher of its channel. A notification for a channel that has
 * no publisher fails, permanently, with a reason naming the setting: nothing is dropped silently.
 */
final class ChannelRouter implements NotificationPublisher {
    private final Map<Channel, NotificationPublisher> routes;

    ChannelRouter(Map<Channel, NotificationPublisher> routes) {
        this.routes = routes.isEmpty() ? new EnumMap<>(Channel.class) : new EnumMap<>(routes);
    }

    boolean handles(Channel channel) {
        return routes.containsKey(channel);
    }

    /** Each channel's publisher gets the same budget: the time it leaves is what the next one has. */
    @Override
    public PublishResult publish(List<Notification> notifications, TimeBudget budget) {
        Map<Channel, List<Notification>> byChannel = new EnumMap<>(Channel.class);
        for (Notification n : notifications) {
            byChannel.computeIfAbsent(n.channel(), c -> new ArrayList<>()).add(n);
        }
        Map<String, DeliveryFailure> failed = new LinkedHashMap<>();
        for (Map.Entry<Channel, List<Notification>> entry : byChannel.entrySet()) {
            NotificationPublisher publisher = routes.get(entry.getKey());
            if (publisher == null) {
                DeliveryFailure failure = new DeliveryFailure(unrouted(entry.getKey()), false);
                for (Notification n : entry.getValue()) {
                    failed.put(n.id(), failure);
                }
            } else {
                failed.putAll(publisher.publish(entry.getValue(), budget).failed());
            }
        }
        return failed.isEmpty() ? PublishResult.ALL_DELIVERED : new PublishResult(failed);
    }

    static String unrouted(Channel channel) {
        return "no publisher is configured for the " + channel + " channel (" + Setting.topicOf(channel).variable() + ")";
    }
}
