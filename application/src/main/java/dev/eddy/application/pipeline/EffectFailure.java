package dev.eddy.application.pipeline;

/**
 * A step could not complete its effect. {@link #retryable()} decides what happens next:
 * a retryable failure (throttling, 5xx, a timeout) stops the batch at this record so the stream
 * retries it; a permanent one (the record can never succeed) quarantines the record when a
 * dead-letter channel is configured, after the record's other steps have run and delivered. The
 * failing step's own notifications are dropped either way.
 */
public class EffectFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final boolean retryable;

    public EffectFailure(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    /** A failure a retry may cure, caused by {@code cause}. */
    public static EffectFailure retryable(String message, Throwable cause) {
        return new EffectFailure(message, true, cause);
    }

    /** A failure a retry may cure, which the message says all about. */
    public static EffectFailure retryable(String message) {
        return retryable(message, null);
    }

    /** A failure no retry can cure, caused by {@code cause}. */
    public static EffectFailure permanent(String message, Throwable cause) {
        return new EffectFailure(message, false, cause);
    }

    /** A failure no retry can cure, which the message says all about. */
    public static EffectFailure permanent(String message) {
        return permanent(message, null);
    }

    public boolean retryable() {
        return retryable;
    }
}
