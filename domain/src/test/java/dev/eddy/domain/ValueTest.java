package dev.eddy.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ValueTest {

    @Test
    void numbersKeepAllThirtyEightDigitsExactly() {
        String literal = "12345678901234567890.123456789012345678";
        Value.Num num = Value.number(literal);
        assertEquals(new BigDecimal(literal), num.value());
        assertEquals(literal, num.value().toString());
    }

    @Test
    void numbersWithMoreThanThirtyEightSignificantDigitsAreRejected() {
        InvalidValueException e = assertThrows(InvalidValueException.class,
                () -> Value.number("123456789012345678901234567890123456789"));
        assertTrue(e.getMessage().contains("39 significant digits"), e.getMessage());
    }

    @Test
    void trailingZerosDoNotCountAsSignificantDigits() {
        assertEquals(new BigDecimal("1E+125"), Value.number("1E+125").value());
        Value.number("100000000000000000000000000000000000000000");
    }

    @Test
    void numbersOutsideDynamoDbsRangeAreRejected() {
        assertThrows(InvalidValueException.class, () -> Value.number("1E+126"));
        assertThrows(InvalidValueException.class, () -> Value.number("1E-131"));
        Value.number("9.9999999999999999999999999999999999999E+125");
        Value.number("-1E-130");
    }

    /** Such a zero would make arithmetic on it crawl (a projection's DELTA over 0E-100000000 ran for minutes). */
    @Test
    void aZeroWrittenWithAnExponentNoDynamoDbNumberHasIsPlainZero() {
        assertEquals(BigDecimal.ZERO, Value.number("0E-100000000").value());
        assertEquals(BigDecimal.ZERO, Value.number("-0E+100000000").value());
        assertEquals(BigDecimal.ZERO, Value.number("0E-168").value());
        assertEquals(new BigDecimal("0E-167"), Value.number("0E-167").value(), "as small as DynamoDB writes");
        assertEquals(new BigDecimal("0.000"), Value.number("0.000").value(), "a zero in range keeps its scale");
        assertEquals(new BigDecimal("0E+126"), Value.number("0E+126").value());
        assertEquals(BigDecimal.ZERO, Value.number("0E+127").value());
        assertEquals(new BigDecimal("20"), new BigDecimal("20").subtract(Value.number("0E-999999999").value()));
    }

    @Test
    void unparseableNumberNamesTheLiteral() {
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> Value.number("12,5"));
        assertEquals("not a number: \"12,5\"", e.getMessage());
    }

    @Test
    void digitsOfOtherScriptsAreNotDynamoDbNumbers() {
        assertThrows(InvalidValueException.class, () -> Value.number("\u0661\u0662"));
        assertEquals(Value.number("12"), Value.number(" 12 "));
    }

    @Test
    void numbersAreEqualByValueWhateverTheirScale() {
        assertEquals(Value.number("1.50"), Value.number("1.5"));
        assertEquals(Value.number("1.50").hashCode(), Value.number("1.5").hashCode());
        assertEquals(Value.number("0"), Value.number("0.000"));
        assertNotEquals(Value.number("1.5"), Value.number("1.51"));
    }

    @Test
    void numberSetMembershipIsNumeric() {
        Value.NumberSet set = new Value.NumberSet(Set.of(Value.number("1.0"), Value.number("2")));
        assertTrue(set.values().contains(Value.number("1")));
        assertEquals(new Value.NumberSet(Set.of(Value.number("1"), Value.number("2.00"))), set);
    }

    @Test
    void binaryIsComparedByContentAndCopiedDefensively() {
        byte[] raw = {1, 2, 3};
        Bytes bytes = Bytes.of(raw);
        raw[0] = 9;
        assertEquals(Bytes.of(new byte[] {1, 2, 3}), bytes);
        assertEquals("AQID", bytes.base64());
        assertEquals(bytes, Bytes.fromBase64("AQID"));
        byte[] out = bytes.toArray();
        out[1] = 9;
        assertEquals(Bytes.of(new byte[] {1, 2, 3}), bytes);
    }

    @Test
    void invalidBase64IsAClearError() {
        assertThrows(InvalidValueException.class, () -> Bytes.fromBase64("not base64!"));
    }

    @Test
    void collectionsAreImmutableCopies() {
        List<Value> list = new ArrayList<>(List.of(Value.of("a")));
        Value.ListValue value = new Value.ListValue(list);
        list.add(Value.of("b"));
        assertEquals(1, value.values().size());
        assertThrows(UnsupportedOperationException.class, () -> value.values().add(Value.of("c")));

        Map<String, Value> map = new HashMap<>(Map.of("k", Value.of(true)));
        Value.MapValue mapValue = new Value.MapValue(map);
        map.put("other", Value.nul());
        assertEquals(Set.of("k"), mapValue.values().keySet());
    }

    @Test
    void mapEqualityIgnoresAttributeOrder() {
        Map<String, Value> ab = new LinkedHashMap<>();
        ab.put("a", Value.of("1"));
        ab.put("b", Value.number("2"));
        Map<String, Value> ba = new LinkedHashMap<>();
        ba.put("b", Value.number("2.0"));
        ba.put("a", Value.of("1"));
        assertEquals(new Value.MapValue(ab), new Value.MapValue(ba));
        assertEquals(Item.of(ab), Item.of(ba));
    }

    @Test
    void nullsInsideValuesAreRejectedWithTheAttributeName() {
        Map<String, Value> map = new HashMap<>();
        map.put("temperature", null);
        NullPointerException e = assertThrows(NullPointerException.class, () -> Item.of(map));
        assertTrue(e.getMessage().contains("temperature"), e.getMessage());
    }

    @Test
    void everyTypeReportsDynamoDbsDescriptor() {
        assertEquals(List.of("S", "N", "B", "BOOL", "NULL", "L", "M", "SS", "NS", "BS"), List.of(
                Value.of("s").typeDescriptor(), Value.number("1").typeDescriptor(),
                new Value.Bin(Bytes.of(new byte[0])).typeDescriptor(), Value.of(true).typeDescriptor(),
                Value.nul().typeDescriptor(), new Value.ListValue(List.of()).typeDescriptor(),
                new Value.MapValue(Map.of()).typeDescriptor(), new Value.StringSet(Set.of()).typeDescriptor(),
                new Value.NumberSet(Set.of()).typeDescriptor(), new Value.BinarySet(Set.of()).typeDescriptor()));
    }

    /**
     * The range and digit checks decide from precision and scale; this is the rule as DynamoDB
     * states it, with BigDecimal arithmetic, over literals around both bounds and every digit count.
     */
    @Test
    void numberVerdictsAgreeWithTheRuleComputedWithBigDecimals() {
        BigDecimal max = new BigDecimal("1E+126");
        BigDecimal min = new BigDecimal("1E-130");
        SplittableRandom random = new SplittableRandom(130);
        for (int i = 0; i < 200_000; i++) {
            StringBuilder literal = new StringBuilder(random.nextBoolean() ? "-" : "");
            literal.append((char) ('1' + random.nextInt(9)));
            int digits = random.nextInt(45);
            for (int d = 0; d < digits; d++) {
                literal.append(random.nextInt(3) == 0 ? '0' : (char) ('0' + random.nextInt(10)));
            }
            literal.append("0".repeat(random.nextInt(4) == 0 ? random.nextInt(30) : 0));
            literal.append('E').append(random.nextInt(320) - 160);
            BigDecimal value = new BigDecimal(literal.toString());
            BigDecimal stripped = value.stripTrailingZeros();
            boolean allowed = stripped.precision() <= Value.Num.MAX_PRECISION
                    && stripped.abs().compareTo(max) < 0 && stripped.abs().compareTo(min) >= 0;
            boolean accepted;
            try {
                new Value.Num(value);
                accepted = true;
            } catch (InvalidValueException e) {
                accepted = false;
            }
            assertEquals(allowed, accepted, literal.toString());
        }
    }
}
