package dev.eddy.bootstrap.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.eddy.adapters.aws.sns.SnsNotificationPublisher;
import dev.eddy.application.TimeBudget;
import dev.eddy.application.changeevent.PublishChangeEventsStep;
import dev.eddy.application.pipeline.Channel;
import dev.eddy.application.pipeline.Notification;
import dev.eddy.application.port.out.NotificationPublisher;

/**
 * The local stand-in for SNS: the {@link NotificationPublisher} of the local runtime. Every notification is
 * appended as one JSON line to a file ({@code notifications.jsonl}: time, channel, topic ARN, id, attributes, body)
 * and shown on the console in a readable line. It fails a notification when the file cannot be written (or
 * when a test plans a fault), and then as retryable, like a passing SNS outage.
 *
 * <p>Like the SNS adapter ({@code SnsNotificationPublisher}), it refuses a message over SNS's 256 KiB limit,
 * counting its body and its attributes (names, types and values, the {@code eddy-id} attribute the adapter adds
 * included), permanently and with the adapter's reason: such a notification fails here as it does when deployed
 * (a dead letter too big for SNS fails its record, which then reaches the on-failure destination).
 */
final class LocalNotificationPublisher implements NotificationPublisher {

    static final int SNS_MAX_BYTES = SnsNotificationPublisher.MAX_BYTES;

    private final Map<Channel, String> topics;
    private final Path file;
    private final Consumer<String> console;
    private final Clock clock;
    private final Map<Channel, Boolean> printed;
    private volatile Consumer<Notification> listener = n -> { };
    private volatile Function<Notification, DeliveryFailure> faults = n -> null;

    /**
     * @param topics  channel to (local, fake) topic ARN; only these channels are published
     * @param file    the JSON-lines file; its folder is created
     * @param console where readable lines go
     * @param printed which channels get a readable console line (all get a file line)
     */
    LocalNotificationPublisher(Map<Channel, String> topics, Path file, Consumer<String> console, Clock clock,
                               Map<Channel, Boolean> printed) {
        this.topics = Map.copyOf(topics);
        this.file = Objects.requireNonNull(file, "file");
        this.console = Objects.requireNonNull(console, "console");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.printed = Map.copyOf(printed);
    }

    /** Called with each notification once it is published (file written). */
    void onPublished(Consumer<Notification> listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** For tests: a failure to report instead of publishing a notification, or null to publish it. */
    void injectFaults(Function<Notification, DeliveryFailure> faults) {
        this.faults = Objects.requireNonNull(faults, "faults");
    }

    Path file() {
        return file;
    }

    /** Writes a file and the console, and never waits on a network: the budget is not needed. */
    @Override
    public synchronized PublishResult publish(List<Notification> notifications, TimeBudget budget) {
        Map<String, DeliveryFailure> failed = new LinkedHashMap<>();
        for (Notification n : notifications) {
            String topic = topics.get(n.channel());
            if (topic == null) {
                failed.put(n.id(), new DeliveryFailure("no topic is configured for channel " + n.channel(), false));
                continue;
            }
            int size = SnsNotificationPublisher.messageBytes(n);
            if (size > SNS_MAX_BYTES) {
                // The SNS adapter's check and wording: SNS would refuse the message, and no retry changes that.
                failed.put(n.id(), new DeliveryFailure("message of " + size + " bytes (body and attributes) exceeds SNS's "
                        + SNS_MAX_BYTES + "-byte limit", false));
                continue;
            }
            DeliveryFailure fault = faults.apply(n);
            if (fault != null) {
                failed.put(n.id(), fault);
                continue;
            }
            try {
                append(line(n, topic));
            } catch (IOException e) {
                failed.put(n.id(), new DeliveryFailure("could not append to " + file + ": " + e.getMessage(), true));
                continue;
            }
            if (printed.getOrDefault(n.channel(), true)) {
                console.accept(readable(n));
            }
            listener.accept(n);
        }
        return failed.isEmpty() ? PublishResult.ALL_DELIVERED : new PublishResult(failed);
    }

    private String line(Notification n, String topic) {
        ObjectNode line = Json.MAPPER.createObjectNode();
        line.put("at", clock.instant().toString());
        line.put("channel", n.channel().name());
        line.put("topicArn", topic);
        line.put("id", n.id());
        ObjectNode attributes = line.putObject("attributes");
        n.attributes().forEach(attributes::put);
        JsonNode body = parse(n.body());
        if (body != null) {
            line.set("body", body);
        } else {
            line.put("body", n.body());
        }
        return Json.text(line);
    }

    private void append(String line) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.write(file, (line + "\n").getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    /** One readable line: alerts by severity, rule and message; change events by kind and fields; dead letters by reason. */
    static String readable(Notification n) {
        Map<String, String> a = n.attributes();
        JsonNode body = parse(n.body());
        return switch (n.channel()) {
            case ALERTS -> String.format("ALERT %-8s %-16s %s", a.getOrDefault("severity", "?"), a.getOrDefault("rule", "?"),
                    body == null ? "" : body.path("message").asText(""));
            case CHANGE_EVENTS -> {
                JsonNode keys = body == null ? null : body.path("keys");
                // What the change document says: [] for deletes, expiries and writes that changed nothing, absent
                // only when an image is missing. The changedFields attribute is left out when the list is empty.
                JsonNode changed = body == null ? null : body.path("changed");
                String changedText = changed != null && changed.isArray() ? Json.text(changed)
                        : a.getOrDefault(PublishChangeEventsStep.CHANGED_FIELDS, "(unknown)");
                yield String.format("change %-8s %s keys=%s changed=%s", a.getOrDefault("kind", "?"),
                        a.getOrDefault("table", "?"), keys == null || keys.isMissingNode() ? "?" : Json.text(keys),
                        changedText);
            }
            case DEAD_LETTERS -> {
                String reason = body == null ? "" : body.path("reason").asText("");
                yield "DEAD LETTER " + n.id() + " stage=" + (body == null ? "?" : body.path("stage").asText("?"))
                        + " reason=" + (reason.length() > 300 ? reason.substring(0, 297) + "..." : reason);
            }
        };
    }

    private static JsonNode parse(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (IOException e) {
            return null;
        }
    }
}
