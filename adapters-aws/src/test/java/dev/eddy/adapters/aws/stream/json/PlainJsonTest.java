package dev.eddy.adapters.aws.stream.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import dev.eddy.application.StreamRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The byte-level reader ({@link PlainJson}, {@link PlainAttributeReader},
 * {@link RecordReader#readPlain}) against Jackson's, on the same bytes. Two promises are held
 * here: it never accepts what Jackson rejects, and whatever record it reads, it reads exactly as the
 * parser's path does (same change, same verdict, same problem text, same raw bytes).
 */
class PlainJsonTest {
    private static final JsonFactory JSON = new JsonFactory();
    private static final long FIRST_SEED = 20_261_206L;
    private static final String BYTES_TO_DAMAGE_WITH = "{}[]\",:\\ 0123456789.eE+-tfnu";

    @Test
    void generatedRecordsReadByBytesEqualTheParsersReading(TestReporter report) throws IOException {
        int records = 0;
        int byBytes = 0;
        int readableByBytes = 0;
        int notPlainEvents = 0;
        for (long seed = FIRST_SEED; seed < FIRST_SEED + 3000; seed++) {
            byte[] event = new StreamEventGenerator(seed).event();
            String what = "event of seed " + seed + ": " + new String(event, StandardCharsets.UTF_8);
            int[][] spans;
            try {
                spans = PlainJson.recordSpans(event);
            } catch (PlainJson.NotPlain e) {
                notPlainEvents++; // left to Jackson whole
                continue;
            }
            assertArrayEquals(jacksonSpans(event)[0], spans[0], what + ": starts");
            assertArrayEquals(jacksonSpans(event)[1], spans[1], what + ": ends");
            RecordReader plain = new RecordReader(event);
            RecordReader parser = new RecordReader(event);
            for (int i = 0; i < spans[0].length; i++) {
                records++;
                StreamRecord byParser = readSpan(parser, event, spans[0][i], spans[1][i]);
                StreamRecord read = plain.readPlain(spans[0][i], spans[1][i]);
                if (read == null) {
                    continue; // left to the parser, which is then the only reading
                }
                byBytes++;
                String record = what + ", record " + i;
                SameRecords.assertSame(byParser, read, record);
                assertEquals(byParser.raw().toJson(), read.raw().toJson(), record + ": raw");
                if (byParser instanceof StreamRecord.Readable expected) {
                    assertEquals(expected.change(), ((StreamRecord.Readable) read).change(), record + ": change");
                }
                if (read instanceof StreamRecord.Readable) {
                    readableByBytes++;
                }
            }
        }
        report.publishEntry("compared", records + " records, " + byBytes + " read by bytes ("
                + readableByBytes + " readable); " + notPlainEvents + " events left to Jackson whole");
        assertTrue(notPlainEvents < 30, "events not plain: " + notPlainEvents);
        // The comparison proves something only if the byte reader reads most records itself.
        assertTrue(readableByBytes > records / 3, "records read by bytes: " + readableByBytes + " of " + records);
        assertTrue(byBytes < records, "some records must be left to the parser: " + byBytes + " of " + records);
    }

    @Test
    void aRecordReadByBytesIsReadInTheScansPassAsWell() {
        byte[] event = new StreamEventGenerator(FIRST_SEED).event();
        int[][] spans = PlainJson.recordSpans(event);
        RecordReader reader = new RecordReader(event);
        List<Integer> ends = new ArrayList<>();
        int[][] sameSpans = PlainJson.recordSpans(event, start -> {
            StreamRecord record = reader.readPlain(start);
            ends.add(record == null ? -1 : reader.plainEnd());
            return ends.get(ends.size() - 1);
        });
        assertArrayEquals(spans[0], sameSpans[0]);
        assertArrayEquals(spans[1], sameSpans[1]);
        assertTrue(ends.stream().anyMatch(end -> end >= 0), "some records read in the scan's pass: " + ends);
        assertEquals(spans[0].length, ends.size(), "every record offered to the reader");
    }

    /** Each is JSON Jackson rejects (or reads as something else), so the byte reader must refuse it. */
    @ParameterizedTest
    @ValueSource(strings = {
        "{\"Records\":[01]}", "{\"Records\":[1.]}", "{\"Records\":[.5]}", "{\"Records\":[+1]}", "{\"Records\":[-]}",
        "{\"Records\":[1e]}", "{\"Records\":[NaN]}", "{\"Records\":[tru]}", "{\"Records\":[nul]}",
        "{\"Records\":[truex]}", "{\"Records\":[1,]}", "{\"Records\":[],}", "{\"Records\":[]} x",
        "{\"Records\":[]}{}", "{'Records':[]}", "/*c*/{\"Records\":[]}", "{\"Records\":[\"\\q\"]}",
        "{\"Records\":[\"\\u12\"]}", "{\"Records\":[\"abc]}", "{\"Records\":[{\"a\" 1}]}", "{\"Records\":[{a:1}]}",
        "{\"Records\":[[1 2]]}", "{\"Records\":[}", "{\"Records\"", "", "   ", "[]",
        "{\"Records\":[], \"Records\":[]}", "{\"NoRecords\":[]}", "{\"Records\":{}}",
        "{\"Rec\\u006frds\":[]}",
    })
    void refusesWhatIsNotPlainJson(String text) {
        byte[] event = text.getBytes(StandardCharsets.UTF_8);
        assertThrows(PlainJson.NotPlain.class, () -> PlainJson.recordSpans(event), text);
    }

    @Test
    void refusesControlCharactersAndUtf8ThatIsNotWellFormed() {
        byte[][] strings = {
            {0x01}, {'a', 0x1F}, {'\n'},
            {(byte) 0xC0, (byte) 0x80}, // overlong
            {(byte) 0xC3}, // truncated
            {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, // a surrogate
            {(byte) 0xF5, (byte) 0x80, (byte) 0x80, (byte) 0x80}, // above U+10FFFF
            {(byte) 0x80}, // a lone continuation byte
            {(byte) 0xE2, (byte) 0x82}, // truncated before the quote
        };
        for (byte[] content : strings) {
            byte[] event = eventWithString(content);
            assertThrows(PlainJson.NotPlain.class, () -> PlainJson.recordSpans(event),
                    () -> new String(event, StandardCharsets.ISO_8859_1));
        }
    }

    @Test
    void refusesStructuresDeeperThanItsLimitWhichJacksonStillReads() throws IOException {
        String deep = "[".repeat(PlainJson.MAX_DEPTH) + "]".repeat(PlainJson.MAX_DEPTH);
        byte[] event = ("{\"Records\":[" + deep + "]}").getBytes(StandardCharsets.UTF_8);
        assertThrows(PlainJson.NotPlain.class, () -> PlainJson.recordSpans(event));
        assertEquals(1, jacksonSpans(event)[0].length, "Jackson reads it, and so the event still reads");
        assertEquals(1, new DynamodbEventJsonReader().read(event).size());
    }

    @Test
    void readsWhitespaceEscapesAndUtf8AsJacksonDoes() throws IOException {
        String event = " \t\r\n{ \"other\" : [ 1.5e-3 , -0 , true , false , null , { } , [ ] , \"\\u00e9\\\"\\\\\\/\\b\\f\\n\\r\\t\" ] ,"
                + " \"Records\" :\n [ {\"k\": \"Grüße 日本 \uD83D\uDE80\"} , null , 12 ] } \n";
        byte[] bytes = event.getBytes(StandardCharsets.UTF_8);
        int[][] spans = PlainJson.recordSpans(bytes);
        assertArrayEquals(jacksonSpans(bytes)[0], spans[0]);
        assertArrayEquals(jacksonSpans(bytes)[1], spans[1]);

        PlainJson json = new PlainJson(bytes);
        List<String> decoded = new ArrayList<>();
        int at = 0;
        while ((at = indexOf(bytes, (byte) '"', at)) >= 0) {
            json.pos = at;
            json.string();
            decoded.add(json.text(at + 1, json.pos - 1, false));
            at = json.pos;
        }
        assertEquals(jacksonStrings(bytes), decoded, "every name and string, decoded as Jackson decodes it");
        assertTrue(decoded.contains("\u00e9\"\\/\b\f\n\r\t") && decoded.contains("Grüße 日本 \uD83D\uDE80"), decoded::toString);
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /** Every name and string value in the event, in order, as Jackson decodes them. */
    private static List<String> jacksonStrings(byte[] event) throws IOException {
        List<String> strings = new ArrayList<>();
        try (JsonParser parser = JSON.createParser(event)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token == JsonToken.FIELD_NAME || token == JsonToken.VALUE_STRING) {
                    strings.add(parser.getText());
                }
            }
        }
        return strings;
    }

    /**
     * Arbitrary damage to generated events: whenever the byte reader still accepts an event, Jackson
     * must accept it too, with the same records in the same places.
     */
    @Test
    void neverAcceptsWhatJacksonRejects(TestReporter report) {
        byte[] damage = "{}[]\",:\\ 0123456789.eE+-tfnulsaxq\u0001".getBytes(StandardCharsets.ISO_8859_1);
        Random random = new Random(FIRST_SEED);
        int accepted = 0;
        int refused = 0;
        for (int n = 0; n < 6000; n++) {
            byte[] event = new StreamEventGenerator(FIRST_SEED + n).event();
            int at = random.nextInt(event.length);
            event[at] = random.nextInt(8) == 0 ? (byte) (0x80 + random.nextInt(0x80)) : damage[random.nextInt(damage.length)];
            int[][] spans;
            try {
                spans = PlainJson.recordSpans(event);
            } catch (PlainJson.NotPlain e) {
                refused++;
                continue;
            }
            accepted++;
            String what = "damaged at byte " + at + ": " + new String(event, StandardCharsets.UTF_8);
            int[][] jackson;
            try {
                jackson = jacksonSpans(event);
            } catch (IOException | RuntimeException e) {
                fail("the byte reader accepted what Jackson rejects (" + e.getMessage() + "), " + what);
                return;
            }
            assertNotNull(jackson, what);
            assertArrayEquals(jackson[0], spans[0], what);
            assertArrayEquals(jackson[1], spans[1], what);
        }
        report.publishEntry("damaged events", accepted + " still accepted by both, " + refused + " refused");
        assertTrue(accepted > 500 && refused > 500, accepted + " accepted, " + refused + " refused");
    }

    /**
     * An event cut short anywhere is refused: by the scan as not plain, never by another exception
     * (its steps for every token read without a bounds test of their own), and whole by both
     * reads; a record cut short is not read by bytes. Compact and pretty-printed events alike.
     */
    @Test
    void eventsCutShortAnywhereAreRefused(TestReporter report) {
        DynamodbEventJsonReader reader = new DynamodbEventJsonReader();
        int cuts = 0;
        int recordsCut = 0;
        int compact = 0;
        int pretty = 0;
        for (long seed = FIRST_SEED; compact + pretty < 8 && seed < FIRST_SEED + 100; seed++) {
            byte[] event = new StreamEventGenerator(seed).event();
            boolean isCompact = event[1] == '"'; // pretty: a line break after the brace
            int[][] spans;
            try {
                spans = PlainJson.recordSpans(event);
            } catch (PlainJson.NotPlain e) {
                continue; // left to Jackson whole: nothing of the byte reader's to cut short
            }
            if (spans[0].length == 0 || (isCompact ? compact : pretty) == 4) {
                continue;
            }
            if (isCompact) {
                compact++;
            } else {
                pretty++;
            }
            int complete = event.length;
            while (event[complete - 1] <= ' ') {
                complete--; // cutting trailing whitespace leaves the event whole
            }
            for (int cut = 0; cut < complete; cut++) {
                byte[] shorter = Arrays.copyOf(event, cut);
                long s = seed;
                int c = cut;
                Supplier<String> what = () -> "event of seed " + s + " cut to " + c + " bytes: "
                        + new String(shorter, StandardCharsets.UTF_8);
                assertThrows(PlainJson.NotPlain.class, () -> PlainJson.recordSpans(shorter), what);
                assertThrows(MalformedEventException.class, () -> reader.read(shorter), what);
                assertThrows(MalformedEventException.class, () -> reader.readOnDemand(shorter), what);
                for (int i = 0; i < spans[0].length; i++) {
                    if (spans[0][i] < cut && cut < spans[1][i]) {
                        int record = i;
                        assertNull(new RecordReader(shorter).readPlain(spans[0][i]), () -> what.get() + ", record " + record);
                        recordsCut++;
                    }
                }
                cuts++;
            }
        }
        report.publishEntry("cut short", cuts + " cuts, " + recordsCut + " of them within a record");
        assertEquals(4, compact, "compact events cut");
        assertEquals(4, pretty, "pretty-printed events cut");
        assertTrue(recordsCut > cuts / 2, recordsCut + " of " + cuts + " cuts within a record");
    }

    /**
     * A type descriptor of one byte, {@code "S":}, is passed and read without the general string
     * path. Every byte value in each of its four places, in a compact generated event: the scan
     * finds the same spans as Jackson or refuses what it refuses, and all three reads give the same
     * records.
     */
    @Test
    void everyByteInAOneByteTypeDescriptorReadsAsJacksonReadsIt() throws IOException {
        byte[] typed = "{\"S\":\"".getBytes(StandardCharsets.US_ASCII);
        byte[] event = null;
        int at = -1;
        for (long seed = FIRST_SEED; at < 0 && seed < FIRST_SEED + 100; seed++) {
            event = new StreamEventGenerator(seed).event();
            at = indexOf(event, typed); // only in compact events
        }
        assertTrue(at >= 0, "a compact generated event with a string value");
        DynamodbEventJsonReader reader = new DynamodbEventJsonReader();
        int[] accepted = new int[4];
        for (int place = 0; place < 4; place++) {
            for (int value = 0; value < 256; value++) {
                byte[] bytes = event.clone();
                bytes[at + 1 + place] = (byte) value;
                String what = "byte 0x" + Integer.toHexString(value) + " in place " + place + " of \"S\":";
                int[][] jackson;
                try {
                    jackson = jacksonSpans(bytes);
                } catch (IOException e) {
                    jackson = null;
                }
                if (jackson == null) {
                    assertThrows(PlainJson.NotPlain.class, () -> PlainJson.recordSpans(bytes), what);
                } else {
                    int[][] spans = PlainJson.recordSpans(bytes);
                    assertArrayEquals(jackson[0], spans[0], what);
                    assertArrayEquals(jackson[1], spans[1], what);
                    accepted[place]++;
                }
                byte[] byJackson = onJacksonsPath(bytes);
                String plain = outcome(() -> reader.read(bytes));
                assertEquals(outcome(() -> reader.read(byJackson)), plain, what);
                assertEquals(plain, outcome(() -> reader.readOnDemand(bytes)), what);
            }
        }
        assertEquals(94, accepted[1], "bytes accepted as a name: printable ASCII and DEL, but quote and backslash");
        int[][] spans = PlainJson.recordSpans(event);
        int record = 0;
        while (spans[1][record] < at) {
            record++;
        }
        assertNotNull(new RecordReader(event).readPlain(spans[0][record], spans[1][record]),
                "the record with the descriptor is read by bytes");
    }

    private static int indexOf(byte[] bytes, byte[] part) {
        for (int i = 0; i + part.length <= bytes.length; i++) {
            if (Arrays.equals(bytes, i, i + part.length, part, 0, part.length)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The reader's Jackson refuses a name over 65,536 characters (DynamoDB's limit on an attribute
     * name) wherever it is; the byte reader must leave such a record to it rather than read it. At
     * 65,536 both read it.
     */
    @Test
    void namesBeyondJacksonsLimitAreLeftToIt() {
        String tooLong = "\"" + "x".repeat(PlainJson.MAX_NAME_BYTES + 1) + "\"";
        String longest = "\"" + "x".repeat(PlainJson.MAX_NAME_BYTES) + "\"";
        String[] places = {"{%s:1,\"eventID\":\"e\"}", "{\"userIdentity\":{%s:1}}", "{\"dynamodb\":{%s:1}}",
            "{\"dynamodb\":{\"Keys\":{%s:{\"S\":\"k\"}}}}", "{\"dynamodb\":{\"Keys\":{\"k\":{%s:\"k\"}}}}"};
        DynamodbEventJsonReader reader = new DynamodbEventJsonReader();
        for (String place : places) {
            byte[] refused = ("{\"Records\":[" + String.format(place, tooLong) + "]}").getBytes(StandardCharsets.UTF_8);
            byte[] read = ("{\"Records\":[" + String.format(place, longest) + "]}").getBytes(StandardCharsets.UTF_8);
            assertEquals(null, new RecordReader(refused).readPlain(12), place);
            assertThrows(MalformedEventException.class, () -> reader.read(refused), place);
            assertThrows(MalformedEventException.class, () -> reader.readOnDemand(refused), place);
            assertEquals(1, reader.read(read).size(), place);
        }
    }

    /**
     * The whole reader three ways on damaged events: {@code read} (the byte reader, in the scan's
     * pass), the same bytes forced onto Jackson's path (an escaped top-level name the byte reader
     * refuses), and {@code readOnDemand}. Same records (change, scale of every number, verdict,
     * problem, raw bytes), or the same refusal.
     */
    @Test
    void damagedEventsReadTheSameOnEveryPath(TestReporter report) {
        String[] damage = {"\\u0041", "\\uD800", "\\uDC00", "\\uD83D\\uDE00", "\\/", "\\u0000", " ", "\n", "-0", "1e5",
            "0", ".5", "E", "null", "true", "{}", "[]", "\"\"", ",", ":", "\\\"", "\u00e9", "\uD83D\uDE00", "\u007f", "1.0", "-",
            "\"S\":\"x\",", "\"N\":\"1\",", "\"eventName\":\"MODIFY\",", "\"SizeBytes\":1.0,", "\"dynamodb\":null,"};
        DynamodbEventJsonReader reader = new DynamodbEventJsonReader();
        Random random = new Random(FIRST_SEED + 1);
        int records = 0;
        int malformed = 0;
        for (int n = 0; n < 4000; n++) {
            String event = new String(new StreamEventGenerator(FIRST_SEED + 10_000 + n).event(), StandardCharsets.UTF_8);
            StringBuilder damaged = new StringBuilder(event);
            for (int k = random.nextInt(3); k >= 0; k--) {
                int at = 1 + random.nextInt(damaged.length() - 1);
                if (random.nextBoolean()) {
                    damaged.insert(at, damage[random.nextInt(damage.length)]);
                } else {
                    damaged.setCharAt(at, BYTES_TO_DAMAGE_WITH.charAt(random.nextInt(BYTES_TO_DAMAGE_WITH.length())));
                }
            }
            byte[] bytes = damaged.toString().getBytes(StandardCharsets.UTF_8);
            byte[] byJackson = onJacksonsPath(bytes);
            String plain = outcome(() -> reader.read(bytes));
            String what = "damaged event " + n + ": " + damaged;
            assertEquals(outcome(() -> reader.read(byJackson)), plain, what);
            assertEquals(plain, outcome(() -> reader.readOnDemand(bytes)), what);
            if (plain.equals("MALFORMED")) {
                malformed++;
            } else {
                records += plain.split("\n", -1).length;
            }
        }
        report.publishEntry("damaged events", malformed + " refused whole, the rest gave " + records + " records");
        assertTrue(malformed > 400 && malformed < 3600, malformed + " of 4,000 refused whole");
    }

    /**
     * A reading as text: each record's change (whose text shows every number's scale) or problem,
     * its reference and its raw bytes; or the refusal of the whole event.
     */
    private static String outcome(java.util.function.Supplier<List<StreamRecord>> read) {
        List<StreamRecord> records;
        try {
            records = read.get();
        } catch (MalformedEventException e) {
            return "MALFORMED";
        }
        List<String> lines = new ArrayList<>();
        for (StreamRecord record : records) {
            String what = record instanceof StreamRecord.Readable readable ? "readable " + readable.change()
                    : "unreadable " + ((StreamRecord.Unreadable) record).problem();
            lines.add(what + " | " + record.ref() + " | " + record.raw().toJson());
        }
        return String.join("\n", lines);
    }

    /**
     * The same event after a first member whose name is escaped, which the byte reader refuses, so
     * that the whole event takes Jackson's path. {@code event} starts with its opening brace.
     */
    private static byte[] onJacksonsPath(byte[] event) {
        assertEquals('{', event[0], "an event that starts with its brace");
        byte[] head = "{\"\\u0061\":0,".getBytes(StandardCharsets.US_ASCII);
        byte[] moved = Arrays.copyOf(head, head.length + event.length - 1);
        System.arraycopy(event, 1, moved, head.length, event.length - 1);
        return moved;
    }

    private static byte[] eventWithString(byte[] content) {
        byte[] head = "{\"Records\":[\"".getBytes(StandardCharsets.US_ASCII);
        byte[] tail = "\"]}".getBytes(StandardCharsets.US_ASCII);
        byte[] event = new byte[head.length + content.length + tail.length];
        System.arraycopy(head, 0, event, 0, head.length);
        System.arraycopy(content, 0, event, head.length, content.length);
        System.arraycopy(tail, 0, event, head.length + content.length, tail.length);
        return event;
    }

    /** The record spans as Jackson finds them, checking the whole event; throws as Jackson does. */
    private static int[][] jacksonSpans(byte[] event) throws IOException {
        List<Integer> starts = new ArrayList<>();
        List<Integer> ends = new ArrayList<>();
        boolean records = false;
        try (JsonParser parser = JSON.createParser(event)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not an object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                boolean isRecords = "Records".equals(parser.currentName());
                JsonToken value = parser.nextToken();
                if (isRecords && value == JsonToken.START_ARRAY) {
                    records = true;
                    JsonToken token;
                    while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
                        starts.add((int) parser.currentTokenLocation().getByteOffset());
                        if (token.isStructStart()) {
                            parser.skipChildren();
                        } else {
                            parser.getTextLength();
                        }
                        ends.add((int) parser.currentLocation().getByteOffset());
                    }
                } else {
                    parser.skipChildren();
                }
            }
            if (parser.nextToken() != null) {
                throw new IOException("more after the event");
            }
        }
        if (!records) {
            throw new IOException("no Records");
        }
        return new int[][] {starts.stream().mapToInt(Integer::intValue).toArray(),
            ends.stream().mapToInt(Integer::intValue).toArray()};
    }

    private static StreamRecord readSpan(RecordReader reader, byte[] event, int start, int end) throws IOException {
        try (JsonParser parser = new RecordSpanParser(JSON.createParser(event, start, end - start), start)) {
            JsonStreamContext outside = parser.getParsingContext();
            JsonToken token = parser.nextToken();
            return token == JsonToken.START_OBJECT ? reader.read(parser, outside) : reader.notAnObject(parser, token);
        }
    }
}
