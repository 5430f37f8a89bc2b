package dev.eddy.adapters.aws.config.projection;

/** PROJECTIONS is not valid. The message names the projection (by name or index) and the problem. */
public class InvalidProjectionsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidProjectionsException(String message, Throwable cause) {
        super(message, cause);
    }
}
