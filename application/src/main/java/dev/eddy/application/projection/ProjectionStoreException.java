package dev.eddy.application.projection;

/**
 * A projection update could not be applied. Retryable for throttling, server errors and timeouts;
 * permanent when the request can never succeed (for example an item over the size limit).
 */
public class ProjectionStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final boolean retryable;

    public ProjectionStoreException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
