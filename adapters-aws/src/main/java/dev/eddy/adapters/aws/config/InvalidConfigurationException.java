package dev.eddy.adapters.aws.config;

import java.util.List;

/**
 * A setting the function cannot run with. Thrown at start, so the function fails before it
 * touches a record; the message names the setting, the rule (by name or position) and the problem.
 */
public class InvalidConfigurationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public InvalidConfigurationException(String message) {
        super(message);
        this.problems = List.of(message);
    }

    public InvalidConfigurationException(String message, Throwable cause) {
        super(message, cause);
        this.problems = List.of(message);
    }

    /** Several problems found at once (every bad rule of a setting, say), each a whole message. */
    public InvalidConfigurationException(List<String> problems) {
        super(String.join("; ", problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("no problem to report");
        }
        this.problems = List.copyOf(problems);
    }

    /** Each problem, named as the message names it; one for an exception built with a message. */
    public List<String> problems() {
        return problems;
    }
}
