package dev.eddy.domain.json;

import java.math.BigDecimal;

/**
 * Where a JSON rendering goes, one event at a time: text ({@link JsonWriter}), or any structure a
 * consumer builds from the same events, such as a library's own tree, so that it need not parse
 * text written only for it. Callers keep objects and arrays balanced and write a {@link #name}
 * before each member's value.
 */
public interface JsonOutput {
    JsonOutput beginObject();

    JsonOutput endObject();

    JsonOutput beginArray();

    JsonOutput endArray();

    /** A member name; the next value (or object, or array) is its value. */
    JsonOutput name(String name);

    /** A string; {@code null} writes JSON null. */
    JsonOutput value(String value);

    /** An exact decimal, never rounded; {@code null} writes JSON null. */
    JsonOutput value(BigDecimal value);

    JsonOutput value(boolean value);

    JsonOutput nullValue();
}
