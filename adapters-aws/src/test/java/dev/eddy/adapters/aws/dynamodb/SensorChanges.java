package dev.eddy.adapters.aws.dynamodb;

import dev.eddy.domain.Change;
import dev.eddy.domain.Item;
import dev.eddy.domain.ItemKey;
import dev.eddy.domain.SourcePosition;
import dev.eddy.domain.StreamView;
import dev.eddy.domain.Value;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** Changes of readings in the source table (key id + timestamp), with realistic 21-digit sequence numbers. */
final class SensorChanges {
    /** 2025-11-23T21:00:00Z. */
    static final long HOUR = 1763931600L;

    static Item reading(String sensor, long timestamp, String temperature) {
        return Item.of(Map.of("id", Value.of(sensor), "timestamp", Value.number(Long.toString(timestamp)),
                "temperature", Value.number(temperature)));
    }

    static SourcePosition source(long sequence) {
        return new SourcePosition("event-" + sequence, "RealTimeDataTable",
                "4" + String.format("%020d", 1000L + sequence), Instant.ofEpochSecond(HOUR + sequence), 200,
                StreamView.NEW_AND_OLD_IMAGES);
    }

    private static ItemKey key(Item item) {
        return ItemKey.of(Map.of("id", item.get("id").orElseThrow(), "timestamp", item.get("timestamp").orElseThrow()));
    }

    static Change created(long sequence, Item item) {
        return new Change.Created(source(sequence), key(item), Optional.of(item));
    }

    static Change updated(long sequence, Item old, Item now) {
        return new Change.Updated(source(sequence), key(now), Optional.of(old), Optional.of(now));
    }

    static Change deleted(long sequence, Item old) {
        return new Change.Deleted(source(sequence), key(old), Optional.of(old));
    }

    static Change expired(long sequence, Item old) {
        return new Change.Expired(source(sequence), key(old), Optional.of(old));
    }

    private SensorChanges() {
    }
}
