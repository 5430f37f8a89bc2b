package dev.eddy.domain.projection;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class KeysTest {
    private static final long YEAR_10000 = Instant.parse("+10000-01-01T00:00:00Z").getEpochSecond();

    @Test
    void isoTextWritesWhatInstantToStringWrites() {
        List<Instant> edges = List.of(Instant.EPOCH, Instant.ofEpochSecond(0, 1), Instant.ofEpochSecond(-1, 999_999_999),
                Instant.parse("2026-11-24T21:00:00Z"), Instant.parse("2026-11-24T21:00:00.250Z"),
                Instant.parse("2026-11-24T21:00:00.000250Z"), Instant.parse("2026-11-24T21:00:00.000000250Z"),
                Instant.parse("2024-02-29T23:59:59.999999999Z"), Instant.ofEpochSecond(YEAR_10000 - 1, 999_999_999),
                Instant.ofEpochSecond(YEAR_10000), Instant.parse("0999-01-01T00:00:00Z"), Instant.MIN, Instant.MAX);
        for (Instant instant : edges) {
            assertEquals(instant.toString(), Keys.isoText(instant));
        }
        SplittableRandom random = new SplittableRandom(20261125);
        for (int i = 0; i < 100_000; i++) {
            long seconds = random.nextLong(-YEAR_10000, 2 * YEAR_10000);
            int nanos = List.of(0, random.nextInt(1_000) * 1_000_000, random.nextInt(1_000_000) * 1_000,
                    random.nextInt(1_000_000_000)).get(random.nextInt(4));
            Instant instant = Instant.ofEpochSecond(seconds, nanos);
            assertEquals(instant.toString(), Keys.isoText(instant), "epoch second " + seconds + ", nano " + nanos);
        }
    }

    @Test
    void plainNumbersDropTrailingZerosOfAnyScale() {
        for (String literal : List.of("0", "0.00", "0E+3", "1.50", "1E+3", "-1000", "1763931600", "12.340", "-0.0010", "5E-7")) {
            BigDecimal number = new BigDecimal(literal);
            assertEquals(number.signum() == 0 ? "0" : number.stripTrailingZeros().toPlainString(), Keys.plain(number), literal);
        }
        SplittableRandom random = new SplittableRandom(20261125);
        for (int i = 0; i < 100_000; i++) {
            // Digits with trailing zeros now and then, at scales from -10 to 10.
            BigInteger unscaled = BigInteger.valueOf(random.nextLong(-1_000_000, 1_000_000))
                    .multiply(BigInteger.TEN.pow(random.nextInt(8)));
            BigDecimal number = new BigDecimal(unscaled, random.nextInt(-10, 11));
            assertEquals(number.signum() == 0 ? "0" : number.stripTrailingZeros().toPlainString(), Keys.plain(number),
                    number.toString());
        }
    }
}
