package dev.eddy.adapters.aws.stream.json;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;

/**
 * DynamoDB's ApproximateCreationDateTime, read exactly from the JSON number (no double, no
 * {@link java.util.Date}). It comes as epoch seconds ({@code 1479499740}), fractional seconds
 * ({@code 1.635734407123456789E9}, kept to the nanosecond), or, from Kinesis-sourced events,
 * milliseconds or microseconds, usually with {@code ApproximateCreationDateTimePrecision}
 * ({@code MILLISECOND} or {@code MICROSECOND}).
 *
 * <p>When the precision is given it decides the unit. Without it, the magnitude does, as in the
 * reference mapper: no stream record is from beyond the year 2500, so a number too large to be
 * seconds is milliseconds, and one too large for that is microseconds.
 */
final class CreationTime {
    /** 2500-01-01T00:00:00Z in seconds. */
    static final long LATEST_PLAUSIBLE_SECONDS = 16_725_225_600L;
    private static final long LATEST_PLAUSIBLE_MILLIS = LATEST_PLAUSIBLE_SECONDS * 1000;
    private static final long LATEST_PLAUSIBLE_MICROS = LATEST_PLAUSIBLE_MILLIS * 1000;
    private static final BigDecimal LATEST_SECONDS = BigDecimal.valueOf(LATEST_PLAUSIBLE_SECONDS);
    private static final BigDecimal LATEST_MILLIS = BigDecimal.valueOf(LATEST_PLAUSIBLE_MILLIS);
    private static final BigDecimal LATEST_MICROS = BigDecimal.valueOf(LATEST_PLAUSIBLE_MICROS);

    /** More decimal places than any time needs (nanoseconds of microseconds are 15). */
    static final int MAX_SCALE = 40;
    /** More integer digits than the latest plausible count of microseconds has (17). */
    private static final int MAX_INTEGER_DIGITS = 20;

    static final String FIELD = "dynamodb.ApproximateCreationDateTime";
    static final String BEYOND_2500 = FIELD + " is beyond the year 2500 even read as milliseconds or microseconds";

    /** The units a precision names, as powers of ten below a second. */
    static final int SECONDS = 0;
    static final int MILLIS = 3;
    static final int MICROS = 6;
    /** No precision field: decide by magnitude. */
    static final int BY_MAGNITUDE = -1;

    private CreationTime() {
    }

    /** The unit of a precision field value, or null when it names none. */
    static Integer unitOf(String precision) {
        switch (precision) {
            case "MILLISECOND":
                return MILLIS;
            case "MICROSECOND":
                return MICROS;
            default:
                return null;
        }
    }

    /** A whole number in the given unit, or by magnitude; null when beyond the year 2500. */
    static Instant of(long value, int unit) {
        long magnitude = Math.abs(value);
        int actual = unit;
        if (unit == BY_MAGNITUDE) {
            if (value == Long.MIN_VALUE) {
                return null;
            }
            actual = magnitude <= LATEST_PLAUSIBLE_SECONDS ? SECONDS
                    : magnitude <= LATEST_PLAUSIBLE_MILLIS ? MILLIS
                    : magnitude <= LATEST_PLAUSIBLE_MICROS ? MICROS : BY_MAGNITUDE;
        }
        switch (actual) {
            case SECONDS:
                return magnitude <= LATEST_PLAUSIBLE_SECONDS ? Instant.ofEpochSecond(value) : null;
            case MILLIS:
                return magnitude <= LATEST_PLAUSIBLE_MILLIS ? Instant.ofEpochMilli(value) : null;
            case MICROS:
                return magnitude <= LATEST_PLAUSIBLE_MICROS
                        ? Instant.ofEpochSecond(Math.floorDiv(value, 1_000_000L), Math.floorMod(value, 1_000_000L) * 1000L)
                        : null;
            default:
                return null;
        }
    }

    /**
     * A decimal in the given unit, or by magnitude, exact to the nanosecond (truncated below); null
     * when beyond 2500. The caller has checked {@link #MAX_SCALE}: BigDecimal arithmetic on a
     * literal like {@code 1E-999999999} would take forever; one like {@code 1E+999999999} is
     * answered here before any arithmetic.
     */
    static Instant of(BigDecimal value, int unit) {
        if ((long) value.precision() - value.scale() > MAX_INTEGER_DIGITS) {
            // Beyond 2500 in any unit, and said before any arithmetic: moving the point of
            // 1E+99999999 would compute 10^99999996, and never finish. In long: the digits of
            // 1E+2147483647 are one more than an int holds.
            return null;
        }
        BigDecimal magnitude = value.abs();
        int actual = unit;
        if (unit == BY_MAGNITUDE) {
            actual = magnitude.compareTo(LATEST_SECONDS) <= 0 ? SECONDS
                    : magnitude.compareTo(LATEST_MILLIS) <= 0 ? MILLIS
                    : magnitude.compareTo(LATEST_MICROS) <= 0 ? MICROS : BY_MAGNITUDE;
        }
        if (actual == BY_MAGNITUDE) {
            return null;
        }
        BigDecimal seconds = value.movePointLeft(actual);
        if (seconds.abs().compareTo(LATEST_SECONDS) > 0) {
            return null;
        }
        BigDecimal whole = seconds.setScale(0, RoundingMode.FLOOR);
        int nanos = seconds.subtract(whole).movePointRight(9).setScale(0, RoundingMode.FLOOR).intValueExact();
        return Instant.ofEpochSecond(whole.longValueExact(), nanos);
    }
}
