package dev.eddy.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eddy.adapters.aws.observability.JsonLogger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The application log levels Terraform accepts are exactly those at which Lambda keeps Eddy's
 * metrics. They are EMF log lines without a {@code level}, which Lambda files as INFO, so a level
 * above INFO would drop every one of them, and the dashboard would show nothing with no error.
 */
class LogLevelContractTest {

    /** Lambda's levels that let INFO lines through, least serious first. */
    private static List<String> levelsKeepingMetrics() {
        return Arrays.stream(JsonLogger.Level.values())
                .filter(level -> level.compareTo(JsonLogger.Level.INFO) <= 0)
                .map(Enum::name).toList();
    }

    /** The tuple of {@code contains([...], var.name)} in the variable's validation condition. */
    private static List<String> accepted(Terraform module, String variable) {
        JsonNode validation = Terraform.oneBlock(module.variable(variable), "validation");
        String condition = HclExpression.interpolation(validation.get("condition")).orElseThrow(
                () -> new AssertionError("the validation of " + variable + " has no condition expression"));
        JsonNode call = HclExpression.ast(condition);
        assertEquals("contains", call.at("/meta/name").asText(), condition);
        JsonNode tuple = call.get("children").get(0);
        assertEquals("tuple", tuple.path("type").asText(), condition);
        assertEquals("var." + variable, call.get("children").get(1).at("/meta/fullAccessor").asText(), condition);
        List<String> levels = new ArrayList<>();
        HclExpression.evaluate(tuple, reference -> null).forEach(level -> levels.add(level.asText()));
        return levels;
    }

    @Test
    void theFunctionLogsJsonSoThatLambdaFiltersByLevelAndPassesTheLevelOn() {
        JsonNode logging = Terraform.oneBlock(Terraform.module("lambda").resource("aws_lambda_function", "this"),
                "logging_config");

        assertEquals("JSON", logging.path("log_format").asText(),
                "level filtering and AWS_LAMBDA_LOG_LEVEL need the JSON log format");
        assertEquals("${var.application_log_level}", logging.path("application_log_level").asText());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"root", "lambda"})
    void acceptsExactlyTheLevelsThatKeepTheMetrics(String where) {
        Terraform module = where.equals("root") ? Terraform.root() : Terraform.module(where);

        assertEquals(levelsKeepingMetrics(), accepted(module, "application_log_level"));
        assertTrue(levelsKeepingMetrics().contains(module.variableDefault("application_log_level").asText()));
    }
}
