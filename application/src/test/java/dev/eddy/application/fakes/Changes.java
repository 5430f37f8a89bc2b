package dev.eddy.application.fakes;

import dev.eddy.application.RawRecord;
import dev.eddy.application.RecordRef;
import dev.eddy.application.StreamRecord;
import dev.eddy.domain.Change;
import dev.eddy.domain.Item;
import dev.eddy.domain.ItemKey;
import dev.eddy.domain.SourcePosition;
import dev.eddy.domain.StreamView;
import dev.eddy.domain.Value;
import dev.eddy.domain.json.JsonWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Builds test changes and stream records for the default source table ({@code RealTimeDataTable},
 * key {@code id} + {@code timestamp}). Each change is identified by its sequence number; its event
 * id is {@code event-<sequence>}.
 */
public final class Changes {
    public static final String TABLE = "RealTimeDataTable";
    public static final Instant CREATED_AT = Instant.parse("2026-11-24T12:00:00Z");

    private Changes() {
    }

    public static String eventId(String sequenceNumber) {
        return "event-" + sequenceNumber;
    }

    public static SourcePosition position(String sequenceNumber) {
        return new SourcePosition(eventId(sequenceNumber), TABLE, sequenceNumber, CREATED_AT, 128,
                StreamView.NEW_AND_OLD_IMAGES);
    }

    public static SourcePosition position(String sequenceNumber, Instant createdAt) {
        return new SourcePosition(eventId(sequenceNumber), TABLE, sequenceNumber, createdAt, 128,
                StreamView.NEW_AND_OLD_IMAGES);
    }

    public static ItemKey key(String sensor) {
        Map<String, Value> key = new LinkedHashMap<>();
        key.put("id", Value.of(sensor));
        key.put("timestamp", Value.number("1764000000"));
        return ItemKey.of(key);
    }

    public static Item reading(String sensor, String temperature) {
        Map<String, Value> attributes = new LinkedHashMap<>(key(sensor).attributes());
        attributes.put("temperature", Value.number(temperature));
        attributes.put("unit", Value.of("C"));
        return Item.of(attributes);
    }

    public static Change.Created created(String sequenceNumber) {
        return new Change.Created(position(sequenceNumber), key("sensor-1"), Optional.of(reading("sensor-1", "21.5")));
    }

    public static Change.Updated updated(String sequenceNumber, String from, String to) {
        return new Change.Updated(position(sequenceNumber), key("sensor-1"),
                Optional.of(reading("sensor-1", from)), Optional.of(reading("sensor-1", to)));
    }

    public static Change.Deleted deleted(String sequenceNumber) {
        return new Change.Deleted(position(sequenceNumber), key("sensor-1"), Optional.of(reading("sensor-1", "21.5")));
    }

    public static Change.Expired expired(String sequenceNumber) {
        return new Change.Expired(position(sequenceNumber), key("sensor-1"), Optional.of(reading("sensor-1", "21.5")));
    }

    /** A readable record for the change, whose raw JSON names its event id and sequence number. */
    public static StreamRecord.Readable record(Change change) {
        return new StreamRecord.Readable(change, raw(change.source().eventId(), change.source().sequenceNumber()));
    }

    public static StreamRecord.Readable createdRecord(String sequenceNumber) {
        return record(created(sequenceNumber));
    }

    /** A record that could not be read as a change. */
    public static StreamRecord.Unreadable unreadable(String sequenceNumber, String problem) {
        return new StreamRecord.Unreadable(new RecordRef(sequenceNumber, eventId(sequenceNumber)), problem,
                raw(eventId(sequenceNumber), sequenceNumber));
    }

    /** The raw JSON the records above carry. */
    public static RawRecord raw(String eventId, String sequenceNumber) {
        return () -> new JsonWriter().beginObject()
                .name("eventID").value(eventId)
                .name("dynamodb").beginObject().name("SequenceNumber").value(sequenceNumber).endObject()
                .endObject().toString();
    }
}
