package dev.eddy.adapters.aws.stream.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EventBytesTest {
    private static final JsonFactory JSON = new JsonFactory();

    @Test
    void plainDecimalsReadFromBytesEqualBigDecimalsParsedFromTheTextScaleIncluded() throws IOException {
        List<String> literals = new ArrayList<>(List.of("0", "-0", "1", "-1", "1.5", "1.50", "0.000", "007", "5.", ".5",
                "-0.50", "123456789012345678", "-999999999999999999", "0.00000000000000001", "1764000000"));
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 5000; i++) {
            StringBuilder literal = new StringBuilder(random.nextBoolean() ? "-" : "");
            int digits = 1 + random.nextInt(18);
            int point = random.nextInt(digits + 2) - 1;
            for (int d = 0; d < digits; d++) {
                if (d == point) {
                    literal.append('.');
                }
                literal.append((char) ('0' + random.nextInt(10)));
            }
            literals.add(literal.toString());
        }
        for (String literal : literals) {
            BigDecimal plain = decimalOf(literal);
            assertNotNull(plain, literal);
            BigDecimal expected = new BigDecimal(literal);
            assertEquals(expected, plain, literal); // BigDecimal.equals: same value and same scale
            assertEquals(expected.toString(), plain.toString(), literal);
        }
    }

    @Test
    void anythingButAPlainShortDecimalIsLeftToTheCarefulPath() throws IOException {
        for (String literal : List.of("", "-", ".", "1.2.3", "1E+3", "1e3", "+5", " 12 ", "12 ", "1234567890123456789",
                "NaN", "١٢", "0.000000000000000001", "1_000", "0x10", "1\\u0030", "--1")) {
            assertNull(decimalOf(literal), literal);
        }
    }

    @Test
    void plainStringsReadFromBytesEqualTheParsersTextAndOthersAreLeftToIt() throws IOException {
        for (String text : List.of("", "sensor-42", "SECRET-value", "   spaces   ", "~!@#$%^&*()_+{}|:<>?", "\u007f")) {
            assertEquals(text, textOf(text), text);
        }
        for (String text : List.of("Küche", "温度", "quote\"and", "back\\slash", "new\nline", "ctl\u0001", "\u2028sep")) {
            assertNull(textOf(text), text);
        }
    }

    @Test
    void aNumberTokenIsNotAString() throws IOException {
        byte[] json = "{\"N\":12.5}".getBytes(StandardCharsets.UTF_8);
        try (JsonParser parser = JSON.createParser(json)) {
            parser.nextToken();
            parser.nextToken();
            assertEquals(JsonToken.VALUE_NUMBER_FLOAT, parser.nextToken());
            EventBytes bytes = new EventBytes(json);
            assertEquals(-1, bytes.quote(parser));
            assertNull(bytes.decimal(parser));
            assertNull(bytes.text(parser));
        }
    }

    @Test
    void theQuoteIsFoundForValuesInObjectsAndArraysAfterAnyWhitespace() throws IOException {
        byte[] json = "{ \"a\" :\t\"x\",\n\"b\":[ \"y\" ,\"z\"] }".getBytes(StandardCharsets.UTF_8);
        EventBytes bytes = new EventBytes(json);
        List<String> seen = new ArrayList<>();
        try (JsonParser parser = JSON.createParser(json)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token == JsonToken.VALUE_STRING) {
                    assertTrue(bytes.quote(parser) >= 0);
                    seen.add(bytes.text(parser));
                }
            }
        }
        assertEquals(List.of("x", "y", "z"), seen);
    }

    private static BigDecimal decimalOf(String literal) throws IOException {
        byte[] json = document(literal);
        try (JsonParser parser = at(json)) {
            return new EventBytes(json).decimal(parser);
        }
    }

    private static String textOf(String text) throws IOException {
        byte[] json = document(text);
        try (JsonParser parser = at(json)) {
            String plain = new EventBytes(json).text(parser);
            if (plain != null) {
                assertEquals(parser.getText(), plain);
            }
            return plain;
        }
    }

    /** {@code {"N": "<text>"}} with the text escaped as JSON requires. */
    private static byte[] document(String text) throws IOException {
        StringWriter out = new StringWriter();
        try (var generator = JSON.createGenerator(out)) {
            generator.writeStartObject();
            generator.writeStringField("N", text);
            generator.writeEndObject();
        }
        String json = out.toString().replace("1\\\\u0030", "1\\u0030"); // one literal keeps its escape
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private static JsonParser at(byte[] json) throws IOException {
        JsonParser parser = JSON.createParser(json);
        parser.nextToken();
        parser.nextToken();
        assertEquals(JsonToken.VALUE_STRING, parser.nextToken());
        return parser;
    }
}
