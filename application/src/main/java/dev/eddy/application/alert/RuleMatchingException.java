package dev.eddy.application.alert;

/** A change document could not be evaluated against the rules. Evaluating it again gives the same result. */
public class RuleMatchingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RuleMatchingException(String message, Throwable cause) {
        super(message, cause);
    }
}
