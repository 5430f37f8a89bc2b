package dev.eddy.adapters.aws.stream.json;

/**
 * The invocation payload is not a DynamoDB stream event at all: not valid JSON, or not a JSON
 * object with a {@code Records} array. Nothing in it can be read, so the whole invocation must
 * fail and Lambda retries it. A bad <em>record</em> never raises this: it becomes an unreadable
 * record of its own.
 *
 * <p>The message names the problem and where it is (line, column, byte), never the content.
 */
public final class MalformedEventException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    MalformedEventException(String message) {
        super(message);
    }
}
