package dev.eddy.adapters.aws.stream.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import dev.eddy.application.StreamRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a Lambda DynamoDB stream event straight from its JSON bytes into stream records: no
 * {@code DynamodbEvent} POJOs, no {@link java.util.Date}, no tree.
 *
 * <p>Two readers share the work. The event as Lambda delivers it is strict JSON in UTF-8, and a
 * byte-level reader ({@link PlainJson}) checks it and reads its records in place, without a
 * tokenizer in between, which under C1 is about half the cost of reading. Whatever lies outside
 * what that reader takes on (an event it cannot vouch for, a record with a problem to report or an
 * unusual shape) goes to Jackson's streaming parser, which reads it as it always did: the byte
 * reader accepts less than Jackson, never more, and reads what it accepts to equal records
 * ({@code PlainJsonTest} holds it to both on generated and deliberately damaged events).
 *
 * <p>The fast path beside {@link dev.eddy.adapters.aws.stream.DynamodbEventMapper}, which stays the
 * reference: for every event the runtime can read, both give equal changes and the same
 * readable/unreadable verdicts, with the same problem texts (a differential test holds them to it).
 *
 * <p>Where the two differ, it is on purpose:
 * <ul>
 *   <li><b>A bad record is isolated.</b> The runtime's deserializer rejects the whole event when
 *       one binary is not base64 or one StreamViewType is unknown, so no record of the batch can
 *       be processed or even reported. Here that record alone is unreadable (and can be
 *       quarantined), and the rest of the batch maps. The same goes for a field of the wrong JSON
 *       type (an object where a string belongs, a record that is not an object) and for duplicate
 *       names in an image or duplicate type descriptors in a value, which the runtime silently
 *       resolves by keeping the last.</li>
 *   <li><b>Creation times are exact.</b> The runtime reads the number as a double and keeps
 *       milliseconds; here {@code 1.635734407123456789E9} keeps its nanoseconds. The
 *       {@code ApproximateCreationDateTimePrecision} field, which the runtime ignores, decides the
 *       unit when present; without it, the magnitude does, as in the reference. Microseconds are
 *       read up to the year 2500 (the runtime's long saturates after 2262). A missing, zero or
 *       non-numeric time gets its own problem text instead of the reference's "missing (or was 0
 *       or not a number...)".</li>
 *   <li><b>The raw record is the original.</b> {@link dev.eddy.application.RawRecord#toJson()}
 *       returns the record's own bytes from the event, not a re-rendering.</li>
 *   <li><b>An event that is not one fails whole</b>, with {@link MalformedEventException}: not
 *       JSON, not an object, or without a {@code Records} array (the reference maps a missing
 *       list to no records). So does a name that escapes a lone surrogate (a hexadecimal escape of
 *       D800 to DFFF without its partner), which Jackson's byte parser refuses and the runtime
 *       reads: no DynamoDB attribute name can hold one, as names are UTF-8.</li>
 *   <li><b>Attribute names up to DynamoDB's 64 KB are read.</b> The runtime's Jackson refuses a
 *       name over 50,000 characters, and with it the whole event; such an item is legal.</li>
 *   <li><b>The runtime's coercions are not made.</b> The runtime's POJO mapping reads the strings
 *       {@code "true"} and {@code "false"} as a {@code BOOL} or {@code NULL} value, a number as a
 *       {@code BOOL} ({@code {"BOOL":1}}), a numeric string or a fraction ({@code 26.7}, {@code 1e3})
 *       as {@code SizeBytes}, and base64 with line breaks or padding inside it; it ignores an
 *       {@code ApproximateCreationDateTimePrecision} it does not know ({@code "SECOND"}, in lower
 *       case, a number). Lambda never sends those shapes, and here such a record is unreadable, its
 *       problem naming the field. A JSON number where a string belongs ({@code {"N":5}}, a numeric
 *       {@code SequenceNumber}) is read as its text. The other way round, base64 without its
 *       padding ({@code "AA"}) is read here and refused, with the whole event, by the runtime
 *       ({@code Base64Chars}).</li>
 * </ul>
 *
 * <p>Field names are case-sensitive, as in the runtime; unknown fields are ignored. Problem texts
 * name fields, attribute paths and types, never attribute values. Thread-safe: every call has its
 * own parser and scratch state; the {@link JsonFactory} is shared.
 */
public final class DynamodbEventJsonReader {
    private static final JsonFactory JSON = JsonFactory.builder()
            // Error locations must not quote the payload: it carries user data.
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            // An attribute name may be up to 64 KB, past Jackson's default limit on names.
            .streamReadConstraints(StreamReadConstraints.builder().maxNameLength(PlainJson.MAX_NAME_BYTES).build())
            .build();
    private static final String EXPECTED = "a DynamoDB stream event is a JSON object with a \"Records\" array";

    public DynamodbEventJsonReader() {
        // Stateless.
    }

    /**
     * Reads the whole stream (Lambda's invocation payload) and then its records.
     *
     * @throws MalformedEventException when the payload is not a stream event at all
     * @throws IOException when the stream cannot be read
     */
    public List<StreamRecord> read(InputStream event) throws IOException {
        return read(event.readAllBytes());
    }

    /**
     * One stream record per element of {@code Records}, in order. The records' raw JSON are slices
     * of {@code event}, which must not change afterwards.
     *
     * @throws MalformedEventException when the bytes are not a stream event at all
     */
    public List<StreamRecord> read(byte[] event) {
        return read(event, true);
    }

    /**
     * Reads the whole stream (Lambda's invocation payload), then checks it as {@link #read(byte[])}
     * does, but leaves its records to be read when they are taken: see {@link #readOnDemand(byte[])}.
     *
     * @throws MalformedEventException when the payload is not a stream event at all
     * @throws IOException when the stream cannot be read
     */
    public List<StreamRecord> readOnDemand(InputStream event) throws IOException {
        return readOnDemand(event.readAllBytes());
    }

    /**
     * The same records as {@link #read(byte[])}, but each read from the event's bytes when it is
     * taken ({@link List#get}), anew at every {@code get}. The whole event is checked first, exactly
     * as {@code read} checks it (JSON, a {@code Records} array), with a scan over each record
     * that builds no values; a bad record still becomes an unreadable record of its own when taken.
     * Only the event and two offsets per record are kept, so a taken record's change can be
     * collected once its taker lets go of it. The list is a
     * {@link dev.eddy.application.RecordsOnDemand}: the use case's command keeps it without copying.
     *
     * @throws MalformedEventException when the bytes are not a stream event at all
     */
    public List<StreamRecord> readOnDemand(byte[] event) {
        return read(event, false);
    }

    private static List<StreamRecord> read(byte[] event, boolean now) {
        List<StreamRecord> plain = now ? plainRecords(event) : plainOnDemand(event);
        if (plain != null) {
            return plain;
        }
        try (JsonParser parser = JSON.createParser(event)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new MalformedEventException("event is empty; " + EXPECTED);
            }
            if (parser.currentTokenLocation().getByteOffset() < 0) {
                throw new MalformedEventException("event is not UTF-8 JSON");
            }
            if (first != JsonToken.START_OBJECT) {
                throw new MalformedEventException("event is a JSON " + kind(first) + "; " + EXPECTED);
            }
            List<StreamRecord> records = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                boolean isRecords = "Records".equals(parser.currentName());
                JsonToken value = parser.nextToken();
                if (!isRecords) {
                    parser.skipChildren();
                } else if (records != null) {
                    throw new MalformedEventException("event has \"Records\" twice");
                } else if (value == JsonToken.START_ARRAY) {
                    records = now ? records(parser, event) : spans(parser, event);
                } else {
                    throw new MalformedEventException("\"Records\" is a JSON " + kind(value) + "; " + EXPECTED);
                }
            }
            if (parser.nextToken() != null) {
                throw new MalformedEventException("event has more JSON after its closing brace at "
                        + where(parser.currentTokenLocation()));
            }
            if (records == null) {
                throw new MalformedEventException("event has no \"Records\"; " + EXPECTED);
            }
            return records;
        } catch (JsonProcessingException e) {
            // Jackson's own message may quote the payload; say only what and where.
            throw new MalformedEventException("event is not valid JSON: " + e.getClass().getSimpleName()
                    + " at " + where(e.getLocation()));
        } catch (IOException e) {
            throw new UncheckedIOException("reading an event from memory", e);
        }
    }

    /**
     * The spans of the records when the whole event is plain JSON ({@link PlainJson}), which it is
     * as Lambda delivers it; null otherwise, and Jackson then checks and splits the event, and
     * reports what is wrong with it.
     */
    private static List<StreamRecord> plainOnDemand(byte[] event) {
        try {
            int[][] spans = PlainJson.recordSpans(event);
            return new OnDemandRecords(JSON, event, spans[0], spans[1]);
        } catch (PlainJson.NotPlain e) {
            return null;
        }
    }

    /**
     * The records of a plain event, read in the same pass as the scan; a record the byte reader
     * leaves to Jackson is read afterwards by a parser over its span. Null when the event is not
     * plain.
     */
    private static List<StreamRecord> plainRecords(byte[] event) {
        RecordReader reader = new RecordReader(event);
        List<StreamRecord> records = new ArrayList<>();
        int[][] spans;
        try {
            spans = PlainJson.recordSpans(event, start -> {
                StreamRecord record = reader.readPlain(start);
                records.add(record); // null: read below
                return record == null ? -1 : reader.plainEnd();
            });
        } catch (PlainJson.NotPlain e) {
            return null;
        }
        OnDemandRecords byParser = null;
        for (int i = 0; i < records.size(); i++) {
            if (records.get(i) == null) {
                if (byParser == null) {
                    byParser = new OnDemandRecords(JSON, event, spans[0], spans[1]);
                }
                records.set(i, byParser.get(i));
            }
        }
        return records;
    }

    private static List<StreamRecord> records(JsonParser parser, byte[] event) throws IOException {
        List<StreamRecord> records = new ArrayList<>();
        RecordReader reader = new RecordReader(event);
        JsonStreamContext array = parser.getParsingContext();
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (token == JsonToken.START_OBJECT) {
                records.add(reader.read(parser, array));
            } else {
                records.add(reader.notAnObject(parser, token));
            }
        }
        return records;
    }

    /**
     * Finds where each element of {@code Records} starts and ends, skipping over it token by token
     * (which checks that it is JSON, and builds nothing), for {@link OnDemandRecords} to read later.
     */
    private static List<StreamRecord> spans(JsonParser parser, byte[] event) throws IOException {
        int[] starts = new int[256];
        int[] ends = new int[256];
        int count = 0;
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (token == null) {
                throw new MalformedEventException("event JSON ends inside \"Records\"");
            }
            if (count == starts.length) {
                starts = Arrays.copyOf(starts, count * 2);
                ends = Arrays.copyOf(ends, count * 2);
            }
            starts[count] = (int) parser.currentTokenLocation().getByteOffset();
            if (token.isStructStart()) {
                parser.skipChildren();
            } else {
                parser.getTextLength(); // reads the whole token, so that the location is past it
            }
            ends[count] = (int) parser.currentLocation().getByteOffset();
            count++;
        }
        return new OnDemandRecords(JSON, event, Arrays.copyOf(starts, count), Arrays.copyOf(ends, count));
    }

    private static String kind(JsonToken token) {
        switch (token) {
            case START_ARRAY:
                return "array";
            case VALUE_STRING:
                return "string";
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return "number";
            case VALUE_TRUE:
            case VALUE_FALSE:
                return "boolean";
            case VALUE_NULL:
                return "null";
            default:
                return "object";
        }
    }

    private static String where(JsonLocation location) {
        if (location == null) {
            return "an unknown position";
        }
        return "line " + location.getLineNr() + ", column " + location.getColumnNr()
                + " (byte " + location.getByteOffset() + ")";
    }
}
