package dev.eddy.adapters.aws.config.projection;

import dev.eddy.adapters.aws.config.InvalidConfigurationException;
import java.util.List;

/**
 * PROJECTIONS is not valid. The message names the projection (by name or index) and the problem;
 * when several projections are bad, {@link #problems()} holds one problem for each.
 */
public class InvalidProjectionsException extends InvalidConfigurationException {
    private static final long serialVersionUID = 1L;

    public InvalidProjectionsException(String message, Throwable cause) {
        super(message, cause);
    }

    private InvalidProjectionsException(List<String> problems) {
        super(problems);
    }

    /** The problems of several projections as one exception; the one itself when there is one. */
    static InvalidProjectionsException ofEach(List<InvalidProjectionsException> each) {
        return combine(each, InvalidProjectionsException::new);
    }
}
