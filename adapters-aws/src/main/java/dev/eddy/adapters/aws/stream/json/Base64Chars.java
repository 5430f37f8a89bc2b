package dev.eddy.adapters.aws.stream.json;

/**
 * Decodes standard base64 (RFC 4648 section 4, the alphabet DynamoDB uses) straight from the
 * parser's character buffer or the event's bytes: no intermediate String, and a bad literal is a result, not an
 * exception that leaves the parser mid-token. Padding may be left out, as
 * {@link java.util.Base64#getDecoder()} allows; anything else is rejected.
 */
final class Base64Chars {
    private static final int[] SEXTETS = new int[128];

    static {
        java.util.Arrays.fill(SEXTETS, -1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < alphabet.length(); i++) {
            SEXTETS[alphabet.charAt(i)] = i;
        }
    }

    private Base64Chars() {
    }

    /**
     * The decoded bytes, or null when the characters are not base64: the parser's characters, for
     * a string that was not plain in the event's bytes (escaped, say). Rare, so it narrows the
     * characters to ASCII bytes and decodes those; a character outside ASCII is not base64.
     */
    static byte[] decode(char[] chars, int offset, int length) {
        byte[] ascii = new byte[length];
        for (int i = 0; i < length; i++) {
            char c = chars[offset + i];
            if (c >= 128) {
                return null;
            }
            ascii[i] = (byte) c;
        }
        return decode(ascii, 0, length);
    }

    /** The decoded bytes of ASCII base64 (a plain JSON string straight from the event), or null when they are not base64. */
    static byte[] decode(byte[] ascii, int offset, int length) {
        int end = offset + length;
        int padding = 0;
        while (end > offset && ascii[end - 1] == '=' && padding < 2) {
            end--;
            padding++;
        }
        int significant = end - offset;
        int remainder = significant % 4;
        if (remainder == 1 || (padding > 0 && (significant + padding) % 4 != 0)) {
            return null;
        }
        byte[] out = new byte[significant / 4 * 3 + (remainder == 0 ? 0 : remainder - 1)];
        int o = 0;
        int i = offset;
        int fullEnd = offset + significant / 4 * 4;
        while (i < fullEnd) {
            int a = sextet(ascii[i]);
            int b = sextet(ascii[i + 1]);
            int c = sextet(ascii[i + 2]);
            int d = sextet(ascii[i + 3]);
            if ((a | b | c | d) < 0) {
                return null;
            }
            int bits = a << 18 | b << 12 | c << 6 | d;
            out[o++] = (byte) (bits >> 16);
            out[o++] = (byte) (bits >> 8);
            out[o++] = (byte) bits;
            i += 4;
        }
        if (remainder >= 2) {
            int a = sextet(ascii[i]);
            int b = sextet(ascii[i + 1]);
            int c = remainder == 3 ? sextet(ascii[i + 2]) : 0;
            if ((a | b | c) < 0) {
                return null;
            }
            int bits = a << 18 | b << 12 | c << 6;
            out[o++] = (byte) (bits >> 16);
            if (remainder == 3) {
                out[o] = (byte) (bits >> 8);
            }
        }
        return out;
    }


    /** The 6-bit value of a base64 byte, or -1 (non-ASCII bytes are negative). */
    private static int sextet(byte b) {
        return b >= 0 ? SEXTETS[b] : -1;
    }
}
