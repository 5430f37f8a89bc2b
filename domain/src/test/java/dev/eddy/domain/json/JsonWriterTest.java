package dev.eddy.domain.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class JsonWriterTest {

    @Test
    void writesNestedObjectsAndArraysWithCommasInTheRightPlaces() {
        String json = new JsonWriter().beginObject()
                .name("a").value("x")
                .name("b").beginArray().value(1).value(true).nullValue().beginObject().endObject().endArray()
                .name("c").value(new BigDecimal("1.50"))
                .endObject().toString();
        assertEquals("{\"a\":\"x\",\"b\":[1,true,null,{}],\"c\":1.50}", json);
    }

    @Test
    void escapesQuotesBackslashesAndControlCharacters() {
        assertEquals("\"q\\\" b\\\\ n\\n t\\t \\u0001 \\u2028 é\"", JsonWriter.quoted("q\" b\\ n\n t\t \u0001 \u2028 é"));
    }

    @Test
    void numbersAreWrittenExactly() {
        assertEquals("[12345678901234567890.123456789012345678,1E+125,1E-130]", new JsonWriter().beginArray()
                .value(new BigDecimal("12345678901234567890.123456789012345678"))
                .value(new BigDecimal("1E+125"))
                .value(new BigDecimal("1E-130"))
                .endArray().toString());
    }
}
