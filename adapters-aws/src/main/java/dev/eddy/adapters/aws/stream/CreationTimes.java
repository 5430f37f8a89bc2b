package dev.eddy.adapters.aws.stream;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;

/**
 * Recovers DynamoDB's ApproximateCreationDateTime from the {@link Date} the Lambda runtime made of it.
 *
 * <p>The runtime's serializer (aws-lambda-java-serialization's {@code DateModule}) reads the JSON
 * number as a double, multiplies it by 1000 and truncates to a long: right for epoch seconds
 * ({@code 1479499740}) and fractional seconds ({@code 1.635734407123456789E9}, kept to the
 * millisecond). It ignores {@code ApproximateCreationDateTimePrecision}, so a time in
 * milliseconds ({@code 1480642020000}) arrives a thousand times too far out (year 48889) and one
 * in microseconds a million times (year 46 million); past {@code Long.MAX_VALUE} it saturates.
 * A JSON {@code 0} or a non-numeric string arrives as no date at all.
 *
 * <p>No stream record can be from beyond the year 2500, so such a time is undone one factor of
 * 1000 at a time: milliseconds, then microseconds.
 */
final class CreationTimes {
    /** 2500-01-01T00:00:00Z. */
    static final long LATEST_PLAUSIBLE_MILLIS = 16_725_225_600_000L;

    private CreationTimes() {
    }

    /** The creation time, or null when the date cannot be one: it saturated the runtime's long. */
    static Instant fromRuntimeDate(Date date) {
        long millis = date.getTime();
        if (millis == Long.MAX_VALUE || millis == Long.MIN_VALUE) {
            return null;
        }
        if (Math.abs(millis) <= LATEST_PLAUSIBLE_MILLIS) {
            return Instant.ofEpochMilli(millis);
        }
        // Sent in milliseconds: the runtime's "millis" are microseconds.
        long micros = millis;
        if (Math.abs(micros / 1000) <= LATEST_PLAUSIBLE_MILLIS) {
            return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
        }
        // Sent in microseconds: the runtime's "millis" are nanoseconds, rounded by its double.
        long nanosRoundedToMicros = Math.round(millis / 1000.0);
        if (Math.abs(nanosRoundedToMicros / 1_000_000) <= LATEST_PLAUSIBLE_MILLIS / 1000) {
            return Instant.EPOCH.plus(nanosRoundedToMicros, ChronoUnit.MICROS);
        }
        return null;
    }
}
