package dev.eddy.domain.document;

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

/** Builds changes for domain tests. */
public final class TestChanges {
    public static final Instant AT = Instant.parse("2026-11-24T10:00:00Z");

    private TestChanges() {
    }

    public static SourcePosition source(String eventId) {
        return new SourcePosition(eventId, "RealTimeDataTable", "4200000000000000000001", AT, 100, StreamView.NEW_AND_OLD_IMAGES);
    }

    public static ItemKey key(String id) {
        Map<String, Value> key = new LinkedHashMap<>();
        key.put("id", Value.of(id));
        key.put("timestamp", Value.number("1732460000"));
        return ItemKey.of(key);
    }

    /** An item: the key plus alternating attribute names and values. */
    public static Item item(String id, Object... namesAndValues) {
        Map<String, Value> attributes = new LinkedHashMap<>(key(id).attributes());
        for (int i = 0; i < namesAndValues.length; i += 2) {
            Object v = namesAndValues[i + 1];
            Value value = v instanceof Value val ? val : v instanceof String s ? Value.of(s) : Value.number(v.toString());
            attributes.put((String) namesAndValues[i], value);
        }
        return Item.of(attributes);
    }

    /** A number value. */
    public static Value.Num n(String literal) {
        return Value.number(literal);
    }

    public static Change.Updated updated(Item oldImage, Item newImage) {
        return new Change.Updated(source("ev-1"), key("sensor-7"), Optional.of(oldImage), Optional.of(newImage));
    }

    public static Change.Created created(Item newImage) {
        return new Change.Created(source("ev-1"), key("sensor-7"), Optional.of(newImage));
    }
}
