package dev.eddy.domain;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The field-level difference between two images of an item, by top-level attribute:
 * attributes added, attributes removed, and attributes whose value changed.
 */
public record Diff(Map<String, Value> added, Map<String, Value> removed, Map<String, FieldChange> changed) {
    public static final Diff NONE = new Diff(Map.of(), Map.of(), Map.of());

    public Diff {
        added = AttributeMaps.immutableCopy(added, "added");
        removed = AttributeMaps.immutableCopy(removed, "removed");
        Objects.requireNonNull(changed, "changed");
        changed = Collections.unmodifiableMap(new LinkedHashMap<>(changed));
    }

    /** Compares two images attribute by attribute. Values compare by value (numbers numerically). */
    public static Diff between(Item oldImage, Item newImage) {
        Objects.requireNonNull(oldImage, "oldImage");
        Objects.requireNonNull(newImage, "newImage");
        Map<String, Value> added = new LinkedHashMap<>();
        Map<String, Value> removed = new LinkedHashMap<>();
        Map<String, FieldChange> changed = new LinkedHashMap<>();
        Map<String, Value> before = oldImage.attributes();
        Map<String, Value> after = newImage.attributes();
        after.forEach((name, value) -> {
            Value old = before.get(name);
            if (old == null) {
                added.put(name, value);
            } else if (!old.equals(value)) {
                changed.put(name, new FieldChange(old, value));
            }
        });
        before.forEach((name, value) -> {
            if (!after.containsKey(name)) {
                removed.put(name, value);
            }
        });
        if (added.isEmpty() && removed.isEmpty() && changed.isEmpty()) {
            return NONE;
        }
        return new Diff(added, removed, changed);
    }

    /** True when the two images were equal: a write that changed nothing. */
    public boolean isEmpty() {
        return added.isEmpty() && removed.isEmpty() && changed.isEmpty();
    }

    /** The names of every attribute added, removed or changed, sorted. */
    public SortedSet<String> fieldNames() {
        SortedSet<String> names = new TreeSet<>(added.keySet());
        names.addAll(removed.keySet());
        names.addAll(changed.keySet());
        return Collections.unmodifiableSortedSet(names);
    }
}
