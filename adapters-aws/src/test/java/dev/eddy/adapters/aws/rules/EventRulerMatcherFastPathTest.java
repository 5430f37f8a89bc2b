package dev.eddy.adapters.aws.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eddy.adapters.aws.config.InvalidConfigurationException;
import dev.eddy.domain.Bytes;
import dev.eddy.domain.Change;
import dev.eddy.domain.Item;
import dev.eddy.domain.ItemKey;
import dev.eddy.domain.SourcePosition;
import dev.eddy.domain.StreamView;
import dev.eddy.domain.Value;
import dev.eddy.domain.document.ChangeDocument;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import software.amazon.event.ruler.Machine;

/**
 * The fast path of {@link EventRulerMatcher} (the document rendered with only the members the
 * compiled patterns name a field in, numbers beyond a double rounded) against the reference path
 * (the whole document rendered, parsed and flattened by event-ruler): over many generated change
 * documents and patterns, both must match exactly the same rules.
 *
 * <p>Documents: every change kind, images present or missing, every value type, maps nested in
 * maps, lists of lists, lists of maps (where array consistency decides), sets, attribute names with dots,
 * empty names, quotes, backslashes, control characters and non-ASCII (surrogate pairs included),
 * numbers of every shape (negative, exponents, trailing zeros, 38 digits, DynamoDB's extremes,
 * values around the patterns' bounds). Patterns: the two rule files in use (the README's example
 * rules and {@code benchmarks/alert-rules.json}), a hand-written set covering the grammar, and
 * random patterns over the same names and values. Seeded: {@code -Deddy.rules.seed} replays.
 */
class EventRulerMatcherFastPathTest {
    private static final long SEED = Long.getLong("eddy.rules.seed", 20261125L);
    private static final int DOCUMENTS = Integer.getInteger("eddy.rules.documents", 2500);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static final String[] NAMES = {"temperature", "status", "id", "a", "b", "a.b", "", "x y", "ünï", "q\"uote",
        "back\\slash", "tab\there", "emoji😀", "tags", "items", "nested", "n", "flag", "nothing", "deep", ".", "a.", ".b", "a..b"};
    private static final String[] STRINGS = {"FAILED", "OK", "DEGRADED", "tmp-1", "tmp-", "sensor-7", "sensor-", "", "80",
        "true", "null", "Bern", "bern", "BERN", "a\"b", "back\\slash", "line\nbreak", "\u0000nul", "é", "中文", "😀x",
        "\uD800lone", "x.y", "1E+3", "*", "Be*n", " spaced "};
    private static final String[] NUMBERS = {"80", "80.0", "80.00", "8E+1", "0.8E+2", "79.999", "80.001", "81.2", "79.5",
        "-80", "0", "0.000", "-0.5", "1000", "1E+3", "1000.00", "1.000E+3", "999.5", "1000.5", "-1E+3", "12345678901234",
        "123456789012345", "1234567890123456", "12345678901234567", "0.1", "0.3", "2E+23", "1E+23", "1E-7", "1.5E-10",
        "80.00000000000001", "80.000000000000000000000000000000001", "95.123456789012345678901234567890123",
        "-12345678901234567890123456789012345678", "12345678901234567890123456789012345678", "9.99E+125", "1E-130",
        "-9.99E+125", "4503599627370496", "9007199254740993", "1732460000", "0.30000000000000004"};
    /** Names and values the patterns use, drawn half the time so that patterns match often enough. */
    private static final String[] HOT_NAMES = {"temperature", "status", "n", "flag", "nested", "a", "tags", "items", "deep",
        "", ".", "a.", "nothing", "b", "a.b"};
    private static final String[] HOT_STRINGS = {"FAILED", "OK", "DEGRADED", "Bern", "bern", "80", "tmp-1", "a\"b"};
    private static final String[] HOT_NUMBERS = {"80", "80.0", "1000", "1E+3", "81.2", "79.5", "-80", "12345678901234",
        "80.00000000000001", "1000.00"};
    private static final String[] PATTERN_NUMBERS = {"80", "80.0", "1000", "1E+3", "-80", "0", "0.1", "79.5", "81.2",
        "1000.5", "999.5", "12345678901234", "-1E+3", "1E-7"};
    /** The index of the hand-written patterns among the matchers. */
    private static final int GRAMMAR = 2;
    private static final String[] OPERATORS = {"<", "<=", "=", ">", ">="};

    @Test
    void fastPathMatchesExactlyWhatTheJsonPathMatches() throws IOException {
        SplittableRandom random = new SplittableRandom(SEED);
        SortedMap<String, Long> counts = new TreeMap<>();
        List<EventRulerMatcher> matchers = new ArrayList<>();
        matchers.add(EventRulerMatcher.compile(AlertRulesFile.patterns(ExampleRules.json()), "alert rule"));
        matchers.add(EventRulerMatcher.compile(AlertRulesFile.patterns(
                Files.readString(Path.of("../benchmarks/alert-rules.json"), StandardCharsets.UTF_8)), "alert rule"));
        Map<String, String> grammar = grammarPatterns();
        matchers.add(EventRulerMatcher.compile(grammar, "test pattern"));
        for (int m = 0; m < 6; m++) {
            matchers.add(EventRulerMatcher.compile(randomPatterns(random, 25, counts), "random pattern"));
        }
        long matches = 0;
        for (int d = 0; d < DOCUMENTS; d++) {
            ChangeDocument document = ChangeDocument.of(change(random, d, counts));
            count(counts, hasMapInList(document.change()) ? "document.listOfMaps" : "document.noListOfMaps");
            for (int m = 0; m < matchers.size(); m++) {
                EventRulerMatcher matcher = matchers.get(m);
                Set<String> reference = matcher.matchingRulesFromJson(document);
                Set<String> fast = matcher.matchingRules(document);
                if (!reference.equals(fast)) {
                    throw new AssertionError("seed " + SEED + ", document " + d + ", matcher " + m + ": whole document "
                            + reference + ", selected members " + fast + "\n" + document.json());
                }
                matches += reference.size();
                if (!reference.isEmpty()) {
                    count(counts, "match.matcher" + m);
                }
                if (m == GRAMMAR) {
                    for (String rule : grammar.keySet()) {
                        count(counts, "grammar." + rule + (reference.contains(rule) ? ".matched" : ".unmatched"));
                    }
                }
            }
        }
        report(counts, matches);
        // The comparison means something only if rules did match, on every matcher, lists of maps included.
        assertTrue(counts.getOrDefault("document.listOfMaps", 0L) > DOCUMENTS / 20L, counts.toString());
        for (int m = 0; m < matchers.size(); m++) {
            assertTrue(counts.getOrDefault("match.matcher" + m, 0L) > DOCUMENTS / 100L,
                    "matcher " + m + " matched too rarely: " + counts);
        }
        // Each hand-written pattern both matched and did not match some document.
        for (String rule : grammar.keySet()) {
            assertTrue(counts.getOrDefault("grammar." + rule + ".matched", 0L) > 0, rule + " never matched: " + counts);
            assertTrue(counts.getOrDefault("grammar." + rule + ".unmatched", 0L) > 0, rule + " always matched: " + counts);
        }
    }

    /**
     * The same comparison where the attributes the patterns look at most hold long lists (past
     * {@link EventRulerMatcher#LONG_LISTS} elements: the generated value among fillers, scalars and
     * now and then a short list of scalars), which the fast path matches without array consistency
     * unless a list holds a map (the generated value may be one, or a list holding one). Both paths
     * must still give the same rules.
     */
    @Test
    void longListsMatchWithoutArrayConsistencyExactlyAsTheJsonPathMatches() throws IOException {
        SplittableRandom random = new SplittableRandom(SEED + 1);
        SortedMap<String, Long> counts = new TreeMap<>();
        List<EventRulerMatcher> matchers = new ArrayList<>();
        matchers.add(EventRulerMatcher.compile(AlertRulesFile.patterns(ExampleRules.json()), "alert rule"));
        matchers.add(EventRulerMatcher.compile(grammarPatterns(), "test pattern"));
        for (int m = 0; m < 3; m++) {
            matchers.add(EventRulerMatcher.compile(randomPatterns(random, 25, counts), "random pattern"));
        }
        long skipped = 0;
        long matches = 0;
        for (int d = 0; d < DOCUMENTS / 5; d++) {
            ChangeDocument document = ChangeDocument.of(withLongLists(change(random, d, counts), random, counts));
            for (EventRulerMatcher matcher : matchers) {
                Set<String> reference = matcher.matchingRulesFromJson(document);
                Set<String> fast = matcher.matchingRules(document);
                if (!reference.equals(fast)) {
                    throw new AssertionError("seed " + (SEED + 1) + ", document " + d + ": whole document " + reference
                            + ", selected members " + fast + "\n" + document.json());
                }
                skipped += matcher.skipsArrayConsistency(document) ? 1 : 0;
                matches += reference.size();
            }
        }
        long compared = (long) (DOCUMENTS / 5) * matchers.size();
        assertTrue(skipped > compared / 5, "the path without array consistency was taken " + skipped + " of " + compared);
        assertTrue(matches > compared / 10, "rules matched too rarely: " + matches + " of " + compared);
    }

    /** The change with each image's status and temperature turned into long lists around their values (or a scalar). */
    private static Change withLongLists(Change change, SplittableRandom random, SortedMap<String, Long> counts) {
        Optional<Item> old = change.oldImage().map(item -> longLists(item, random, counts));
        Optional<Item> now = change.newImage().map(item -> longLists(item, random, counts));
        if (change instanceof Change.Created) {
            return new Change.Created(change.source(), change.key(), now);
        }
        if (change instanceof Change.Updated) {
            return new Change.Updated(change.source(), change.key(), old, now);
        }
        if (change instanceof Change.Deleted) {
            return new Change.Deleted(change.source(), change.key(), old);
        }
        return new Change.Expired(change.source(), change.key(), old);
    }

    private static Item longLists(Item item, SplittableRandom random, SortedMap<String, Long> counts) {
        Map<String, Value> attributes = new LinkedHashMap<>(item.attributes());
        for (String name : List.of("status", "temperature")) {
            Value value = attributes.containsKey(name) ? attributes.get(name) : scalar(random, counts);
            List<Value> list = new ArrayList<>();
            int size = EventRulerMatcher.LONG_LISTS + 1 + random.nextInt(100);
            int at = random.nextInt(size);
            for (int i = 0; i < size; i++) {
                list.add(i == at ? value
                        : random.nextInt(20) == 0 ? new Value.ListValue(List.of(scalar(random, counts), scalar(random, counts)))
                        : random.nextInt(10) == 0 ? scalar(random, counts)
                        : name.equals("status") ? Value.of(pick(random, STRINGS)) : Value.number(pick(random, NUMBERS)));
            }
            attributes.put(name, new Value.ListValue(list));
        }
        return Item.of(attributes);
    }

    /** Two conditions met by different maps of one list do not match, on both paths. */
    @Test
    void listsOfMapsKeepArrayConsistency() {
        Map<String, Value> first = new LinkedHashMap<>();
        first.put("a", Value.number("1"));
        first.put("b", Value.number("2"));
        Map<String, Value> second = new LinkedHashMap<>();
        second.put("a", Value.number("3"));
        second.put("b", Value.number("4"));
        second.put("c", Value.of("unused"));
        Map<String, Value> attributes = new LinkedHashMap<>();
        attributes.put("id", Value.of("s"));
        attributes.put("items", new Value.ListValue(List.of(new Value.MapValue(first), new Value.MapValue(second))));
        ChangeDocument document = ChangeDocument.of(new Change.Created(source("e"), key(Value.of("s")),
                Optional.of(Item.of(attributes))));
        EventRulerMatcher matcher = EventRulerMatcher.compile(Map.of(
                "across-elements", "{\"new\":{\"items\":{\"a\":[1],\"b\":[4]}}}",
                "same-element", "{\"new\":{\"items\":{\"a\":[3],\"b\":[4]}}}"), "test pattern");
        assertEquals(Set.of("same-element"), matcher.matchingRulesFromJson(document));
        assertEquals(Set.of("same-element"), matcher.matchingRules(document));
    }

    /** The selected rendering is the whole document's text minus the members left out. */
    @Test
    void selectedRenderingKeepsTheChosenMembersVerbatim() {
        Map<String, Value> nested = new LinkedHashMap<>();
        nested.put("c.d", Value.of("q\"x"));
        nested.put("e", new Value.ListValue(List.of(new Value.MapValue(Map.of("f", Value.number("1E+3"), "g", Value.nul())))));
        Map<String, Value> attributes = new LinkedHashMap<>();
        attributes.put("id", Value.of("s"));
        attributes.put("m", new Value.MapValue(nested));
        attributes.put("t", Value.number("95.123456789012345678901234567890123"));
        ChangeDocument document = ChangeDocument.of(new Change.Created(source("e"), key(Value.of("s")),
                Optional.of(Item.of(attributes))));
        ChangeDocument.Members all = ChangeDocument.Members.ALL;
        ChangeDocument.Members selection = only(Map.of("kind", all,
                "new", only(Map.of("m", only(Map.of("c.d", all, "e", only(Map.of("f", all)))), "t", all))));
        assertEquals("{\"kind\":\"CREATED\",\"new\":{\"m\":{\"c.d\":\"q\\\"x\",\"e\":[{\"f\":1E+3}]},"
                + "\"t\":95.12345678901235}}", document.json(selection, EventRulerMatcher::comparable));
        assertEquals(document.json(), document.json(all, n -> n));
    }

    private static ChangeDocument.Members only(Map<String, ChangeDocument.Members> members) {
        return members::get;
    }

    /** The cheap test agrees with the trip through a double on numbers of every shape. */
    @Test
    void beyondDoubleAgreesWithTheTripThroughADouble() {
        SplittableRandom random = new SplittableRandom(SEED);
        long shortcut = 0;
        for (int i = 0; i < 400_000; i++) {
            BigDecimal number = randomNumber(random);
            boolean reference = EventRulerMatcher.nearestDoubleDiffers(number);
            if (EventRulerMatcher.survivesDouble(number)) {
                shortcut++;
                if (reference) {
                    throw new AssertionError(number + " is said to survive a double but becomes "
                            + BigDecimal.valueOf(number.doubleValue()));
                }
            }
            assertEquals(reference, EventRulerMatcher.beyondDouble(number), number.toString());
        }
        assertTrue(shortcut > 100_000, "too few numbers took the shortcut: " + shortcut);
        for (String literal : NUMBERS) {
            BigDecimal number = new BigDecimal(literal);
            assertEquals(EventRulerMatcher.nearestDoubleDiffers(number), EventRulerMatcher.beyondDouble(number), literal);
        }
        // Out of the shortcut's class on purpose: JDK 17 prints the double nearest 1E+23 as 9.999999999999999E22.
        assertFalse(EventRulerMatcher.survivesDouble(new BigDecimal("1E+23")));
        assertFalse(EventRulerMatcher.survivesDouble(new BigDecimal("2E+23")));
        assertFalse(EventRulerMatcher.survivesDouble(new BigDecimal("1234567890123456")));
        assertFalse(EventRulerMatcher.survivesDouble(new BigDecimal("1E-23")));
        assertTrue(EventRulerMatcher.survivesDouble(new BigDecimal("81.2")));
        assertTrue(EventRulerMatcher.survivesDouble(new BigDecimal("1E+3")));
    }

    /**
     * At a power of two d the next double below is half as far as the next above, and JDK 17's
     * {@code Double.toString} then stops only within the smaller half-gap on both sides: a number
     * of the shortcut's class just above d, by between a quarter and a half ulp, would print longer.
     * Every power of two in the class's range, with every decimal of the class within half an ulp.
     */
    @Test
    void shortcutHoldsAtEveryPowerOfTwoInRange() {
        int checked = 0;
        for (int k = -75; k <= 50; k++) {
            BigDecimal power = new BigDecimal(Math.scalb(1.0, k));
            BigDecimal halfUlp = new BigDecimal(Math.ulp(Math.scalb(1.0, k))).divide(BigDecimal.valueOf(2));
            int magnitude = power.precision() - power.scale() - 1;
            for (int digits = 1; digits <= 15; digits++) {
                int scale = Math.min(22, digits - 1 - magnitude);
                BigDecimal unit = BigDecimal.ONE.movePointLeft(scale);
                BigDecimal below = power.setScale(scale, RoundingMode.FLOOR);
                for (BigDecimal candidate = below.subtract(unit); candidate.compareTo(below.add(unit.multiply(BigDecimal.valueOf(3)))) <= 0;
                        candidate = candidate.add(unit)) {
                    if (candidate.subtract(power).abs().compareTo(halfUlp) > 0) {
                        continue;
                    }
                    for (BigDecimal number : List.of(candidate, candidate.stripTrailingZeros(), candidate.negate())) {
                        if (EventRulerMatcher.survivesDouble(number)) {
                            checked++;
                            assertFalse(EventRulerMatcher.nearestDoubleDiffers(number), number.toString());
                        }
                    }
                }
            }
        }
        assertTrue(checked > 1000, "checked " + checked);
    }

    @Test
    void invalidPatternsAreStillRejectedAsTheEngineRejectsThem() {
        InvalidConfigurationException unknown = assertThrows(InvalidConfigurationException.class,
                () -> EventRulerMatcher.compile(Map.of("typo", "{\"kind\":[{\"prefx\":\"UP\"}]}"), "alert rule"));
        InvalidConfigurationException reference = null;
        try {
            new Machine().addRule("typo", "{\"kind\":[{\"prefx\":\"UP\"}]}");
        } catch (Exception e) {
            // The engine's reason, without Jackson's location line ("at [Source: ...").
            String reason = e instanceof com.fasterxml.jackson.core.JsonProcessingException json
                    ? json.getOriginalMessage() : e.getMessage();
            reference = new InvalidConfigurationException("alert rule \"typo\" has an invalid pattern: " + reason, e);
        }
        assertEquals(reference == null ? null : reference.getMessage(), unknown.getMessage());
    }

    @Test
    void aMistakeInsideAnOrIsReportedAsItIsNotAsTheFirstFieldOfTheOr() {
        // The legacy compiler, tried after the JSON compiler refuses, knows no $or and would blame "kind".
        assertInvalid("{\"$or\":[{\"kind\":[\"CREATED\"]},{\"new\":{\"t\":[{\"prefx\":\"a\"}]}}]}",
                "Unrecognized match type prefx");
        assertInvalid("{\"$or\":[{\"kind\":[\"CREATED\"]},{\"new\":{\"t\":[{\"numeric\":[\">\",\"x\"]}]}}]}",
                "must be numeric");
        assertInvalid("{\"$or\":[{\"kind\":[\"CREATED\"]}]}", "at least 2");
    }

    private static void assertInvalid(String pattern, String reason) {
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
                () -> EventRulerMatcher.compile(Map.of("or", pattern), "alert rule"));
        assertTrue(e.getMessage().startsWith("alert rule \"or\" has an invalid pattern: "), e.getMessage());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
        assertFalse(e.getMessage().contains("Unrecognized match type kind"), e.getMessage());
    }

    private static BigDecimal randomNumber(SplittableRandom random) {
        int digits = 1 + random.nextInt(random.nextInt(4) == 0 ? 38 : 17);
        StringBuilder unscaled = new StringBuilder();
        unscaled.append(1 + random.nextInt(9));
        for (int i = 1; i < digits; i++) {
            unscaled.append(random.nextInt(4) == 0 ? '0' : (char) ('0' + random.nextInt(10)));
        }
        int scale = random.nextInt(5) == 0 ? random.nextInt(-120, 125) : random.nextInt(-20, 30);
        BigDecimal number = new BigDecimal(new BigInteger(unscaled.toString()), scale);
        return random.nextBoolean() ? number : number.negate();
    }

    // ---- documents ----

    private static Change change(SplittableRandom random, int index, SortedMap<String, Long> counts) {
        SourcePosition source = source("event-" + index);
        ItemKey key = key(random.nextInt(5) == 0 ? scalar(random, counts) : Value.of(pick(random, STRINGS)));
        switch (random.nextInt(4)) {
            case 0:
                count(counts, "kind.CREATED");
                return new Change.Created(source, key, maybe(random, key, counts));
            case 1:
                count(counts, "kind.UPDATED");
                return new Change.Updated(source, key, maybe(random, key, counts), maybe(random, key, counts));
            case 2:
                count(counts, "kind.DELETED");
                return new Change.Deleted(source, key, maybe(random, key, counts));
            default:
                count(counts, "kind.EXPIRED");
                return new Change.Expired(source, key, maybe(random, key, counts));
        }
    }

    private static SourcePosition source(String eventId) {
        return new SourcePosition(eventId, "RealTimeDataTable", "1", Instant.parse("2026-11-24T10:00:00Z"), 200,
                StreamView.NEW_AND_OLD_IMAGES);
    }

    private static ItemKey key(Value id) {
        Map<String, Value> key = new LinkedHashMap<>();
        key.put("id", id);
        key.put("timestamp", Value.number("1732460000"));
        return ItemKey.of(key);
    }

    private static Optional<Item> maybe(SplittableRandom random, ItemKey key, SortedMap<String, Long> counts) {
        if (random.nextInt(8) == 0) {
            count(counts, "image.missing");
            return Optional.empty();
        }
        Map<String, Value> attributes = new LinkedHashMap<>(key.attributes());
        // The attributes most patterns look at, often, so that those patterns match often enough.
        if (random.nextBoolean()) {
            attributes.put("status", random.nextInt(3) == 0 ? value(random, 1, counts) : Value.of(pick(random, HOT_STRINGS)));
        }
        if (random.nextBoolean()) {
            attributes.put("temperature", random.nextInt(3) == 0 ? value(random, 1, counts)
                    : Value.number(pick(random, HOT_NUMBERS)));
        }
        if (random.nextInt(8) == 0) {
            // A list of maps, where array consistency decides (see same-element).
            List<Value> items = new ArrayList<>();
            int size = 1 + random.nextInt(3);
            for (int i = 0; i < size; i++) {
                Map<String, Value> element = new LinkedHashMap<>();
                if (random.nextBoolean()) {
                    element.put("a", Value.of(pick(random, HOT_STRINGS)));
                }
                if (random.nextBoolean()) {
                    element.put("b", scalar(random, counts));
                }
                items.add(new Value.MapValue(element));
            }
            attributes.put("items", new Value.ListValue(items));
        }
        if (random.nextInt(4) == 0) {
            attributes.put("nested", new Value.MapValue(Map.of("a", new Value.MapValue(Map.of(name(random), scalar(random, counts))))));
        }
        int size = random.nextInt(6);
        for (int i = 0; i < size; i++) {
            attributes.put(name(random), value(random, 0, counts));
        }
        return Optional.of(Item.of(attributes));
    }

    private static Value value(SplittableRandom random, int depth, SortedMap<String, Long> counts) {
        int kind = depth >= 3 ? random.nextInt(5) : random.nextInt(11);
        switch (kind) {
            case 0:
            case 1:
            case 2:
            case 3:
            case 4:
                return scalar(random, counts);
            case 5:
            case 6: {
                count(counts, "value.L");
                List<Value> list = new ArrayList<>();
                int size = random.nextInt(4);
                for (int i = 0; i < size; i++) {
                    // Lists in random values hold maps only now and then; "items" above has them.
                    Value element = value(random, depth + 1, counts);
                    while (element instanceof Value.MapValue && random.nextInt(8) != 0) {
                        element = value(random, depth + 1, counts);
                    }
                    list.add(element);
                }
                return new Value.ListValue(list);
            }
            case 7:
            case 8: {
                count(counts, "value.M");
                Map<String, Value> map = new LinkedHashMap<>();
                int size = random.nextInt(4);
                for (int i = 0; i < size; i++) {
                    map.put(name(random), value(random, depth + 1, counts));
                }
                return new Value.MapValue(map);
            }
            case 9: {
                if (random.nextBoolean()) {
                    count(counts, "value.SS");
                    Set<String> set = new LinkedHashSet<>();
                    int size = 1 + random.nextInt(3);
                    for (int i = 0; i < size; i++) {
                        set.add(pick(random, STRINGS));
                    }
                    return new Value.StringSet(set);
                }
                count(counts, "value.BS");
                Set<Bytes> set = new LinkedHashSet<>();
                set.add(Bytes.of(new byte[] {1, 2, 3}));
                set.add(Bytes.of("tmp-1".getBytes(StandardCharsets.UTF_8)));
                return new Value.BinarySet(set);
            }
            default: {
                count(counts, "value.NS");
                Set<Value.Num> set = new LinkedHashSet<>();
                int size = 1 + random.nextInt(3);
                for (int i = 0; i < size; i++) {
                    set.add(Value.number(pick(random, NUMBERS)));
                }
                return new Value.NumberSet(set);
            }
        }
    }

    private static Value scalar(SplittableRandom random, SortedMap<String, Long> counts) {
        switch (random.nextInt(8)) {
            case 0:
            case 1:
                count(counts, "value.S");
                return Value.of(pick(random, random.nextBoolean() ? HOT_STRINGS : STRINGS));
            case 2:
            case 3:
                count(counts, "value.N");
                return Value.number(pick(random, random.nextBoolean() ? HOT_NUMBERS : NUMBERS));
            case 4:
                count(counts, "value.N.random");
                BigDecimal number = randomNumber(random);
                return number.stripTrailingZeros().precision() <= 38
                        && number.abs().compareTo(new BigDecimal("1E+126")) < 0
                        && number.abs().compareTo(new BigDecimal("1E-130")) >= 0 ? Value.of(number) : Value.number("80");
            case 5:
                count(counts, "value.BOOL");
                return Value.of(random.nextBoolean());
            case 6:
                count(counts, "value.NULL");
                return Value.nul();
            default:
                count(counts, "value.B");
                return new Value.Bin(Bytes.of(pick(random, STRINGS).getBytes(StandardCharsets.UTF_8)));
        }
    }

    // ---- patterns ----

    /** The grammar by hand: every matcher kind on names the documents use, dotted and odd names included. */
    private static Map<String, String> grammarPatterns() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("exact-string", "{\"new\":{\"status\":[\"FAILED\"]}}");
        p.put("exact-number", "{\"new\":{\"temperature\":[80]}}");
        p.put("exact-1000", "{\"new\":{\"n\":[1000]}}");
        p.put("exact-big", "{\"new\":{\"n\":[12345678901234]}}");
        p.put("numeric-range", "{\"new\":{\"temperature\":[{\"numeric\":[\">\",79.5,\"<=\",80.001]}]}}");
        p.put("numeric-negative", "{\"old\":{\"n\":[{\"numeric\":[\"<\",0]}]}}");
        p.put("numeric-equals", "{\"new\":{\"n\":[{\"numeric\":[\"=\",1000]}]}}");
        p.put("numeric-in-set", "{\"new\":{\"tags\":[{\"numeric\":[\">=\",81.2]}]}}");
        p.put("prefix", "{\"keys\":{\"id\":[{\"prefix\":\"tmp-\"}]}}");
        p.put("suffix", "{\"new\":{\"status\":[{\"suffix\":\"ED\"}]}}");
        p.put("anything-but", "{\"new\":{\"status\":[{\"anything-but\":[\"OK\",\"FAILED\"]}]}}");
        p.put("anything-but-number", "{\"new\":{\"temperature\":[{\"anything-but\":80}]}}");
        p.put("anything-but-prefix", "{\"old\":{\"status\":[{\"anything-but\":{\"prefix\":\"F\"}}]}}");
        p.put("equals-ignore-case", "{\"new\":{\"status\":[{\"equals-ignore-case\":\"bern\"}]}}");
        p.put("wildcard", "{\"new\":{\"status\":[{\"wildcard\":\"*A*\"}]}}");
        p.put("exists", "{\"new\":{\"flag\":[{\"exists\":true}]}}");
        p.put("not-exists", "{\"old\":{\"flag\":[{\"exists\":false}]},\"kind\":[\"UPDATED\"]}");
        p.put("no-old-id", "{\"old\":{\"id\":[{\"exists\":false}]}}");
        p.put("null", "{\"new\":{\"nothing\":[null]}}");
        p.put("boolean", "{\"new\":{\"flag\":[true]}}");
        p.put("dotted-name", "{\"new\":{\"a.b\":[{\"exists\":true}]}}");
        p.put("dotted-nesting", "{\"new\":{\"a\":{\"b\":[{\"prefix\":\"\"}]}}}");
        p.put("empty-name", "{\"new\":{\"\":[{\"exists\":true}]}}");
        p.put("empty-then-name", "{\"old\":{\"\":{\"b\":[{\"exists\":true}]}}}");
        p.put("dot-name", "{\"new\":{\".\":[{\"exists\":true}]}}");
        p.put("trailing-dot-name", "{\"new\":{\"a.\":[{\"exists\":false}]},\"kind\":[\"CREATED\"]}");
        p.put("double-dot", "{\"new\":{\"a..b\":[{\"exists\":true}]}}");
        p.put("odd-names", "{\"new\":{\"q\\\"uote\":[{\"exists\":true}],\"ünï\":[{\"exists\":true}]}}");
        p.put("escaped-value", "{\"new\":{\"status\":[\"a\\\"b\",\"back\\\\slash\",\"line\\nbreak\"]}}");
        p.put("unicode-value", "{\"new\":{\"status\":[\"中文\",\"😀x\",\"é\"]}}");
        p.put("string-80", "{\"new\":{\"temperature\":[\"80\"]}}");
        p.put("changed", "{\"changed\":[\"status\"],\"new\":{\"status\":[\"FAILED\"]}}");
        p.put("or", "{\"$or\":[{\"kind\":[\"DELETED\"]},{\"new\":{\"nested\":{\"a\":[{\"prefix\":\"Be\"}]}}}]}");
        p.put("nested-or", "{\"new\":{\"$or\":[{\"status\":[\"OK\"]},{\"temperature\":[{\"numeric\":[\">\",80]}]}]}}");
        p.put("deep", "{\"new\":{\"nested\":{\"a\":{\"n\":[{\"exists\":true}]}}}}");
        p.put("binary", "{\"new\":{\"b\":[{\"prefix\":\"AQID\"}]}}");
        p.put("key-number", "{\"keys\":{\"id\":[{\"numeric\":[\">\",80]}]},\"keys.timestamp\":[1732460000]}");
        p.put("table", "{\"table\":[\"RealTimeDataTable\"],\"kind\":[\"EXPIRED\"]}");
        p.put("same-element", "{\"new\":{\"items\":{\"a\":[\"OK\"],\"b\":[{\"exists\":true}]}}}");
        p.put("list-element", "{\"new\":{\"items\":[\"OK\",81.2]}}");
        return p;
    }

    private static Map<String, String> randomPatterns(SplittableRandom random, int count, SortedMap<String, Long> counts) {
        Map<String, String> patterns = new LinkedHashMap<>();
        int attempts = 0;
        while (patterns.size() < count && attempts++ < count * 20) {
            ObjectNode pattern = random.nextInt(5) == 0 ? or(random) : conditions(random);
            String json = pattern.toString();
            try {
                EventRulerMatcher.compile(Map.of("p", json), "random pattern");
                patterns.put("random-" + patterns.size(), json);
                count(counts, "pattern.random");
            } catch (InvalidConfigurationException e) {
                count(counts, "pattern.rejected");
            }
        }
        return patterns;
    }

    private static ObjectNode or(SplittableRandom random) {
        ObjectNode pattern = NODES.objectNode();
        ArrayNode alternatives = pattern.putArray("$or");
        alternatives.add(conditions(random));
        alternatives.add(conditions(random));
        return pattern;
    }

    private static ObjectNode conditions(SplittableRandom random) {
        ObjectNode pattern = NODES.objectNode();
        int size = 1 + random.nextInt(3);
        for (int i = 0; i < size; i++) {
            int where = random.nextInt(10);
            if (where == 0) {
                pattern.putArray("kind").add(pick(random, new String[] {"CREATED", "UPDATED", "DELETED", "EXPIRED"}));
                continue;
            }
            if (where == 1) {
                pattern.set("changed", matchers(random));
                continue;
            }
            String top = where < 5 ? "new" : where < 8 ? "old" : "keys";
            ObjectNode node = pattern.has(top) && pattern.get(top).isObject() ? (ObjectNode) pattern.get(top) : pattern.putObject(top);
            int depth = random.nextInt(4) == 0 ? 2 : 1;
            for (int d = 1; d < depth; d++) {
                String name = pick(random, NAMES);
                node = node.has(name) && node.get(name).isObject() ? (ObjectNode) node.get(name) : node.putObject(name);
            }
            node.set(top.equals("keys") && random.nextBoolean() ? "id" : pick(random, NAMES), matchers(random));
        }
        return pattern;
    }

    private static ArrayNode matchers(SplittableRandom random) {
        ArrayNode values = NODES.arrayNode();
        int size = 1 + random.nextInt(2);
        for (int i = 0; i < size; i++) {
            switch (random.nextInt(13)) {
                case 0:
                    values.add(pick(random, STRINGS));
                    break;
                case 1:
                    values.add(new BigDecimal(pick(random, PATTERN_NUMBERS)));
                    break;
                case 2:
                    values.addObject().put("prefix", pick(random, STRINGS));
                    break;
                case 3:
                    values.addObject().put("suffix", pick(random, STRINGS));
                    break;
                case 4:
                    values.addObject().put("anything-but", pick(random, STRINGS));
                    break;
                case 5:
                    values.addObject().put("anything-but", new BigDecimal(pick(random, PATTERN_NUMBERS)));
                    break;
                case 6:
                    values.addObject().putObject("anything-but").put("prefix", pick(random, STRINGS));
                    break;
                case 7: {
                    ArrayNode numeric = values.addObject().putArray("numeric");
                    numeric.add(pick(random, OPERATORS)).add(new BigDecimal(pick(random, PATTERN_NUMBERS)));
                    break;
                }
                case 8: {
                    ArrayNode numeric = values.addObject().putArray("numeric");
                    BigDecimal low = new BigDecimal(pick(random, PATTERN_NUMBERS));
                    numeric.add(">=").add(low).add("<").add(low.add(BigDecimal.valueOf(1 + random.nextInt(1000))));
                    break;
                }
                case 9:
                    values.addObject().put("exists", random.nextBoolean());
                    break;
                case 10:
                    values.addObject().put("equals-ignore-case", pick(random, STRINGS));
                    break;
                case 11:
                    values.add(random.nextBoolean());
                    break;
                default:
                    values.addNull();
                    break;
            }
        }
        return values;
    }

    private static String name(SplittableRandom random) {
        return pick(random, random.nextBoolean() ? HOT_NAMES : NAMES);
    }

    private static boolean hasMapInList(Change change) {
        List<Value> values = new ArrayList<>(change.key().attributes().values());
        change.oldImage().ifPresent(item -> values.addAll(item.attributes().values()));
        change.newImage().ifPresent(item -> values.addAll(item.attributes().values()));
        return mapInList(values, false);
    }

    private static boolean mapInList(Collection<Value> values, boolean inList) {
        for (Value value : values) {
            if (value instanceof Value.MapValue m && (inList || mapInList(m.values().values(), false))) {
                return true;
            }
            if (value instanceof Value.ListValue l && mapInList(l.values(), true)) {
                return true;
            }
        }
        return false;
    }

    private static String pick(SplittableRandom random, String[] values) {
        return values[random.nextInt(values.length)];
    }

    private static void count(SortedMap<String, Long> counts, String what) {
        counts.merge(what, 1L, Long::sum);
    }

    private static void report(SortedMap<String, Long> counts, long matches) throws IOException {
        Path dir = Path.of("target", "property-reports");
        Files.createDirectories(dir);
        StringBuilder text = new StringBuilder("seed=" + SEED + " documents=" + DOCUMENTS + " ruleMatches=" + matches + "\n");
        counts.forEach((what, n) -> text.append(what).append('=').append(n).append('\n'));
        Files.writeString(dir.resolve("EventRulerMatcherFastPathTest.txt"), text.toString(), StandardCharsets.UTF_8);
    }

    /** The patterns of an ALERT_RULES file, by rule name, as written. */
    private static final class AlertRulesFile {
        static Map<String, String> patterns(String json) throws IOException {
            Map<String, String> patterns = new LinkedHashMap<>();
            for (JsonNode rule : JSON.readTree(json)) {
                patterns.put(rule.get("name").asText(), rule.get("pattern").toString());
            }
            return patterns;
        }
    }
}
