package dev.eddy.application.pipeline;

/** Where a notification goes. Each channel is one topic in the deployment. */
public enum Channel {
    /** Alerts raised by rules (ALERT_TOPIC_ARN). */
    ALERTS,
    /** Canonical change events for fan-out (CHANGE_TOPIC_ARN). */
    CHANGE_EVENTS,
    /** Records that can never succeed, kept whole for inspection (DEAD_LETTER_TOPIC_ARN). */
    DEAD_LETTERS
}
