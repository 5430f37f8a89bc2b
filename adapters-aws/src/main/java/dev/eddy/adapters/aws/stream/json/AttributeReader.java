package dev.eddy.adapters.aws.stream.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import dev.eddy.adapters.aws.stream.NumberLiterals;
import dev.eddy.adapters.aws.stream.UnreadableAttribute;
import dev.eddy.domain.AttributeMap;
import dev.eddy.domain.Bytes;
import dev.eddy.domain.InvalidValueException;
import dev.eddy.domain.Value;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;

/**
 * Reads typed DynamoDB JSON ({@code {"S": "..."}}, {@code {"M": {...}}}, ...) from the parser
 * straight into domain {@link Value}s, at any depth, with the reference mapper's rules and
 * problem texts. A value that cannot be read raises {@link UnreadableAttribute}; the parser is then left
 * somewhere inside the value, and the caller skips to the end of the enclosing structure with
 * {@link #skipTo(JsonParser, JsonStreamContext)}.
 *
 * <p>Its builders ({@link ValueScratch}) are reused for the whole event. One reader per event,
 * never shared between threads.
 */
final class AttributeReader {
    private static final int S = 1;
    private static final int N = 1 << 1;
    private static final int B = 1 << 2;
    private static final int BOOL = 1 << 3;
    private static final int NULL = 1 << 4;
    private static final int L = 1 << 5;
    private static final int M = 1 << 6;
    private static final int SS = 1 << 7;
    private static final int NS = 1 << 8;
    private static final int BS = 1 << 9;
    private static final String[] TYPE_NAMES = {"S", "N", "B", "BOOL", "NULL", "L", "M", "SS", "NS", "BS"};

    private final EventBytes bytes;
    private final ValueScratch scratch = new ValueScratch();
    private int depth;

    AttributeReader(EventBytes bytes) {
        this.bytes = bytes;
    }

    /**
     * Reads an attribute map (an image, a key or an M value), the parser at its START_OBJECT, up
     * to and including its END_OBJECT. The domain takes the map as it is, without copying it.
     */
    AttributeMap attributes(JsonParser parser) throws IOException {
        AttributeMap.Builder map = scratch.map(depth);
        depth++;
        try {
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                Value value;
                try {
                    value = value(parser, parser.nextToken());
                } catch (UnreadableAttribute e) {
                    throw e.inMember(name);
                }
                if (!map.add(name, value)) {
                    throw new UnreadableAttribute("attribute name appears more than once").inMember(name);
                }
            }
            return map.build();
        } finally {
            depth--;
        }
    }

    /** One attribute value, the parser at its first token. */
    private Value value(JsonParser parser, JsonToken token) throws IOException {
        if (token == JsonToken.VALUE_NULL) {
            throw new UnreadableAttribute("attribute value is null");
        }
        if (token != JsonToken.START_OBJECT) {
            parser.skipChildren();
            throw new UnreadableAttribute("attribute value is not a JSON object");
        }
        int present = 0;
        int seen = 0;
        int count = 0;
        boolean repeated = false;
        Value value = null;
        UnreadableAttribute problem = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            int type = type(parser.currentName());
            JsonStreamContext owner = parser.getParsingContext();
            JsonToken first = parser.nextToken();
            if (type == 0) {
                parser.skipChildren(); // not a type descriptor: ignored, as the runtime does
                continue;
            }
            repeated |= (seen & type) != 0;
            seen |= type;
            if (first == JsonToken.VALUE_NULL) {
                continue; // a type set to null is not set
            }
            present |= type;
            count++;
            if (count > 1) {
                parser.skipChildren(); // several types: unreadable whatever the content
                continue;
            }
            try {
                value = typed(parser, first, type);
            } catch (UnreadableAttribute e) {
                skipTo(parser, owner);
                problem = e;
            }
        }
        if (repeated) {
            throw new UnreadableAttribute("a type descriptor appears more than once; expected exactly one");
        }
        if (count == 0) {
            throw new UnreadableAttribute("no type set (expected one of S, N, B, BOOL, NULL, L, M, SS, NS, BS)");
        }
        if (count > 1) {
            throw new UnreadableAttribute("several types set (" + names(present) + "); expected exactly one");
        }
        if (problem != null) {
            throw problem;
        }
        return value;
    }

    private Value typed(JsonParser parser, JsonToken token, int type) throws IOException {
        switch (type) {
            case S:
                return Value.of(scalarText(parser, token, "S value"));
            case N:
                scalarText(parser, token, null, "N value");
                return number(parser, "N value");
            case B:
                return new Value.Bin(binary(parser, token, "B value"));
            case BOOL:
                return Value.of(bool(parser, token, "BOOL value"));
            case NULL:
                if (!bool(parser, token, "NULL value")) {
                    throw new UnreadableAttribute("NULL must be true");
                }
                return Value.nul();
            case L:
                return list(parser, token);
            case M:
                if (token != JsonToken.START_OBJECT) {
                    parser.skipChildren();
                    throw new UnreadableAttribute("M value is not a JSON object");
                }
                return new Value.MapValue(attributes(parser));
            case SS:
                return stringSet(parser, token);
            case NS:
                return numberSet(parser, token);
            default:
                return binarySet(parser, token);
        }
    }

    private Value.ListValue list(JsonParser parser, JsonToken token) throws IOException {
        requireArray(parser, token, "L value");
        List<Value> list = scratch.list(depth);
        depth++;
        try {
            JsonToken element;
            for (int i = 0; (element = parser.nextToken()) != JsonToken.END_ARRAY; i++) {
                try {
                    list.add(value(parser, element));
                } catch (UnreadableAttribute e) {
                    throw e.inElement(i);
                }
            }
            return new Value.ListValue(list);
        } finally {
            depth--;
        }
    }

    /** Empty sets cannot exist in DynamoDB, but public samples carry them: they read as empty sets. */
    private Value.StringSet stringSet(JsonParser parser, JsonToken token) throws IOException {
        requireArray(parser, token, "SS value");
        scratch.strings.clear();
        JsonToken element;
        for (int i = 0; (element = parser.nextToken()) != JsonToken.END_ARRAY; i++) {
            if (element == JsonToken.VALUE_NULL) {
                throw new UnreadableAttribute("SS element is null").inElement(i);
            }
            try {
                scratch.strings.add(scalarText(parser, element, "SS element"));
            } catch (UnreadableAttribute e) {
                throw e.inElement(i);
            }
        }
        return new Value.StringSet(scratch.strings);
    }

    private Value.NumberSet numberSet(JsonParser parser, JsonToken token) throws IOException {
        requireArray(parser, token, "NS value");
        scratch.numbers.clear();
        JsonToken element;
        for (int i = 0; (element = parser.nextToken()) != JsonToken.END_ARRAY; i++) {
            try {
                scalarText(parser, element, "NS element is null", "NS element");
                scratch.numbers.add(number(parser, "NS element"));
            } catch (UnreadableAttribute e) {
                throw e.inElement(i);
            }
        }
        return new Value.NumberSet(scratch.numbers);
    }

    private Value.BinarySet binarySet(JsonParser parser, JsonToken token) throws IOException {
        requireArray(parser, token, "BS value");
        scratch.binaries.clear();
        JsonToken element;
        for (int i = 0; (element = parser.nextToken()) != JsonToken.END_ARRAY; i++) {
            if (element == JsonToken.VALUE_NULL) {
                throw new UnreadableAttribute("BS element is null").inElement(i);
            }
            try {
                scratch.binaries.add(binary(parser, element, "BS element"));
            } catch (UnreadableAttribute e) {
                throw e.inElement(i);
            }
        }
        return new Value.BinarySet(scratch.binaries);
    }

    /**
     * A DynamoDB number from the event's bytes when it is a plain literal of at most 18 digits, else
     * from the current token's characters: no String on the happy path. The
     * reference reads the literal with {@code Value.Num.parse}, which trims it first; the slow path
     * does exactly that, so a literal with spaces around it reads the same.
     */
    private Value.Num number(JsonParser parser, String what) throws IOException {
        BigDecimal plain = bytes.decimal(parser);
        if (plain != null) {
            try {
                return new Value.Num(plain); // at most 18 digits: always within DynamoDB's range
            } catch (InvalidValueException e) {
                // Read it the careful way below, which names the problem.
            }
        }
        int length = parser.getTextLength();
        if (length > NumberLiterals.MAX_LENGTH) {
            throw new UnreadableAttribute(NumberLiterals.tooLong(what, length));
        }
        char[] chars = parser.getTextCharacters();
        int offset = parser.getTextOffset();
        try {
            if (!NumberLiterals.isAsciiNumberText(chars, offset, length)) {
                throw new NumberFormatException("not ASCII number text");
            }
            return new Value.Num(new BigDecimal(chars, offset, length));
        } catch (NumberFormatException | InvalidValueException e) {
            String literal = parser.getText();
            try {
                return Value.Num.parse(literal);
            } catch (InvalidValueException notANumber) {
                throw new UnreadableAttribute(what + " " + NumberLiterals.whyNotANumber(literal));
            }
        }
    }

    private Bytes binary(JsonParser parser, JsonToken token, String what) throws IOException {
        if (token != JsonToken.VALUE_STRING) {
            parser.skipChildren();
            throw new UnreadableAttribute(what + " is not a base64 string");
        }
        int quote = this.bytes.quote(parser);
        int end = this.bytes.plainEnd(quote);
        byte[] bytes = end >= 0
                ? Base64Chars.decode(this.bytes.event(), quote + 1, end - quote - 1)
                : Base64Chars.decode(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
        if (bytes == null) {
            throw new UnreadableAttribute(what + " is not valid base64");
        }
        return Bytes.of(bytes);
    }

    private static boolean bool(JsonParser parser, JsonToken token, String what) throws IOException {
        if (token == JsonToken.VALUE_TRUE) {
            return true;
        }
        if (token == JsonToken.VALUE_FALSE) {
            return false;
        }
        parser.skipChildren();
        throw new UnreadableAttribute(what + " is not true or false");
    }

    /** The text of a scalar token, as the runtime's String fields take it (numbers and booleans too). */
    private String scalarText(JsonParser parser, JsonToken token, String what) throws IOException {
        scalarText(parser, token, null, what);
        String plain = token == JsonToken.VALUE_STRING ? bytes.text(parser) : null;
        return plain != null ? plain : parser.getText();
    }

    /** Checks that the token is a scalar holding text; {@code whenNull} is the problem for a JSON null. */
    private static void scalarText(JsonParser parser, JsonToken token, String whenNull, String what)
            throws IOException {
        if (token == JsonToken.VALUE_NULL && whenNull != null) {
            throw new UnreadableAttribute(whenNull);
        }
        if (!token.isScalarValue() || token == JsonToken.VALUE_NULL) {
            parser.skipChildren();
            throw new UnreadableAttribute(what + " is not a string");
        }
    }

    private static void requireArray(JsonParser parser, JsonToken token, String what) throws IOException {
        if (token != JsonToken.START_ARRAY) {
            parser.skipChildren();
            throw new UnreadableAttribute(what + " is not a JSON array");
        }
    }

    /** Advances the parser until it is back in {@code context}: past the rest of a value that failed. */
    static void skipTo(JsonParser parser, JsonStreamContext context) throws IOException {
        while (parser.getParsingContext() != context) {
            if (parser.nextToken() == null) {
                throw new MalformedEventException("event JSON ends inside a record");
            }
        }
    }

    /** The type descriptor's bit, or 0; by length and letters, without hashing the name. */
    private static int type(String name) {
        switch (name.length()) {
            case 1:
                switch (name.charAt(0)) {
                    case 'S':
                        return S;
                    case 'N':
                        return N;
                    case 'B':
                        return B;
                    case 'L':
                        return L;
                    case 'M':
                        return M;
                    default:
                        return 0;
                }
            case 2:
                if (name.charAt(1) != 'S') {
                    return 0;
                }
                switch (name.charAt(0)) {
                    case 'S':
                        return SS;
                    case 'N':
                        return NS;
                    case 'B':
                        return BS;
                    default:
                        return 0;
                }
            case 4:
                return name.equals("BOOL") ? BOOL : name.equals("NULL") ? NULL : 0;
            default:
                return 0;
        }
    }

    /** The types in the mask, in the reference mapper's order: {@code S, N}. */
    private static String names(int mask) {
        StringBuilder names = new StringBuilder();
        for (int i = 0; i < TYPE_NAMES.length; i++) {
            if ((mask & (1 << i)) != 0) {
                if (names.length() > 0) {
                    names.append(", ");
                }
                names.append(TYPE_NAMES[i]);
            }
        }
        return names.toString();
    }
}
