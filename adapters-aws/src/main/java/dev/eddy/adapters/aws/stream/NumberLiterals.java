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
        String trimmed = literal.trim();
        if (!isAsciiNumberText(trimmed, 0, trimmed.length())) {
            return "is not a number";
        }
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

    /**
     * Whether the characters can only be a number written with ASCII digits, signs, a point and an
     * exponent. {@link BigDecimal} also reads the digits of other scripts (Arabic-Indic "١٢" as 12);
     * DynamoDB numbers never hold them, so both readers refuse them before parsing.
     */
    public static boolean isAsciiNumberText(CharSequence text, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            char c = text.charAt(i);
            if (!((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.' || c == 'e' || c == 'E')) {
                return false;
            }
        }
        return true;
    }

    /** {@link #isAsciiNumberText(CharSequence, int, int)} over a parser's character buffer. */
    public static boolean isAsciiNumberText(char[] text, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            char c = text[i];
            if (!((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.' || c == 'e' || c == 'E')) {
                return false;
            }
        }
        return true;
    }

    /** The literal as a problem text: {@code <what> is not a DynamoDB number: <n> characters long}. */
    public static String tooLong(String what, int length) {
        return what + " is not a DynamoDB number: " + length + " characters long";
    }
}
