package dev.eddy.domain;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** Shared checks for name-to-value maps: items, keys and M values. */
final class AttributeMaps {
    private AttributeMaps() {
    }

    static Map<String, Value> immutableCopy(Map<String, Value> values, String what) {
        Objects.requireNonNull(values, what);
        Map<String, Value> copy = new LinkedHashMap<>(values.size() * 2);
        values.forEach((name, value) -> {
            Objects.requireNonNull(name, () -> what + " has a null attribute name");
            copy.put(name, Objects.requireNonNull(value, () -> what + " attribute '" + name + "' has a null value"));
        });
        return Collections.unmodifiableMap(copy);
    }
}
