package dev.eddy.application.fakes;

import dev.eddy.domain.Change;
import dev.eddy.domain.Item;
import dev.eddy.domain.ItemKey;
import dev.eddy.domain.SourcePosition;
import dev.eddy.domain.StreamView;
import dev.eddy.domain.Value;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Changes to sensor readings in the default table ({@code RealTimeDataTable}, key {@code id} +
 * {@code timestamp}), for tests. Attribute values: a {@link Value}, a {@link Number} (as an exact
 * number) or a String.
 */
public final class SensorChanges {
    public static final String TABLE = "RealTimeDataTable";
    public static final Instant AT = Instant.parse("2026-11-24T10:00:00Z");

    private SensorChanges() {
    }

    public static SourcePosition source(String eventId, long sequence) {
        return new SourcePosition(eventId, TABLE, Long.toString(sequence), AT, 200, StreamView.NEW_AND_OLD_IMAGES);
    }

    public static ItemKey key(String sensor) {
        Map<String, Value> key = new LinkedHashMap<>();
        key.put("id", Value.of(sensor));
        key.put("timestamp", Value.number("1732460000"));
        return ItemKey.of(key);
    }

    public static Item item(String sensor, Object... namesAndValues) {
        Map<String, Value> attributes = new LinkedHashMap<>(key(sensor).attributes());
        for (int i = 0; i < namesAndValues.length; i += 2) {
            Object v = namesAndValues[i + 1];
            Value value = v instanceof Value val ? val
                    : v instanceof Number number ? Value.number(number.toString())
                    : Value.of(v.toString());
            attributes.put((String) namesAndValues[i], value);
        }
        return Item.of(attributes);
    }

    public static Change.Created created(String eventId, long sequence, String sensor, Object... attributes) {
        return new Change.Created(source(eventId, sequence), key(sensor), Optional.of(item(sensor, attributes)));
    }

    public static Change.Updated updated(String eventId, long sequence, String sensor, Item oldImage, Item newImage) {
        return new Change.Updated(source(eventId, sequence), key(sensor), Optional.of(oldImage), Optional.of(newImage));
    }

    /** An update of one sensor's temperature. */
    public static Change.Updated reading(String eventId, long sequence, String sensor, Number before, Number after) {
        return updated(eventId, sequence, sensor, item(sensor, "temperature", before), item(sensor, "temperature", after));
    }

    public static Change.Deleted deleted(String eventId, long sequence, String sensor, Object... attributes) {
        return new Change.Deleted(source(eventId, sequence), key(sensor), Optional.of(item(sensor, attributes)));
    }

    public static Change.Expired expired(String eventId, long sequence, String sensor, Object... attributes) {
        return new Change.Expired(source(eventId, sequence), key(sensor), Optional.of(item(sensor, attributes)));
    }
}
