package dev.eddy.bootstrap.lambda;

import java.util.List;

/** The environment does not describe a valid configuration. The message names every bad setting and why. */
public class ConfigurationException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public ConfigurationException(List<String> problems) {
        super("invalid configuration: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    /** Each problem, one per bad setting, each starting with the setting's name. */
    public List<String> problems() {
        return problems;
    }
}
