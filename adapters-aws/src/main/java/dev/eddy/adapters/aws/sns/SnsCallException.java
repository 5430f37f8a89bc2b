package dev.eddy.adapters.aws.sns;

/**
 * A PublishBatch call that failed as a whole: no reply (I/O, timeout, no credentials), an error
 * reply, or a reply that could not be read. Says what happened and whether it is worth retrying.
 */
final class SnsCallException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final boolean transientFailure;
    private final boolean invalidRequest;

    SnsCallException(int status, String code, String description, boolean transientFailure, boolean invalidRequest) {
        super(description);
        this.status = status;
        this.code = code;
        this.transientFailure = transientFailure;
        this.invalidRequest = invalidRequest;
    }

    /** The HTTP status of the reply; 0 when there was none. */
    int status() {
        return status;
    }

    /** SNS's error code ({@code InvalidParameter}, {@code Throttling}, ...); null when the reply had none. */
    String code() {
        return code;
    }

    /** Throttling, a 5xx, an I/O problem or an unreadable reply: likely to pass if tried again soon. */
    boolean isTransient() {
        return transientFailure;
    }

    /** A request SNS will never accept as it is (invalid parameter, bad batch): retrying cannot help. */
    boolean isInvalidRequest() {
        return invalidRequest;
    }
}
