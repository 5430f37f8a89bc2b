package dev.eddy.adapters.aws.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.eddy.domain.Bytes;
import dev.eddy.domain.Change;
import dev.eddy.domain.Item;
import dev.eddy.domain.ItemKey;
import dev.eddy.domain.SourcePosition;
import dev.eddy.domain.StreamView;
import dev.eddy.domain.Value;
import dev.eddy.domain.document.ChangeDocument;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The tree {@link JsonNodeOutput} builds from a document holds, member by member and value by
 * value, the text event-ruler would read from the document's JSON: the names, each string's
 * characters, and each number's, boolean's and null's text (event-ruler keeps numbers as text,
 * so {@code 80.0} must not become {@code 80} or {@code 8E+1}).
 */
class JsonNodeOutputTest {
    private static final JsonFactory JSON = new JsonFactory();

    @Test
    void treeHoldsTheNamesAndValueTextsOfTheDocumentsJson() throws IOException {
        Map<String, Value> nested = new LinkedHashMap<>();
        nested.put("c.d", Value.of("q\"x\\y\n\u0001\u2028é😀"));
        nested.put("empty", new Value.MapValue(Map.of()));
        nested.put("none", new Value.ListValue(List.of()));
        Map<String, Value> element = new LinkedHashMap<>();
        element.put("f", Value.number("1E+3"));
        element.put("g", Value.nul());
        element.put("h", Value.of(true));
        Map<String, Value> attributes = new LinkedHashMap<>();
        attributes.put("id", Value.of("sensor-7"));
        attributes.put("timestamp", Value.number("1732460000"));
        attributes.put("temperature", Value.number("80.0"));
        attributes.put("zeros", Value.number("1.50"));
        attributes.put("tiny", Value.number("-0.50"));
        attributes.put("wide", Value.number("12345678901234567890123456789012345678"));
        attributes.put("huge", Value.number("9.99E+125"));
        attributes.put("m", new Value.MapValue(nested));
        attributes.put("list", new Value.ListValue(List.of(new Value.MapValue(element),
                new Value.ListValue(List.of(Value.number("2"), Value.of("two"))))));
        attributes.put("ss", new Value.StringSet(new LinkedHashSet<>(List.of("b", "a"))));
        attributes.put("ns", new Value.NumberSet(new LinkedHashSet<>(List.of(Value.number("2.0"), Value.number("1E-7")))));
        attributes.put("bs", new Value.BinarySet(Set.of(Bytes.of(new byte[] {1, 2, 3}))));
        attributes.put("bin", new Value.Bin(Bytes.of(new byte[] {(byte) 0xff})));
        Map<String, Value> before = new LinkedHashMap<>(attributes);
        before.put("temperature", Value.number("79.50"));
        before.remove("ss");
        ChangeDocument document = ChangeDocument.of(new Change.Updated(
                new SourcePosition("e-1", "RealTimeDataTable", "1", Instant.parse("2026-11-24T10:00:00Z"), 200,
                        StreamView.NEW_AND_OLD_IMAGES),
                ItemKey.of(Map.of("id", Value.of("sensor-7"))), Optional.of(Item.of(before)),
                Optional.of(Item.of(attributes))));

        JsonNodeOutput tree = new JsonNodeOutput();
        document.write(tree, ChangeDocument.Members.ALL, number -> number);

        List<String> fromText = texts(document.json());
        assertEquals(fromText, texts(tree.root()));
        assertEquals(true, fromText.contains("80.0") && fromText.contains("1.50") && fromText.contains("-0.50"),
                "the document keeps the numbers as written: " + fromText);
    }

    /** What event-ruler reads from JSON text: names, strings quoted, every other value's text. */
    private static List<String> texts(String json) throws IOException {
        List<String> texts = new ArrayList<>();
        try (JsonParser parser = JSON.createParser(json)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                switch (token) {
                    case FIELD_NAME -> texts.add("name " + parser.getCurrentName());
                    case START_OBJECT, END_OBJECT, START_ARRAY, END_ARRAY -> texts.add(token.asString());
                    case VALUE_STRING -> texts.add('"' + parser.getText() + '"');
                    default -> texts.add(parser.getText());
                }
            }
        }
        return texts;
    }

    /** What event-ruler reads from a tree, in the same form. */
    private static List<String> texts(JsonNode node) {
        List<String> texts = new ArrayList<>();
        walk(node, texts);
        return texts;
    }

    private static void walk(JsonNode node, List<String> texts) {
        if (node.isObject()) {
            texts.add("{");
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                texts.add("name " + field.getKey());
                walk(field.getValue(), texts);
            }
            texts.add("}");
        } else if (node.isArray()) {
            texts.add("[");
            node.elements().forEachRemaining(element -> walk(element, texts));
            texts.add("]");
        } else if (node.isTextual()) {
            texts.add('"' + node.asText() + '"');
        } else {
            texts.add(node.asText());
        }
    }
}
