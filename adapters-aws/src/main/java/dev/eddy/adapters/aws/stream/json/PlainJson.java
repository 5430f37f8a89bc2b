package dev.eddy.adapters.aws.stream.json;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigDecimal;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A cursor over the event's bytes for the JSON Lambda really delivers: strict RFC 8259 JSON in
 * well-formed UTF-8, nested a few levels deep. It reads values in place, without Jackson's tokens
 * or its name canonicalizing, which under C1 cost about half of reading an event.
 *
 * <p><b>It accepts less than Jackson, never more.</b> Whatever it meets outside its subset (a
 * byte that is not strict JSON, UTF-8 that is not well formed, a structure deeper than
 * {@link #MAX_DEPTH}, a number longer than {@link #MAX_NUMBER_LENGTH}) it answers by throwing
 * {@link NotPlain}, and the caller hands the same bytes to Jackson, which then accepts or rejects
 * them with its own message. So what this class reads, Jackson would have read alike, and what
 * Jackson rejects never gets past it. Every byte it accepts Jackson's default parser accepts: no
 * comments, no single quotes, no leading zeros, no unescaped control characters, only JSON's own
 * escapes, exactly one root value.
 *
 * <p>Strings decode as Jackson decodes them: each escape to its one char (a hexadecimal escape
 * too, a lone surrogate included), UTF-8 sequences to their characters.
 *
 * <p><b>Bytes cut short.</b> The three steps that run for every token ({@link #expect},
 * {@link #endOf}, {@link #nextIn}) read the next byte with no bounds test of their own, so that
 * they stay small enough for C1 to inline. At the end of the bytes they throw
 * {@link ArrayIndexOutOfBoundsException}, which means what {@link NotPlain} means:
 * {@link #recordSpans} turns it into {@code NotPlain} when the cursor is at the end (one thrown
 * anywhere else is a bug, and is thrown on), and {@code RecordReader.readPlain} takes any
 * {@link RuntimeException} as "not plain".
 *
 * <p>One cursor per reader; not thread-safe.
 */
final class PlainJson {
    /** Deeper than any DynamoDB item (32 levels) with the event's own three around it. */
    static final int MAX_DEPTH = 64;
    /** Far beyond any number a stream event carries; Jackson's own limit is 1,000. */
    static final int MAX_NUMBER_LENGTH = 100;
    /**
     * The limits on a name and a string, in characters, of the Jackson factory the reader uses: for
     * names, DynamoDB's limit on an attribute name (64 KB; Jackson's default, 50,000, would fail a
     * whole event over one legal item), for strings Jackson's own (jackson-core 2.22). A UTF-8 byte
     * count is never below the character count, so content within these many bytes is within them.
     */
    static final int MAX_NAME_BYTES = 65_536;
    static final int MAX_STRING_BYTES = 20_000_000;

    private static final byte[] RECORDS = ascii("Records");
    private static final byte[] TRUE = ascii("true");
    private static final byte[] FALSE = ascii("false");
    private static final byte[] NULL = ascii("null");

    /** Eight bytes of the event at a time, the first in the lowest bits. */
    private static final VarHandle WORDS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final long QUOTES = 0x2222222222222222L;
    private static final long BACKSLASHES = 0x5C5C5C5C5C5C5C5CL;
    private static final long SPACES = 0x2020202020202020L;

    final byte[] bytes;
    /** The next byte to read. */
    int pos;
    /** Where the content of the last string {@link #stringEnd} read starts, just past its quote. */
    private int lastStringStart;
    /** Whether the last string {@link #stringEnd} read was printable ASCII without escapes. */
    private boolean lastStringPlain;

    PlainJson(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * The answer to anything outside the subset: the caller reads the same bytes with Jackson. One
     * shared instance without a stack trace: it is control flow, and it carries nothing.
     */
    static final class NotPlain extends RuntimeException {
        private static final long serialVersionUID = 1L;
        static final NotPlain INSTANCE = new NotPlain();

        private NotPlain() {
            super("not plain JSON", null, false, false);
        }
    }

    /**
     * The byte ranges of the elements of the event's {@code Records} array, after checking the
     * whole event: one JSON object, {@code Records} once and an array, nothing after the object.
     *
     * @return {@code {starts, ends}}, each end just past its element
     * @throws NotPlain when the event is not plain JSON of that shape; Jackson then reads it
     */
    static int[][] recordSpans(byte[] event) {
        return recordSpans(event, null);
    }

    /** Reads an element of {@code Records} in the same pass as the scan. */
    interface Elements {
        /**
         * Reads the element that starts at {@code start}, and answers the offset just past it, or
         * -1 when it did not read it; the scan then skips (and checks) the element itself.
         */
        int read(int start);
    }

    /**
     * {@link #recordSpans(byte[])}, handing each element to {@code elements} first (when not null)
     * so that it is read in the same pass. When the scan then finds the event not plain, what
     * {@code elements} read must be dropped: Jackson reads the event anew.
     */
    static int[][] recordSpans(byte[] event, Elements elements) {
        PlainJson json = new PlainJson(event);
        try {
            return scanRecords(json, elements);
        } catch (ArrayIndexOutOfBoundsException e) {
            if (json.pos < event.length) {
                throw e; // not the end of the event: a bug, not to be taken for JSON cut short
            }
            throw NotPlain.INSTANCE; // the event ends too soon
        }
    }

    private static int[][] scanRecords(PlainJson json, Elements elements) {
        byte[] event = json.bytes;
        int[] starts = null;
        int[] ends = null;
        int count = 0;
        json.skipWhitespace();
        json.expect('{');
        if (!json.endOf('}')) {
            do {
                boolean records = json.nameIs(RECORDS);
                json.expectColon();
                if (!records) {
                    json.skipValue(1);
                    continue;
                }
                if (starts != null) {
                    throw NotPlain.INSTANCE; // twice: Jackson's path says so
                }
                json.skipWhitespace();
                json.expect('[');
                starts = new int[256];
                ends = new int[256];
                if (!json.endOf(']')) {
                    do {
                        json.skipWhitespace();
                        if (count == starts.length) {
                            starts = Arrays.copyOf(starts, count * 2);
                            ends = Arrays.copyOf(ends, count * 2);
                        }
                        int start = json.pos;
                        int end = elements == null ? -1 : elements.read(start);
                        if (end < 0) {
                            json.skipValue(2);
                        } else {
                            json.pos = end;
                        }
                        starts[count] = start;
                        ends[count] = json.pos;
                        count++;
                    } while (json.nextIn(']'));
                }
            } while (json.nextIn('}'));
        }
        json.skipWhitespace();
        if (starts == null || json.pos != event.length) {
            throw NotPlain.INSTANCE;
        }
        return new int[][] {Arrays.copyOf(starts, count), Arrays.copyOf(ends, count)};
    }

    /** Moves past JSON whitespace. */
    void skipWhitespace() {
        pos = pastWhitespace(bytes, pos);
    }

    private static int whitespaceEnd(byte[] b, int i) {
        while (i < b.length) {
            byte c = b[i];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                break;
            }
            i++;
        }
        return i;
    }

    /** The next byte after whitespace, not consumed; 0 at the end. */
    byte peek() {
        byte[] b = bytes;
        int i = pos;
        if (i < b.length && b[i] > ' ') {
            return b[i];
        }
        i = whitespaceEnd(b, i);
        pos = i;
        return i < b.length ? b[i] : 0;
    }

    /**
     * Consumes {@code c}, the next byte after whitespace. When it is the very next byte, as in
     * compact JSON, that is all: 31 bytes of bytecode, so that C1 inlines it, even a level down
     * ({@link #expectColon}), where its limit is 90 % of 35 bytes, rounded down: exactly 31
     * ({@code PlainJsonInliningTest} holds it there). Past the end it throws
     * {@link ArrayIndexOutOfBoundsException} (see the class comment).
     */
    void expect(char c) {
        int i = pos;
        if (bytes[i] == c) {
            pos = i + 1;
        } else {
            expectPastWhitespace(c);
        }
    }

    private void expectPastWhitespace(char c) {
        if (peek() != c) {
            throw NotPlain.INSTANCE;
        }
        pos++;
    }

    void expectColon() {
        expect(':');
    }

    /**
     * Just past an opening brace or bracket: consumes {@code close} and answers true when the
     * structure is empty. 31 bytes of bytecode, so that C1 inlines it, as it does {@link #expect}.
     */
    boolean endOf(char close) {
        if (bytes[pos] == close) {
            pos++;
            return true;
        }
        return endOfPastWhitespace(close);
    }

    private boolean endOfPastWhitespace(char close) {
        if (peek() == close) {
            pos++;
            return true;
        }
        return false;
    }

    /**
     * After a member or element: true past a comma, false past {@code close}. 32 bytes of bytecode:
     * C1 inlines it where it is called directly, as every caller does (not a level down, where the
     * limit is 31).
     */
    boolean nextIn(char close) {
        if (bytes[pos] == ',') {
            pos++;
            return true;
        }
        return nextInPastWhitespace(close);
    }

    private boolean nextInPastWhitespace(char close) {
        byte c = peek();
        pos++;
        if (c == ',') {
            return true;
        }
        if (c == close) {
            return false;
        }
        throw NotPlain.INSTANCE;
    }

    /**
     * Reads a member name and answers whether it is exactly {@code ascii}; a name with escapes or
     * non-ASCII bytes is not plain.
     */
    boolean nameIs(byte[] ascii) {
        int start = plainNameStart();
        int end = pos - 1;
        return end - start == ascii.length && same(bytes, start, ascii, 0, ascii.length);
    }

    /**
     * Reads a string whose content is printable ASCII without escapes and answers where its
     * content starts; its closing quote is then at {@code pos - 1}. Anything else is not plain.
     */
    int plainStringStart() {
        return plainStringStart(MAX_STRING_BYTES);
    }

    /** {@link #plainStringStart()} for a member name, within Jackson's limit on names. */
    int plainNameStart() {
        return plainStringStart(MAX_NAME_BYTES);
    }

    private int plainStringStart(int maxBytes) {
        expect('"');
        byte[] b = bytes;
        int start = pos;
        int i = plainRun(b, start);
        if (i < b.length && b[i] == '"' && i - start <= maxBytes) {
            pos = i + 1;
            return start;
        }
        throw NotPlain.INSTANCE;
    }

    /**
     * The first offset from {@code i} whose byte ends a run of plain string content (a quote, a
     * backslash, a control character or a byte of a multi-byte UTF-8 sequence), or the end of the
     * bytes. Eight bytes at a time while eight remain, then one at a time: under C1, reading a
     * string's bytes one by one was about half of scanning an event.
     */
    static int plainRun(byte[] b, int i) {
        for (int last = b.length - Long.BYTES; i <= last; i += Long.BYTES) {
            long special = stops((long) WORDS.get(b, i));
            if (special != 0) {
                return i + lowestByte(special);
            }
        }
        for (; i < b.length; i++) {
            if (!plainByte(b[i])) {
                return i;
            }
        }
        return i;
    }

    /**
     * Whether {@code c} may be part of a plain run: not a quote, a backslash, a control character or
     * a byte of a multi-byte UTF-8 sequence (0x80 or more, negative as a byte). {@link #stops} is the
     * same rule for eight bytes at a time.
     */
    private static boolean plainByte(byte c) {
        return c >= ' ' && c != '"' && c != '\\';
    }

    /**
     * The index, 0 to 7, of the lowest byte whose high bit {@code highBits} (not 0) has. A multiply
     * where {@link Long#numberOfTrailingZeros} would do: under C1 that ran as Java code in a profile
     * (about 7 % of an on-demand read of a large event), not as the CPU's instruction. The lowest bit,
     * moved to the bottom of its byte, is {@code 1 << 8k}; times {@code 0x0001020304050607}, whose
     * bytes are 0 to 7 from the top down, it brings byte k's index, k, to the top.
     */
    static int lowestByte(long highBits) {
        return (int) ((((highBits & -highBits) >>> 7) * 0x0001020304050607L) >>> 56);
    }

    /**
     * The high bit of each byte of {@code word} that stops a plain run, and perhaps of some bytes
     * above the lowest such byte, never below it: subtracting borrows upward, and a borrow starts only
     * at a byte that stops the run (it may then pass upward through others). {@code x - 1} sets a
     * byte's high bit where the byte is 0 or above 0x80: {@code word ^ QUOTES} is 0 at a quote,
     * {@code word ^ BACKSLASHES} at a backslash, and at a byte of 0x80 or more at least one of the
     * two is above 0x80 (both would be 0x80 only if a quote were a backslash). {@code word - SPACES} sets it for a byte under 0x20.
     *
     * <p>One expression with no local variables: 30 bytes of bytecode, within C1's limit for
     * inlining a callee (35 bytes, {@code C1MaxInlineSize}), so that {@link #plainRun}'s loop does
     * not call it for every word. With two locals it took 36 bytes, and C1 called it: reads were
     * 4–6 % slower (docs/performance.md, round 14). {@code PlainJsonInliningTest} holds it within
     * that size.
     */
    static long stops(long word) {
        return (((word ^ QUOTES) - ONES) | ((word ^ BACKSLASHES) - ONES) | (word - SPACES)) & HIGH_BITS;
    }

    /** Whether the next value is {@code null}; consumes it when it is. */
    boolean nullValue() {
        if (peek() == 'n') {
            literal(NULL);
            return true;
        }
        return false;
    }

    /** The next value as a boolean; anything but {@code true} or {@code false} is not plain. */
    boolean bool() {
        byte c = peek();
        if (c == 't') {
            literal(TRUE);
            return true;
        }
        if (c == 'f') {
            literal(FALSE);
            return false;
        }
        throw NotPlain.INSTANCE;
    }

    private void literal(byte[] text) {
        if (pos + text.length > bytes.length
                || !same(bytes, pos, text, 0, text.length)) {
            throw NotPlain.INSTANCE;
        }
        pos += text.length;
    }

    /**
     * Reads a string and answers its closing quote's offset; {@link #lastStringStart()} is then where
     * its content starts, and {@link #lastStringPlain()} whether the content was printable ASCII
     * without escapes. Checks escapes and UTF-8 as Jackson would accept them.
     */
    int stringEnd() {
        expect('"');
        byte[] b = bytes;
        int i = pos;
        boolean plain = true;
        while (true) {
            i = plainRun(b, i);
            if (i >= b.length) {
                throw NotPlain.INSTANCE;
            }
            byte c = b[i];
            if (c == '"') {
                break;
            }
            plain = false;
            if (c == '\\') {
                i = escapeEnd(i);
            } else if (c < 0) {
                i = utf8End(i);
            } else {
                throw NotPlain.INSTANCE; // an unescaped control character
            }
        }
        if (i - pos > MAX_STRING_BYTES) {
            throw NotPlain.INSTANCE;
        }
        lastStringStart = pos;
        pos = i + 1;
        lastStringPlain = plain;
        return i;
    }

    /**
     * {@link #stringEnd} for a member name, within Jackson's limit on names. In names Jackson checks
     * escaped surrogates (hexadecimal escapes of D800 to DFFF) and rejects a lone one, so here only
     * a high one escaped right before a low one is plain.
     */
    int nameEnd() {
        int end = stringEnd();
        if (end - lastStringStart > MAX_NAME_BYTES) {
            throw NotPlain.INSTANCE;
        }
        if (!lastStringPlain) {
            for (int i = lastStringStart; i < end; i++) {
                if (bytes[i] != '\\') {
                    continue;
                }
                if (bytes[i + 1] != 'u') {
                    i++; // a two-byte escape
                    continue;
                }
                char c = unescaped(i);
                if (Character.isHighSurrogate(c)) {
                    if (!(i + 12 <= end && bytes[i + 6] == '\\' && bytes[i + 7] == 'u'
                            && Character.isLowSurrogate(unescaped(i + 6)))) {
                        throw NotPlain.INSTANCE;
                    }
                    i += 11; // the pair
                } else if (Character.isLowSurrogate(c)) {
                    throw NotPlain.INSTANCE;
                } else {
                    i += 5;
                }
            }
        }
        return end;
    }

    int lastStringStart() {
        return lastStringStart;
    }

    boolean lastStringPlain() {
        return lastStringPlain;
    }

    /** Reads a string and decodes it; anything but a string is not plain. */
    String string() {
        int end = stringEnd();
        return text(lastStringStart, end, lastStringPlain);
    }

    /** The content between {@code start} and {@code end} decoded, as {@link #stringEnd} checked it. */
    String text(int start, int end, boolean plain) {
        if (plain) {
            return new String(bytes, start, end - start, StandardCharsets.ISO_8859_1);
        }
        boolean escaped = false;
        for (int i = start; i < end; i++) {
            if (bytes[i] == '\\') {
                escaped = true;
                break;
            }
        }
        if (!escaped) {
            return new String(bytes, start, end - start, StandardCharsets.UTF_8); // well formed: checked
        }
        StringBuilder text = new StringBuilder(end - start);
        int i = start;
        while (i < end) {
            byte c = bytes[i];
            if (c == '\\') {
                text.append(unescaped(i));
                i += bytes[i + 1] == 'u' ? 6 : 2;
            } else if (c >= 0) {
                text.append((char) c);
                i++;
            } else {
                int next = utf8End(i);
                text.append(new String(bytes, i, next - i, StandardCharsets.UTF_8));
                i = next;
            }
        }
        return text.toString();
    }

    /** The offset just past the escape at {@code i}; only JSON's own escapes. */
    private int escapeEnd(int i) {
        if (i + 1 >= bytes.length) {
            throw NotPlain.INSTANCE;
        }
        switch (bytes[i + 1]) {
            case '"':
            case '\\':
            case '/':
            case 'b':
            case 'f':
            case 'n':
            case 'r':
            case 't':
                return i + 2;
            case 'u':
                if (i + 6 > bytes.length) {
                    throw NotPlain.INSTANCE;
                }
                for (int k = i + 2; k < i + 6; k++) {
                    if (hex(bytes[k]) < 0) {
                        throw NotPlain.INSTANCE;
                    }
                }
                return i + 6;
            default:
                throw NotPlain.INSTANCE;
        }
    }

    private char unescaped(int i) {
        switch (bytes[i + 1]) {
            case 'b':
                return '\b';
            case 'f':
                return '\f';
            case 'n':
                return '\n';
            case 'r':
                return '\r';
            case 't':
                return '\t';
            case 'u':
                return (char) (hex(bytes[i + 2]) << 12 | hex(bytes[i + 3]) << 8 | hex(bytes[i + 4]) << 4 | hex(bytes[i + 5]));
            default:
                return (char) bytes[i + 1]; // " \ /
        }
    }

    private static int hex(byte c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /**
     * The offset just past the UTF-8 sequence starting at {@code i}, when it is well formed
     * (Unicode's table 3-7: no overlong forms, no surrogates, nothing above U+10FFFF).
     */
    private int utf8End(int i) {
        int lead = bytes[i] & 0xFF;
        int length;
        int low = 0x80;
        int high = 0xBF;
        if (lead >= 0xC2 && lead <= 0xDF) {
            length = 2;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            length = 3;
            if (lead == 0xE0) {
                low = 0xA0;
            } else if (lead == 0xED) {
                high = 0x9F;
            }
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            length = 4;
            if (lead == 0xF0) {
                low = 0x90;
            } else if (lead == 0xF4) {
                high = 0x8F;
            }
        } else {
            throw NotPlain.INSTANCE;
        }
        if (i + length > bytes.length) {
            throw NotPlain.INSTANCE;
        }
        int second = bytes[i + 1] & 0xFF;
        if (second < low || second > high) {
            throw NotPlain.INSTANCE;
        }
        for (int k = i + 2; k < i + length; k++) {
            if ((bytes[k] & 0xC0) != 0x80) {
                throw NotPlain.INSTANCE;
            }
        }
        return i + length;
    }

    /**
     * Reads a JSON number and answers its end; it started at the offset the caller saw after
     * whitespace. Only JSON's grammar: {@code -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?}.
     */
    int numberEnd() {
        skipWhitespace();
        byte[] b = bytes;
        int start = pos;
        int i = start;
        if (i < b.length && b[i] == '-') {
            i++;
        }
        if (i < b.length && b[i] == '0') {
            i++;
        } else {
            i = digits(i);
        }
        if (i < b.length && b[i] == '.') {
            i = digits(i + 1);
        }
        if (i < b.length && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            if (i < b.length && (b[i] == '+' || b[i] == '-')) {
                i++;
            }
            i = digits(i);
        }
        if (i - start > MAX_NUMBER_LENGTH) {
            throw NotPlain.INSTANCE;
        }
        pos = i;
        return i;
    }

    /** Past one or more digits from {@code i}; none is not plain. */
    private int digits(int i) {
        int start = i;
        while (i < bytes.length && bytes[i] >= '0' && bytes[i] <= '9') {
            i++;
        }
        if (i == start) {
            throw NotPlain.INSTANCE;
        }
        return i;
    }

    /**
     * A JSON number that is an integer of at most 18 digits (so a long holds it, as Jackson's
     * {@code getLongValue} would give it); anything else, a fraction or exponent included, is not
     * plain.
     */
    long wholeNumber() {
        skipWhitespace();
        int start = pos;
        return whole(start, numberEnd());
    }

    /** {@link #wholeNumber()} for the number {@link #numberEnd()} read from {@code start} to {@code end}. */
    long whole(int start, int end) {
        int i = start;
        boolean negative = bytes[i] == '-';
        if (negative) {
            i++;
        }
        if (end - i > 18) {
            throw NotPlain.INSTANCE;
        }
        long value = 0;
        for (; i < end; i++) {
            int digit = bytes[i] - '0';
            if (digit < 0 || digit > 9) {
                throw NotPlain.INSTANCE; // a fraction or an exponent
            }
            value = value * 10 + digit;
        }
        return negative ? -value : value;
    }

    /** Whether the number from {@code start} to {@code end} has a fraction or an exponent. */
    boolean isFloat(int start, int end) {
        for (int i = start; i < end; i++) {
            byte c = bytes[i];
            if (c == '.' || c == 'e' || c == 'E') {
                return true;
            }
        }
        return false;
    }

    /** The number from {@code start} to {@code end}, exactly as written. */
    BigDecimal decimal(int start, int end) {
        return new BigDecimal(new String(bytes, start, end - start, StandardCharsets.ISO_8859_1));
    }

    /**
     * The plain decimal in {@code b} between {@code start} and {@code end} (a string's content): at
     * most 18 digits, an optional minus sign and an optional point, exactly what
     * {@code new BigDecimal(text)} gives (the same unscaled value and scale). Null for anything
     * else, which the caller reads the careful way.
     */
    static BigDecimal plainDecimal(byte[] b, int start, int end) {
        int i = start;
        boolean negative = i < end && b[i] == '-';
        if (negative) {
            i++;
        }
        long unscaled = 0;
        int digits = 0;
        int digitsBeforePoint = -1;
        for (; i < end; i++) {
            int c = b[i];
            int digit = c - '0';
            if (digit >= 0 && digit <= 9) {
                unscaled = unscaled * 10 + digit;
                digits++;
            } else if (c == '.' && digitsBeforePoint < 0) {
                digitsBeforePoint = digits;
            } else {
                return null;
            }
        }
        if (digits == 0 || digits > 18) {
            return null;
        }
        int scale = digitsBeforePoint < 0 ? 0 : digits - digitsBeforePoint;
        return BigDecimal.valueOf(negative ? -unscaled : unscaled, scale);
    }

    /**
     * Moves past one JSON value of any kind, checking it; {@code depth}, at least 1, is the value's
     * nesting.
     *
     * <p>One loop for the whole value, structures included, rather than a call per token: the
     * open structures are bits of a long (set for an array), and a string of plain content is
     * passed over here. Whatever else a string holds (escapes, UTF-8, a control character), a
     * number and a literal go to the methods that read them, which check them as always.
     */
    void skipValue(int depth) {
        byte[] b = bytes;
        int i = pos;
        long arrays = 0; // bit k: the structure opened k-th, counting from 0, is an array
        int open = 0;
        while (true) {
            // A value, at depth + open.
            if (depth + open > MAX_DEPTH) {
                throw NotPlain.INSTANCE;
            }
            i = pastWhitespace(b, i);
            byte c = i < b.length ? b[i] : 0;
            if (c == '"') {
                i = stringSkipped(b, i, false);
            } else if (c == '{' || c == '[') {
                i = pastWhitespace(b, i + 1);
                byte close = c == '{' ? (byte) '}' : (byte) ']';
                if (i < b.length && b[i] == close) {
                    i++; // empty
                } else {
                    if (c == '[') {
                        arrays |= 1L << open;
                    } else {
                        arrays &= ~(1L << open);
                        // A first member: try a one-byte type descriptor, "S":, first (not
                        // after a comma, where attribute names come).
                        int end = pastOneByteName(b, i);
                        i = end >= 0 ? end : memberNameSkipped(b, i);
                    }
                    open++;
                    continue;
                }
            } else {
                pos = i;
                skipScalar(c);
                i = pos;
            }
            // After a value: a comma and the next, or the end of one or more structures.
            while (true) {
                if (open == 0) {
                    pos = i;
                    return;
                }
                i = pastWhitespace(b, i);
                boolean array = (arrays & (1L << (open - 1))) != 0;
                c = i < b.length ? b[i] : 0;
                i++;
                if (c == ',') {
                    if (!array) {
                        i = memberNameSkipped(b, pastWhitespace(b, i));
                    }
                    break;
                }
                if (c != (array ? ']' : '}')) {
                    throw NotPlain.INSTANCE;
                }
                open--;
            }
        }
    }

    /**
     * Past a member's name at {@code i}, whitespace and its colon. 34 bytes of bytecode: C1 inlines
     * it into {@link #skipValue} ({@code PlainJsonInliningTest} holds it within 35).
     */
    private int memberNameSkipped(byte[] b, int i) {
        i = pastWhitespace(b, stringSkipped(b, i, true));
        if (i < b.length && b[i] == ':') {
            return i + 1;
        }
        throw NotPlain.INSTANCE;
    }

    /**
     * Past the string, a member's name or a value, that starts at {@code i}. Plain content within
     * Jackson's limit is passed over here; anything else goes to {@link #nameEnd} or
     * {@link #stringEnd}, which check it.
     */
    private int stringSkipped(byte[] b, int i, boolean name) {
        if (i < b.length && b[i] == '"') {
            int end = plainRun(b, i + 1);
            if (end < b.length && b[end] == '"' && end - i - 1 <= (name ? MAX_NAME_BYTES : MAX_STRING_BYTES)) {
                return end + 1;
            }
        }
        pos = i;
        if (name) {
            nameEnd();
        } else {
            stringEnd();
        }
        return pos;
    }

    /**
     * Past a member name of one byte and its colon, when one is at {@code i} with nothing between:
     * {@code "S":}, as the type descriptor of every attribute value but a set, a boolean and a null
     * is written (about a third of an image's strings: a name, a descriptor, a value). Such a
     * name is passed without {@link #plainRun}. Answers -1 for any other name, or the same with
     * whitespace before its colon, which then takes the general way to the same offset. The byte
     * must be plain content ({@link #plainByte}).
     */
    private static int pastOneByteName(byte[] b, int i) {
        if (i + 3 < b.length && b[i] == '"' && b[i + 2] == '"' && b[i + 3] == ':' && plainByte(b[i + 1])) {
            return i + 4;
        }
        return -1;
    }

    /**
     * {@link #pastOneByteName} at {@link #pos}: when it finds one, moves past the name and its colon
     * and answers the name's offset; otherwise answers -1 and consumes nothing.
     */
    int oneByteNameColon() {
        int end = pastOneByteName(bytes, pos);
        if (end < 0) {
            return -1;
        }
        pos = end;
        return end - 3;
    }

    /**
     * Past any whitespace at {@code i}; small enough for C1 to inline two levels down, into
     * {@link #skipWhitespace} and {@link #memberNameSkipped} where they are inlined themselves.
     */
    private static int pastWhitespace(byte[] b, int i) {
        return i < b.length && b[i] <= ' ' ? whitespaceEnd(b, i) : i;
    }

    /** Past a number or a literal starting with {@code c} at {@link #pos}. */
    private void skipScalar(byte c) {
        switch (c) {
            case 't':
                literal(TRUE);
                return;
            case 'f':
                literal(FALSE);
                return;
            case 'n':
                literal(NULL);
                return;
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    numberEnd();
                    return;
                }
                throw NotPlain.INSTANCE;
        }
    }

    /**
     * Whether {@code length} bytes of {@code a} from {@code at} equal those of {@code b} from
     * {@code from}; both ranges lie within their arrays. Eight bytes at a time, then one at a time:
     * for the short names and values compared here that beats
     * {@link Arrays#equals(byte[], int, int, byte[], int, int)} under C1, whose range checks and
     * vectorized mismatch cost more than the few bytes.
     */
    static boolean same(byte[] a, int at, byte[] b, int from, int length) {
        int i = 0;
        for (; i + Long.BYTES <= length; i += Long.BYTES) {
            if ((long) WORDS.get(a, at + i) != (long) WORDS.get(b, from + i)) {
                return false;
            }
        }
        for (; i < length; i++) {
            if (a[at + i] != b[from + i]) {
                return false;
            }
        }
        return true;
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
