package dev.eddy.adapters.aws.stream;

/**
 * What both readers of stream events ({@link DynamodbEventMapper} and the streaming reader in
 * {@code stream.json}) check and say the same way about a record's own fields, so that a bad
 * record gets the same problem text on either path.
 */
public final class RecordTexts {
    /** The most of an event name, view type or precision a problem text shows. */
    public static final int MAX_SHOWN_NAME = 64;
    /** The most of an ARN a problem text shows. */
    public static final int MAX_SHOWN_ARN = 256;

    private RecordTexts() {
    }

    /** Whether {@code text} is ASCII digits only (a sequence number). */
    public static boolean isDigits(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** {@code text} in double quotes, cut to {@code maxShown} characters ending in "...". */
    public static String quoted(String text, int maxShown) {
        String shown = text.length() <= maxShown ? text : text.substring(0, maxShown - 3) + "...";
        return '"' + shown + '"';
    }
}
