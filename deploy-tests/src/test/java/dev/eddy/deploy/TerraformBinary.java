package dev.eddy.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A {@code terraform} binary on the PATH, for the checks that need no provider or registry
 * ({@code fmt}, {@code console} over a configuration without providers). Where there is none, the
 * tests that use it are skipped.
 */
final class TerraformBinary {
    private static final long TIMEOUT_SECONDS = 60;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    record Result(int exitCode, String stdout, String stderr) {
    }

    private TerraformBinary() {
    }

    static Optional<Path> find() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "terraform");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * The value of {@code jsonencode(value)} as {@code terraform console} evaluates it in {@code dir} with
     * these further arguments (e.g. {@code -var}), read back as JSON. Fails when the console does.
     */
    static JsonNode consoleJson(Path binary, Path dir, String value, List<String> arguments)
            throws IOException, InterruptedException {
        String expression = "jsonencode(" + value + ")";
        List<String> command = new ArrayList<>(List.of("console"));
        command.addAll(arguments);
        Result result = run(binary, dir, expression + "\n", command);
        String printed = result.stdout().trim();
        assertEquals(0, result.exitCode(), () -> "terraform console failed for " + expression + ":\n" + printed
                + "\n" + result.stderr());
        // console prints the string jsonencode returns as an HCL string literal, whose escapes are JSON's here.
        assertTrue(printed.startsWith("\"") && printed.endsWith("\""), printed);
        return MAPPER.readTree(MAPPER.readTree(printed).asText());
    }

    /**
     * Whether the root module's validations of {@code variable} (all of them) admit {@code value}, as Terraform
     * evaluates them ({@code terraform console} in {@code scratch}, with the variable declared as in the root).
     */
    static boolean rootValidationAdmits(Path binary, Path scratch, String variable, JsonNode value) throws Exception {
        List<String> conditions = new ArrayList<>();
        for (JsonNode validation : Terraform.blocks(Terraform.root().variable(variable), "validation")) {
            conditions.add("(" + HclExpression.inside(validation.path("condition")) + ")");
        }
        if (conditions.isEmpty()) {
            throw new AssertionError("variable " + variable + " has no validation");
        }
        return withRootVariable(binary, scratch, variable, value, String.join(" && ", conditions)).asBoolean();
    }

    /**
     * {@code expression} as Terraform evaluates it ({@code terraform console} in {@code scratch}) with the root's
     * {@code variable} declared as in the root and set to {@code value}. The console reads one line at a time, so
     * the expression's line breaks (within brackets) become spaces.
     */
    static JsonNode withRootVariable(Path binary, Path scratch, String variable, JsonNode value, String expression)
            throws Exception {
        Files.writeString(scratch.resolve("main.tf"), Terraform.root().variableDeclaration(variable), StandardCharsets.UTF_8);
        Files.writeString(scratch.resolve("values.tfvars.json"),
                MAPPER.writeValueAsString(MAPPER.createObjectNode().set(variable, value)), StandardCharsets.UTF_8);
        return consoleJson(binary, scratch, expression.replaceAll("\\s*\\n\\s*", " "), List.of("-var-file=values.tfvars.json"));
    }

    /** {@code terraform init} in {@code dir} (a scratch root with no provider), which must succeed. */
    static void init(Path binary, Path dir) throws IOException, InterruptedException {
        Result result = run(binary, dir, "", List.of("init", "-input=false", "-no-color"));
        assertEquals(0, result.exitCode(), () -> result.stdout() + result.stderr());
    }

    /**
     * The output of {@code terraform plan} in {@code dir} (already initialised) with these variable values (JSON),
     * with every run of white space as one space (Terraform wraps a message at 78 columns); fails unless the plan
     * itself succeeds, a check block's warning or not.
     */
    static String planOutput(Path binary, Path dir, String valuesJson) throws IOException, InterruptedException {
        Files.writeString(dir.resolve("values.tfvars.json"), valuesJson, StandardCharsets.UTF_8);
        Result result = run(binary, dir, "", List.of("plan", "-input=false", "-no-color", "-refresh=false",
                "-var-file=values.tfvars.json"));
        assertEquals(0, result.exitCode(), () -> result.stdout() + result.stderr());
        return (result.stdout() + result.stderr()).replaceAll("\\s+", " ");
    }

    /**
     * Runs {@code terraform arguments...} in {@code dir} with {@code stdin} as its input, without a CLI
     * configuration or the version check (which would call HashiCorp).
     */
    static Result run(Path binary, Path dir, String stdin, List<String> arguments) throws IOException, InterruptedException {
        Path io = Files.createTempDirectory("eddy-terraform");
        try {
            Path in = Files.writeString(io.resolve("stdin"), stdin, StandardCharsets.UTF_8);
            Path out = io.resolve("stdout");
            Path err = io.resolve("stderr");
            List<String> command = new ArrayList<>();
            command.add(binary.toString());
            command.addAll(arguments);
            ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectInput(in.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().put("CHECKPOINT_DISABLE", "1");
            builder.environment().put("TF_IN_AUTOMATION", "1");
            builder.environment().put("TF_CLI_CONFIG_FILE", "/dev/null");
            Process process = builder.start();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within " + TIMEOUT_SECONDS + " s");
            }
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            try (var files = Files.list(io)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    Files.deleteIfExists(file);
                }
            }
            Files.deleteIfExists(io);
        }
    }
}
