package dev.eddy.domain.projection;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class KeysTest {
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
