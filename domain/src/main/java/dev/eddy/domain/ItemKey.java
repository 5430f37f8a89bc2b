package dev.eddy.domain;

import java.util.Map;
import java.util.Optional;

/** The primary key of an item: partition key, and sort key where the table has one. */
public record ItemKey(Map<String, Value> attributes) {
    public ItemKey {
        attributes = AttributeMaps.immutableCopy(attributes, "key");
        if (attributes.isEmpty()) {
            throw new InvalidValueException("a key needs at least one attribute");
        }
    }

    public static ItemKey of(Map<String, Value> attributes) {
        return new ItemKey(attributes);
    }

    public Optional<Value> get(String name) {
        return Optional.ofNullable(attributes.get(name));
    }
}
