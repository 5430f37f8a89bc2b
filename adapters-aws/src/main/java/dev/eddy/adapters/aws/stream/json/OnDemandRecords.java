package dev.eddy.adapters.aws.stream.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import dev.eddy.application.RecordRef;
import dev.eddy.application.RecordsOnDemand;
import dev.eddy.application.StreamRecord;
import java.io.IOException;
import java.util.Objects;

/**
 * The records of one event, each read from its own bytes when it is taken: the event was checked
 * and split into record spans up front (a scan that builds no values), and {@link #get} reads
 * span {@code i} into a {@link StreamRecord}. Nothing but the event's bytes
 * and two offsets per record is held, so a record's change (images, diff) lives only as long as
 * its taker keeps it.
 *
 * <p>A record is first read from its bytes ({@link RecordReader#readPlain(int, int)}); a record
 * that reader leaves to Jackson is read by a parser. Such records taken in order (0, 1, 2...), as
 * the use case takes them, are read by one parser that moves through the event from record to
 * record; any other is read by a parser of its own over its span. Reading the same index
 * twice reads the record twice, into an equal change. Thread-safe: one record is read at a time,
 * as {@link RecordReader} is not.
 */
final class OnDemandRecords extends RecordsOnDemand {
    private final JsonFactory json;
    private final byte[] event;
    private final int[] starts;
    private final int[] ends;
    private final RecordReader reader;

    // Records taken in order: the parser moving through the event, its Records array, and the next index.
    private JsonParser cursor;
    private JsonStreamContext records;
    private int next;

    /** @param starts, ends the byte range of each element of {@code Records}, from the scan */
    OnDemandRecords(JsonFactory json, byte[] event, int[] starts, int[] ends) {
        if (starts.length != ends.length) {
            throw new IllegalArgumentException(starts.length + " record starts for " + ends.length + " ends");
        }
        this.json = Objects.requireNonNull(json, "json");
        this.event = Objects.requireNonNull(event, "event");
        this.starts = starts;
        this.ends = ends;
        this.reader = new RecordReader(event);
    }

    @Override
    public int size() {
        return starts.length;
    }

    @Override
    public synchronized StreamRecord get(int index) {
        Objects.checkIndex(index, starts.length);
        StreamRecord plain = reader.readPlain(starts[index], ends[index]);
        if (plain != null) {
            return plain;
        }
        try {
            return index == next ? readNext() : readSpan(index);
        } catch (IOException | MalformedEventException e) {
            // The scan found this span to be one whole JSON value, so this cannot happen; if it
            // does, it concerns this record alone.
            closeCursor();
            next = -1;
            int start = starts[index];
            return new StreamRecord.Unreadable(new RecordRef(null, null),
                    "record could not be read again from the event: " + e.getClass().getSimpleName(),
                    new RawRecordSlice(event, start, ends[index] - start));
        }
    }

    /** The record after the last one taken in order, read by the parser that moves through the event. */
    private StreamRecord readNext() throws IOException {
        if (cursor == null) {
            openCursor();
        }
        JsonToken token = cursor.nextToken();
        StreamRecord record = token == JsonToken.START_OBJECT ? reader.read(cursor, records)
                : reader.notAnObject(cursor, token);
        next++;
        if (next == starts.length) {
            closeCursor();
        }
        return record;
    }

    /** A parser over the whole event, just inside the {@code Records} array (the scan found it there). */
    private void openCursor() throws IOException {
        cursor = json.createParser(event);
        cursor.nextToken();
        while (cursor.nextToken() == JsonToken.FIELD_NAME) {
            boolean isRecords = "Records".equals(cursor.currentName());
            cursor.nextToken();
            if (isRecords) {
                records = cursor.getParsingContext();
                return;
            }
            cursor.skipChildren();
        }
        throw new MalformedEventException("event has no \"Records\" on a second look");
    }

    private void closeCursor() {
        if (cursor != null) {
            try {
                cursor.close();
            } catch (IOException e) {
                // Over a byte array: nothing to release that matters.
            }
            cursor = null;
        }
    }

    /** Record {@code index} alone, by a parser over its own bytes. */
    private StreamRecord readSpan(int index) throws IOException {
        int start = starts[index];
        try (JsonParser parser = new RecordSpanParser(json.createParser(event, start, ends[index] - start), start)) {
            JsonStreamContext outside = parser.getParsingContext();
            JsonToken token = parser.nextToken();
            return token == JsonToken.START_OBJECT ? reader.read(parser, outside) : reader.notAnObject(parser, token);
        }
    }
}
