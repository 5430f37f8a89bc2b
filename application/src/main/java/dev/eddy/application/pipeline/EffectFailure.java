package dev.eddy.application.pipeline;

/**
 * A step could not complete its effect. {@link #retryable()} decides what happens next:
 * a retryable failure (throttling, 5xx, a timeout) stops the batch at this record so the stream
 * retries it; a permanent one (the record can never succeed) quarantines the record when a
 * dead-letter channel is configured.
 */
public class EffectFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final boolean retryable;

    public EffectFailure(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    public static EffectFailure retryable(String message, Throwable cause) {
        return new EffectFailure(message, true, cause);
    }

    public static EffectFailure permanent(String message, Throwable cause) {
        return new EffectFailure(message, false, cause);
    }

    public boolean retryable() {
        return retryable;
    }
}
