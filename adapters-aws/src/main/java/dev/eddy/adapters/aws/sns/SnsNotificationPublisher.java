package dev.eddy.adapters.aws.sns;

import dev.eddy.application.TimeBudget;
import dev.eddy.application.changeevent.PublishChangeEventsStep;
import dev.eddy.application.pipeline.Channel;
import dev.eddy.application.pipeline.Notification;
import dev.eddy.application.port.out.NotificationPublisher;
import dev.eddy.domain.document.Utf8;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Publishes notifications to SNS topics, one topic per {@link Channel}, with PublishBatch.
 *
 * <ul>
 *   <li>Batches hold at most 10 entries and 256 KiB (message bodies plus attribute names, types
 *       and values), per topic, in the order given.</li>
 *   <li>Each entry carries its notification's attributes as SNS {@code String} attributes
 *       ({@code changedFields} as {@code String.Array}, see {@link PublishChangeEventsStep}), and
 *       the notification id as {@code eddy-id}, so consumers can drop a repeat.</li>
 *   <li>Batch entry ids are {@code <position>-<notification id, unsafe characters as '_'>}, cut to
 *       SNS's 80 characters: unique in the batch by position, readable in traces.</li>
 *   <li>Every result entry is handled: a failed entry with {@code SenderFault=true} fails
 *       permanently, unless its code is one worth retrying (throttling); one with
 *       {@code SenderFault=false} is sent again. A batch SNS refuses whole as invalid
 *       ({@code InvalidParameter}, {@code Batch...}) is sent again one entry at a time, so that only
 *       the entry SNS refuses fails permanently, not its neighbours from other records. Throttling, 5xx and I/O
 *       errors resend the batch's unfinished entries. Both within {@link RetryPolicy}: then the
 *       entries left fail as retryable, which fails their records, so the stream retries them.
 *       When a whole batch fails that way, the later batches to the same topic are not tried in
 *       this call (they fail retryable at once), so an outage costs one batch's retries, not one
 *       per batch.</li>
 *   <li>A notification for a channel without a topic, or one too big for SNS, fails permanently.</li>
 * </ul>
 *
 * <p>It sends through {@link SnsPublishBatchClient}, which makes one attempt per call: this class
 * owns the retries.
 *
 * <p>Given a time budget ({@link #publish(List, TimeBudget)}), it keeps within it whatever the number
 * of topics down: each call is given at most the time left, no call starts with less than
 * {@link #MIN_CALL} left and no retry waits past it. The entries not sent then fail as retryable,
 * saying how much time was left, and so do the later batches to the same topic.
 */
public final class SnsNotificationPublisher implements NotificationPublisher {
    /**
     * The IAM actions this publisher needs on its topics: PublishBatch is authorized by
     * {@code sns:Publish} (SNS has no separate PublishBatch action). The Terraform contract tests
     * compare this with the SDK calls in this class and with the execution role's policy.
     */
    public static final List<String> IAM_ACTIONS = List.of(SnsPublishBatchClient.IAM_ACTION);

    /** SNS's limit: for one message, and for one PublishBatch call. */
    public static final int MAX_BYTES = 256 * 1024;
    static final int MAX_ENTRIES = 10;
    static final String ID_ATTRIBUTE = "eddy-id";
    private static final int MAX_ENTRY_ID = 80;
    /** No call starts with less time than this left: a PublishBatch could not be answered in it. */
    static final Duration MIN_CALL = Duration.ofMillis(200);

    private final SnsPublishBatchClient sns;
    private final Map<Channel, String> topics;
    private final Set<String> arrayAttributes;
    private final RetryPolicy retry;

    SnsNotificationPublisher(SnsPublishBatchClient sns, Map<Channel, String> topics, Set<String> arrayAttributes, RetryPolicy retry) {
        this.sns = Objects.requireNonNull(sns, "sns");
        this.topics = topics.isEmpty() ? Map.of() : new EnumMap<>(topics);
        this.arrayAttributes = Set.copyOf(arrayAttributes);
        this.retry = Objects.requireNonNull(retry, "retry");
        this.topics.forEach((channel, arn) -> {
            if (arn == null || arn.isBlank()) {
                throw new IllegalArgumentException("topic ARN for " + channel + " is blank");
            }
        });
    }

    /**
     * The publisher for the given topics.
     *
     * @param sns    the PublishBatch client, such as {@link SnsClients#create}
     * @param topics topic ARN per channel; channels left out have no topic
     */
    public static SnsNotificationPublisher create(SnsPublishBatchClient sns, Map<Channel, String> topics, RetryPolicy retry) {
        return new SnsNotificationPublisher(sns, topics, Set.of(PublishChangeEventsStep.CHANGED_FIELDS), retry);
    }

    public static SnsNotificationPublisher create(SnsPublishBatchClient sns, Map<Channel, String> topics) {
        return create(sns, topics, RetryPolicy.DEFAULT);
    }

    @Override
    public PublishResult publish(List<Notification> notifications, TimeBudget budget) {
        if (notifications.isEmpty()) {
            return PublishResult.ALL_DELIVERED;
        }
        Map<String, DeliveryFailure> failed = new LinkedHashMap<>();
        Map<String, List<Sized>> byTopic = new LinkedHashMap<>();
        for (Notification n : notifications) {
            String topic = topics.get(n.channel());
            if (topic == null) {
                failed.put(n.id(), new DeliveryFailure("no SNS topic is configured for channel " + n.channel(), false));
                continue;
            }
            int size = size(n);
            if (size > MAX_BYTES) {
                failed.put(n.id(), new DeliveryFailure("message of " + size + " bytes (body and attributes) exceeds SNS's "
                        + MAX_BYTES + "-byte limit", false));
                continue;
            }
            byTopic.computeIfAbsent(topic, t -> new ArrayList<>()).add(new Sized(n, size));
        }
        byTopic.forEach((topic, list) -> {
            List<List<Sized>> batches = new ArrayList<>();
            List<Sized> batch = new ArrayList<>(MAX_ENTRIES);
            int bytes = 0;
            for (Sized s : list) {
                if (batch.size() == MAX_ENTRIES || bytes + s.size > MAX_BYTES) {
                    batches.add(batch);
                    batch = new ArrayList<>(MAX_ENTRIES);
                    bytes = 0;
                }
                batch.add(s);
                bytes += s.size;
            }
            batches.add(batch);
            String outage = null;
            for (List<Sized> b : batches) {
                if (outage == null) {
                    outage = send(topic, b, failed, budget);
                } else {
                    // The topic just failed a whole batch after every retry: don't spend the
                    // function's time on the same wait for each later batch. Their records come
                    // after the failed one's, so the stream delivers them again anyway.
                    for (Sized s : b) {
                        failed.put(s.notification.id(), new DeliveryFailure("not sent: an earlier batch to " + topic
                                + " failed: " + outage, true));
                    }
                }
            }
        });
        return failed.isEmpty() ? PublishResult.ALL_DELIVERED : new PublishResult(failed);
    }

    private record Sized(Notification notification, int size) {
    }

    /**
     * Sends one batch, resending what may succeed, within the retry policy and the budget. Records
     * what fails in {@code failed}. Returns the problem when the topic failed the whole batch on every
     * attempt (throttling, 5xx, I/O) or the time ran out before it was sent, else null.
     */
    private String send(String topic, List<Sized> batch, Map<String, DeliveryFailure> failed, TimeBudget budget) {
        Map<String, Notification> pending = new LinkedHashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            Notification n = batch.get(i).notification;
            pending.put(entryId(i, n.id()), n);
        }
        String lastProblem = "not attempted";
        boolean anyAnswer = false;
        for (int attempt = 1; attempt <= retry.maxAttempts(); attempt++) {
            Duration delay = attempt > 1 ? retry.delayAfter(attempt - 1) : Duration.ZERO;
            Duration left = budget.remaining();
            if (left.minus(delay).compareTo(MIN_CALL) < 0) {
                String problem = (attempt == 1 ? "not sent to " + topic + ": " : lastProblem + "; not sent again: ")
                        + "the invocation's time for publishing ran out (" + Math.max(0, left.toMillis()) + " ms left)";
                failAll(pending, problem, true, failed);
                return anyAnswer ? null : problem;
            }
            if (attempt > 1 && !pause(delay)) {
                lastProblem = lastProblem + "; interrupted while waiting to retry";
                break;
            }
            SnsReplyXml.BatchReply reply;
            try {
                reply = sns.publishBatch(topic, entries(pending), budget.remaining().toMillis());
            } catch (SnsCallException e) {
                lastProblem = "PublishBatch to " + topic + " failed: " + e.getMessage();
                if (!e.isTransient()) {
                    if (e.isInvalidRequest() && pending.size() > 1) {
                        // One entry may be what SNS refuses: find it, rather than fail its neighbours for good.
                        return oneByOne(topic, pending, failed, budget);
                    }
                    // Not worth retrying now (e.g. access denied, topic missing, bad request), but the
                    // environment may be fixed: fail retryable, unless the request itself is invalid.
                    failAll(pending, lastProblem, !e.isInvalidRequest(), failed);
                    return null;
                }
                continue;
            } catch (RuntimeException e) {
                // The port promises never to throw for a failed delivery: an unexpected error fails
                // the entries as retryable, so their records are retried rather than lost.
                String problem = "PublishBatch to " + topic + " failed unexpectedly: " + e.getClass().getName()
                        + ": " + e.getMessage();
                failAll(pending, problem, true, failed);
                return problem;
            }
            anyAnswer = true;
            for (String ok : reply.successful()) {
                pending.remove(ok);
            }
            List<String> retryableProblems = new ArrayList<>();
            for (SnsReplyXml.EntryError error : reply.failed()) {
                Notification n = pending.get(error.id());
                if (n == null) {
                    continue;
                }
                String problem = "SNS rejected the entry: " + error.code() + ": " + error.message();
                if (error.senderFault() && !SnsPublishBatchClient.retrySoon(error.code())) {
                    pending.remove(error.id());
                    failed.put(n.id(), new DeliveryFailure(problem + " (sender fault)", false));
                } else {
                    retryableProblems.add(problem);
                }
            }
            if (pending.isEmpty()) {
                return null;
            }
            lastProblem = retryableProblems.isEmpty()
                    ? "SNS reported neither success nor failure for " + pending.size() + " entr(ies)"
                    : retryableProblems.get(0);
        }
        String problem = lastProblem + " (after " + retry.maxAttempts() + " attempt(s))";
        failAll(pending, problem, true, failed);
        return anyAnswer ? null : problem;
    }

    /**
     * Sends each entry of a batch SNS refused whole as its own batch, in order. An entry SNS refuses
     * alone fails permanently; the others are published. When the topic fails a whole attempt
     * (an outage), the entries not yet tried fail as retryable, as later batches do.
     */
    private String oneByOne(String topic, Map<String, Notification> pending, Map<String, DeliveryFailure> failed,
                            TimeBudget budget) {
        List<Notification> entries = List.copyOf(pending.values());
        for (int i = 0; i < entries.size(); i++) {
            Notification n = entries.get(i);
            String outage = send(topic, List.of(new Sized(n, size(n))), failed, budget);
            if (outage != null) {
                for (Notification untried : entries.subList(i + 1, entries.size())) {
                    failed.put(untried.id(), new DeliveryFailure("not sent: an earlier batch to " + topic
                            + " failed: " + outage, true));
                }
                return outage;
            }
        }
        return null;
    }

    private List<SnsPublishBatchClient.Entry> entries(Map<String, Notification> pending) {
        List<SnsPublishBatchClient.Entry> list = new ArrayList<>(pending.size());
        pending.forEach((entryId, n) -> {
            List<SnsPublishBatchClient.Attribute> attributes = new ArrayList<>(n.attributes().size() + 1);
            n.attributes().forEach((name, value) -> {
                if (!name.equals(ID_ATTRIBUTE)) {
                    attributes.add(new SnsPublishBatchClient.Attribute(name,
                            arrayAttributes.contains(name) ? "String.Array" : "String", value));
                }
            });
            attributes.add(new SnsPublishBatchClient.Attribute(ID_ATTRIBUTE, "String", n.id()));
            list.add(new SnsPublishBatchClient.Entry(entryId, n.body(), attributes));
        });
        return list;
    }

    private int size(Notification n) {
        return messageBytes(n, arrayAttributes);
    }

    /**
     * The size SNS counts for the message {@link #create} publishes for {@code n}, to hold against
     * {@link #MAX_BYTES}: the body, and each attribute's name, type ({@code String}, or
     * {@code String.Array} for {@code changedFields}) and value, the {@code eddy-id} attribute it adds
     * included. The local runtime's publisher refuses what this one would.
     */
    public static int messageBytes(Notification n) {
        return messageBytes(n, Set.of(PublishChangeEventsStep.CHANGED_FIELDS));
    }

    private static int messageBytes(Notification n, Set<String> arrayAttributes) {
        int bytes = Utf8.length(n.body());
        for (Map.Entry<String, String> a : n.attributes().entrySet()) {
            bytes += Utf8.length(a.getKey()) + Utf8.length(a.getValue())
                    + (arrayAttributes.contains(a.getKey()) ? "String.Array".length() : "String".length());
        }
        return bytes + ID_ATTRIBUTE.length() + Utf8.length(n.id()) + "String".length();
    }

    /** A batch entry id SNS accepts ({@code [A-Za-z0-9_-]{1,80}}), unique in its batch by position. */
    static String entryId(int position, String notificationId) {
        StringBuilder id = new StringBuilder(MAX_ENTRY_ID);
        id.append(position).append('-');
        for (int i = 0; i < notificationId.length() && id.length() < MAX_ENTRY_ID; i++) {
            char c = notificationId.charAt(i);
            boolean safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            id.append(safe ? c : '_');
        }
        return id.toString();
    }

    private static void failAll(Map<String, Notification> pending, String reason, boolean retryable,
                                Map<String, DeliveryFailure> failed) {
        for (Notification n : pending.values()) {
            failed.put(n.id(), new DeliveryFailure(reason, retryable));
        }
    }

    /** Waits; false when interrupted (the interrupt is kept for the caller). */
    private static boolean pause(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
