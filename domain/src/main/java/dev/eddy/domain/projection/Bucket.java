package dev.eddy.domain.projection;

import dev.eddy.domain.Value;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The time bucket of an aggregate: a numeric source attribute holding epoch seconds or epoch
 * milliseconds ({@link EpochUnit}), truncated to the start of its UTC minute, hour or day.
 * Fractions are floored: {@code 1700000059.9} seconds is in the minute starting at {@code ...:00}.
 *
 * @param attribute the numeric source attribute holding the time
 * @param size      minute, hour or day
 * @param unit      seconds or milliseconds
 */
public record Bucket(String attribute, BucketSize size, EpochUnit unit) {
    private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);

    public Bucket {
        Keys.requireName(attribute, "bucket attribute");
        Objects.requireNonNull(size, "bucket size");
        Objects.requireNonNull(unit, "bucket unit");
    }

    /**
     * The start of the bucket the value falls in.
     *
     * @return empty when the value is not a number or outside the range of time
     */
    public Optional<Instant> startOf(Value value) {
        if (!(value instanceof Value.Num num)) {
            return Optional.empty();
        }
        BigDecimal millis = unit == EpochUnit.SECONDS ? num.value().multiply(THOUSAND) : num.value();
        try {
            long flooredMillis = millis.setScale(0, RoundingMode.FLOOR).longValueExact();
            return Optional.of(Instant.ofEpochMilli(flooredMillis).truncatedTo(size.unit()));
        } catch (ArithmeticException | DateTimeException e) {
            return Optional.empty();
        }
    }
}
