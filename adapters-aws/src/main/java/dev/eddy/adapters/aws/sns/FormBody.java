package dev.eddy.adapters.aws.sns;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * An awsQuery request's parameters as its {@code application/x-www-form-urlencoded} body, encoded in
 * one pass into one byte array.
 *
 * <p>The bytes are exactly those of the SDK's own {@code SdkHttpUtils.encodeAndFlattenFormData}
 * (which its {@code QueryParametersToBodyStage} sends): parameters in the map's order, one
 * {@code key=value} per value joined by {@code &}, a {@code null} value as the bare key; each key and
 * value encoded like {@link java.net.URLEncoder} with UTF-8: {@code a-z A-Z 0-9 . - * _} kept, space
 * as {@code +}, every other byte of the UTF-8 form as {@code %XX} (upper-case hex), and a lone
 * surrogate as {@code ?} ({@code %3F}), as {@link String#getBytes} writes it. {@code FormBodyTest}
 * holds this to the SDK's output.
 *
 * <p>The SDK encodes each value with {@code URLEncoder}, which builds a string per run of characters
 * to escape, then copies the whole body through a {@code StringBuilder} and a {@code String}; for a
 * PublishBatch of JSON messages that was the largest single cost of Eddy's pipeline on Lambda's
 * C1-only JIT (docs/performance.md, section 6).
 */
final class FormBody implements BiConsumer<String, List<String>> {
    /** Characters {@link java.net.URLEncoder} leaves as they are. */
    private static final boolean[] KEPT = new boolean[128];
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

    static {
        for (char c = 'a'; c <= 'z'; c++) {
            KEPT[c] = true;
        }
        for (char c = 'A'; c <= 'Z'; c++) {
            KEPT[c] = true;
        }
        for (char c = '0'; c <= '9'; c++) {
            KEPT[c] = true;
        }
        KEPT['.'] = true;
        KEPT['-'] = true;
        KEPT['*'] = true;
        KEPT['_'] = true;
    }

    private byte[] bytes;
    private int length;

    private FormBody(int capacity) {
        bytes = new byte[Math.max(capacity, 64)];
    }

    /** The body for these parameters, in their iteration order (empty for no parameters). */
    static FormBody of(Map<String, List<String>> parameters) {
        FormBody body = new FormBody(8192);
        parameters.forEach(body);
        return body;
    }

    /** An empty body to write parameters into with {@link #key(byte[])} and {@link #value}. */
    static FormBody empty(int capacity) {
        return new FormBody(capacity);
    }

    /**
     * Starts a parameter whose key is given as its encoded bytes (see {@link #plainKey}): {@code &}
     * (unless first), then the bytes as they are.
     */
    FormBody key(byte[] encoded) {
        room(encoded.length + 1);
        if (length > 0) {
            bytes[length++] = '&';
        }
        System.arraycopy(encoded, 0, bytes, length, encoded.length);
        length += encoded.length;
        return this;
    }

    /** A key made only of characters the encoding keeps as they are, as its bytes for {@link #key(byte[])}; checked. */
    static byte[] plainKey(String key) {
        byte[] encoded = new byte[key.length()];
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c >= 128 || !KEPT[c]) {
                throw new IllegalArgumentException("not a plain key: " + key);
            }
            encoded[i] = (byte) c;
        }
        return encoded;
    }

    /** Ends the parameter with {@code =} and its value, encoded. */
    FormBody value(String value) {
        room(1);
        bytes[length++] = '=';
        append(value);
        return this;
    }

    /** Appends one parameter: {@code key=value} for each value, or nothing for no values. */
    @Override
    public void accept(String key, List<String> values) {
        if (values == null) {
            return;
        }
        byte[] encodedKey = null;
        for (int i = 0; i < values.size(); i++) {
            if (length > 0) {
                room(1);
                bytes[length++] = '&';
            }
            if (i == 0) {
                int start = length;
                append(key);
                if (values.size() > 1) {
                    encodedKey = Arrays.copyOfRange(bytes, start, length);
                }
            } else {
                room(encodedKey.length);
                System.arraycopy(encodedKey, 0, bytes, length, encodedKey.length);
                length += encodedKey.length;
            }
            String value = values.get(i);
            if (value != null) {
                room(1);
                bytes[length++] = '=';
                append(value);
            }
        }
    }

    private void append(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        room(utf8.length * 3);
        byte[] out = bytes;
        int at = length;
        for (byte b : utf8) {
            if (b >= 0 && KEPT[b]) {
                out[at++] = b;
            } else if (b == ' ') {
                out[at++] = '+';
            } else {
                out[at++] = '%';
                out[at++] = HEX[(b >> 4) & 0xF];
                out[at++] = HEX[b & 0xF];
            }
        }
        length = at;
    }

    private void room(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }

    /** The number of bytes. */
    int length() {
        return length;
    }

    /** A fresh stream over the bytes (the body may be read more than once, e.g. to sign it). */
    InputStream newStream() {
        return new ByteArrayInputStream(bytes, 0, length);
    }

    /** The bytes, copied. */
    byte[] toByteArray() {
        return Arrays.copyOf(bytes, length);
    }
}
