package dev.eddy.domain;

/** A value that DynamoDB's type system cannot hold, or that breaks an invariant of the change model. */
public class InvalidValueException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidValueException(String message) {
        super(message);
    }
}
