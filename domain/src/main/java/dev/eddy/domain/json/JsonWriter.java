package dev.eddy.domain.json;

import java.math.BigDecimal;

/**
 * A small, allocation-light JSON writer. The domain renders its documents with it, so it needs
 * no JSON library. It writes exactly what it is told: callers keep objects and arrays balanced.
 */
public final class JsonWriter implements JsonOutput {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final StringBuilder out;
    private boolean needsComma;

    public JsonWriter() {
        this(new StringBuilder(256));
    }

    public JsonWriter(StringBuilder out) {
        this.out = out;
    }

    @Override
    public JsonWriter beginObject() {
        separate();
        out.append('{');
        needsComma = false;
        return this;
    }

    @Override
    public JsonWriter endObject() {
        out.append('}');
        needsComma = true;
        return this;
    }

    @Override
    public JsonWriter beginArray() {
        separate();
        out.append('[');
        needsComma = false;
        return this;
    }

    @Override
    public JsonWriter endArray() {
        out.append(']');
        needsComma = true;
        return this;
    }

    /** Writes a member name; the next value call writes its value. */
    @Override
    public JsonWriter name(String name) {
        separate();
        quote(name);
        out.append(':');
        needsComma = false;
        return this;
    }

    @Override
    public JsonWriter value(String value) {
        if (value == null) {
            return nullValue();
        }
        separate();
        quote(value);
        needsComma = true;
        return this;
    }

    /** Writes the exact decimal: no rounding, no binary floating point. */
    @Override
    public JsonWriter value(BigDecimal value) {
        if (value == null) {
            return nullValue();
        }
        separate();
        out.append(value.toString());
        needsComma = true;
        return this;
    }

    public JsonWriter value(long value) {
        separate();
        out.append(value);
        needsComma = true;
        return this;
    }

    @Override
    public JsonWriter value(boolean value) {
        separate();
        out.append(value);
        needsComma = true;
        return this;
    }

    @Override
    public JsonWriter nullValue() {
        separate();
        out.append("null");
        needsComma = true;
        return this;
    }

    /** Inserts an already-serialized JSON value as is. */
    public JsonWriter rawValue(String json) {
        separate();
        out.append(json);
        needsComma = true;
        return this;
    }

    @Override
    public String toString() {
        return out.toString();
    }

    /** Quotes and escapes one string as a JSON string literal. */
    public static String quoted(String value) {
        JsonWriter writer = new JsonWriter(new StringBuilder(value.length() + 2));
        writer.quote(value);
        return writer.toString();
    }

    private void separate() {
        if (needsComma) {
            out.append(',');
        }
    }

    private void quote(String s) {
        out.append('"');
        int start = 0;
        int length = s.length();
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\' && c != 0x2028 && c != 0x2029) {
                continue;
            }
            out.append(s, start, i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> out.append("\\u").append(HEX[(c >> 12) & 0xF]).append(HEX[(c >> 8) & 0xF])
                        .append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
            }
            start = i + 1;
        }
        out.append(s, start, length);
        out.append('"');
    }
}
