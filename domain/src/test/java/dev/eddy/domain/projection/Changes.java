package dev.eddy.domain.projection;

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

/** Builds changes of a sensor table (key id + timestamp) for projection tests. */
final class Changes {
    static final Instant AT = Instant.parse("2026-11-24T21:15:30Z");

    static Item item(Object... namesAndValues) {
        Map<String, Value> attributes = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            Object v = namesAndValues[i + 1];
            Value value = v instanceof Value given ? given
                    : v instanceof Number n ? Value.number(n.toString()) : Value.of(String.valueOf(v));
            attributes.put((String) namesAndValues[i], value);
        }
        return Item.of(attributes);
    }

    static SourcePosition source(long sequence) {
        return new SourcePosition("event-" + sequence, "RealTimeDataTable", String.format("%021d", sequence), AT, 100,
                StreamView.NEW_AND_OLD_IMAGES);
    }

    static ItemKey keyOf(Item item) {
        Map<String, Value> key = new LinkedHashMap<>();
        key.put("id", item.get("id").orElseThrow());
        item.get("timestamp").ifPresent(t -> key.put("timestamp", t));
        return ItemKey.of(key);
    }

    static Change created(long sequence, Item item) {
        return new Change.Created(source(sequence), keyOf(item), Optional.of(item));
    }

    static Change updated(long sequence, Item old, Item now) {
        return new Change.Updated(source(sequence), keyOf(now), Optional.of(old), Optional.of(now));
    }

    static Change deleted(long sequence, Item old) {
        return new Change.Deleted(source(sequence), keyOf(old), Optional.of(old));
    }

    static Change expired(long sequence, Item old) {
        return new Change.Expired(source(sequence), keyOf(old), Optional.of(old));
    }

    private Changes() {
    }
}
