package dev.eddy.adapters.aws.stream.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.base.ParserBase;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

/**
 * Reads a string token straight from the event's bytes when it is plain: printable ASCII between
 * its quotes, no escape. Almost every string of a stream event is (ids, sequence numbers, the ARN,
 * enum names, numbers, most attribute values), and reading the bytes spares Jackson's decoding of
 * them into characters and the copy back into a String. Jackson still scans the token when it moves
 * on, so it still rejects what is not JSON.
 *
 * <p>Every method answers "not plain" (null, -1, false) when in doubt, and the caller then asks the
 * parser as before: the results are the same either way, only the cost differs.
 *
 * <p>It needs a parser that Jackson created over the whole of {@link #event()} from offset 0: its
 * token offsets are then offsets into that array. A parser over a slice counts from the slice's
 * start, and a quote at the wrong offset could pass the check; so such parsers must reach this
 * class wrapped (as {@code RecordSpanParser} is, which is not a {@link ParserBase}), which makes
 * every method answer "not plain".
 */
final class EventBytes {
    private final byte[] event;

    EventBytes(byte[] event) {
        this.event = event;
    }

    /** The event itself; read only. */
    byte[] event() {
        return event;
    }

    /**
     * The offset of the opening quote of the current string token, or -1: its
     * {@link #tokenStart}, when the token is a string.
     */
    int quote(JsonParser parser) {
        return parser.currentToken() == JsonToken.VALUE_STRING ? tokenStart(parser, (byte) '"') : -1;
    }

    /**
     * The byte offset of the current token in the event when its first byte is {@code first} (a
     * quote, a brace), or -1 when it cannot be had cheaply. {@link JsonParser#currentTokenLocation()}
     * says it but allocates a location object for it. Jackson's byte parser keeps a token's
     * position one past its first byte (jackson-core 2.22); the expected byte found there proves
     * it, and anything else answers -1, so the caller falls back to the parser's own calls.
     */
    int tokenStart(JsonParser parser, byte first) {
        if (!(parser instanceof ParserBase)) {
            return -1;
        }
        long offset = ((ParserBase) parser).getTokenCharacterOffset() - 1;
        return offset >= 0 && offset < event.length && event[(int) offset] == first ? (int) offset : -1;
    }

    /** The offset of the closing quote of the plain string opened at {@code quote}, or -1. */
    int plainEnd(int quote) {
        if (quote < 0) {
            return -1;
        }
        for (int i = quote + 1; i < event.length; i++) {
            byte b = event[i];
            if (b == '"') {
                return i;
            }
            if (b < 0x20 || b == '\\') { // control characters, escapes, and (negative) non-ASCII bytes
                return -1;
            }
        }
        return -1;
    }

    /** The current string token as a String, or null when it is not plain. */
    String text(JsonParser parser) {
        int quote = quote(parser);
        int end = plainEnd(quote);
        return end < 0 ? null : new String(event, quote + 1, end - quote - 1, StandardCharsets.ISO_8859_1);
    }

    /** Whether the plain string between {@code quote} and {@code end} is exactly the ASCII {@code text}. */
    boolean plainEquals(int quote, int end, byte[] text) {
        return end - quote - 1 == text.length && sameBytes(quote + 1, text, 0, text.length);
    }

    /** Whether the bytes at {@code at} are {@code length} bytes of {@code source} from {@code from}. */
    boolean sameBytes(int at, byte[] source, int from, int length) {
        return at >= 0 && from >= 0 && at + length <= event.length
                && java.util.Arrays.equals(event, at, at + length, source, from, from + length);
    }


    /**
     * The current string token as a decimal when it is a plain literal of at most 18 digits, an
     * optional minus sign and an optional point: exactly what {@code new BigDecimal(text)} gives
     * (same unscaled value and scale). Null for anything else (exponents, more digits, a plus sign,
     * spaces), which the caller reads the careful way.
     */
    BigDecimal decimal(JsonParser parser) {
        int quote = quote(parser);
        int end = plainEnd(quote);
        return end < 0 ? null : PlainJson.plainDecimal(event, quote + 1, end);
    }
}
