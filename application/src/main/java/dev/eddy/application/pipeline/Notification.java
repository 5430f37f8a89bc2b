package dev.eddy.application.pipeline;

import java.util.Map;
import java.util.Objects;

/**
 * A message to deliver once.
 *
 * @param id         deterministic for the same record and effect, such as
 *                   {@code <eventId>#alert#<rule>}: the ledger deduplicates by it, and it travels
 *                   with the message so that consumers can deduplicate too
 * @param channel    where it goes
 * @param body       the message body, JSON
 * @param attributes message attributes subscribers can filter on
 */
public record Notification(String id, Channel channel, String body, Map<String, String> attributes) {
    public Notification {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("notification id is missing");
        }
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(body, "body");
        attributes = Map.copyOf(Objects.requireNonNull(attributes, "attributes"));
    }
}
