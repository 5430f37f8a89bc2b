package dev.eddy.adapters.aws.rules;

import static dev.eddy.application.fakes.SensorChanges.created;
import static dev.eddy.application.fakes.SensorChanges.deleted;
import static dev.eddy.application.fakes.SensorChanges.expired;
import static dev.eddy.application.fakes.SensorChanges.item;
import static dev.eddy.application.fakes.SensorChanges.reading;
import static dev.eddy.application.fakes.SensorChanges.updated;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.adapters.aws.config.AlertRulesParser;
import dev.eddy.adapters.aws.config.InvalidConfigurationException;
import dev.eddy.application.alert.RaiseAlertsStep;
import dev.eddy.application.changeevent.ChangeDocuments;
import dev.eddy.application.pipeline.Notification;
import dev.eddy.domain.Change;
import dev.eddy.domain.Value;
import dev.eddy.domain.alert.AlertRule;
import dev.eddy.domain.document.ChangeDocument;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The README's five rules, parsed as configured and evaluated by the real event-ruler engine. */
class EventRulerMatcherTest {
    private static final List<AlertRule> RULES = AlertRulesParser.parse(ExampleRules.json());
    private static final EventRulerMatcher MATCHER = EventRulerMatcher.compile(RULES);
    private final RaiseAlertsStep step = new RaiseAlertsStep(RULES, MATCHER, new ChangeDocuments());

    private List<String> alerts(Change change) {
        List<Notification> out = new ArrayList<>();
        step.apply(change, out::add);
        return out.stream().map(n -> n.attributes().get("rule")).toList();
    }

    private static Set<String> match(Map<String, String> patterns, Change change) {
        return EventRulerMatcher.compile(patterns, "test pattern").matchingRules(ChangeDocument.of(change));
    }

    @Test
    void thresholdAndCrossingFireWhenAReadingCrossesEighty() {
        assertEquals(List.of("hot", "crossed-80"), alerts(reading("e1", 1, "sensor-7", 79.5, 81.2)));
        assertEquals(List.of("hot", "crossed-80"), alerts(reading("e1", 1, "sensor-7", 80, 80.1)));
    }

    @Test
    void crossingDoesNotFireForAReadingThatStaysAbove() {
        assertEquals(List.of("hot"), alerts(reading("e2", 2, "sensor-7", 81.2, 85)));
    }

    @Test
    void nothingFiresAtOrBelowTheLine() {
        assertEquals(List.of(), alerts(reading("e3", 3, "sensor-7", 70, 80)));
    }

    @Test
    void crossingFiresForAnItemCreatedAbove() {
        assertEquals(List.of("hot", "crossed-80"), alerts(created("e4", 4, "sensor-7", "temperature", 90)));
        assertEquals(List.of(), alerts(created("e5", 5, "sensor-7", "temperature", 20)));
    }

    @Test
    void changedToFailedFiresOnlyWhenStatusBecomesFailed() {
        assertEquals(List.of("failed"), alerts(updated("e6", 6, "sensor-7",
                item("sensor-7", "status", "OK"), item("sensor-7", "status", "FAILED"))));
        assertEquals(List.of(), alerts(updated("e7", 7, "sensor-7",
                item("sensor-7", "status", "FAILED", "n", 1), item("sensor-7", "status", "FAILED", "n", 2))));
        assertEquals(List.of(), alerts(updated("e8", 8, "sensor-7",
                item("sensor-7", "status", "OK"), item("sensor-7", "status", "DEGRADED"))));
    }

    @Test
    void expiryFiresTheExpiryRuleAndAManualDeleteDoesNot() {
        assertEquals(List.of("expired"), alerts(expired("e9", 9, "gateway-1", "temperature", 10)));
        assertEquals(List.of(), alerts(deleted("e10", 10, "gateway-1", "temperature", 10)));
    }

    @Test
    void deleteFiresForTheKeyPrefixOnly() {
        assertEquals(List.of("sensor-deleted"), alerts(deleted("e11", 11, "sensor-9")));
        assertEquals(List.of("expired"), alerts(expired("e12", 12, "sensor-9")));
    }

    @Test
    void grammarCoversSuffixAnythingButExistsNestedAndOr() {
        Map<String, Value> address = new LinkedHashMap<>();
        address.put("city", Value.of("Bern"));
        Change change = created("e", 1, "sensor-7", "status", "DEGRADED", "address", new Value.MapValue(address));
        Map<String, String> patterns = new LinkedHashMap<>();
        patterns.put("suffix", "{\"keys\":{\"id\":[{\"suffix\":\"-7\"}]}}");
        patterns.put("anything-but", "{\"new\":{\"status\":[{\"anything-but\":[\"OK\",\"FAILED\"]}]}}");
        patterns.put("anything-but-miss", "{\"new\":{\"status\":[{\"anything-but\":\"DEGRADED\"}]}}");
        patterns.put("exists", "{\"new\":{\"status\":[{\"exists\":true}]}}");
        patterns.put("not-exists", "{\"old\":{\"status\":[{\"exists\":false}]}}");
        patterns.put("nested", "{\"new\":{\"address\":{\"city\":[\"Bern\"]}}}");
        patterns.put("or", "{\"$or\":[{\"kind\":[\"DELETED\"]},{\"new\":{\"address\":{\"city\":[{\"prefix\":\"Be\"}]}}}]}");
        patterns.put("miss", "{\"new\":{\"address\":{\"city\":[\"Basel\"]}}}");
        assertEquals(Set.of("suffix", "anything-but", "exists", "not-exists", "nested", "or"), match(patterns, change));
    }

    /**
     * event-ruler sees only leaves: a value list on an object of the document ({@code keys},
     * {@code old}, {@code new}) tests a field that is never there. This is why the parser refuses
     * such patterns.
     */
    @Test
    void aValueListOnAnObjectOfTheDocumentMatchesEveryChangeOrNone() {
        Map<String, String> patterns = new LinkedHashMap<>();
        patterns.put("no-old", "{\"old\":[{\"exists\":false}]}");
        patterns.put("no-keys", "{\"keys\":[{\"exists\":false}]}");
        patterns.put("new", "{\"new\":[{\"exists\":true}]}");
        assertEquals(Set.of("no-old", "no-keys"), match(patterns, reading("e", 1, "sensor-7", 79.5, 81.2)));
        assertEquals(Set.of("no-old", "no-keys"), match(patterns, created("e", 1, "sensor-7", "status", "OK")));
    }

    /**
     * An operator without its list is a field to event-ruler (why the parser refuses it), and an
     * attribute named like an operator is matched by its dotted path (what the README suggests).
     */
    @Test
    void anOperatorWithoutItsListIsAFieldAndSuchAFieldIsMatchedByItsDottedPath() {
        Map<String, Value> limits = new LinkedHashMap<>();
        limits.put("numeric", Value.number("90"));
        Change change = created("e", 1, "sensor-7", "temperature", 85, "limits", new Value.MapValue(limits));
        Map<String, String> patterns = new LinkedHashMap<>();
        patterns.put("operator-as-field", "{\"new\":{\"temperature\":{\"numeric\":[\">\",80]}}}");
        patterns.put("operator", "{\"new\":{\"temperature\":[{\"numeric\":[\">\",80]}]}}");
        patterns.put("dotted", "{\"new.limits.numeric\":[90]}");
        assertEquals(Set.of("operator", "dotted"), match(patterns, change));
    }

    @Test
    void numbersCompareNumericallyAcrossScalesAndExponents() {
        Map<String, String> patterns = Map.of(
                "equals-1000", "{\"new\":{\"temperature\":[1000]}}",
                "range", "{\"new\":{\"temperature\":[{\"numeric\":[\">=\",999.5,\"<\",1000.5]}]}}");
        assertEquals(patterns.keySet(), match(patterns, created("e", 1, "s", "temperature", Value.number("1E+3"))));
        assertEquals(patterns.keySet(), match(patterns, created("e", 1, "s", "temperature", Value.number("1000.00"))));
    }

    /**
     * The documented limit: event-ruler compares numbers as doubles. Values a double cannot hold
     * exactly are handed to it rounded, so they still compare, correctly but for one ulp at the bound.
     */
    @Test
    void numbersBeyondDoublePrecisionStillCompareAsTheirNearestDouble() {
        Map<String, String> patterns = Map.of(
                "above", "{\"new\":{\"temperature\":[{\"numeric\":[\">\",80]}]}}",
                "below", "{\"new\":{\"temperature\":[{\"numeric\":[\"<\",80]}]}}");
        assertEquals(Set.of("above"), match(patterns, created("e", 1, "s", "temperature", Value.number("80.00000000000001"))));
        assertEquals(Set.of("above"), match(patterns, created("e", 1, "s", "temperature",
                Value.number("95.123456789012345678901234567890123"))));
        assertEquals(Set.of("below"), match(patterns, created("e", 1, "s", "temperature",
                Value.number("-12345678901234567890123456789012345678"))));
        // Within one ulp of the bound the rounding shows: this is above 80, but rounds to 80.
        assertEquals(Set.of(), match(patterns, created("e", 1, "s", "temperature",
                Value.number("80.000000000000000000000000000000001"))));
    }

    @Test
    void onlyDocumentsWithSuchNumbersAreRenderedAgainAndTheExactDocumentIsUntouched() {
        ChangeDocument plain = ChangeDocument.of(created("e", 1, "s", "temperature", Value.number("81.2")));
        assertTrue(EventRulerMatcher.matchable(plain) == plain.json(), "no second rendering for ordinary numbers");
        ChangeDocument precise = ChangeDocument.of(created("e", 1, "s", "temperature",
                Value.number("95.123456789012345678901234567890123")));
        assertTrue(EventRulerMatcher.matchable(precise).contains("\"temperature\":95.12345678901235"),
                EventRulerMatcher.matchable(precise));
        assertTrue(precise.json().contains("\"temperature\":95.123456789012345678901234567890123"));
    }

    @Test
    void engineItselfIgnoresNumbersBeyondDoublePrecisionWhichIsWhyTheyAreRounded() throws Exception {
        software.amazon.event.ruler.Machine raw = new software.amazon.event.ruler.Machine();
        raw.addRule("above", "{\"t\":[{\"numeric\":[\">\",80]}]}");
        assertEquals(List.of(), raw.rulesForJSONEvent("{\"t\":95.123456789012345678901234567890123}"));
        assertEquals(List.of("above"), raw.rulesForJSONEvent("{\"t\":95.12345678901235}"));
    }

    @Test
    void numericBoundThatADoubleCannotHoldIsRejectedAtStartNamingTheRule() {
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class, () -> EventRulerMatcher.compile(
                Map.of("precise", "{\"new\":{\"t\":[{\"numeric\":[\">\",0.12345678901234567890]}]}}"), "alert rule"));
        assertTrue(e.getMessage().startsWith("alert rule \"precise\" has an invalid pattern: "), e.getMessage());
        assertTrue(e.getMessage().contains("Cannot compare number"), e.getMessage());
    }

    /** event-ruler's reason alone, on one line, without Jackson's location quoting the re-rendered pattern. */
    @Test
    void anInvalidOperatorIsReportedOnOneLineWithoutTheParsersLocation() {
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class, () -> EventRulerMatcher.compile(
                Map.of("b", "{\"new\":{\"t\":[{\"numeric\":[\">>\",1]}]}}"), "alert rule"));
        assertEquals("alert rule \"b\" has an invalid pattern: Unrecognized numeric range operator: >>", e.getMessage());
    }

    @Test
    void invalidPatternIsRejectedWithTheRuleNameAndTheEnginesReason() {
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class, () -> EventRulerMatcher.compile(
                Map.of("broken", "{\"new\":{\"t\":[{\"numeric\":[\">\",\"eighty\"]}]}}"), "alert rule"));
        assertTrue(e.getMessage().contains("\"broken\""), e.getMessage());
        assertTrue(e.getMessage().contains("Value of > must be numeric"), e.getMessage());
        InvalidConfigurationException unknown = assertThrows(InvalidConfigurationException.class, () -> EventRulerMatcher.compile(
                Map.of("typo", "{\"kind\":[{\"prefx\":\"UP\"}]}"), "alert rule"));
        assertTrue(unknown.getMessage().contains("\"typo\""), unknown.getMessage());
    }
}
