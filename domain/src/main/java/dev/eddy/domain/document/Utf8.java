package dev.eddy.domain.document;

/** Byte counts of text as UTF-8, without encoding it: transports limit messages in bytes, not characters. */
public final class Utf8 {
    private Utf8() {
    }

    /**
     * The number of bytes {@code text} takes in UTF-8. A lone surrogate counts as the 3 bytes of '?'-like replacement.
     * It takes a {@code String}, not any {@code CharSequence}: C1, the only compiler Lambda's Java runtime runs
     * ({@code -XX:TieredStopAtLevel=1}), inlines {@code String.charAt} but not an interface's, and a call per
     * character cost the publisher a third of this method's time on every alert (docs/performance.md, round 19).
     */
    public static int length(String text) {
        int bytes = 0;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
