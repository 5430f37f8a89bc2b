package dev.eddy.domain;

import java.util.Objects;

/** One attribute whose value changed: before and after. */
public record FieldChange(Value oldValue, Value newValue) {
    public FieldChange {
        Objects.requireNonNull(oldValue, "oldValue");
        Objects.requireNonNull(newValue, "newValue");
    }
}
