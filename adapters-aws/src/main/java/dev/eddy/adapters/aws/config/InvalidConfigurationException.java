package dev.eddy.adapters.aws.config;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

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

    /** Several problems as one; {@link #combine} is the way in, subclasses may use it for their own kind. */
    protected InvalidConfigurationException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    /**
     * Several problems found at once (every bad rule of a setting, say) as one exception: the one
     * itself when there is one; otherwise one whose {@link #problems()} are theirs, in order, with
     * each of them suppressed in it, so that their causes are kept.
     */
    public static InvalidConfigurationException combine(List<InvalidConfigurationException> each) {
        return combine(each, InvalidConfigurationException::new);
    }

    /** {@link #combine(List)} for a kind of its own, built by {@code several} from the problems. */
    protected static <E extends InvalidConfigurationException> E combine(List<E> each, Function<List<String>, E> several) {
        if (each.isEmpty()) {
            throw new IllegalArgumentException("no problem to report");
        }
        if (each.size() == 1) {
            return each.get(0);
        }
        List<String> problems = new ArrayList<>();
        each.forEach(e -> problems.addAll(e.problems()));
        E combined = several.apply(problems);
        each.forEach(combined::addSuppressed);
        return combined;
    }

    /** Each problem, named as the message names it; one for an exception built with a message. */
    public List<String> problems() {
        return problems;
    }
}
