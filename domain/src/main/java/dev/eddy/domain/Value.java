package dev.eddy.domain;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An attribute value in DynamoDB's type system. Values are immutable and compared by value.
 *
 * <p>Numbers are exact decimals ({@link BigDecimal}), binary is {@link Bytes}, and sets are sets.
 * Handle a value with an exhaustive {@code switch}: the compiler tells you when a type is missing.
 */
public sealed interface Value
        permits Value.Str, Value.Num, Value.Bin, Value.Bool, Value.Null,
                Value.ListValue, Value.MapValue, Value.StringSet, Value.NumberSet, Value.BinarySet {

    /** DynamoDB's one-or-two-letter type descriptor: S, N, B, BOOL, NULL, L, M, SS, NS, BS. */
    String typeDescriptor();

    static Str of(String value) {
        return new Str(value);
    }

    static Num of(BigDecimal value) {
        return new Num(value);
    }

    static Num number(String literal) {
        return Num.parse(literal);
    }

    static Bool of(boolean value) {
        return value ? Bool.TRUE : Bool.FALSE;
    }

    static Null nul() {
        return Null.INSTANCE;
    }

    /** S: a string (may be empty for non-key attributes). */
    record Str(String value) implements Value {
        public Str {
            Objects.requireNonNull(value, "string value");
        }

        @Override
        public String typeDescriptor() {
            return "S";
        }
    }

    /**
     * N: an exact decimal of at most 38 significant digits, within DynamoDB's range
     * (magnitude from 1E-130 to below 1E+126). Equality is numeric: {@code 1.50} equals {@code 1.5}.
     * The original scale is kept, so trailing zeros render as they came ({@code 1.50}); the form is
     * {@link BigDecimal#toString()}'s, which writes an exponent for magnitudes below 1E-6
     * ({@code 0.00000001} renders as {@code 1E-8}, the same JSON number).
     */
    record Num(BigDecimal value) implements Value {
        public static final int MAX_PRECISION = 38;
        /** The exponent {@code precision - scale} of the smallest magnitude too large: 1E+126. */
        private static final long MAX_EXPONENT = 126;
        /** The exponent {@code precision - scale} of the smallest magnitude allowed: 1E-130. */
        private static final long MIN_EXPONENT = -129;
        /** The largest scale of a number in range: 38 digits, the first at 1E-130, the last at 1E-167. */
        private static final int MAX_SCALE = 130 + MAX_PRECISION - 1;

        public Num {
            Objects.requireNonNull(value, "number value");
            if (value.signum() == 0) {
                // A zero's scale is only how it was written. Far outside the scales of DynamoDB's numbers
                // (0E-100000000), it would make every sum or difference with it crawl through millions of
                // digits: such a zero is plain 0.
                if (value.scale() > MAX_SCALE || value.scale() < -MAX_EXPONENT) {
                    value = BigDecimal.ZERO;
                }
            } else {
                // Without trailing zeros stripped unless the digits are too many: stripping changes
                // neither the verdict on the digits below 38 nor the exponent of the leading digit.
                int precision = value.precision();
                if (precision > MAX_PRECISION) {
                    BigDecimal stripped = value.stripTrailingZeros();
                    if (stripped.precision() > MAX_PRECISION) {
                        throw new InvalidValueException("number has " + stripped.precision()
                                + " significant digits; DynamoDB allows at most " + MAX_PRECISION);
                    }
                }
                // |value| lies in [10^(e-1), 10^e) with e = precision - scale; so |value| < 1E+126
                // exactly when e <= 126, and |value| >= 1E-130 exactly when e >= -129.
                long exponent = (long) precision - value.scale();
                if (exponent > MAX_EXPONENT || exponent < MIN_EXPONENT) {
                    throw new InvalidValueException("number " + value + " is outside DynamoDB's range 1E-130 .. 9.99E+125");
                }
            }
        }

        /** Parses a DynamoDB number literal, with a message that names the literal when it is not one. */
        public static Num parse(String literal) {
            if (literal == null) {
                throw new InvalidValueException("number literal is missing");
            }
            String trimmed = literal.trim();
            for (int i = 0; i < trimmed.length(); i++) {
                char c = trimmed.charAt(i);
                // BigDecimal also reads the digits of other scripts; DynamoDB numbers are ASCII.
                if (!((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.' || c == 'e' || c == 'E')) {
                    throw new InvalidValueException("not a number: \"" + abbreviate(literal) + "\"");
                }
            }
            try {
                return new Num(new BigDecimal(trimmed));
            } catch (NumberFormatException e) {
                throw new InvalidValueException("not a number: \"" + abbreviate(literal) + "\"");
            }
        }

        @Override
        public String typeDescriptor() {
            return "N";
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Num that && value.compareTo(that.value) == 0;
        }

        @Override
        public int hashCode() {
            return value.signum() == 0 ? 0 : value.stripTrailingZeros().hashCode();
        }

        @Override
        public String toString() {
            return "Num[" + value + "]";
        }

        private static String abbreviate(String s) {
            return s.length() <= 64 ? s : s.substring(0, 61) + "...";
        }
    }

    /** B: binary data. */
    record Bin(Bytes value) implements Value {
        public Bin {
            Objects.requireNonNull(value, "binary value");
        }

        @Override
        public String typeDescriptor() {
            return "B";
        }
    }

    /** BOOL. */
    record Bool(boolean value) implements Value {
        public static final Bool TRUE = new Bool(true);
        public static final Bool FALSE = new Bool(false);

        @Override
        public String typeDescriptor() {
            return "BOOL";
        }
    }

    /** NULL: DynamoDB's explicit null. */
    record Null() implements Value {
        public static final Null INSTANCE = new Null();

        @Override
        public String typeDescriptor() {
            return "NULL";
        }
    }

    /** L: an ordered list of values of any type. */
    record ListValue(List<Value> values) implements Value {
        public ListValue {
            values = List.copyOf(Objects.requireNonNull(values, "list values"));
        }

        @Override
        public String typeDescriptor() {
            return "L";
        }
    }

    /** M: a map from attribute name to value. Keeps the order it was given in; equality ignores order. */
    record MapValue(Map<String, Value> values) implements Value {
        public MapValue {
            values = AttributeMaps.immutableCopy(values, "map");
        }

        @Override
        public String typeDescriptor() {
            return "M";
        }
    }

    /** SS: a set of strings. */
    record StringSet(Set<String> values) implements Value {
        public StringSet {
            values = immutableSet(values, "string set");
        }

        @Override
        public String typeDescriptor() {
            return "SS";
        }
    }

    /** NS: a set of numbers; membership is numeric, like {@link Num} equality. */
    record NumberSet(Set<Num> values) implements Value {
        public NumberSet {
            values = immutableSet(values, "number set");
        }

        @Override
        public String typeDescriptor() {
            return "NS";
        }
    }

    /** BS: a set of binary values. */
    record BinarySet(Set<Bytes> values) implements Value {
        public BinarySet {
            values = immutableSet(values, "binary set");
        }

        @Override
        public String typeDescriptor() {
            return "BS";
        }
    }

    private static <T> Set<T> immutableSet(Set<T> values, String what) {
        Objects.requireNonNull(values, what);
        Set<T> copy = new LinkedHashSet<>(values.size() * 2);
        for (T value : values) {
            if (value == null) { // no lambda for the message: C1 would allocate one per element
                throw new NullPointerException(what + " holds a null element");
            }
            copy.add(value);
        }
        return Collections.unmodifiableSet(copy);
    }
}
