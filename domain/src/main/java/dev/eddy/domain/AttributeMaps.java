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
        // A plain loop: no lambdas, which C1 (Lambda's JIT) allocates anew for every attribute.
        for (Map.Entry<String, Value> entry : values.entrySet()) {
            String name = entry.getKey();
            Value value = entry.getValue();
            if (name == null) {
                throw new NullPointerException(what + " has a null attribute name");
            }
            if (value == null) {
                throw new NullPointerException(what + " attribute '" + name + "' has a null value");
            }
            copy.put(name, value);
        }
        return Collections.unmodifiableMap(copy);
    }
}
