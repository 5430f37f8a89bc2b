package dev.eddy.bootstrap.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The function's log level is Lambda's (AWS_LAMBDA_LOG_LEVEL, from Terraform's application_log_level),
 * through the wiring Lambda's start uses: the change journal is DEBUG, the batch summary INFO, and
 * the EMF metrics are written at every level. A level that defeats a setting is a warning at start.
 */
class LogLevelTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final PrintStream stream = new PrintStream(output, true, StandardCharsets.UTF_8);

    private List<JsonNode> run(Map<String, String> environment) {
        StreamHandler handler = StreamHandler.fromEnvironment(environment, stream);
        String response = RuntimeJson.response(handler.handleRequest(
                RuntimeJson.event(RuntimeJson.sample("iot-batch.json")), new TestContext("request-1", 60_000)));
        assertEquals("{\"batchItemFailures\":[]}", response);
        List<JsonNode> lines = new ArrayList<>();
        for (String line : output.toString(StandardCharsets.UTF_8).split("\n")) {
            try {
                lines.add(JSON.readTree(line));
            } catch (IOException e) {
                throw new UncheckedIOException("not a JSON line: " + line, e);
            }
        }
        return lines;
    }

    private static long count(List<JsonNode> lines, String message) {
        return lines.stream().filter(line -> message.equals(line.path("message").asText())).count();
    }

    private static long metrics(List<JsonNode> lines) {
        return lines.stream().filter(line -> line.has("_aws")).count();
    }

    @Test
    void atLambdasDefaultLevelTheBatchIsSummedUpAndMeasuredButNotJournaled() {
        List<JsonNode> lines = run(Map.of());

        assertEquals(0, count(lines, "change"), "the change journal is DEBUG");
        assertEquals(1, count(lines, "batch finished"));
        assertEquals(5, metrics(lines), "the batch's metrics and one Records metric per change kind");
    }

    @Test
    void atDebugEveryChangeIsJournaled() {
        List<JsonNode> lines = run(Map.of(Configuration.AWS_LAMBDA_LOG_LEVEL, "DEBUG"));

        List<String> levels = lines.stream().filter(line -> "change".equals(line.path("message").asText()))
                .map(line -> line.get("level").asText()).toList();
        assertEquals(List.of("DEBUG", "DEBUG", "DEBUG", "DEBUG", "DEBUG"), levels);
        assertEquals(1, count(lines, "batch finished"));
        assertEquals(5, metrics(lines));
    }

    @Test
    void aboveInfoTheStartWarnsThatLambdaWillDropTheMetrics() {
        List<JsonNode> lines = run(Map.of(Configuration.AWS_LAMBDA_LOG_LEVEL, "WARN"));

        JsonNode warning = lines.get(0);
        assertEquals("WARN", warning.get("level").asText());
        assertEquals("log level drops metrics", warning.get("message").asText());
        assertEquals("WARN", warning.get("logLevel").asText());
        assertTrue(warning.get("detail").asText().contains("INFO"), warning.toString());
        assertEquals(0, count(lines, "batch finished"), "INFO lines are not written at WARN");
        assertEquals(5, metrics(lines), "Eddy writes them; Lambda is the one that drops them");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ERROR", "FATAL"})
    void atErrorOrFatalTheWarningIsWrittenAtThatLevelSoLambdaKeepsIt(String level) {
        List<JsonNode> lines = run(Map.of(Configuration.AWS_LAMBDA_LOG_LEVEL, level));

        assertEquals(1, count(lines, "log level drops metrics"), lines.toString());
        assertEquals(level, lines.get(0).get("level").asText(), "a WARN line would be dropped by Lambda at " + level);
    }

    @Test
    void logItemValuesBelowDebugIsAWarningSinceTheJournalIsOff() {
        List<JsonNode> atInfo = run(Map.of("LOG_ITEM_VALUES", "true"));
        output.reset();
        List<JsonNode> atDebug = run(Map.of("LOG_ITEM_VALUES", "true", Configuration.AWS_LAMBDA_LOG_LEVEL, "DEBUG"));

        assertEquals("WARN", atInfo.get(0).get("level").asText());
        assertEquals("LOG_ITEM_VALUES has no effect at this log level", atInfo.get(0).get("message").asText());
        assertEquals(0, count(atDebug, "LOG_ITEM_VALUES has no effect at this log level"));
        assertEquals(5, count(atDebug, "change"));
    }

    @Test
    void atInfoOrBelowTheStartDoesNotWarn() {
        for (String level : List.of("TRACE", "DEBUG", "INFO")) {
            output.reset();
            List<JsonNode> lines = run(Map.of(Configuration.AWS_LAMBDA_LOG_LEVEL, level));
            assertEquals(0, lines.stream().filter(line -> "WARN".equals(line.path("level").asText())).count(),
                    level + ": " + lines);
        }
    }
}
