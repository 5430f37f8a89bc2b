package dev.eddy.domain;

import java.util.Map;

/** Shared checks for name-to-value maps: items, keys and M values. */
final class AttributeMaps {
    private AttributeMaps() {
    }

    /**
     * An immutable copy in the source's order, null names and values refused; an
     * {@link AttributeMap} is immutable already and is taken as it is.
     */
    static Map<String, Value> immutableCopy(Map<String, Value> values, String what) {
        return AttributeMap.copyOf(values, what);
    }
}
