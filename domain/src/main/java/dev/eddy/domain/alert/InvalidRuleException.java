package dev.eddy.domain.alert;

/** An alert rule or message template that cannot work as written. The message names the problem. */
public class InvalidRuleException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidRuleException(String message) {
        super(message);
    }
}
