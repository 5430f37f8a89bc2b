package dev.eddy.domain.projection;

import dev.eddy.domain.Change;
import dev.eddy.domain.Item;
import dev.eddy.domain.Value;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/** Helpers shared by the projections: configured names, key rendering. */
final class Keys {
    /** 10000-01-01T00:00:00Z in epoch seconds: from there on, years have five digits. */
    private static final long YEAR_10000 = 253_402_300_800L;

    static String requireName(String name, String what) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException(what + " is missing");
        }
        return name;
    }

    /** The value of an attribute in an image, or in the change's key when the image lacks it. */
    static Optional<Value> lookup(String attribute, Optional<Item> image, Change change) {
        Value value = image.isPresent() ? image.get().attributes().get(attribute) : null;
        return value != null ? Optional.of(value) : change.key().get(attribute);
    }

    /**
     * Renders a partition key value as it goes into {@code pk}: a string as it is, a number in
     * plain notation without trailing zeros (so that {@code 1.50} and {@code 1.5} meet), binary as
     * base64.
     *
     * @return the rendered value, or the problem (naming the attribute and type, never the value)
     */
    static Rendered render(String projection, String attribute, Optional<Value> found) {
        if (found.isEmpty()) {
            return Rendered.problem("projection " + projection + ": partition key attribute " + attribute + " is missing");
        }
        Value value = found.get();
        if (value instanceof Value.Str s && !s.value().isEmpty()) {
            return Rendered.ok(s.value());
        }
        if (value instanceof Value.Num n) {
            return Rendered.ok(plain(n.value()));
        }
        if (value instanceof Value.Bin b) {
            return Rendered.ok(b.value().base64());
        }
        return Rendered.problem("projection " + projection + ": partition key attribute " + attribute + " is "
                + value.typeDescriptor() + (value instanceof Value.Str ? " (empty)" : "")
                + "; it must be a non-empty S, an N or a B");
    }

    /**
     * The source item's key as one string, attributes in name order: {@code id=S:sensor-1;timestamp=N:1763931600}.
     * Numbers without trailing zeros, binary as base64; {@code \\} and {@code ;} in strings are escaped.
     */
    static Value.Str sourceKey(Change change) {
        Map<String, Value> attributes = change.key().attributes();
        String[] names = attributes.keySet().toArray(new String[attributes.size()]); // sized: no reflective array under C1
        Arrays.sort(names);
        StringBuilder key = new StringBuilder();
        for (String name : names) {
            Value value = attributes.get(name);
            String rendered;
            if (value instanceof Value.Num n) {
                rendered = plain(n.value());
            } else if (value instanceof Value.Bin b) {
                rendered = b.value().base64();
            } else if (value instanceof Value.Str s) {
                rendered = s.value().replace("\\", "\\\\").replace(";", "\\;");
            } else {
                rendered = value.toString();
            }
            if (key.length() > 0) {
                key.append(';');
            }
            key.append(name).append('=').append(value.typeDescriptor()).append(':').append(rendered);
        }
        return Value.of(key.toString());
    }

    /**
     * A number in plain notation without trailing zeros, so that {@code 1.50} and {@code 1.5} meet:
     * {@code 1.50 -> 1.5}, {@code 1E+3 -> 1000}, {@code 0.00 -> 0}.
     */
    static String plain(BigDecimal number) {
        if (number.scale() <= 0) {
            // A whole number written without a fraction (a timestamp, a count): nothing to strip.
            return number.toPlainString();
        }
        return number.signum() == 0 ? "0" : number.stripTrailingZeros().toPlainString();
    }

    static String pk(String projection, String renderedKey) {
        return projection + "#" + renderedKey;
    }

    static Value.Str iso(Instant instant) {
        return Value.of(isoText(instant));
    }

    /**
     * Exactly {@code instant.toString()} ({@code 2026-11-24T21:00:00Z}, {@code 2026-11-24T21:00:00.250Z}:
     * seconds always, a fraction in groups of three digits when there is one), written directly for
     * the years 1970 to 9999: the JDK's formatter is a large part of a projection's cost on Lambda's
     * C1 compiler. Other years take the JDK's way.
     */
    static String isoText(Instant instant) {
        long seconds = instant.getEpochSecond();
        if (seconds < 0 || seconds >= YEAR_10000) {
            return instant.toString();
        }
        LocalDateTime time = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
        byte[] iso = new byte[30];
        int at = digits(iso, 0, time.getYear(), 4);
        iso[at++] = '-';
        at = digits(iso, at, time.getMonthValue(), 2);
        iso[at++] = '-';
        at = digits(iso, at, time.getDayOfMonth(), 2);
        iso[at++] = 'T';
        at = digits(iso, at, time.getHour(), 2);
        iso[at++] = ':';
        at = digits(iso, at, time.getMinute(), 2);
        iso[at++] = ':';
        at = digits(iso, at, time.getSecond(), 2);
        int nanos = instant.getNano();
        if (nanos > 0) {
            iso[at++] = '.';
            if (nanos % 1_000_000 == 0) {
                at = digits(iso, at, nanos / 1_000_000, 3);
            } else if (nanos % 1_000 == 0) {
                at = digits(iso, at, nanos / 1_000, 6);
            } else {
                at = digits(iso, at, nanos, 9);
            }
        }
        iso[at++] = 'Z';
        return new String(iso, 0, at, StandardCharsets.ISO_8859_1);
    }

    /** Writes {@code value} (not negative) at {@code at} in {@code width} digits, with leading zeros; returns the end. */
    private static int digits(byte[] to, int at, int value, int width) {
        int rest = value;
        for (int i = at + width - 1; i >= at; i--) {
            to[i] = (byte) ('0' + rest % 10);
            rest /= 10;
        }
        return at + width;
    }

    /** A rendered key or the reason there is none. */
    record Rendered(String value, String problem) {
        static Rendered ok(String value) {
            return new Rendered(value, null);
        }

        static Rendered problem(String problem) {
            return new Rendered(null, problem);
        }

        boolean ok() {
            return value != null;
        }
    }

    private Keys() {
    }
}
