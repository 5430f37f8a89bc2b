package dev.eddy.adapters.aws.stream;

import dev.eddy.domain.Value;
import java.math.BigDecimal;

/**
 * What the stream readers say about a DynamoDB number literal that is not one. Shared by
 * {@link DynamodbEventMapper} and the streaming reader in {@code stream.json}, so that both name
 * the same problem in the same words. The texts never repeat the literal: problems get logged.
 */
public final class NumberLiterals {
    /** DynamoDB numbers have at most 38 digits; a literal far longer than that is not worth parsing. */
    public static final int MAX_LENGTH = 200;
    private static final BigDecimal MAX_MAGNITUDE = new BigDecimal("1E+126");

    private NumberLiterals() {
    }

    /** Says why a literal is not a DynamoDB number, without repeating the literal. Only on the failure path. */
    public static String whyNotANumber(String literal) {
        BigDecimal value;
        try {
            value = new BigDecimal(literal.trim());
        } catch (NumberFormatException e) {
            return "is not a number";
        }
        BigDecimal stripped = value.stripTrailingZeros();
        if (stripped.precision() > Value.Num.MAX_PRECISION) {
            return "has " + stripped.precision() + " significant digits; DynamoDB allows at most "
                    + Value.Num.MAX_PRECISION;
        }
        return stripped.abs().compareTo(MAX_MAGNITUDE) >= 0
                ? "is too large for DynamoDB (magnitude must be below 1E+126)"
                : "is too small for DynamoDB (magnitude must be at least 1E-130)";
    }

    /** The literal as a problem text: {@code <what> is not a DynamoDB number: <n> characters long}. */
    public static String tooLong(String what, int length) {
        return what + " is not a DynamoDB number: " + length + " characters long";
    }
}
