package dev.eddy.adapters.aws.stream;

/**
 * An attribute value that cannot be read as a DynamoDB value. Raised deep inside a nested value;
 * each enclosing level prepends its own path segment while it unwinds, so the happy path pays
 * nothing for path tracking. Carries no stack trace: it is a result, not a bug report. Both readers
 * raise it, the reference mapper ({@link DynamodbEventMapper}) and the streaming reader
 * ({@code stream.json}), so their problem texts have one source.
 */
public final class UnreadableAttribute extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private static final int MAX_NAME_LENGTH = 64;

    private final String reason;
    private final StringBuilder path = new StringBuilder(32);

    public UnreadableAttribute(String reason) {
        super(reason);
        this.reason = reason;
    }

    /** Prepends a map member: {@code .name}. */
    public UnreadableAttribute inMember(String name) {
        String shown = name == null ? "<null name>" : abbreviate(name);
        path.insert(0, shown).insert(0, '.');
        return this;
    }

    /** Prepends a list element: {@code [index]}. */
    public UnreadableAttribute inElement(int index) {
        path.insert(0, ']').insert(0, index).insert(0, '[');
        return this;
    }

    /** The problem, read from the root: {@code NewImage.readings[2].value: N is not a number}. */
    public String problemIn(String root) {
        return root + path + ": " + reason;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }

    private static String abbreviate(String name) {
        return name.length() <= MAX_NAME_LENGTH ? name : name.substring(0, MAX_NAME_LENGTH - 3) + "...";
    }
}
