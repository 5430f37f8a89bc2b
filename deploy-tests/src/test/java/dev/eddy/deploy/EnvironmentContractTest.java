package dev.eddy.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eddy.bootstrap.lambda.Setting;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The environment Terraform gives the function is exactly what the code reads ({@link Setting}). */
class EnvironmentContractTest {
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

    @Test
    void functionEnvironmentComesOnlyFromTheCandidates() {
        JsonNode function = Terraform.module("lambda").resource("aws_lambda_function", "this");
        assertEquals("${var.environment_variables}", Terraform.oneBlock(function, "environment").path("variables").asText());
        assertEquals("${local.environment}", root.moduleCall("lambda").path("environment_variables").asText());

        // local.environment filters the candidates (drops empty values): a for over them and nothing else.
        String expression = HclExpression.interpolation(root.local("environment")).orElseThrow();
        JsonNode tree = HclExpression.ast(expression);
        assertEquals("for", tree.path("type").asText(), expression);
        assertEquals("local.environment_candidates", tree.at("/meta/collectionExpression").asText(), expression);
        assertEquals("name", tree.at("/meta/keyExpression").asText(), "keys are the candidates' names: " + expression);
    }
}
