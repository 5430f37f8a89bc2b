package dev.eddy.adapters.aws.property;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Random DynamoDB attribute trees, each kept twice: as typed DynamoDB JSON (what a stream record
 * carries) and as the model of what it means (to compare a rendering against, exactly).
 */
final class AttributeTrees {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String[] TYPES = {"S", "N", "B", "BOOL", "NULL", "L", "M", "SS", "NS", "BS"};
    /** Code points worth trying: ASCII, JSON escapes, Latin-1, CJK, RTL, emoji (surrogate pairs), combining marks. */
    private static final int[] SPECIAL = {'"', '\\', '/', '\n', '\r', '\t', '\b', '\f', 0x00, 0x1F, 0x7F, 0xE9, 0x2028, 0x2029,
        0x4E2D, 0x05D0, 0x0301, 0xFEFF, 0x1F600, 0x1F9EA, 0x10348, 0x1D11E, 0xFFFD};

    private final Random random;
    /** Every type generated, for the statistics. */
    final Map<String, Integer> typeCounts = new LinkedHashMap<>();
    int maxDepth;

    AttributeTrees(Random random) {
        this.random = random;
    }

    /** A node: its typed JSON, and the plain value it stands for (String, BigDecimal, byte[], Boolean, null, List, Map). */
    record Node(ObjectNode typed, Object plain, String type) {
    }

    /** A map of attributes, as an image: name -> node. */
    Map<String, Node> image(int size, int depth) {
        Map<String, Node> image = new LinkedHashMap<>();
        for (int i = 0; i < size; i++) {
            image.put(name(), node(depth));
        }
        return image;
    }

    Node node(int depth) {
        maxDepth = Math.max(maxDepth, depth);
        String type = depth >= 8 ? TYPES[random.nextInt(5)] : TYPES[random.nextInt(TYPES.length)];
        typeCounts.merge(type, 1, Integer::sum);
        ObjectNode typed = JSON.createObjectNode();
        switch (type) {
            case "S": {
                String s = string(random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(12));
                typed.put("S", s);
                return new Node(typed, s, type);
            }
            case "N": {
                BigDecimal n = number();
                typed.put("N", literal(n));
                return new Node(typed, n, type);
            }
            case "B": {
                byte[] b = bytes(random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(40));
                typed.put("B", Base64.getEncoder().encodeToString(b));
                return new Node(typed, b, type);
            }
            case "BOOL": {
                boolean b = random.nextBoolean();
                typed.put("BOOL", b);
                return new Node(typed, b, type);
            }
            case "NULL":
                typed.put("NULL", true);
                return new Node(typed, null, type);
            case "L": {
                ArrayNode array = typed.putArray("L");
                List<Object> plain = new ArrayList<>();
                int size = random.nextInt(4);
                for (int i = 0; i < size; i++) {
                    Node element = node(depth + 1);
                    array.add(element.typed());
                    plain.add(element.plain());
                }
                return new Node(typed, plain, type);
            }
            case "M": {
                ObjectNode map = typed.putObject("M");
                Map<String, Object> plain = new LinkedHashMap<>();
                image(random.nextInt(4), depth + 1).forEach((name, element) -> {
                    map.set(name, element.typed());
                    plain.put(name, element.plain());
                });
                return new Node(typed, plain, type);
            }
            case "SS": {
                Set<String> set = new LinkedHashSet<>();
                int size = 1 + random.nextInt(4);
                while (set.size() < size) {
                    set.add(string(random.nextInt(8)));
                }
                ArrayNode array = typed.putArray("SS");
                set.forEach(array::add);
                return new Node(typed, new ArrayList<>(set), type);
            }
            case "NS": {
                List<BigDecimal> set = new ArrayList<>();
                int size = 1 + random.nextInt(4);
                while (set.size() < size) {
                    BigDecimal candidate = number();
                    if (set.stream().noneMatch(n -> n.compareTo(candidate) == 0)) {
                        set.add(candidate);
                    }
                }
                ArrayNode array = typed.putArray("NS");
                set.forEach(n -> array.add(literal(n)));
                return new Node(typed, set, type);
            }
            case "BS":
            default: {
                List<byte[]> set = new ArrayList<>();
                Set<String> seen = new LinkedHashSet<>();
                int size = 1 + random.nextInt(3);
                while (set.size() < size) {
                    byte[] b = bytes(random.nextInt(12));
                    if (seen.add(Base64.getEncoder().encodeToString(b))) {
                        set.add(b);
                    }
                }
                ArrayNode array = typed.putArray("BS");
                set.forEach(b -> array.add(Base64.getEncoder().encodeToString(b)));
                return new Node(typed, set, type);
            }
        }
    }

    /** An attribute name: 1 to 10 code points, any of them unusual. */
    String name() {
        return string(1 + random.nextInt(10));
    }

    String string(int codePoints) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < codePoints; i++) {
            switch (random.nextInt(4)) {
                case 0:
                    s.appendCodePoint(SPECIAL[random.nextInt(SPECIAL.length)]);
                    break;
                case 1: {
                    // Any valid code point outside the surrogate block.
                    int cp;
                    do {
                        cp = random.nextInt(0x110000);
                    } while (cp >= 0xD800 && cp <= 0xDFFF);
                    s.appendCodePoint(cp);
                    break;
                }
                default:
                    s.append((char) ('a' + random.nextInt(26)));
            }
        }
        return s.toString();
    }

    /** A number DynamoDB can hold: up to 38 significant digits, magnitude in [1E-130, 1E+126), or zero. */
    BigDecimal number() {
        int choice = random.nextInt(8);
        if (choice == 0) {
            return BigDecimal.ZERO;
        }
        int digits = choice == 1 ? 38 : 1 + random.nextInt(38);
        StringBuilder unscaled = new StringBuilder();
        unscaled.append((char) ('1' + random.nextInt(9)));
        for (int i = 1; i < digits; i++) {
            unscaled.append((char) ('0' + random.nextInt(10)));
        }
        BigInteger value = new BigInteger(unscaled.toString());
        // The exponent of the leading digit lies in [-130, 125].
        int leadingExponent;
        switch (choice) {
            case 2:
                leadingExponent = 125;
                break;
            case 3:
                leadingExponent = -130;
                break;
            default:
                leadingExponent = -130 + random.nextInt(256);
        }
        int scale = digits - 1 - leadingExponent;
        BigDecimal n = new BigDecimal(value, scale);
        return random.nextBoolean() ? n : n.negate();
    }

    /** How a number is written in a stream record: plain or scientific, as DynamoDB and writers do. */
    String literal(BigDecimal n) {
        switch (random.nextInt(3)) {
            case 0:
                return n.toPlainString();
            case 1:
                return n.toString();
            default:
                return n.toEngineeringString();
        }
    }

    byte[] bytes(int length) {
        byte[] b = new byte[length];
        random.nextBytes(b);
        return b;
    }

    /** Compares a rendered plain JSON node with the model; returns the first difference, or null. */
    static String difference(String path, Object expected, JsonNode actual) {
        if (actual == null) {
            return path + ": missing";
        }
        if (expected == null) {
            return actual.isNull() ? null : path + ": expected null, got " + actual.getNodeType();
        }
        if (expected instanceof String s) {
            return actual.isTextual() && actual.textValue().equals(s) ? null : path + ": string differs";
        }
        if (expected instanceof BigDecimal n) {
            if (!actual.isNumber()) {
                return path + ": expected a number, got " + actual.getNodeType();
            }
            return actual.decimalValue().compareTo(n) == 0 ? null : path + ": number " + n + " came back as " + actual;
        }
        if (expected instanceof byte[] b) {
            return actual.isTextual() && java.util.Arrays.equals(Base64.getDecoder().decode(actual.textValue()), b)
                    ? null : path + ": binary differs";
        }
        if (expected instanceof Boolean b) {
            return actual.isBoolean() && actual.booleanValue() == b ? null : path + ": boolean differs";
        }
        if (expected instanceof List<?> list) {
            if (!actual.isArray() || actual.size() != list.size()) {
                return path + ": expected an array of " + list.size();
            }
            for (int i = 0; i < list.size(); i++) {
                String d = difference(path + "[" + i + "]", list.get(i), actual.get(i));
                if (d != null) {
                    return d;
                }
            }
            return null;
        }
        Map<?, ?> map = (Map<?, ?>) expected;
        if (!actual.isObject() || actual.size() != map.size()) {
            return path + ": expected an object of " + map.size() + " member(s), got " + actual;
        }
        for (Map.Entry<?, ?> member : map.entrySet()) {
            String d = difference(path + "." + member.getKey(), member.getValue(), actual.get((String) member.getKey()));
            if (d != null) {
                return d;
            }
        }
        return null;
    }
}
