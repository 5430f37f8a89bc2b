package dev.eddy.adapters.aws.dynamodb;

/**
 * A call of {@link DynamoDbLedgerClient} that failed as a whole: no reply (I/O, timeout, no
 * credentials), an error reply, or a reply that could not be read. Says what happened, whether a
 * retry may cure it, and whether DynamoDB was throttling (a retry then waits longer).
 */
final class DynamoDbCallException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final boolean retryable;
    private final boolean throttling;

    DynamoDbCallException(int status, String code, String description, boolean retryable, boolean throttling,
                          Throwable cause) {
        super(description, cause);
        this.status = status;
        this.code = code;
        this.retryable = retryable;
        this.throttling = throttling;
    }

    /** The HTTP status of the reply; 0 when there was none. */
    int status() {
        return status;
    }

    /** DynamoDB's error type ({@code ProvisionedThroughputExceededException}, ...); null when the reply had none. */
    String code() {
        return code;
    }

    /** Throttling, a 5xx, clock skew, an I/O problem or an unreadable reply: a retry may pass. */
    boolean isRetryable() {
        return retryable;
    }

    /** DynamoDB said it was throttling (or answered 429): a retry should wait longer. */
    boolean isThrottling() {
        return throttling;
    }
}
