package dev.eddy.bootstrap.lambda;

import dev.eddy.application.pipeline.Channel;

/**
 * Every environment variable Eddy reads: the one source of truth for their names. Terraform sets
 * them; {@link Configuration} parses them once, at start. Lambda itself provides AWS_REGION and
 * AWS_LAMBDA_FUNCTION_NAME, and the SDK reads its own AWS_ENDPOINT_URL* variables.
 */
public enum Setting {
    ALERT_RULES("Alert rules as JSON: name, severity and an EventBridge-style pattern over the change document "
            + "(or that JSON gzip-compressed and base64-encoded, as Terraform's base64gzip writes it)."),
    ALERT_TOPIC_ARN("ARN of the SNS topic alerts are published to."),
    CHANGE_TOPIC_ARN("ARN of the SNS topic canonical change events are published to."),
    CHANGE_EVENT_FILTER("Optional EventBridge-style pattern: only changes that match are published as change events."),
    PROJECTION_TABLE("Name of the DynamoDB table projections are written to (keys pk and sk, both strings)."),
    PROJECTIONS("Projection definitions as JSON: which changes update which projection items (or that JSON "
            + "gzip-compressed and base64-encoded)."),
    LEDGER_TABLE("Name of the DynamoDB table that remembers delivered notifications (key id, TTL expiresAt); "
            + "without it delivery is at-least-once."),
    DEAD_LETTER_TOPIC_ARN("ARN of the SNS topic records that can never succeed are sent to, whole; "
            + "without it such a record stops its shard until it expires."),
    LOG_ITEM_VALUES("true to write attribute values in the change journal's lines (DEBUG); false (the default) "
            + "logs attribute names only."),
    TIMEOUT_SAFETY_MARGIN_MS("Stop taking new records when less than this many milliseconds of the invocation "
            + "remain, so the batch can still deliver and report; default 3000.");

    private final String description;

    Setting(String description) {
        this.description = description;
    }

    /** The environment variable's name. */
    public String variable() {
        return name();
    }

    public String description() {
        return description;
    }

    /**
     * The setting that names a channel's SNS topic: the one place a channel meets its setting. A new
     * {@link Channel} does not compile until it has a case here (and in the other switches over the
     * channels: {@link Configuration#topicArn}, the local runtime's console line).
     */
    public static Setting topicOf(Channel channel) {
        return switch (channel) {
            case ALERTS -> ALERT_TOPIC_ARN;
            case CHANGE_EVENTS -> CHANGE_TOPIC_ARN;
            case DEAD_LETTERS -> DEAD_LETTER_TOPIC_ARN;
        };
    }
}
