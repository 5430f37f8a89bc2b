package dev.eddy.adapters.aws.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.adapters.aws.rules.ExampleRules;
import dev.eddy.application.changeevent.ChangeDocuments;
import dev.eddy.domain.alert.AlertRule;
import dev.eddy.domain.alert.Severity;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AlertRulesParserTest {

    private static String problem(String json) {
        return assertThrows(InvalidConfigurationException.class, () -> AlertRulesParser.parse(json)).getMessage();
    }

    private static void assertMentions(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), () -> "\"" + message + "\" should mention " + part);
        }
    }

    @Test
    void exampleRulesParseInOrderWithSeverityTemplateAndPattern() {
        List<AlertRule> rules = AlertRulesParser.parse(ExampleRules.json());
        assertEquals(List.of("hot", "crossed-80", "failed", "expired", "sensor-deleted"),
                rules.stream().map(AlertRule::name).toList());
        AlertRule hot = rules.get(0);
        assertEquals(Severity.WARNING, hot.severity());
        assertEquals("Sensor {keys.id} reads {new.temperature}", hot.message().orElseThrow().source());
        assertEquals("{\"new\":{\"temperature\":[{\"numeric\":[\">\",80]}]}}", hot.pattern());
    }

    @Test
    void absentBlankOrEmptyMeansNoRules() {
        assertEquals(List.of(), AlertRulesParser.parse(null));
        assertEquals(List.of(), AlertRulesParser.parse("  "));
        assertEquals(List.of(), AlertRulesParser.parse("[]"));
    }

    @Test
    void messageIsOptional() {
        AlertRule rule = AlertRulesParser.parse("[{\"name\":\"r\",\"severity\":\"INFO\",\"pattern\":{\"kind\":[\"EXPIRED\"]}}]").get(0);
        assertEquals(Optional.empty(), rule.message());
    }

    @Test
    void invalidJsonNamesTheSettingAndWhere() {
        assertMentions(problem("[{\"name\": \"r\",]"), "ALERT_RULES is not valid JSON", "line 1");
        assertMentions(problem("[] []"), "ALERT_RULES is not valid JSON");
        assertMentions(problem("{\"name\":\"r\"}"), "ALERT_RULES must be a JSON array", "object");
    }

    @Test
    void aPatternThatCanNeverMatchIsRefusedNamingWhy() {
        assertMentions(problem(rule("{\"changedFields\":[\"status\"]}")), "rule #1 (\"r\")", "names what no change has",
                "\"changedFields\" is not a field of the change document",
                "kind, table, keys, old, new, changed, eventId, sequenceNumber, at");
        assertMentions(problem(rule("{\"NewImage\":{\"t\":[1]}}")), "\"NewImage\" is not a field");
        assertMentions(problem(rule("{\"kind\":[\"MODIFY\"]}")), "\"MODIFY\" is not a kind of change",
                "CREATED, UPDATED, DELETED, EXPIRED");
        assertMentions(problem(rule("{\"kind\":[\"CREATED\",\"updated\"]}")), "\"updated\" is not a kind");
        assertMentions(problem(rule("{\"kind\":{\"name\":[\"CREATED\"]}}")), "\"kind\" holds one value");
        assertMentions(problem(rule("{\"$or\":[{\"kind\":[\"EXPIRED\"]},{\"nwe\":{\"t\":[1]}}]}")),
                "\"nwe\" is not a field");
        InvalidConfigurationException filter = assertThrows(InvalidConfigurationException.class,
                () -> AlertRulesParser.parseChangeEventFilter("{\"kind\":[\"REMOVE\"]}"));
        assertMentions(filter.getMessage(), "CHANGE_EVENT_FILTER names what no change has", "\"REMOVE\" is not a kind");
        // What can match stays accepted: every field, operators on kind, nested images, $or.
        for (String fine : List.of("{\"kind\":[{\"anything-but\":\"CREATED\"}]}", "{\"table\":[{\"prefix\":\"T\"}]}",
                "{\"keys\":{\"id\":[\"a\"]}}", "{\"old\":{\"a\":{\"b\":[1]}}}", "{\"changed\":[\"status\"]}",
                "{\"eventId\":[{\"exists\":true}]}", "{\"sequenceNumber\":[{\"exists\":true}]}", "{\"at\":[{\"prefix\":\"2026\"}]}",
                "{\"$or\":[{\"kind\":[\"EXPIRED\"]},{\"new\":{\"t\":[1]}}]}", "{\"new\":{\"t\":[{\"exists\":false}]}}",
                "{\"new\":{\"$or\":[{\"a\":[1]},{\"b\":[2]}]}}", "{\"kind\":[{\"equals-ignore-case\":\"created\"}]}",
                "{\"kind\":[{\"wildcard\":\"*ED\"}]}", "{\"kind\":[{\"anything-but\":[\"CREATED\",\"UPDATED\"]}]}",
                "{\"keys\":{\"n\":[{\"numeric\":[\">\",1]}]}}", "{\"new.t\":[1]}")) {
            assertEquals(1, AlertRulesParser.parse(rule(fine)).size(), fine);
        }
    }

    @Test
    void aKindPatternNamesOnlyKindsInsideOperatorsToo() {
        // Each matches every change (anything-but a non-kind) or none, where event-ruler is concerned.
        assertMentions(problem(rule("{\"kind\":[{\"anything-but\":\"MODIFY\"}]}")), "rule #1 (\"r\")",
                "the pattern names what no change has: \"MODIFY\" is not a kind of change",
                "the kinds are CREATED, UPDATED, DELETED, EXPIRED");
        assertMentions(problem(rule("{\"kind\":[{\"anything-but\":[\"REMOVE\",\"INSERT\"]}]}")), "\"REMOVE\" is not a kind");
        assertMentions(problem(rule("{\"kind\":[{\"anything-but\":[\"DELETED\",\"INSERT\"]}]}")), "\"INSERT\" is not a kind");
        assertMentions(problem(rule("{\"kind\":[{\"anything-but\":{\"prefix\":\"REM\"}}]}")),
                "no kind of change begins with \"REM\"");
        assertMentions(problem(rule("{\"kind\":[{\"prefix\":\"MOD\"}]}")), "no kind of change begins with \"MOD\"");
        assertMentions(problem(rule("{\"kind\":[{\"prefix\":{\"equals-ignore-case\":\"mod\"}}]}")),
                "begins with \"mod\" in any case");
        assertMentions(problem(rule("{\"kind\":[{\"suffix\":\"IFY\"}]}")), "no kind of change ends with \"IFY\"");
        assertMentions(problem(rule("{\"kind\":[{\"equals-ignore-case\":\"modify\"}]}")),
                "\"modify\" is not a kind of change in any case");
        assertMentions(problem(rule("{\"kind\":[{\"wildcard\":\"MOD*\"}]}")), "no kind of change matches the wildcard \"MOD*\"");
        assertMentions(problem(rule("{\"kind\":[1]}")), "names what no change has: 1 is not a kind of change");
        assertMentions(problem(rule("{\"kind\":[\"CREATED\",null]}")), "null is not a kind of change");
        assertMentions(problem(rule("{\"kind\":[true]}")), "true is not a kind of change");
        assertMentions(problem(rule("{\"kind\":[{\"numeric\":[\">\",1]}]}")), "\"numeric\" never matches");
        assertMentions(problem(rule("{\"kind\":[{\"exists\":false}]}")), "rule #1 (\"r\")",
                "the pattern tests \"kind\" with \"exists\", but every change has a kind");
        assertMentions(problem(rule("{\"$or\":[{\"kind\":[{\"exists\":true}]},{\"new\":{\"t\":[1]}}]}")), "\"exists\"");
        InvalidConfigurationException filter = assertThrows(InvalidConfigurationException.class,
                () -> AlertRulesParser.parseChangeEventFilter("{\"kind\":[{\"anything-but\":\"MODIFY\"}]}"));
        assertMentions(filter.getMessage(), "CHANGE_EVENT_FILTER names what no change has: \"MODIFY\" is not a kind");
        // Operators that can match a kind stay accepted.
        for (String fine : List.of("{\"kind\":[{\"prefix\":\"DEL\"}]}", "{\"kind\":[{\"suffix\":\"ED\"}]}",
                "{\"kind\":[{\"suffix\":{\"equals-ignore-case\":\"ired\"}}]}", "{\"kind\":[{\"equals-ignore-case\":\"Expired\"}]}",
                "{\"kind\":[{\"anything-but\":{\"prefix\":\"DEL\"}}]}", "{\"kind\":[{\"anything-but\":{\"equals-ignore-case\":[\"created\"]}}]}",
                "{\"kind\":[{\"wildcard\":\"*DAT*\"}]}", "{\"kind\":[\"CREATED\",{\"prefix\":\"EXP\"}]}")) {
            assertEquals(1, AlertRulesParser.parse(rule(fine)).size(), fine);
        }
    }

    @Test
    void valuesPutDirectlyOnKeysOldOrNewAreRefusedSayingWhatToWrite() {
        // event-ruler sees no value at "old" (an object): the first matches every change, the second none.
        assertMentions(problem(rule("{\"old\":[{\"exists\":false}]}")), "rule #1 (\"r\")",
                "the pattern puts values directly on \"old\", which holds the item's attributes",
                "match every change or none", "write \"old\": {\"<attribute>\": [...]}",
                "without an old image, match on \"kind\" (a CREATED change has none)");
        assertMentions(problem(rule("{\"new\":[{\"exists\":true}]}")), "directly on \"new\"",
                "without a new image, match on \"kind\" (DELETED and EXPIRED changes have none)");
        assertMentions(problem(rule("{\"keys\":[\"sensor-7\"]}")), "directly on \"keys\"", "key attributes",
                "every change has keys");
        assertMentions(problem(rule("{\"$or\":[{\"kind\":[\"UPDATED\"]},{\"old\":[{\"exists\":false}]}]}")),
                "directly on \"old\"");
        InvalidConfigurationException filter = assertThrows(InvalidConfigurationException.class,
                () -> AlertRulesParser.parseChangeEventFilter("{\"new\":[{\"exists\":true}]}"));
        assertMentions(filter.getMessage(), "CHANGE_EVENT_FILTER puts values directly on \"new\"");
        // changed is a list of names: exists on it says whether it is known, and stays accepted.
        for (String fine : List.of("{\"changed\":[{\"exists\":false}]}", "{\"changed\":[{\"exists\":true}]}",
                "{\"old\":{\"status\":[{\"exists\":false}]}}")) {
            assertEquals(1, AlertRulesParser.parse(rule(fine)).size(), fine);
        }
    }

    @Test
    void anOrThatIsNotAListIsRefusedAtAnyDepth() {
        // event-ruler takes {"$or": {...}} for a field named "$or", which never matches.
        assertMentions(problem(rule("{\"$or\":{\"kind\":[\"CREATED\"]}}")), "rule #1 (\"r\")",
                "the pattern writes \"$or\" as an object", "\"$or\" takes a list of patterns", "\"$or\": [{...}, {...}]");
        assertMentions(problem(rule("{\"new\":{\"$or\":{\"a\":[1],\"b\":[2]}}}")), "\"$or\" as an object (in new)");
        assertMentions(problem(rule("{\"new\":{\"address\":{\"$or\":{\"city\":[\"Bern\"]}}}}")),
                "\"$or\" as an object (in new.address)");
        assertMentions(problem(rule("{\"kind\":[\"UPDATED\"],\"$or\":[{\"old\":{\"$or\":{\"a\":[1]}}},{\"new\":{\"a\":[1]}}]}")),
                "(in old)");
        assertMentions(problem(rule("{\"new\":{\"$or\":[{\"a\":{\"$or\":\"x\"}},{\"b\":[2]}]}}")),
                "\"$or\" as a string (in new.a)");
        InvalidConfigurationException filter = assertThrows(InvalidConfigurationException.class,
                () -> AlertRulesParser.parseChangeEventFilter("{\"$or\":{\"kind\":[\"CREATED\"]}}"));
        assertMentions(filter.getMessage(), "CHANGE_EVENT_FILTER writes \"$or\" as an object");
    }

    @Test
    void anOperatorWrittenWithoutItsListIsRefusedSayingHowToWriteIt() {
        // event-ruler takes "numeric" for a field below "temperature": the rule would never match.
        assertMentions(problem(rule("{\"new\":{\"temperature\":{\"numeric\":[\">\",80]}}}")), "rule #1 (\"r\")",
                "the pattern names an operator as a field: \"temperature\": {\"numeric\": …} (at new.temperature)",
                "write \"temperature\": [{\"numeric\": …}]");
        assertMentions(problem(rule("{\"new\":{\"temperature\":{\"numeric\":[\">\",80]}}}")),
                "or, to match an attribute named \"numeric\", its dotted path \"new.temperature.numeric\": [...]");
        assertMentions(problem(rule("{\"new.status\":{\"anything-but\":[\"OK\"]}}")),
                "\"new.status\": {\"anything-but\": …} is a field", "write \"new.status\": [{\"anything-but\": …}]");
        assertMentions(problem(rule("{\"old\":{\"a\":{\"b\":{\"numeric\":[\"<\",1]}}}}")), "\"b\": {\"numeric\": …} (at old.a.b)");
        assertMentions(problem(rule("{\"new\":{\"$or\":[{\"t\":[1]},{\"s\":{\"anything-but\":[\"ok\"]}}]}}")),
                "\"s\": {\"anything-but\": …}");
        InvalidConfigurationException filter = assertThrows(InvalidConfigurationException.class,
                () -> AlertRulesParser.parseChangeEventFilter("{\"new\":{\"t\":{\"numeric\":[\">\",1]}}}"));
        assertMentions(filter.getMessage(), "CHANGE_EVENT_FILTER names an operator as a field");
        // Narrow. Directly below keys, old or new a name is an attribute's, whatever it is. The operators
        // that take one value are not checked: written without their list, they hold one value, which
        // event-ruler refuses itself ("prefix" must be an object or an array), and holding a list they are
        // as likely an attribute of that name. An operator's name holding an object, or reached by a
        // dotted path, is a field too.
        for (String fine : List.of("{\"new\":{\"cidr\":[\"10.0.0.0/24\"]}}", "{\"keys\":{\"numeric\":[1]}}",
                "{\"new\":{\"prefix\":[{\"prefix\":\"10.\"}]}}", "{\"new\":{\"phone\":{\"prefix\":[\"+44\"]}}}",
                "{\"old\":{\"a\":{\"b\":{\"exists\":[false]}}}}", "{\"new\":{\"x\":{\"wildcard\":[\"a\"]}}}",
                "{\"new\":{\"prefix\":{\"a\":[1]}}}", "{\"new.t.numeric\":[1]}",
                "{\"new\":{\"t\":[{\"numeric\":[\">\",80]}]}}", "{\"new\":{\"numerical\":[1]}}")) {
            assertEquals(1, AlertRulesParser.parse(rule(fine)).size(), fine);
        }
    }

    /**
     * An exact number a double cannot hold never matched: event-ruler keeps such a literal as text and
     * compares a document's number as its nearest double. Refused, naming where; one a double holds
     * is kept.
     */
    @Test
    void anExactNumberWithMoreDigitsThanADoubleHoldsIsRefusedNamingWhere() {
        assertMentions(problem(rule("{\"new\":{\"orderId\":[1732460000123456789]}}")), "rule #1 (\"r\")",
                "matches new.orderId to the number 1732460000123456789 exactly", "which a double cannot hold");
        assertMentions(problem(rule("{\"new\":{\"t\":[1e400]}}")), "matches new.t to the number 1E+400 exactly");
        assertMentions(assertThrows(InvalidConfigurationException.class,
                () -> AlertRulesParser.parseChangeEventFilter("{\"new\":{\"t\":[-1e400]}}")).getMessage(),
                "CHANGE_EVENT_FILTER matches new.t to the number -1E+400 exactly");
        assertMentions(problem(rule("{\"new\":{\"id\":[12345678901234567]}}")), "new.id", "12345678901234567");
        assertMentions(problem(rule("{\"$or\":[{\"kind\":[\"CREATED\"]},{\"old\":{\"a\":{\"v\":[\"x\",80.00000000000000000001]}}}]}")),
                "matches old.a.v to the number 80.00000000000000000001 exactly");
        assertMentions(assertThrows(InvalidConfigurationException.class,
                () -> AlertRulesParser.parseChangeEventFilter("{\"keys\":{\"id\":[1E-400]}}")).getMessage(),
                "CHANGE_EVENT_FILTER matches keys.id to the number 1E-400 exactly");
        for (String fine : List.of("{\"new\":{\"id\":[1234567890123456]}}", "{\"new\":{\"t\":[80.5, 1E+3, 0.1]}}",
                "{\"new\":{\"t\":[{\"numeric\":[\">\",80]}]}}")) {
            assertEquals(1, AlertRulesParser.parse(rule(fine)).size(), fine);
        }
    }

    /**
     * A numeric bound with more digits than a double holds reaches event-ruler as written, which refuses
     * it at start; read as a double, it was rounded first and accepted.
     */
    @Test
    void aNumericBoundWithMoreDigitsThanADoubleHoldsIsRefusedWhenTheRulesAreCompiled() {
        for (String bound : List.of("0.12345678901234567890", "80.00000000000000000001", "1E+400")) {
            List<AlertRule> rules = AlertRulesParser.parse(rule("{\"new\":{\"t\":[{\"numeric\":[\">\"," + bound + "]}]}}"));
            assertTrue(rules.get(0).pattern().contains(bound), rules.get(0).pattern());
            InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
                    () -> dev.eddy.adapters.aws.rules.EventRulerMatcher.compile(rules), bound);
            assertMentions(e.getMessage(), "alert rule \"r\" has an invalid pattern", "Cannot compare number");
        }
    }

    @Test
    void everyBadRuleIsReportedAtOnceAndADuplicateOfABadRulesNameToo() {
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class, () -> AlertRulesParser.parse(
                "[{\"name\":\"a\",\"severity\":\"PANIC\",\"pattern\":{}},"
                        + "{\"name\":\"ok\",\"severity\":\"INFO\",\"pattern\":{\"kind\":[\"CREATED\"]}},"
                        + "{\"name\":\"a\",\"severity\":\"INFO\",\"pattern\":{\"kind\":[\"CREATED\"]}}]"));
        assertEquals(2, e.problems().size(), e.getMessage());
        assertMentions(e.problems().get(0), "rule #1", "PANIC");
        assertMentions(e.problems().get(1), "rule #3", "same name");
    }

    @Test
    void aDuplicateOfARuleWithAnUnknownFieldIsReportedToo() {
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class, () -> AlertRulesParser.parse(
                "[{\"name\":\"a\",\"severity\":\"INFO\",\"msg\":\"hi\",\"pattern\":{\"kind\":[\"CREATED\"]}},"
                        + "{\"name\":\"a\",\"severity\":\"INFO\",\"pattern\":{\"kind\":[\"CREATED\"]}}]"));
        assertEquals(2, e.problems().size(), e.getMessage());
        assertMentions(e.problems().get(0), "rule #1 (\"a\")", "unknown field \"msg\"");
        assertMentions(e.problems().get(1), "rule #2 (\"a\")", "same name");
    }

    private static String rule(String pattern) {
        return "[{\"name\":\"r\",\"severity\":\"INFO\",\"pattern\":" + pattern + "}]";
    }

    @Test
    void jsonBeyondTheParsersLimitsIsAConfigurationErrorToo() {
        // Jackson reports its limits without a location; the message must still name the setting.
        String longNumber = "[{\"name\":\"r\",\"severity\":\"INFO\",\"pattern\":{\"n\":[" + "1".repeat(1001) + "]}}]";
        assertMentions(problem(longNumber), "ALERT_RULES is not valid JSON", "Number value length");
        String deep = "[".repeat(1001) + "]".repeat(1001);
        assertMentions(problem(deep), "ALERT_RULES is not valid JSON", "nesting depth");
        InvalidConfigurationException filter = assertThrows(InvalidConfigurationException.class,
                () -> AlertRulesParser.parseChangeEventFilter("{\"n\":[" + "9".repeat(1001) + "]}"));
        assertMentions(filter.getMessage(), "CHANGE_EVENT_FILTER is not valid JSON");
    }

    @Test
    void missingNameNamesTheRuleByPosition() {
        assertMentions(problem("[{\"severity\":\"INFO\",\"pattern\":{}}]"), "rule #1", "\"name\" is missing");
        assertMentions(problem("[{\"name\":\"a\",\"severity\":\"INFO\",\"pattern\":{}}, 3]"), "rule #2", "must be a JSON object");
    }

    @Test
    void unknownSeverityNamesTheRuleAndTheChoices() {
        assertMentions(problem("[{\"name\":\"hot\",\"severity\":\"SEVERE\",\"pattern\":{}}]"),
                "rule #1 (\"hot\")", "unknown severity \"SEVERE\"", "INFO, WARNING or CRITICAL");
        assertMentions(problem("[{\"name\":\"hot\",\"pattern\":{}}]"), "\"hot\"", "\"severity\" is missing");
    }

    @Test
    void duplicateNamesAreRejected() {
        assertMentions(problem("[{\"name\":\"hot\",\"severity\":\"INFO\",\"pattern\":{}},"
                + "{\"name\":\"hot\",\"severity\":\"INFO\",\"pattern\":{}}]"), "rule #2 (\"hot\")", "same name");
    }

    @Test
    void patternMustBeAnObject() {
        assertMentions(problem("[{\"name\":\"hot\",\"severity\":\"INFO\",\"pattern\":\"{}\"}]"),
                "\"hot\"", "\"pattern\" must be a JSON object", "string");
        assertMentions(problem("[{\"name\":\"hot\",\"severity\":\"INFO\"}]"), "\"hot\"", "got nothing");
    }

    @Test
    void unknownFieldsAreRejected() {
        assertMentions(problem("[{\"name\":\"hot\",\"severity\":\"INFO\",\"pattern\":{},\"sevrity\":1}]"),
                "\"hot\"", "unknown field \"sevrity\"");
    }

    @Test
    void duplicateKeysInsideARuleAreRejected() {
        assertMentions(problem("[{\"name\":\"hot\",\"name\":\"cold\",\"severity\":\"INFO\",\"pattern\":{}}]"),
                "not valid JSON", "Duplicate field 'name'");
    }

    @Test
    void badNameOrTemplateNamesTheRule() {
        assertMentions(problem("[{\"name\":\"has space\",\"severity\":\"INFO\",\"pattern\":{}}]"),
                "rule #1 (\"has space\")", "must be 1 to 64 characters");
        assertMentions(problem("[{\"name\":\"hot\",\"severity\":\"INFO\",\"message\":\"{new.t\",\"pattern\":{}}]"),
                "\"hot\"", "unclosed '{'");
        assertMentions(problem("[{\"name\":\"hot\",\"severity\":\"INFO\",\"message\":5,\"pattern\":{}}]"),
                "\"hot\"", "\"message\" must be a string");
    }

    @Test
    void aBlankMessageMeansTheDefaultMessageRatherThanAnEmptyAlert() {
        for (String blank : List.of("\"\"", "\"   \"", "\"\\t\\n\"")) {
            assertEquals(Optional.empty(), AlertRulesParser.parse("[{\"name\":\"hot\",\"severity\":\"INFO\",\"message\":"
                    + blank + ",\"pattern\":{}}]").get(0).message(), blank);
        }
        assertEquals(Optional.empty(), AlertRulesParser.parse(
                "[{\"name\":\"hot\",\"severity\":\"INFO\",\"message\":null,\"pattern\":{}}]").get(0).message());
    }

    @Test
    void invalidPatternGrammarFailsWiringNamingTheRule() {
        String rules = "[{\"name\":\"hot\",\"severity\":\"INFO\",\"pattern\":{\"new\":{\"t\":[{\"numeric\":[\">\",\"x\"]}]}}}]";
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
                () -> AlertsWiring.alertStep(rules, new ChangeDocuments()));
        assertMentions(e.getMessage(), "alert rule \"hot\" has an invalid pattern", "must be numeric");
    }

    @Test
    void noRulesMeansNoAlertStep() {
        assertEquals(Optional.empty(), AlertsWiring.alertStep(null, new ChangeDocuments()));
        assertTrue(AlertsWiring.alertStep(ExampleRules.json(), new ChangeDocuments()).isPresent());
    }

    @Test
    void changeEventFilterMustBeAnObjectPattern() {
        assertEquals(Optional.empty(), AlertRulesParser.parseChangeEventFilter(""));
        assertEquals(Optional.of("{\"kind\":[\"UPDATED\"]}"), AlertRulesParser.parseChangeEventFilter(" {\"kind\": [\"UPDATED\"]} "));
        InvalidConfigurationException array = assertThrows(InvalidConfigurationException.class,
                () -> AlertRulesParser.parseChangeEventFilter("[]"));
        assertMentions(array.getMessage(), "CHANGE_EVENT_FILTER must be a JSON object");
        InvalidConfigurationException grammar = assertThrows(InvalidConfigurationException.class,
                () -> AlertsWiring.changeEventStep("{\"kind\":[{\"nope\":1}]}", new ChangeDocuments()));
        assertMentions(grammar.getMessage(), "CHANGE_EVENT_FILTER has an invalid pattern: ");
    }

    @Test
    void rulesWithoutAlertTopicFailAtStart() {
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
                () -> AlertsWiring.alertStep(ExampleRules.json(), " ", new ChangeDocuments()));
        assertMentions(e.getMessage(), "ALERT_RULES declares rules but ALERT_TOPIC_ARN is not set");
        assertEquals(Optional.empty(), AlertsWiring.alertStep("", null, new ChangeDocuments()));
    }

    @Test
    void changeEventStepExistsOnlyWithItsTopicAndAFilterNeedsTheTopic() {
        assertEquals(Optional.empty(), AlertsWiring.changeEventStep(null, null, new ChangeDocuments()));
        assertTrue(AlertsWiring.changeEventStep("arn:aws:sns:eu-west-1:123456789012:changes", null, new ChangeDocuments()).isPresent());
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
                () -> AlertsWiring.changeEventStep("", "{\"kind\":[\"UPDATED\"]}", new ChangeDocuments()));
        assertMentions(e.getMessage(), "CHANGE_EVENT_FILTER is set but CHANGE_TOPIC_ARN is not");
    }
}
