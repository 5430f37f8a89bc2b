package dev.eddy.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the lambda module does with its JVM options, evaluated by Terraform itself: the function's
 * environment (the settings, plus {@code JAVA_TOOL_OPTIONS} when there are options) and the
 * precondition that refuses an {@code -Xms} at or above the heap limit the Java runtime sets (85 % of
 * the memory size). The expressions are taken from modules/lambda/main.tf as written and evaluated with
 * {@code terraform console} in a scratch configuration that declares only the variables they read: no
 * provider, no registry. Skipped where no {@code terraform} binary is on the PATH; the contract tests
 * hold the same expressions' text everywhere ({@link EnvironmentContractTest}).
 */
class JvmOptionsExpressionTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final Terraform lambda = Terraform.module("lambda");

    @TempDir
    Path scratch;

    @Test
    void environmentGetsJavaToolOptionsOnlyWhenThereAreOptions() throws Exception {
        JsonNode withOptions = evaluate("-Xms64m", 256);
        assertEquals(MAPPER.readTree("{\"ALERT_RULES\":\"[]\",\"JAVA_TOOL_OPTIONS\":\"-Xms64m\"}"), withOptions.get(0));
        JsonNode without = evaluate("", 256);
        assertEquals(MAPPER.readTree("{\"ALERT_RULES\":\"[]\"}"), without.get(0), "no options, no JAVA_TOOL_OPTIONS");
    }

    @Test
    void initialHeapAtOrAboveTheRuntimesLimitFailsThePlan() throws Exception {
        assertHeap("-Xms64m", 256, "[64]", true);
        assertHeap("-Xms64m", 128, "[64]", true);
        assertHeap("", 128, "[]", true);
        assertHeap("-XX:+UseSerialGC -Xms200m", 256, "[200]", true);
        assertHeap("-XX:+UseSerialGC -Xms200m", 128, "[200]", false);
        assertHeap("-Xms230m", 256, "[230]", false);
        assertHeap("-Xms1g", 1024, "[1024]", false);
        assertHeap("-Xms1g", 2048, "[1024]", true);
        assertHeap("-Xms67108864", 128, "[64]", true);
        assertHeap("-Xms65536k", 128, "[64]", true);
        assertHeap("-Xms64m -Xms300m", 256, "[64,300]", false);
    }

    private void assertHeap(String options, int memoryMb, String expectedMib, boolean allowed) throws Exception {
        JsonNode result = evaluate(options, memoryMb);
        assertEquals(MAPPER.readTree(expectedMib), result.get(1), "-Xms in MiB of \"" + options + "\"");
        assertEquals(allowed, result.get(2).asBoolean(), "precondition for \"" + options + "\" at " + memoryMb + " MB");
    }

    /** [environment, local.initial_heap_mib, the precondition's condition] for these inputs. */
    private JsonNode evaluate(String options, int memoryMb) throws Exception {
        Path terraform = TerraformBinary.find().orElse(null);
        Assumptions.assumeTrue(terraform != null, "no terraform binary on the PATH");

        JsonNode function = lambda.resource("aws_lambda_function", "this");
        String environment = HclExpression.inside(Terraform.oneBlock(function, "environment").path("variables"));
        JsonNode precondition = Terraform.oneBlock(Terraform.oneBlock(function, "lifecycle"), "precondition");
        String condition = HclExpression.inside(precondition.path("condition"));
        String initialHeap = HclExpression.inside(lambda.local("initial_heap_mib"));

        Files.writeString(scratch.resolve("main.tf"), """
                variable "java_tool_options" { type = string }
                variable "memory_size" { type = number }
                variable "environment_variables" { type = map(string) }
                locals {
                  initial_heap_mib = %s
                }
                """.formatted(initialHeap), StandardCharsets.UTF_8);
        return TerraformBinary.consoleJson(terraform, scratch, "[" + environment + ", local.initial_heap_mib, " + condition + "]",
                List.of("-var", "java_tool_options=" + options, "-var", "memory_size=" + memoryMb,
                        "-var", "environment_variables={ ALERT_RULES = \"[]\" }"));
    }
}
