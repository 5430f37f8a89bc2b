package dev.eddy.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.eddy.bootstrap.lambda.Configuration;
import dev.eddy.bootstrap.lambda.Setting;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The environment Terraform gives the function is exactly what the code reads ({@link Setting}). */
class EnvironmentContractTest {
    /**
     * The function's environment: the settings, and JAVA_TOOL_OPTIONS (read by the JVM, not by the
     * code) when the JVM options are not empty.
     */
    private static final String FUNCTION_ENVIRONMENT = "${merge(var.environment_variables, { for name, value in"
            + " { JAVA_TOOL_OPTIONS = var.java_tool_options } : name => value if value != \"\" })}";

    private final Terraform root = Terraform.root();

    @Test
    void terraformSetsExactlyTheSettingsTheCodeReads() {
        Set<String> terraform = new TreeSet<>();
        root.local("environment_candidates").fieldNames().forEachRemaining(terraform::add);

        Set<String> code = Arrays.stream(Setting.values()).map(Setting::variable).collect(Collectors.toCollection(TreeSet::new));

        assertEquals(code, terraform, "environment_candidates in deploy/terraform/main.tf vs enum Setting");
    }

    @Test
    void deployReadmeDocumentsExactlyTheSettings() throws Exception {
        String readme = Files.readString(Repository.terraform().resolve("README.md"));
        int start = readme.indexOf("### Configuration");
        int end = readme.indexOf("\n#", start + 1);
        assertTrue(start >= 0 && end > start, "deploy/terraform/README.md has no Configuration section");
        Set<String> documented = new TreeSet<>();
        Matcher names = Pattern.compile("`([A-Z][A-Z0-9_]{3,})`").matcher(readme.substring(start, end));
        while (names.find()) {
            documented.add(names.group(1));
        }

        Set<String> code = Arrays.stream(Setting.values()).map(Setting::variable).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(code, documented, "environment variables in the Configuration section of deploy/terraform/README.md");
    }

    /**
     * The README's Configuration reference names every setting the code reads, in the first column of
     * its table, and no setting the code does not read; {@code AWS_LAMBDA_LOG_LEVEL}, which Lambda
     * sets and the logging reads, is the one row that is not a {@link Setting}.
     */
    @Test
    void readmeConfigurationReferenceDocumentsExactlyTheSettings() throws Exception {
        String readme = Files.readString(Repository.root().resolve("README.md"));
        int start = readme.indexOf("## Configuration reference");
        int end = readme.indexOf("\n#", start + 1);
        assertTrue(start >= 0 && end > start, "README.md has no Configuration reference section");
        Set<String> documented = new TreeSet<>();
        for (String line : readme.substring(start, end).split("\n")) {
            if (line.startsWith("| `")) {
                Matcher names = Pattern.compile("`([A-Z][A-Z0-9_]{3,})`").matcher(line.substring(0, line.indexOf(" |", 2)));
                while (names.find()) {
                    documented.add(names.group(1));
                }
            }
        }
        assertTrue(documented.remove("AWS_LAMBDA_LOG_LEVEL"), "the log level's row: " + documented);

        Set<String> code = Arrays.stream(Setting.values()).map(Setting::variable).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(code, documented, "environment variables in the table of README.md's Configuration reference");
    }

    /**
     * The root's validation of timeout_safety_margin_ms admits only margins the code accepts (a
     * fraction would pass a range check and then stop the function at start), evaluated as written;
     * and the candidate passes the number to the code as text.
     */
    @Test
    void safetyMarginValidationAdmitsOnlyMarginsTheCodeAccepts() {
        JsonNode validation = Terraform.oneBlock(root.variable("timeout_safety_margin_ms"), "validation");
        JsonNode condition = HclExpression.ast(HclExpression.interpolation(validation.get("condition")).orElseThrow());
        assertEquals("${var.timeout_safety_margin_ms == null ? \"\" : tostring(var.timeout_safety_margin_ms)}",
                root.local("environment_candidates").path("TIMEOUT_SAFETY_MARGIN_MS").asText());

        JsonNodeFactory json = JsonNodeFactory.instance;
        for (String margin : List.of("0", "3000", "15000", "60000", "60001", "-1", "1500.5", "0.25")) {
            BigDecimal value = new BigDecimal(margin);
            JsonNode admitted = HclExpression.evaluate(condition,
                    name -> name.equals("var.timeout_safety_margin_ms") ? json.numberNode(value) : null);
            boolean accepted;
            try {
                Configuration.from(Map.of(Setting.TIMEOUT_SAFETY_MARGIN_MS.variable(), margin));
                accepted = true;
            } catch (IllegalArgumentException e) {
                accepted = false;
            }
            assertTrue(admitted.isBoolean(), "the condition evaluates: " + admitted);
            assertEquals(accepted && value.compareTo(BigDecimal.valueOf(60_000)) <= 0, admitted.booleanValue(),
                    "timeout_safety_margin_ms = " + margin + " (the code " + (accepted ? "accepts" : "refuses") + " it)");
        }
        JsonNode unset = HclExpression.evaluate(condition,
                name -> name.equals("var.timeout_safety_margin_ms") ? json.nullNode() : null);
        assertEquals(true, unset.asBoolean(false), "null (the code's default) is admitted: " + unset);
    }

    @Test
    void functionEnvironmentComesOnlyFromTheCandidates() {
        JsonNode function = Terraform.module("lambda").resource("aws_lambda_function", "this");
        assertEquals(FUNCTION_ENVIRONMENT, Terraform.oneBlock(function, "environment").path("variables").asText());
        assertEquals("${local.environment}", root.moduleCall("lambda").path("environment_variables").asText());

        // local.environment filters the candidates (drops empty values): a for over them and nothing else.
        String expression = HclExpression.interpolation(root.local("environment")).orElseThrow();
        JsonNode tree = HclExpression.ast(expression);
        assertEquals("for", tree.path("type").asText(), expression);
        assertEquals("local.environment_candidates", tree.at("/meta/collectionExpression").asText(), expression);
        assertEquals("name", tree.at("/meta/keyExpression").asText(), "keys are the candidates' names: " + expression);
    }

    @Test
    void functionGetsTheRootsJvmOptions() {
        assertEquals("${var.lambda_java_tool_options}", root.moduleCall("lambda").path("java_tool_options").asText());
        assertEquals(false, root.variable("lambda_java_tool_options").path("nullable").asBoolean(true),
                "a null would reach the function as JAVA_TOOL_OPTIONS = null");
        assertEquals(false, Terraform.module("lambda").variable("java_tool_options").path("nullable").asBoolean(true));
        assertEquals("", Terraform.module("lambda").variableDefault("java_tool_options").asText(),
                "the module sets no JVM option of its own");
        String deployed = root.variableDefault("lambda_java_tool_options").asText();
        assertTrue(deployed.matches("-Xms[0-9]+m"), "the documented default is one initial heap size: " + deployed);
        int initialMb = Integer.parseInt(deployed.substring(4, deployed.length() - 1));
        // The runtime sets the heap limit to 85 % of the function's memory; the initial size must fit the smallest.
        assertTrue(initialMb < 0.85 * 128, deployed + " would exceed the heap limit of a 128 MB function");
    }

    @Test
    void coldStartModelRunsTheDeployedJvmOptions() throws Exception {
        String deployed = root.variableDefault("lambda_java_tool_options").asText();
        String runScript = Files.readString(Repository.root().resolve("benchmarks/run.sh"));
        Matcher line = Pattern.compile("(?m)^DEPLOYED_JAVA_TOOL_OPTIONS=\"([^\"]*)\"").matcher(runScript);
        assertTrue(line.find(), "benchmarks/run.sh sets no DEPLOYED_JAVA_TOOL_OPTIONS for its deployed-configuration runs");
        assertEquals(deployed, line.group(1),
                "benchmarks/run.sh's DEPLOYED_JAVA_TOOL_OPTIONS vs lambda_java_tool_options's default in deploy/terraform/variables.tf");
        // Both of lambda_coldstart's runs (with Lambda's memory, and without when no memory cgroup can be made).
        Matcher runs = Pattern.compile("(?m)^\\s*EDDY_JAVA_TOOL_OPTIONS=\"\\$DEPLOYED_JAVA_TOOL_OPTIONS\" bash coldstart\\.sh ").matcher(runScript);
        int passed = 0;
        while (runs.find()) {
            passed++;
        }
        assertEquals(2, passed, "coldstart.sh runs of run.sh's lambda_coldstart given EDDY_JAVA_TOOL_OPTIONS");
    }
}
