package dev.eddy.domain.document;

import static dev.eddy.domain.document.TestChanges.created;
import static dev.eddy.domain.document.TestChanges.item;
import static dev.eddy.domain.document.TestChanges.key;
import static dev.eddy.domain.document.TestChanges.n;
import static dev.eddy.domain.document.TestChanges.source;
import static dev.eddy.domain.document.TestChanges.updated;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.domain.Bytes;
import dev.eddy.domain.Change;
import dev.eddy.domain.SourcePosition;
import dev.eddy.domain.StreamView;
import dev.eddy.domain.Value;
import dev.eddy.domain.json.JsonWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChangeDocumentTest {

    @Test
    void updateRendersKindTableKeysImagesChangedAndReference() {
        Change change = updated(item("sensor-7", "temperature", n("79.5"), "status", "OK"),
                item("sensor-7", "temperature", n("81.2"), "status", "OK"));
        assertEquals("{\"kind\":\"UPDATED\",\"table\":\"RealTimeDataTable\","
                        + "\"keys\":{\"id\":\"sensor-7\",\"timestamp\":1732460000},"
                        + "\"old\":{\"id\":\"sensor-7\",\"timestamp\":1732460000,\"temperature\":79.5,\"status\":\"OK\"},"
                        + "\"new\":{\"id\":\"sensor-7\",\"timestamp\":1732460000,\"temperature\":81.2,\"status\":\"OK\"},"
                        + "\"changed\":[\"temperature\"],\"eventId\":\"ev-1\",\"sequenceNumber\":\"4200000000000000000001\","
                        + "\"at\":\"2026-11-24T10:00:00Z\"}",
                ChangeDocument.of(change).json());
    }

    @Test
    void selectedMembersRenderAsInTheWholeDocumentAndTheRestIsLeftOut() {
        Map<String, Value> address = new LinkedHashMap<>();
        address.put("city", Value.of("Bern"));
        address.put("zip", n("3000"));
        Change change = updated(item("sensor-7", "temperature", n("79.5"), "status", "OK"),
                item("sensor-7", "temperature", n("81.2"), "status", "OK",
                        "places", new Value.ListValue(List.of(new Value.MapValue(address), Value.of("x")))));
        ChangeDocument.Members all = ChangeDocument.Members.ALL;
        ChangeDocument.Members places = name -> name.equals("city") ? all : null;
        ChangeDocument.Members image = name -> name.equals("temperature") ? all : name.equals("places") ? places : null;
        ChangeDocument.Members top = name -> name.equals("kind") || name.equals("keys") ? all
                : name.equals("new") ? image : null;
        ChangeDocument document = ChangeDocument.of(change);
        assertEquals("{\"kind\":\"UPDATED\",\"keys\":{\"id\":\"sensor-7\",\"timestamp\":1732460000},"
                + "\"new\":{\"temperature\":81.2,\"places\":[{\"city\":\"Bern\"},\"x\"]}}",
                document.json(top, number -> number));
        ChangeDocument.Members temperature = name -> name.equals("temperature") ? all : null;
        assertEquals("{\"new\":{\"temperature\":81}}", document.json(name -> name.equals("new") ? temperature : null,
                number -> number.setScale(0, java.math.RoundingMode.DOWN)));
        assertEquals(document.json(), document.json(all, number -> number));
    }

    @Test
    void writeSendsAnyOutputWhatTheSelectedRenderingHolds() {
        Change change = updated(item("sensor-7", "temperature", n("79.5"), "status", "OK"),
                item("sensor-7", "temperature", n("81.20"), "status", "FAILED", "tags", new Value.StringSet(Set.of("a"))));
        ChangeDocument document = ChangeDocument.of(change);
        ChangeDocument.Members all = ChangeDocument.Members.ALL;
        ChangeDocument.Members temperature = name -> name.equals("temperature") ? all : null;
        ChangeDocument.Members top = name -> name.equals("kind") || name.equals("changed") ? all
                : name.equals("new") ? temperature : null;
        JsonWriter selected = new JsonWriter();
        document.write(selected, top, number -> number.negate());
        assertEquals("{\"kind\":\"UPDATED\",\"new\":{\"temperature\":-81.20},\"changed\":[\"status\",\"tags\",\"temperature\"]}",
                selected.toString());
        assertEquals(document.json(top, number -> number.negate()), selected.toString());
        JsonWriter whole = new JsonWriter();
        document.write(whole, all, number -> number);
        assertEquals(document.json(), whole.toString());
    }

    @Test
    void numbersKeepAllThirtyEightDigitsAndTheirExponent() {
        Change change = created(item("s", "big", n("12345678901234567890123456789012345678"),
                "tiny", n("-1.2345678901234567890123456789012345678E-120"), "exp", n("1e3"), "scale", n("1.50")));
        String json = ChangeDocument.of(change).json();
        assertTrue(json.contains("\"big\":12345678901234567890123456789012345678"), json);
        assertTrue(json.contains("\"tiny\":-1.2345678901234567890123456789012345678E-120"), json);
        assertTrue(json.contains("\"exp\":1E+3"), json);
        assertTrue(json.contains("\"scale\":1.50"), json);
    }

    @Test
    void binaryIsBase64AndSetsAreArrays() {
        Set<Value.Num> numbers = new LinkedHashSet<>(List.of(Value.number("1"), Value.number("2.5")));
        Set<Bytes> blobs = new LinkedHashSet<>(List.of(Bytes.of(new byte[] {0, 1}), Bytes.of(new byte[] {(byte) 0xff})));
        Change change = created(item("s",
                "bin", new Value.Bin(Bytes.of("hi".getBytes(StandardCharsets.UTF_8))),
                "ss", new Value.StringSet(new LinkedHashSet<>(List.of("a", "b"))),
                "ns", new Value.NumberSet(numbers),
                "bs", new Value.BinarySet(blobs),
                "flag", Value.of(true),
                "nothing", Value.nul()));
        String json = ChangeDocument.of(change).json();
        assertTrue(json.contains("\"bin\":\"aGk=\""), json);
        assertTrue(json.contains("\"ss\":[\"a\",\"b\"]"), json);
        assertTrue(json.contains("\"ns\":[1,2.5]"), json);
        assertTrue(json.contains("\"bs\":[\"AAE=\",\"/w==\"]"), json);
        assertTrue(json.contains("\"flag\":true,\"nothing\":null"), json);
    }

    @Test
    void nestedMapsAndListsRenderAsObjectsAndArrays() {
        Map<String, Value> address = new LinkedHashMap<>();
        address.put("city", Value.of("Zürich"));
        address.put("floors", new Value.ListValue(List.of(Value.number("1"), new Value.ListValue(List.of(Value.of("x"))))));
        Change change = created(item("s", "address", new Value.MapValue(address)));
        assertTrue(ChangeDocument.of(change).json().contains("\"address\":{\"city\":\"Zürich\",\"floors\":[1,[\"x\"]]}"));
    }

    @Test
    void stringsAreEscapedAndUnicodeKept() {
        Change change = created(item("s", "note", "quote \" backslash \\ newline \n tab \t ctrl \u0001 emoji \uD83D\uDE00",
                "we\"ird", "x"));
        String json = ChangeDocument.of(change).json();
        assertTrue(json.contains("\"note\":\"quote \\\" backslash \\\\ newline \\n tab \\t ctrl \\u0001 emoji \uD83D\uDE00\""), json);
        assertTrue(json.contains("\"we\\\"ird\":\"x\""), json);
    }

    @Test
    void createdListsEveryNewAttributeAsChangedSorted() {
        Change change = created(item("s", "zeta", "1", "alpha", "2"));
        assertEquals(Optional.of(List.of("alpha", "id", "timestamp", "zeta")), ChangeDocument.of(change).changedFields());
        assertFalse(ChangeDocument.of(change).json().contains("\"old\""));
    }

    @Test
    void updatedListsAddedRemovedAndChangedSortedAndIgnoresEqualNumbers() {
        Change change = updated(item("s", "b", n("1.0"), "gone", "x", "c", "old"), item("s", "b", n("1"), "c", "new", "a", "added"));
        assertEquals(Optional.of(List.of("a", "c", "gone")), ChangeDocument.of(change).changedFields());
    }

    @Test
    void deletedAndExpiredHaveEmptyChangedAndNoNewImage() {
        Change expired = new Change.Expired(source("ev-9"), key("s"), Optional.of(item("s", "t", "1")));
        String json = ChangeDocument.of(expired).json();
        assertTrue(json.startsWith("{\"kind\":\"EXPIRED\""), json);
        assertTrue(json.contains("\"changed\":[]"), json);
        assertFalse(json.contains("\"new\""), json);
        Change deleted = new Change.Deleted(source("ev-9"), key("s"), Optional.empty());
        assertEquals(Optional.of(List.of()), ChangeDocument.of(deleted).changedFields());
    }

    @Test
    void imagesTheStreamDidNotCarryAreLeftOutAndChangedIsUnknown() {
        SourcePosition keysOnly = new SourcePosition("ev-2", "T", "1", TestChanges.AT, 10, StreamView.KEYS_ONLY);
        Change change = new Change.Updated(keysOnly, key("s"), Optional.empty(), Optional.empty());
        ChangeDocument document = ChangeDocument.of(change);
        assertEquals(Optional.empty(), document.changedFields());
        String json = document.json();
        assertFalse(json.contains("\"old\"") || json.contains("\"new\"") || json.contains("\"changed\""), json);
    }

    @Test
    void referenceKeepsTheReferenceAndMarksImagesTruncated() {
        Change change = updated(item("s", "t", "1"), item("s", "t", "2"));
        assertEquals("{\"kind\":\"UPDATED\",\"table\":\"RealTimeDataTable\","
                        + "\"keys\":{\"id\":\"sensor-7\",\"timestamp\":1732460000},"
                        + "\"old\":{\"truncated\":true},\"new\":{\"truncated\":true},\"changed\":[\"t\"],"
                        + "\"eventId\":\"ev-1\",\"sequenceNumber\":\"4200000000000000000001\","
                        + "\"at\":\"2026-11-24T10:00:00Z\",\"truncated\":true}",
                ChangeDocument.of(change).referenceJson());
    }

    @Test
    void jsonWithinLimitGivesUpImagesOnlyWhenTooBig() {
        Change change = updated(item("s", "blob", "x".repeat(5000)), item("s", "blob", "y".repeat(5000)));
        ChangeDocument document = ChangeDocument.of(change);
        assertSame(document.json(), document.json(20_000));
        String cut = document.json(4_000);
        assertEquals(document.referenceJson(), cut);
        assertEquals(document.minimalJson(), document.json(10));
        assertFalse(document.minimalJson().contains("changed"));
    }

    @Test
    void sizeLimitCountsUtf8BytesNotCharacters() {
        Change change = created(item("s", "text", "€".repeat(2000)));
        ChangeDocument document = ChangeDocument.of(change);
        int chars = document.json().length();
        assertEquals(document.referenceJson(), document.json(chars + 100));
        assertSame(document.json(), document.json(Utf8.length(document.json())));
    }

    @Test
    void lookupFindsTopLevelKeysImagesNestedFieldsAndListElements() {
        Map<String, Value> address = Map.of("city", Value.of("Bern"));
        Change change = updated(item("s", "temperature", n("79.5")),
                item("s", "temperature", n("81.20"), "address", new Value.MapValue(address),
                        "readings", new Value.ListValue(List.of(Value.number("1"), Value.number("2"))),
                        "ok", Value.of(false)));
        ChangeDocument document = ChangeDocument.of(change);
        assertEquals(Optional.of("sensor-7"), document.lookup("keys.id"));
        assertEquals(Optional.of("1732460000"), document.lookup("keys.timestamp"));
        assertEquals(Optional.of("81.20"), document.lookup("new.temperature"));
        assertEquals(Optional.of("79.5"), document.lookup("old.temperature"));
        assertEquals(Optional.of("Bern"), document.lookup("new.address.city"));
        assertEquals(Optional.of("2"), document.lookup("new.readings.1"));
        assertEquals(Optional.of("[1,2]"), document.lookup("new.readings"));
        assertEquals(Optional.of("false"), document.lookup("new.ok"));
        assertEquals(Optional.of("UPDATED"), document.lookup("kind"));
        assertEquals(Optional.of("RealTimeDataTable"), document.lookup("table"));
        assertEquals(Optional.of("2026-11-24T10:00:00Z"), document.lookup("at"));
        assertEquals(Optional.of("[\"address\",\"ok\",\"readings\",\"temperature\"]"), document.lookup("changed"));
    }

    @Test
    void lookupOfAbsentFieldsIsEmpty() {
        ChangeDocument document = ChangeDocument.of(created(item("s", "t", "1")));
        assertEquals(Optional.empty(), document.lookup("old.t"));
        assertEquals(Optional.empty(), document.lookup("new.missing"));
        assertEquals(Optional.empty(), document.lookup("new.t.deeper"));
        assertEquals(Optional.empty(), document.lookup("new.t.0"));
        assertEquals(Optional.empty(), document.lookup("kind.x"));
        assertEquals(Optional.empty(), document.lookup("nope"));
        assertEquals(Optional.empty(), document.lookup(""));
    }

    @Test
    void numberTextIsTheExactDecimalNotADouble() {
        ChangeDocument document = ChangeDocument.of(created(item("s", "p", new Value.Num(new BigDecimal("0.1")))));
        assertTrue(document.json().contains("\"p\":0.1}"), document.json());
    }

    @Test
    void anyNumberLooksIntoKeysImagesNestedValuesAndSets() {
        Map<String, Value> nested = Map.of("deep", new Value.ListValue(List.of(n("7"))));
        ChangeDocument document = ChangeDocument.of(updated(item("s", "a", "text"),
                item("s", "m", new Value.MapValue(nested), "ns", new Value.NumberSet(Set.of(n("3"))))));
        assertTrue(document.anyNumber(x -> x.intValue() == 7));
        assertTrue(document.anyNumber(x -> x.intValue() == 3));
        assertTrue(document.anyNumber(x -> x.longValue() == 1732460000L));
        assertFalse(document.anyNumber(x -> x.intValue() == 8));
    }

    @Test
    void numberTransformRendersEveryNumberThroughItAndLeavesTheRestAlone() {
        ChangeDocument document = ChangeDocument.of(created(item("s", "t", n("1.5"),
                "ns", new Value.NumberSet(Set.of(n("2"))), "l", new Value.ListValue(List.of(n("3"))), "s", "4")));
        String doubled = document.json(x -> x.multiply(BigDecimal.TEN));
        assertTrue(doubled.contains("\"keys\":{\"id\":\"sensor-7\",\"timestamp\":17324600000}"), doubled);
        assertTrue(doubled.contains("\"t\":15.0,\"ns\":[20],\"l\":[30],\"s\":\"4\""), doubled);
        assertTrue(document.json().contains("\"t\":1.5,"), "the exact document is unchanged");
    }
}
