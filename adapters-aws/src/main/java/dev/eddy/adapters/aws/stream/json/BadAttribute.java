package dev.eddy.adapters.aws.stream.json;

/**
 * An attribute value that cannot be read as a DynamoDB value. Raised deep inside a nested value;
 * each enclosing level prepends its own path segment while it unwinds, so the happy path pays
 * nothing for path tracking. Carries no stack trace: it is a result, not a bug report. The texts
 * are those of the reference mapper ({@code stream.UnreadableAttribute}).
 */
final class BadAttribute extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private static final int MAX_NAME_LENGTH = 64;

    private final String reason;
    private final StringBuilder path = new StringBuilder(32);

    BadAttribute(String reason) {
        super(reason);
        this.reason = reason;
    }

    /** Prepends a map member: {@code .name}. */
    BadAttribute inMember(String name) {
        String shown = name.length() <= MAX_NAME_LENGTH ? name : name.substring(0, MAX_NAME_LENGTH - 3) + "...";
        path.insert(0, shown).insert(0, '.');
        return this;
    }

    /** Prepends a list element: {@code [index]}. */
    BadAttribute inElement(int index) {
        path.insert(0, ']').insert(0, index).insert(0, '[');
        return this;
    }

    /** The problem, read from the root: {@code NewImage.readings[2].value: N value is not a number}. */
    String problemIn(String root) {
        return root + path + ": " + reason;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
