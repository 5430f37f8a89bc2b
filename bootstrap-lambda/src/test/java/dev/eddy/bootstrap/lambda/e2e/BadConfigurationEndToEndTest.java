package dev.eddy.bootstrap.lambda.e2e;

import static dev.eddy.bootstrap.lambda.e2e.Harness.ALERT_TOPIC;
import static dev.eddy.bootstrap.lambda.e2e.Harness.environment;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eddy.bootstrap.lambda.ConfigurationException;
import dev.eddy.bootstrap.lambda.ProductionWiring;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A wrong setting stops the start, through the production wiring, naming the setting and the problem. */
class BadConfigurationEndToEndTest {
    private static final String BAD_SEVERITY_RULE = "[{\"name\": \"too-hot\", \"severity\": \"PANIC\","
            + " \"pattern\": {\"new\": {\"temperature\": [{\"numeric\": [\">\", 90]}]}}}]";
    private static final String BAD_PATTERN_RULE = "[{\"name\": \"hot\", \"severity\": \"WARNING\","
            + " \"pattern\": {\"new\": {\"temperature\": [{\"numeric\": [\">\", \"eighty\"]}]}}}]";

    private Harness eddy;

    @BeforeEach
    void start() {
        eddy = new Harness(null);
    }

    @AfterEach
    void stop() {
        eddy.close();
    }

    private List<String> problems(Map<String, String> environment) {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> eddy.handler(environment));
        assertEquals(0, eddy.sns.requests().size(), "nothing was sent");
        return e.problems();
    }

    private static void assertNames(String problem, String... words) {
        for (String word : words) {
            assertTrue(problem.contains(word), "\"" + problem + "\" should name " + word);
        }
    }

    @Test
    void invalidSeverityNamesTheRuleAndTheSeverity() {
        List<String> problems = problems(environment("ALERT_RULES", BAD_SEVERITY_RULE, "ALERT_TOPIC_ARN", ALERT_TOPIC));

        assertEquals(1, problems.size(), problems.toString());
        assertNames(problems.get(0), "ALERT_RULES", "too-hot", "PANIC");
    }

    @Test
    void invalidPatternNamesTheRule() {
        List<String> problems = problems(environment("ALERT_RULES", BAD_PATTERN_RULE, "ALERT_TOPIC_ARN", ALERT_TOPIC));

        assertEquals(1, problems.size(), problems.toString());
        // It names the rule and event-ruler's reason; unlike the other problems it does not start with
        // ALERT_RULES (event-ruler's message is the matcher's, which other tests pin).
        assertNames(problems.get(0), "\"hot\"", "invalid pattern", "must be numeric");
    }

    @Test
    void everyBadRuleIsReportedAtOnceEachAsItsOwnProblem() {
        String rules = "[{\"name\": \"too-hot\", \"severity\": \"PANIC\", \"pattern\": {\"kind\": [\"CREATED\"]}},"
                + " {\"name\": \"fine\", \"severity\": \"INFO\", \"pattern\": {\"kind\": [\"EXPIRED\"]}},"
                + " {\"name\": \"typo\", \"severity\": \"INFO\", \"pattern\": {\"changedFields\": [\"status\"]}}]";
        List<String> problems = problems(environment("ALERT_RULES", rules, "ALERT_TOPIC_ARN", ALERT_TOPIC,
                "PROJECTION_TABLE", "projections"));

        assertEquals(3, problems.size(), problems.toString());
        assertNames(problems.get(0), "rule #1", "too-hot", "PANIC");
        assertNames(problems.get(1), "rule #3", "typo", "changedFields");
        assertNames(problems.get(2), "PROJECTION_TABLE", "PROJECTIONS");
    }

    @Test
    void aBadRuleAndAnInvalidPatternOfAnotherAreReportedTogether() {
        String rules = "[{\"name\": \"too-hot\", \"severity\": \"PANIC\", \"pattern\": {\"kind\": [\"CREATED\"]}},"
                + " {\"name\": \"b\", \"severity\": \"INFO\", \"pattern\": {\"new\": {\"t\": [{\"numeric\": [\">\", \"x\"]}]}}}]";
        List<String> problems = problems(environment("ALERT_RULES", rules, "ALERT_TOPIC_ARN", ALERT_TOPIC));

        assertEquals(2, problems.size(), problems.toString());
        assertNames(problems.get(0), "rule #1", "PANIC");
        assertNames(problems.get(1), "\"b\"", "must be numeric");
    }

    @Test
    void everyInvalidPatternIsReportedAtOnce() {
        String rules = "[{\"name\": \"a\", \"severity\": \"INFO\", \"pattern\": {\"new\": {\"t\": [{\"numeric\": [\">\", \"x\"]}]}}},"
                + " {\"name\": \"b\", \"severity\": \"INFO\", \"pattern\": {\"new\": {\"t\": [{\"prefx\": \"y\"}]}}}]";
        List<String> problems = problems(environment("ALERT_RULES", rules, "ALERT_TOPIC_ARN", ALERT_TOPIC));

        assertEquals(2, problems.size(), problems.toString());
        assertNames(problems.get(0), "\"a\"", "must be numeric");
        assertNames(problems.get(1), "\"b\"", "prefx");
    }

    @Test
    void rulesWithoutAnAlertTopicFailTheStart() {
        List<String> problems = problems(environment("ALERT_RULES", AlertsEndToEndTest.EXAMPLE_RULES));

        assertEquals(1, problems.size(), problems.toString());
        assertNames(problems.get(0), "ALERT_RULES", "ALERT_TOPIC_ARN");
    }

    @Test
    void projectionsWithoutAProjectionTableFailTheStart() {
        List<String> problems = problems(environment("PROJECTIONS", ProjectionsEndToEndTest.PROJECTIONS));

        assertEquals(1, problems.size(), problems.toString());
        assertNames(problems.get(0), "PROJECTIONS", "PROJECTION_TABLE");
    }

    @Test
    void invalidRulesAndProjectionsWithoutATableAreReportedTogether() {
        List<String> problems = problems(environment("ALERT_RULES", BAD_SEVERITY_RULE, "ALERT_TOPIC_ARN", ALERT_TOPIC,
                "PROJECTIONS", ProjectionsEndToEndTest.PROJECTIONS));

        assertEquals(2, problems.size(), problems.toString());
        assertNames(problems.get(0), "too-hot", "PANIC");
        assertNames(problems.get(1), "PROJECTIONS", "PROJECTION_TABLE");
    }

    @Test
    void badTopicArnsAreEachNamed() {
        List<String> problems = problems(environment("ALERT_TOPIC_ARN", "eddy-alerts",
                "DEAD_LETTER_TOPIC_ARN", "arn:aws:sqs:eu-west-1:123456789012:eddy-dead-letters"));

        assertEquals(2, problems.size(), problems.toString());
        assertNames(problems.get(0), "ALERT_TOPIC_ARN", "eddy-alerts");
        assertNames(problems.get(1), "DEAD_LETTER_TOPIC_ARN", "arn:aws:sqs:");
    }

    @Test
    void theLambdaStartLogsTheProblemsAsOneJsonLineAndFails() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

        ConfigurationException e = assertThrows(ConfigurationException.class, () -> ProductionWiring.fromEnvironment(
                environment("CHANGE_TOPIC_ARN", "not-an-arn"), out));

        assertNames(e.getMessage(), "CHANGE_TOPIC_ARN", "not-an-arn");
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(1, lines.length, String.join("\n", lines));
        JsonNode line = Harness.tree(lines[0]);
        assertEquals("ERROR", line.get("level").asText());
        assertEquals("invalid configuration", line.get("message").asText());
        assertNames(line.get("problems").toString(), "CHANGE_TOPIC_ARN");
    }

    @Test
    void theLambdaStartLogsProblemsFoundByTheWiringToo() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

        ConfigurationException e = assertThrows(ConfigurationException.class, () -> ProductionWiring.fromEnvironment(
                environment("ALERT_RULES", BAD_SEVERITY_RULE, "ALERT_TOPIC_ARN", ALERT_TOPIC,
                        "PROJECTIONS", ProjectionsEndToEndTest.PROJECTIONS), out));

        assertEquals(2, e.problems().size(), e.problems().toString());
        String logs = bytes.toString(StandardCharsets.UTF_8);
        List<JsonNode> logged = new java.util.ArrayList<>();
        for (String text : logs.split("\n")) {
            if (!text.isBlank() && "invalid configuration".equals(Harness.tree(text).path("message").asText())) {
                logged.add(Harness.tree(text));
            }
        }
        assertEquals(1, logged.size(), "one JSON line says why the function did not start: " + logs);
        JsonNode line = logged.get(0);
        assertEquals("ERROR", line.get("level").asText());
        assertEquals(2, line.get("problems").size(), line.toString());
        assertNames(line.get("problems").toString(), "too-hot", "PROJECTION_TABLE");
    }
}
