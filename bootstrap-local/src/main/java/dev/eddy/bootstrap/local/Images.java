package dev.eddy.bootstrap.local;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Item images in DynamoDB JSON ({"attr": {"S": "..."}}): key projection, semantic equality and size. */
final class Images {

    private Images() {
    }

    /** The key attributes of an item, in key schema order. */
    static ObjectNode keys(JsonNode item, List<String> keyNames) {
        ObjectNode keys = Json.MAPPER.createObjectNode();
        for (String name : keyNames) {
            JsonNode value = item.get(name);
            if (value != null) {
                keys.set(name, value.deepCopy());
            }
        }
        return keys;
    }

    /**
     * Whether two images hold the same data the way DynamoDB compares it: numbers by value, sets regardless of
     * order. A write that leaves an item as it was produces no stream record.
     */
    static boolean sameData(JsonNode a, JsonNode b) {
        return normalizedItem(a).equals(normalizedItem(b));
    }

    private static Map<String, Object> normalizedItem(JsonNode item) {
        Map<String, Object> normalized = new HashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = item.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            normalized.put(field.getKey(), normalizedValue(field.getValue()));
        }
        return normalized;
    }

    private static Object normalizedValue(JsonNode value) {
        Map.Entry<String, JsonNode> typed = value.fields().next();
        String type = typed.getKey();
        JsonNode v = typed.getValue();
        switch (type) {
            case "N":
                return List.of("N", number(v.asText()));
            case "NS": {
                Set<String> set = new HashSet<>();
                v.forEach(n -> set.add(number(n.asText())));
                return List.of("NS", set);
            }
            case "SS":
            case "BS": {
                Set<String> set = new HashSet<>();
                v.forEach(n -> set.add(n.asText()));
                return List.of(type, set);
            }
            case "M":
                return List.of("M", normalizedItem(v));
            case "L": {
                List<Object> list = new ArrayList<>();
                v.forEach(n -> list.add(normalizedValue(n)));
                return List.of("L", list);
            }
            default:
                return List.of(type, v.asText());
        }
    }

    private static String number(String text) {
        BigDecimal decimal = new BigDecimal(text);
        return decimal.signum() == 0 ? "0" : decimal.stripTrailingZeros().toPlainString();
    }

    /** Approximate DynamoDB item size: attribute names plus values, the way DynamoDB counts capacity. */
    static long size(JsonNode item) {
        if (item == null || item.isNull() || item.isMissingNode()) {
            return 0;
        }
        long size = 0;
        Iterator<Map.Entry<String, JsonNode>> fields = item.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            size += utf8(field.getKey()) + valueSize(field.getValue());
        }
        return size;
    }

    private static long valueSize(JsonNode value) {
        Map.Entry<String, JsonNode> typed = value.fields().next();
        JsonNode v = typed.getValue();
        switch (typed.getKey()) {
            case "S":
                return utf8(v.asText());
            case "N":
                return numberSize(v.asText());
            case "B":
                return Base64.getDecoder().decode(v.asText()).length;
            case "BOOL":
            case "NULL":
                return 1;
            case "SS": {
                long size = 0;
                for (JsonNode s : v) {
                    size += utf8(s.asText());
                }
                return size;
            }
            case "NS": {
                long size = 0;
                for (JsonNode n : v) {
                    size += numberSize(n.asText());
                }
                return size;
            }
            case "BS": {
                long size = 0;
                for (JsonNode b : v) {
                    size += Base64.getDecoder().decode(b.asText()).length;
                }
                return size;
            }
            case "M":
                return 3 + size(v) + v.size();
            case "L": {
                long size = 3;
                for (JsonNode element : v) {
                    size += 1 + valueSize(element);
                }
                return size;
            }
            default:
                return 0;
        }
    }

    private static long numberSize(String text) {
        String digits = new BigDecimal(text).unscaledValue().abs().toString();
        return (digits.length() + 1) / 2 + 1;
    }

    private static long utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
