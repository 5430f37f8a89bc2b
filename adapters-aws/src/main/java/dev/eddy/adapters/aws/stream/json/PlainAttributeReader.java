package dev.eddy.adapters.aws.stream.json;

import dev.eddy.adapters.aws.stream.NumberLiterals;
import dev.eddy.domain.AttributeMap;
import dev.eddy.domain.Bytes;
import dev.eddy.domain.InvalidValueException;
import dev.eddy.domain.Value;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Reads typed DynamoDB JSON from a {@link PlainJson} cursor into domain {@link Value}s: the
 * happy path of {@link AttributeReader}, with the same values, for the attribute values every
 * real image is made of. Anything {@code AttributeReader} would report as unreadable (no type,
 * several types, a null where a value belongs, a string that is no number, bad base64, a repeated
 * name) and anything it reads by a rarer route (a number or boolean taken as text) is
 * {@link PlainJson.NotPlain} here: the caller then reads the record with Jackson, and
 * {@code AttributeReader} says what is wrong in its own words.
 *
 * <p>Member names that recur from record to record (attribute names) are made into Strings once
 * per event and reused. Builders ({@link ValueScratch}) are reused for the whole event, as in {@code AttributeReader}. One
 * reader per event; not thread-safe.
 */
final class PlainAttributeReader {
    /** Attribute maps nested deeper than this are left to Jackson (DynamoDB allows 32 levels). */
    static final int MAX_DEPTH = 28;

    private final PlainJson json;
    private final byte[] bytes;
    private final Names names;
    private final ValueScratch scratch = new ValueScratch();
    private int depth;

    PlainAttributeReader(PlainJson json) {
        this.json = json;
        this.bytes = json.bytes;
        this.names = new Names(bytes);
    }

    /** An attribute map: an image, a key or an M value, the cursor before its opening brace. */
    AttributeMap attributes() {
        if (depth >= MAX_DEPTH) {
            throw PlainJson.NotPlain.INSTANCE;
        }
        json.expect('{');
        AttributeMap.Builder map = scratch.map(depth);
        depth++;
        try {
            if (!json.endOf('}')) {
                do {
                    String name = name();
                    json.expectColon();
                    if (!map.add(name, value())) {
                        throw PlainJson.NotPlain.INSTANCE; // a repeated name: AttributeReader names it
                    }
                } while (json.nextIn('}'));
            }
            return map.build();
        } finally {
            depth--;
        }
    }

    private String name() {
        int end = json.nameEnd();
        int start = json.lastStringStart();
        return json.lastStringPlain() ? names.of(start, end) : json.text(start, end, false);
    }

    /** One attribute value: an object with exactly one type descriptor, set. */
    private Value value() {
        json.expect('{');
        int start = json.oneByteNameColon(); // "S":, the common case
        int length = 1;
        if (start < 0) {
            start = json.plainNameStart();
            length = json.pos - 1 - start;
            json.expectColon();
        }
        Value value = typed(start, length);
        if (json.nextIn('}')) {
            throw PlainJson.NotPlain.INSTANCE; // a second member
        }
        return value;
    }

    private Value typed(int name, int length) {
        byte first = length > 0 ? bytes[name] : 0;
        if (length == 1) {
            switch (first) {
                case 'S':
                    return Value.of(json.string());
                case 'N':
                    return number();
                case 'B':
                    return new Value.Bin(binary());
                case 'L':
                    return list();
                case 'M':
                    return new Value.MapValue(attributes());
                default:
                    throw PlainJson.NotPlain.INSTANCE;
            }
        }
        if (length == 2 && bytes[name + 1] == 'S') {
            switch (first) {
                case 'S':
                    return stringSet();
                case 'N':
                    return numberSet();
                case 'B':
                    return binarySet();
                default:
                    throw PlainJson.NotPlain.INSTANCE;
            }
        }
        if (length == 4 && is(name, BOOL)) {
            return Value.of(json.bool());
        }
        if (length == 4 && is(name, NULL)) {
            if (!json.bool()) {
                throw PlainJson.NotPlain.INSTANCE;
            }
            return Value.nul();
        }
        throw PlainJson.NotPlain.INSTANCE;
    }

    private static final byte[] BOOL = PlainJson.ascii("BOOL");
    private static final byte[] NULL = PlainJson.ascii("NULL");

    private boolean is(int at, byte[] ascii) {
        return PlainJson.same(bytes, at, ascii, 0, ascii.length);
    }

    /**
     * A DynamoDB number, read as {@link AttributeReader} reads it: a plain literal of at most 18
     * digits straight from the bytes, anything else from its text by the same steps.
     */
    private Value.Num number() {
        int end = json.stringEnd();
        int start = json.lastStringStart();
        boolean plain = json.lastStringPlain();
        BigDecimal decimal = plain ? PlainJson.plainDecimal(bytes, start, end) : null;
        if (decimal != null) {
            try {
                return new Value.Num(decimal);
            } catch (InvalidValueException e) {
                throw PlainJson.NotPlain.INSTANCE;
            }
        }
        String literal = json.text(start, end, plain);
        if (literal.length() > NumberLiterals.MAX_LENGTH) {
            throw PlainJson.NotPlain.INSTANCE;
        }
        try {
            if (!NumberLiterals.isAsciiNumberText(literal, 0, literal.length())) {
                throw new NumberFormatException("not ASCII number text");
            }
            return new Value.Num(new BigDecimal(literal));
        } catch (NumberFormatException | InvalidValueException e) {
            try {
                return Value.Num.parse(literal);
            } catch (InvalidValueException notANumber) {
                throw PlainJson.NotPlain.INSTANCE;
            }
        }
    }

    private Bytes binary() {
        int end = json.stringEnd();
        int start = json.lastStringStart();
        byte[] decoded = json.lastStringPlain() ? Base64Chars.decode(bytes, start, end - start) : null;
        if (decoded == null) {
            throw PlainJson.NotPlain.INSTANCE;
        }
        return Bytes.of(decoded);
    }

    private Value.ListValue list() {
        if (depth >= MAX_DEPTH) {
            throw PlainJson.NotPlain.INSTANCE;
        }
        json.expect('[');
        List<Value> list = scratch.list(depth);
        depth++;
        try {
            if (!json.endOf(']')) {
                do {
                    list.add(value());
                } while (json.nextIn(']'));
            }
            return new Value.ListValue(list);
        } finally {
            depth--;
        }
    }

    private Value.StringSet stringSet() {
        json.expect('[');
        scratch.strings.clear();
        if (!json.endOf(']')) {
            do {
                scratch.strings.add(json.string());
            } while (json.nextIn(']'));
        }
        return new Value.StringSet(scratch.strings);
    }

    private Value.NumberSet numberSet() {
        json.expect('[');
        scratch.numbers.clear();
        if (!json.endOf(']')) {
            do {
                scratch.numbers.add(number());
            } while (json.nextIn(']'));
        }
        return new Value.NumberSet(scratch.numbers);
    }

    private Value.BinarySet binarySet() {
        json.expect('[');
        scratch.binaries.clear();
        if (!json.endOf(']')) {
            do {
                scratch.binaries.add(binary());
            } while (json.nextIn(']'));
        }
        return new Value.BinarySet(scratch.binaries);
    }

    /**
     * Printable-ASCII names made into Strings once per event: an open-addressing table of the
     * offsets where each name first appeared in the event, compared byte by byte. When the table is
     * full, further names are simply made anew.
     */
    static final class Names {
        private static final int SLOTS = 1 << 10;
        private static final int MAX_NAMES = SLOTS / 2;

        private final byte[] event;
        private final int[] starts = new int[SLOTS];
        private final int[] lengths = new int[SLOTS];
        private final String[] strings = new String[SLOTS];
        private int count;

        Names(byte[] event) {
            this.event = event;
        }

        String of(int start, int end) {
            int length = end - start;
            int hash = length;
            for (int i = start; i < end; i++) {
                hash = 31 * hash + event[i];
            }
            int slot = (hash ^ (hash >>> 16)) & (SLOTS - 1);
            while (true) {
                String known = strings[slot];
                if (known == null) {
                    String name = new String(event, start, length, StandardCharsets.ISO_8859_1);
                    if (count < MAX_NAMES) {
                        starts[slot] = start;
                        lengths[slot] = length;
                        strings[slot] = name;
                        count++;
                    }
                    return name;
                }
                if (lengths[slot] == length
                        && PlainJson.same(event, starts[slot], event, start, length)) {
                    return known;
                }
                slot = (slot + 1) & (SLOTS - 1);
            }
        }
    }
}
