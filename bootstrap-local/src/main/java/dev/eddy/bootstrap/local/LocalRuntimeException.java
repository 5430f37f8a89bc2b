package dev.eddy.bootstrap.local;

/** The local runtime could not start or keep running one of its parts (a missing tool, a failed child process). */
public class LocalRuntimeException extends IllegalStateException {

    public LocalRuntimeException(String message) {
        super(message);
    }

    public LocalRuntimeException(String message, Throwable cause) {
        super(message, cause);
    }
}
