package dev.eddy.adapters.aws.stream.json;

import static dev.eddy.adapters.aws.stream.RecordTexts.MAX_SHOWN_ARN;
import static dev.eddy.adapters.aws.stream.RecordTexts.MAX_SHOWN_NAME;
import static dev.eddy.adapters.aws.stream.RecordTexts.isDigits;
import static dev.eddy.adapters.aws.stream.RecordTexts.quoted;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import dev.eddy.adapters.aws.stream.NumberLiterals;
import dev.eddy.adapters.aws.stream.StreamArns;
import dev.eddy.adapters.aws.stream.UnreadableAttribute;
import dev.eddy.application.RawRecord;
import dev.eddy.application.RecordRef;
import dev.eddy.application.StreamRecord;
import dev.eddy.domain.Change;
import dev.eddy.domain.InvalidValueException;
import dev.eddy.domain.Item;
import dev.eddy.domain.ItemKey;
import dev.eddy.domain.SourcePosition;
import dev.eddy.domain.StreamView;
import dev.eddy.domain.Value;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * Reads one stream record after another from the parser into {@link StreamRecord}s. It collects
 * the record's fields in whatever order they come, then checks them in the reference mapper's
 * order, so that a record with several problems is reported with the same one. Images are read
 * into domain values while they stream by.
 *
 * <p>{@link #readPlain} fills the same fields straight from the event's bytes when the record is
 * plain ({@link PlainJson}, {@link PlainAttributeReader}) and checks them by the same code; it
 * leaves anything else, every problem included, to the parser's path, so problems are worded in
 * one place.
 *
 * <p>One reader per event: it reuses its scratch state from record to record and remembers the
 * last eventSourceARN (every record of a batch comes from the same stream). Not thread-safe.
 */
final class RecordReader {
    private static final String TTL_IDENTITY_TYPE = "Service";
    private static final String TTL_PRINCIPAL = "dynamodb.amazonaws.com";
    /** String values compared without making Strings of them. */
    private static final Text[] EVENT_NAMES = Text.of("INSERT", "MODIFY", "REMOVE");
    private static final Text[] PRECISIONS = Text.of("MILLISECOND", "MICROSECOND");
    private static final Text[] VIEWS = Text.of("NEW_AND_OLD_IMAGES", "NEW_IMAGE", "OLD_IMAGE", "KEYS_ONLY");
    private static final Text[] TTL_IDENTITY_TYPE_TEXT = Text.of(TTL_IDENTITY_TYPE);
    private static final Text[] TTL_PRINCIPAL_TEXT = Text.of(TTL_PRINCIPAL);
    /** 1E+2147483647, the largest power of ten BigDecimal holds. */
    private static final BigDecimal LARGEST_EXPONENT = BigDecimal.ONE.scaleByPowerOfTen(Integer.MAX_VALUE);

    private static final int INSERT = 1;
    private static final int MODIFY = 2;
    private static final int REMOVE = 3;
    private static final int UNKNOWN_EVENT = -1;

    private static final int CREATED_ABSENT = 0;
    private static final int CREATED_WHOLE = 1;
    private static final int CREATED_DECIMAL = 2;
    private static final int CREATED_BAD = 3;

    private final byte[] event;
    private final EventBytes bytes;
    private final AttributeReader attributes;
    private final PlainJson plain;
    private final PlainAttributeReader plainAttributes;

    private String lastArn;
    private char[] lastArnChars;
    /** Where the last ARN's plain literal is in the event (quotes included), or -1. */
    private int lastArnQuote = -1;
    private int lastArnLength;
    private String lastTable;

    // The record being read.
    private String shapeProblem;
    private String eventId;
    private int eventName;
    private String unknownEventName;
    private String arn;
    private String table;
    private boolean ttlIdentity;
    private boolean dynamodb;
    private String sequenceNumber;
    private int createdForm;
    private long createdWhole;
    private BigDecimal createdDecimal;
    private String createdProblem;
    private int precision;
    private String precisionProblem;
    private boolean keysPresent;
    private ItemKey keys;
    private String keysProblem;
    private Item newImage;
    private String newImageProblem;
    private Item oldImage;
    private String oldImageProblem;
    private long sizeBytes;
    private String sizeProblem;
    private StreamView view;
    private String viewProblem;

    RecordReader(byte[] event) {
        this.event = event;
        this.bytes = new EventBytes(event);
        this.attributes = new AttributeReader(bytes);
        this.plain = new PlainJson(event);
        this.plainAttributes = new PlainAttributeReader(plain);
    }

    /**
     * Reads the record whose START_OBJECT is the parser's current token, through its END_OBJECT.
     * Never throws for a bad record; only a parser failure (the event is not JSON) escapes.
     */
    StreamRecord read(JsonParser parser, JsonStreamContext records) throws IOException {
        int start = bytes.tokenStart(parser, (byte) '{');
        boolean offsetsHold = start >= 0;
        if (!offsetsHold) {
            start = (int) parser.currentTokenLocation().getByteOffset();
        }
        clearRecord();
        String unexpected = null;
        try {
            readRecord(parser);
        } catch (MalformedEventException e) {
            throw e;
        } catch (RuntimeException e) {
            // Last line of defence: a poison record must never escape as an exception and block the shard.
            AttributeReader.skipTo(parser, records);
            unexpected = "unexpected " + e.getClass().getSimpleName() + " while reading the record";
        }
        int end = offsetsHold && parser.currentToken() == JsonToken.END_OBJECT
                ? bytes.tokenStart(parser, (byte) '}') + 1 // just past the record's closing brace, where the parser stands
                : -1;
        if (end <= 0) {
            end = (int) parser.currentLocation().getByteOffset();
        }
        RawRecord raw = new RawRecordSlice(event, start, end - start);
        if (unexpected != null) {
            return unreadable(unexpected, raw);
        }
        return checked(raw);
    }

    /** The record read so far, checked; never throws. */
    private StreamRecord checked(RawRecord raw) {
        try {
            return toStreamRecord(raw);
        } catch (InvalidValueException e) {
            // A domain invariant the checks above did not foresee; domain messages name no item values.
            return unreadable(e.getMessage(), raw);
        } catch (RuntimeException e) {
            return unreadable("unexpected " + e.getClass().getSimpleName() + " while reading the record", raw);
        }
    }

    /** A record that is not a JSON object: {@code null}, a number, an array... */
    StreamRecord notAnObject(JsonParser parser, JsonToken token) throws IOException {
        int start = (int) parser.currentTokenLocation().getByteOffset();
        String problem = token == JsonToken.VALUE_NULL ? "record is null" : "record is not a JSON object";
        if (token.isStructStart()) {
            parser.skipChildren();
        } else {
            parser.getTextLength(); // reads the whole token, so that the location is past it
        }
        int end = (int) parser.currentLocation().getByteOffset();
        return new StreamRecord.Unreadable(new RecordRef(null, null), problem, new RawRecordSlice(event, start, end - start));
    }

    /**
     * Reads the record between {@code start} and {@code end}, one whole JSON value, straight from
     * the event's bytes ({@link PlainJson}), into the same fields {@link #read} fills from the
     * parser, and checks them the same way. Answers null when the record is not plain: not an
     * object, or holding anything the byte reader leaves to Jackson (a problem to report, a number
     * where text belongs, a repeated field...). The caller then reads it with a parser over the
     * span, which gives the same record or names the problem. Never throws.
     */
    StreamRecord readPlain(int start, int end) {
        StreamRecord record = readPlain(start);
        return record != null && plainEnd() == end ? record : null;
    }

    /**
     * {@link #readPlain(int, int)} for a record whose end is not known yet: it is
     * {@link #plainEnd()} after a record was read.
     */
    StreamRecord readPlain(int start) {
        clearRecord();
        plain.pos = start;
        try {
            if (plain.peek() != '{') {
                return null;
            }
            plainRecord();
        } catch (RuntimeException e) {
            // NotPlain, the end of the bytes (see PlainJson), or anything unforeseen: the parser's
            // path reports it.
            return null;
        }
        return checked(new RawRecordSlice(event, start, plain.pos - start));
    }

    /** Just past the record {@link #readPlain(int)} read last. */
    int plainEnd() {
        return plain.pos;
    }

    private static final byte[] EVENT_ID = PlainJson.ascii("eventID");
    private static final byte[] EVENT_NAME = PlainJson.ascii("eventName");
    private static final byte[] EVENT_SOURCE_ARN = PlainJson.ascii("eventSourceARN");
    private static final byte[] USER_IDENTITY = PlainJson.ascii("userIdentity");
    private static final byte[] DYNAMODB = PlainJson.ascii("dynamodb");
    private static final byte[][] RECORD_FIELDS = {EVENT_ID, EVENT_NAME, EVENT_SOURCE_ARN, USER_IDENTITY, DYNAMODB};
    private static final byte[][] IDENTITY_FIELDS = {PlainJson.ascii("type"), PlainJson.ascii("principalId")};
    private static final byte[][] DYNAMODB_FIELDS = {
        PlainJson.ascii("ApproximateCreationDateTime"), PlainJson.ascii("ApproximateCreationDateTimePrecision"),
        PlainJson.ascii("Keys"), PlainJson.ascii("NewImage"), PlainJson.ascii("OldImage"),
        PlainJson.ascii("SequenceNumber"), PlainJson.ascii("SizeBytes"), PlainJson.ascii("StreamViewType"),
    };

    private void plainRecord() {
        plain.expect('{');
        if (plain.endOf('}')) {
            return;
        }
        int seen = 0;
        do {
            int field = plainField(RECORD_FIELDS);
            seen = once(seen, field);
            switch (field) {
                case 0:
                    eventId = plainText();
                    break;
                case 1:
                    eventName = plainWhich(EVENT_NAMES) + 1;
                    if (eventName == 0) {
                        throw PlainJson.NotPlain.INSTANCE; // unknown or null: the parser's path words it
                    }
                    break;
                case 2:
                    plainArn();
                    break;
                case 3:
                    plainUserIdentity();
                    break;
                case 4:
                    plainDynamodb();
                    break;
                default:
                    plain.skipValue(4);
            }
        } while (plain.nextIn('}'));
    }

    private void plainUserIdentity() {
        if (plain.nullValue()) {
            return;
        }
        plain.expect('{');
        boolean service = false;
        boolean dynamodbPrincipal = false;
        if (!plain.endOf('}')) {
            int seen = 0;
            do {
                int field = plainField(IDENTITY_FIELDS);
                seen = once(seen, field);
                if (field == 0) {
                    service = !plain.nullValue() && plainWhich(TTL_IDENTITY_TYPE_TEXT) == 0;
                } else if (field == 1) {
                    dynamodbPrincipal = !plain.nullValue() && plainWhich(TTL_PRINCIPAL_TEXT) == 0;
                } else {
                    plain.skipValue(5);
                }
            } while (plain.nextIn('}'));
        }
        ttlIdentity = service && dynamodbPrincipal;
    }

    private void plainDynamodb() {
        if (plain.nullValue()) {
            return;
        }
        plain.expect('{');
        clearDynamodb(true);
        if (plain.endOf('}')) {
            return;
        }
        int seen = 0;
        do {
            int field = plainField(DYNAMODB_FIELDS);
            seen = once(seen, field);
            switch (field) {
                case 0:
                    plainCreationTime();
                    break;
                case 1:
                    if (!plain.nullValue()) {
                        int which = plainWhich(PRECISIONS);
                        if (which < 0) {
                            throw PlainJson.NotPlain.INSTANCE;
                        }
                        precision = precision(which);
                    }
                    break;
                case 2:
                    keysPresent = !plain.nullValue();
                    if (keysPresent) {
                        Map<String, Value> key = plainAttributes.attributes();
                        keys = key.isEmpty() ? null : ItemKey.of(key);
                    }
                    break;
                case 3:
                    newImage = plain.nullValue() ? null : Item.of(plainAttributes.attributes());
                    break;
                case 4:
                    oldImage = plain.nullValue() ? null : Item.of(plainAttributes.attributes());
                    break;
                case 5:
                    sequenceNumber = plainText();
                    break;
                case 6:
                    sizeBytes = plain.nullValue() ? 0 : plain.wholeNumber();
                    break;
                case 7:
                    if (!plain.nullValue()) {
                        int which = plainWhich(VIEWS);
                        if (which < 0) {
                            throw PlainJson.NotPlain.INSTANCE;
                        }
                        view = view(which);
                    }
                    break;
                default:
                    plain.skipValue(5);
            }
        } while (plain.nextIn('}'));
    }

    /** A JSON number, as {@link #creationTime} reads it; a string or anything else is not plain. */
    private void plainCreationTime() {
        if (plain.nullValue()) {
            return;
        }
        int start = plain.pos;
        int end = plain.numberEnd();
        if (plain.isFloat(start, end)) {
            decimal(plain.decimal(start, end));
            return;
        }
        createdWhole = plain.whole(start, end); // beyond 18 digits: not plain
        createdForm = CREATED_WHOLE;
    }

    /** A string field's text, or null for JSON null; anything else is not plain. */
    private String plainText() {
        if (plain.nullValue()) {
            return null;
        }
        return plain.string();
    }

    /** The eventSourceARN; a repeat of the last one is recognised by its bytes and makes no String. */
    private void plainArn() {
        if (plain.nullValue()) {
            arn = null;
            table = null;
            return;
        }
        int start = plain.plainStringStart();
        int quote = start - 1;
        int length = plain.pos - quote;
        if (lastArn != null && bytes.sameBytes(quote, event, lastArnQuote, lastArnLength)) {
            arn = lastArn;
            table = lastTable;
            return;
        }
        arn = new String(event, start, length - 2, java.nio.charset.StandardCharsets.ISO_8859_1);
        table = StreamArns.tableName(arn);
        lastArn = arn;
        lastArnChars = arn.toCharArray();
        lastArnQuote = quote;
        lastArnLength = length;
        lastTable = table;
    }

    /** The precision of {@link #PRECISIONS}' option {@code which}. */
    private static int precision(int which) {
        return which == 0 ? CreationTime.MILLIS : CreationTime.MICROS;
    }

    /** The view of {@link #VIEWS}' option {@code which}. */
    private static StreamView view(int which) {
        switch (which) {
            case 0:
                return StreamView.NEW_AND_OLD_IMAGES;
            case 1:
                return StreamView.NEW_IMAGE;
            case 2:
                return StreamView.OLD_IMAGE;
            default:
                return StreamView.KEYS_ONLY;
        }
    }

    /** Reads a member name and its colon: the index of the name in {@code fields}, or -1. */
    private int plainField(byte[][] fields) {
        int start = plain.plainNameStart();
        int length = plain.pos - 1 - start;
        plain.expectColon();
        for (int i = 0; i < fields.length; i++) {
            byte[] field = fields[i];
            if (field.length == length && PlainJson.same(event, start, field, 0, length)) {
                return i;
            }
        }
        return -1;
    }

    /** Marks a known field seen; a field seen twice is left to the parser's path, which keeps the last. */
    private static int once(int seen, int field) {
        if (field < 0) {
            return seen;
        }
        if ((seen & (1 << field)) != 0) {
            throw PlainJson.NotPlain.INSTANCE;
        }
        return seen | (1 << field);
    }

    /** Which of {@code options} the next plain string is, or -1; anything but a plain string is not plain. */
    private int plainWhich(Text[] options) {
        int start = plain.plainStringStart();
        int end = plain.pos - 1;
        for (int i = 0; i < options.length; i++) {
            byte[] ascii = options[i].ascii;
            if (end - start == ascii.length && PlainJson.same(event, start, ascii, 0, ascii.length)) {
                return i;
            }
        }
        return -1;
    }

    private void clearRecord() {
        shapeProblem = null;
        eventId = null;
        eventName = 0;
        unknownEventName = null;
        arn = null;
        table = null;
        ttlIdentity = false;
        clearDynamodb(false);
    }

    private void clearDynamodb(boolean present) {
        dynamodb = present;
        sequenceNumber = null;
        createdForm = CREATED_ABSENT;
        createdDecimal = null;
        createdProblem = null;
        precision = CreationTime.BY_MAGNITUDE;
        precisionProblem = null;
        keysPresent = false;
        keys = null;
        keysProblem = null;
        newImage = null;
        newImageProblem = null;
        oldImage = null;
        oldImageProblem = null;
        sizeBytes = 0;
        sizeProblem = null;
        view = StreamView.UNKNOWN;
        viewProblem = null;
    }

    private void readRecord(JsonParser parser) throws IOException {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken token = parser.nextToken();
            switch (name) {
                case "eventID":
                    eventId = text(parser, token, "eventID");
                    break;
                case "eventName":
                    eventName(parser, token);
                    break;
                case "eventSourceARN":
                    eventSourceArn(parser, token);
                    break;
                case "userIdentity":
                    userIdentity(parser, token);
                    break;
                case "dynamodb":
                    dynamodb(parser, token);
                    break;
                default:
                    parser.skipChildren();
            }
        }
    }

    private void eventName(JsonParser parser, JsonToken token) throws IOException {
        unknownEventName = null;
        eventName = 0;
        if (token == JsonToken.VALUE_STRING) {
            eventName = which(parser, EVENT_NAMES) + 1; // INSERT, MODIFY, REMOVE or 0
        }
        if (eventName == 0) {
            String text = text(parser, token, "eventName");
            if (text != null) {
                eventName = UNKNOWN_EVENT;
                unknownEventName = text;
            }
        }
    }

    /** Every record of a batch has the same ARN: compare characters, and make no String for a repeat. */
    private void eventSourceArn(JsonParser parser, JsonToken token) throws IOException {
        if (token == JsonToken.VALUE_STRING && lastArn != null
                && (bytes.sameBytes(bytes.quote(parser), event, lastArnQuote, lastArnLength) || is(parser, lastArnChars))) {
            arn = lastArn;
            table = lastTable;
            return;
        }
        int quote = bytes.quote(parser);
        int end = bytes.plainEnd(quote);
        arn = text(parser, token, "eventSourceARN");
        table = arn == null ? null : StreamArns.tableName(arn);
        if (arn != null) {
            lastArn = arn;
            lastArnChars = arn.toCharArray();
            lastArnQuote = end < 0 ? -1 : quote;
            lastArnLength = end < 0 ? 0 : end - quote + 1;
            lastTable = table;
        }
    }

    private void userIdentity(JsonParser parser, JsonToken token) throws IOException {
        ttlIdentity = false;
        if (token == JsonToken.VALUE_NULL) {
            return;
        }
        if (token != JsonToken.START_OBJECT) {
            shape(parser, "userIdentity is not a JSON object");
            return;
        }
        boolean service = false;
        boolean dynamodbPrincipal = false;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (name) {
                case "type":
                    service = value == JsonToken.VALUE_STRING
                            ? which(parser, TTL_IDENTITY_TYPE_TEXT) == 0
                            : TTL_IDENTITY_TYPE.equals(text(parser, value, "userIdentity.type"));
                    break;
                case "principalId":
                    dynamodbPrincipal = value == JsonToken.VALUE_STRING
                            ? which(parser, TTL_PRINCIPAL_TEXT) == 0
                            : TTL_PRINCIPAL.equals(text(parser, value, "userIdentity.principalId"));
                    break;
                default:
                    parser.skipChildren();
            }
        }
        ttlIdentity = service && dynamodbPrincipal;
    }

    private void dynamodb(JsonParser parser, JsonToken token) throws IOException {
        if (token == JsonToken.VALUE_NULL) {
            clearDynamodb(false);
            return;
        }
        if (token != JsonToken.START_OBJECT) {
            clearDynamodb(false);
            shape(parser, "dynamodb is not a JSON object");
            return;
        }
        clearDynamodb(true);
        JsonStreamContext context = parser.getParsingContext();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (name) {
                case "ApproximateCreationDateTime":
                    creationTime(parser, value);
                    break;
                case "ApproximateCreationDateTimePrecision":
                    precision(parser, value);
                    break;
                case "Keys":
                    keysProblem = null;
                    keys = null;
                    keysPresent = value != JsonToken.VALUE_NULL;
                    Map<String, Value> key = image(parser, value, context, "Keys");
                    if (key != null && !key.isEmpty()) {
                        keys = ItemKey.of(key);
                    }
                    break;
                case "NewImage":
                    newImageProblem = null;
                    Map<String, Value> newAttributes = image(parser, value, context, "NewImage");
                    newImage = newAttributes == null ? null : Item.of(newAttributes);
                    break;
                case "OldImage":
                    oldImageProblem = null;
                    Map<String, Value> oldAttributes = image(parser, value, context, "OldImage");
                    oldImage = oldAttributes == null ? null : Item.of(oldAttributes);
                    break;
                case "SequenceNumber":
                    sequenceNumber = text(parser, value, "dynamodb.SequenceNumber");
                    break;
                case "SizeBytes":
                    sizeBytes(parser, value);
                    break;
                case "StreamViewType":
                    streamViewType(parser, value);
                    break;
                default:
                    parser.skipChildren();
            }
        }
    }

    /** An attribute map, or null when absent or unreadable (the problem is then kept for its turn). */
    private Map<String, Value> image(JsonParser parser, JsonToken token, JsonStreamContext dynamodbContext, String root)
            throws IOException {
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token != JsonToken.START_OBJECT) {
            shape(parser, "dynamodb." + root + " is not a JSON object");
            return null;
        }
        try {
            return attributes.attributes(parser);
        } catch (UnreadableAttribute e) {
            AttributeReader.skipTo(parser, dynamodbContext);
            String problem = e.problemIn(root);
            switch (root) {
                case "Keys":
                    keysProblem = problem;
                    break;
                case "NewImage":
                    newImageProblem = problem;
                    break;
                default:
                    oldImageProblem = problem;
            }
            return null;
        }
    }

    private void creationTime(JsonParser parser, JsonToken token) throws IOException {
        createdForm = CREATED_ABSENT;
        createdDecimal = null;
        createdProblem = null;
        switch (token) {
            case VALUE_NULL:
                return;
            case VALUE_NUMBER_INT:
                if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    decimal(new BigDecimal(parser.getBigIntegerValue()));
                } else {
                    createdForm = CREATED_WHOLE;
                    createdWhole = parser.getLongValue();
                }
                return;
            case VALUE_NUMBER_FLOAT:
                BigDecimal value;
                try {
                    value = parser.getDecimalValue();
                } catch (NumberFormatException e) {
                    beyondAnyScale(parser.getText());
                    return;
                }
                decimal(value);
                return;
            case VALUE_STRING:
                // BigDecimal would read another script's digits ("١٤٧٩٤٩٩٧٤٠" as 1479499740); the
                // reference does not, and neither do N values.
                String text = parser.getText().trim();
                if (NumberLiterals.isAsciiNumberText(text, 0, text.length())) {
                    try {
                        decimal(new BigDecimal(text));
                        return;
                    } catch (NumberFormatException e) {
                        // not a number, as below
                    }
                }
                createdForm = CREATED_BAD;
                createdProblem = CreationTime.FIELD + " is not a number";
                return;
            default:
                parser.skipChildren();
                createdForm = CREATED_BAD;
                createdProblem = CreationTime.FIELD + " is not a number";
        }
    }

    private void decimal(BigDecimal value) {
        if (value.scale() > CreationTime.MAX_SCALE) {
            tooManyDecimalPlaces();
            return;
        }
        createdForm = CREATED_DECIMAL;
        createdDecimal = value;
    }

    private void tooManyDecimalPlaces() {
        createdForm = CREATED_BAD;
        createdProblem = CreationTime.FIELD + " has more than " + CreationTime.MAX_SCALE + " decimal places";
    }

    /**
     * A JSON number whose exponent is beyond the int range ({@code 1e2147483648},
     * {@code 1.5E-2147483647}), which BigDecimal cannot hold as a scale: read as the time's own
     * problem, as a smaller exponent would be, and not as an exception that would drop what the
     * record says after it. A negative exponent gives more decimal places than any time; a positive
     * one, on a digit that is not zero, is beyond 2500 in any unit, like the largest exponent
     * BigDecimal holds, which stands in for it; zero stays zero.
     */
    private void beyondAnyScale(String literal) {
        int exponent = Math.max(literal.indexOf('e'), literal.indexOf('E'));
        if (exponent < 0) { // not expected from a JSON number, but never an exception
            createdForm = CREATED_BAD;
            createdProblem = CreationTime.FIELD + " is not a number";
            return;
        }
        if (literal.charAt(exponent + 1) == '-') {
            tooManyDecimalPlaces();
            return;
        }
        int sign = new BigDecimal(literal.substring(0, exponent)).signum();
        decimal(sign == 0 ? BigDecimal.ZERO : sign > 0 ? LARGEST_EXPONENT : LARGEST_EXPONENT.negate());
    }

    private void precision(JsonParser parser, JsonToken token) throws IOException {
        precision = CreationTime.BY_MAGNITUDE;
        precisionProblem = null;
        if (token == JsonToken.VALUE_STRING) {
            int which = which(parser, PRECISIONS);
            if (which >= 0) {
                precision = precision(which);
                return;
            }
        }
        String text = text(parser, token, CreationTime.FIELD + "Precision");
        if (text != null) {
            precisionProblem = CreationTime.FIELD + "Precision " + quoted(text, MAX_SHOWN_NAME)
                    + " is not MILLISECOND or MICROSECOND";
        }
    }

    private void sizeBytes(JsonParser parser, JsonToken token) throws IOException {
        sizeBytes = 0;
        sizeProblem = null;
        if (token == JsonToken.VALUE_NULL) {
            return;
        }
        if (token == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
            sizeBytes = parser.getLongValue();
            return;
        }
        parser.skipChildren();
        sizeProblem = "dynamodb.SizeBytes is not a whole number of bytes";
    }

    private void streamViewType(JsonParser parser, JsonToken token) throws IOException {
        view = StreamView.UNKNOWN;
        viewProblem = null;
        if (token == JsonToken.VALUE_STRING) {
            int which = which(parser, VIEWS);
            if (which >= 0) {
                view = view(which);
                return;
            }
        }
        String text = text(parser, token, "dynamodb.StreamViewType");
        if (text != null) {
            viewProblem = "dynamodb.StreamViewType " + quoted(text, MAX_SHOWN_NAME)
                    + " is not KEYS_ONLY, NEW_IMAGE, OLD_IMAGE or NEW_AND_OLD_IMAGES";
        }
    }

    /** The record, checked in the reference mapper's order. */
    private StreamRecord toStreamRecord(RawRecord raw) {
        if (shapeProblem != null) {
            return unreadable(shapeProblem, raw);
        }
        if (!dynamodb) {
            return unreadable("dynamodb is missing", raw);
        }
        if (eventName == 0) {
            return unreadable("eventName is missing", raw);
        }
        if (eventName == UNKNOWN_EVENT) {
            return unreadable("eventName " + quoted(unknownEventName, MAX_SHOWN_NAME)
                    + " is not INSERT, MODIFY or REMOVE", raw);
        }
        if (sequenceNumber == null || sequenceNumber.isEmpty()) {
            return unreadable("dynamodb.SequenceNumber is missing", raw);
        }
        if (!isDigits(sequenceNumber)) {
            return unreadable("dynamodb.SequenceNumber is not a decimal number", raw);
        }
        if (eventId == null || eventId.isBlank()) {
            return unreadable("eventID is missing", raw);
        }
        if (arn == null) {
            return unreadable("eventSourceARN is missing", raw);
        }
        if (table == null) {
            return unreadable("eventSourceARN " + quoted(arn, MAX_SHOWN_ARN) + " is not a DynamoDB stream ARN"
                    + " (arn:<partition>:dynamodb:<region>:<account>:table/<table>/stream/<label>)", raw);
        }
        String timeProblem = creationTimeProblem();
        if (timeProblem != null) {
            return unreadable(timeProblem, raw);
        }
        Instant createdAt = createdForm == CREATED_WHOLE
                ? CreationTime.of(createdWhole, precision)
                : CreationTime.of(createdDecimal, precision);
        if (createdAt == null) {
            return unreadable(precision == CreationTime.BY_MAGNITUDE ? CreationTime.BEYOND_2500
                    : CreationTime.FIELD + " is beyond the year 2500 read as "
                    + (precision == CreationTime.MILLIS ? "milliseconds" : "microseconds"), raw);
        }
        if (!keysPresent) {
            return unreadable("dynamodb.Keys is missing", raw);
        }
        if (keys == null && keysProblem == null) {
            return unreadable("dynamodb.Keys is empty", raw);
        }
        if (sizeProblem != null) {
            return unreadable(sizeProblem, raw);
        }
        if (sizeBytes < 0) {
            return unreadable("dynamodb.SizeBytes is negative", raw);
        }
        if (viewProblem != null) {
            return unreadable(viewProblem, raw);
        }
        if (keysProblem != null) {
            return unreadable(keysProblem, raw);
        }
        if (eventName != REMOVE && newImageProblem != null) {
            return unreadable(newImageProblem, raw);
        }
        if (eventName != INSERT && oldImageProblem != null) {
            return unreadable(oldImageProblem, raw);
        }
        SourcePosition source = new SourcePosition(eventId, table, sequenceNumber, createdAt, sizeBytes, view);
        Optional<Item> newer = eventName == REMOVE ? Optional.empty() : Optional.ofNullable(newImage);
        Optional<Item> older = eventName == INSERT ? Optional.empty() : Optional.ofNullable(oldImage);
        Change change;
        if (eventName == INSERT) {
            change = new Change.Created(source, keys, newer);
        } else if (eventName == MODIFY) {
            change = new Change.Updated(source, keys, older, newer);
        } else if (ttlIdentity) {
            change = new Change.Expired(source, keys, older);
        } else {
            change = new Change.Deleted(source, keys, older);
        }
        return new StreamRecord.Readable(change, raw);
    }

    private String creationTimeProblem() {
        if (createdForm == CREATED_ABSENT) {
            return CreationTime.FIELD + " is missing";
        }
        if (createdForm == CREATED_BAD) {
            return createdProblem;
        }
        if (precisionProblem != null) {
            return precisionProblem;
        }
        boolean zero = createdForm == CREATED_WHOLE ? createdWhole == 0 : createdDecimal.signum() == 0;
        return zero ? CreationTime.FIELD + " is 0, which is no time at all" : null;
    }

    private StreamRecord.Unreadable unreadable(String problem, RawRecord raw) {
        return new StreamRecord.Unreadable(new RecordRef(dynamodb ? sequenceNumber : null, eventId), problem, raw);
    }

    /** The text of a string field; a number or boolean is taken as its text, as the runtime does. */
    private String text(JsonParser parser, JsonToken token, String field) throws IOException {
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token.isScalarValue()) {
            String plain = token == JsonToken.VALUE_STRING ? bytes.text(parser) : null;
            return plain != null ? plain : parser.getText();
        }
        shape(parser, field + " is not a string");
        return null;
    }

    /** Remembers the first field whose JSON type is wrong, and skips it. */
    private void shape(JsonParser parser, String problem) throws IOException {
        parser.skipChildren();
        if (shapeProblem == null) {
            shapeProblem = problem;
        }
    }

    /**
     * Which of {@code options} the current string token is, or -1: from the event's bytes when the
     * token is plain, else from the parser's characters. No String is made either way.
     */
    private int which(JsonParser parser, Text[] options) throws IOException {
        int quote = bytes.quote(parser);
        int end = bytes.plainEnd(quote);
        for (int i = 0; i < options.length; i++) {
            if (end >= 0 ? bytes.plainEquals(quote, end, options[i].ascii) : is(parser, options[i].chars)) {
                return i;
            }
        }
        return -1;
    }

    /** A fixed ASCII string value, as bytes and as characters. */
    private static final class Text {
        final byte[] ascii;
        final char[] chars;

        private Text(String text) {
            ascii = text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            chars = text.toCharArray();
        }

        static Text[] of(String... texts) {
            Text[] result = new Text[texts.length];
            for (int i = 0; i < texts.length; i++) {
                result[i] = new Text(texts[i]);
            }
            return result;
        }
    }

    /** Whether the current string token is exactly {@code expected}, without making a String of it. */
    private static boolean is(JsonParser parser, char[] expected) throws IOException {
        int length = parser.getTextLength();
        return length == expected.length
                && Arrays.equals(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextOffset() + length,
                        expected, 0, length);
    }
}
