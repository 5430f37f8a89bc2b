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
 * and split into record spans up front (a token skip, no values built), and {@link #get} reads
 * span {@code i} into a {@link StreamRecord} with a fresh parser. Nothing but the event's bytes
 * and two offsets per record is held, so a record's change (images, diff) lives only as long as
 * its taker keeps it.
 *
 * <p>Reading the same index twice reads the record twice, into an equal change. Thread-safe: one
 * record is read at a time, as {@link RecordReader} is not.
 */
final class OnDemandRecords extends RecordsOnDemand {
    private final JsonFactory json;
    private final byte[] event;
    private final int[] starts;
    private final int[] ends;
    private final RecordReader reader;

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
        int start = starts[index];
        try (JsonParser parser = new RecordSpanParser(json.createParser(event, start, ends[index] - start), start)) {
            JsonStreamContext outside = parser.getParsingContext();
            JsonToken token = parser.nextToken();
            return token == JsonToken.START_OBJECT ? reader.read(parser, outside) : reader.notAnObject(parser, token);
        } catch (IOException | MalformedEventException e) {
            // The scan found this span to be one whole JSON value, so this cannot happen; if it
            // does, it concerns this record alone.
            return new StreamRecord.Unreadable(new RecordRef(null, null),
                    "record could not be read again from the event: " + e.getClass().getSimpleName(),
                    new RawRecordSlice(event, start, ends[index] - start));
        }
    }
}
