package dev.eddy.adapters.aws.config;

/**
 * A setting the function cannot run with. Thrown at start, so the function fails before it
 * touches a record; the message names the setting, the rule (by name or position) and the problem.
 */
public class InvalidConfigurationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidConfigurationException(String message) {
        super(message);
    }

    public InvalidConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
