package dev.eddy.domain;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** An item image: attribute names to values. Immutable; equality by value, ignoring attribute order. */
public record Item(Map<String, Value> attributes) {
    public Item {
        attributes = AttributeMaps.immutableCopy(attributes, "item");
    }

    public static Item of(Map<String, Value> attributes) {
        return new Item(attributes);
    }

    public Optional<Value> get(String name) {
        return Optional.ofNullable(attributes.get(name));
    }

    public Set<String> names() {
        return attributes.keySet();
    }

    public boolean isEmpty() {
        return attributes.isEmpty();
    }
}
