package dev.eddy.bootstrap.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/** Checks the deployable artifact itself, after packaging: what it must not hold, and that it runs. */
class ShadedJarIT {
    private static final long MAX_BYTES = 14L * 1024 * 1024;
    private static final List<String> FORBIDDEN = List.of("io/netty/", "org/apache/http/", "org/apache/hc/",
            "org/junit/", "dev/eddy/testsupport/", "org/joda/", "software/amazon/awssdk/http/apache",
            "software/amazon/awssdk/http/nio/netty/", "com/amazonaws/services/lambda/runtime/serialization/");

    private static Path jar() {
        Path jar = Path.of(System.getProperty("eddy.lambda.jar", "target/eddy-lambda.jar"));
        assertTrue(Files.isRegularFile(jar), "no shaded jar at " + jar.toAbsolutePath());
        return jar;
    }

    private static List<String> entries() throws IOException {
        try (JarFile jar = new JarFile(jar().toFile())) {
            List<String> names = new ArrayList<>();
            for (JarEntry entry : Collections.list(jar.entries())) {
                names.add(entry.getName());
            }
            return names;
        }
    }

    @Test
    void holdsNoTestCodeNoNettyNoApacheClientAndNoSignatures() throws IOException {
        List<String> offending = new ArrayList<>();
        for (String name : entries()) {
            boolean forbidden = FORBIDDEN.stream().anyMatch(name::startsWith)
                    || name.endsWith("module-info.class")
                    || name.matches("META-INF/[^/]+\\.(SF|RSA|DSA|EC)");
            if (forbidden) {
                offending.add(name);
            }
        }
        assertEquals(List.of(), offending);
    }

    @Test
    void holdsTheHandlerAndTheUrlConnectionClient() throws IOException {
        List<String> names = entries();
        assertTrue(names.contains("dev/eddy/bootstrap/lambda/StreamHandler.class"));
        assertTrue(names.contains("software/amazon/awssdk/http/urlconnection/UrlConnectionHttpClient.class"));
        try (JarFile jar = new JarFile(jar().toFile())) {
            JarEntry services = jar.getJarEntry("META-INF/services/software.amazon.awssdk.http.SdkHttpService");
            String text = new String(jar.getInputStream(services).readAllBytes(), StandardCharsets.UTF_8);
            List<String> providers = text.lines().map(String::trim)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
            assertEquals(List.of("software.amazon.awssdk.http.urlconnection.UrlConnectionSdkHttpService"), providers,
                    "the URL connection client is the only HTTP client");
        }
    }

    @Test
    void staysSmall() throws IOException {
        long size = Files.size(jar());
        assertTrue(size < MAX_BYTES, "eddy-lambda.jar is " + size + " bytes, over the budget of " + MAX_BYTES);
    }

    @Test
    void replaysTheSampleEventFromTheJarAlone() throws Exception {
        Path sample = Path.of(System.getProperty("eddy.samples.dir", "../docs/samples"), "iot-batch.json");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", jar().toString(), ReplayMain.class.getName(), sample.toString());
        Map<String, String> environment = builder.environment();
        for (Setting setting : Setting.values()) {
            environment.remove(setting.variable());
        }
        environment.put(Configuration.AWS_LAMBDA_FUNCTION_NAME, "eddy-replay");
        environment.put(Configuration.AWS_LAMBDA_LOG_LEVEL, "DEBUG");   // the change journal's lines are DEBUG
        builder.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "replay did not finish");

        assertEquals(0, process.exitValue(), out);
        String[] lines = out.strip().split("\n");
        assertEquals("{\"batchItemFailures\":[]}", lines[lines.length - 1]);
        ObjectMapper json = new ObjectMapper();
        int changes = 0;
        for (String line : lines) {
            JsonNode node = json.readTree(line);
            if ("change".equals(node.path("message").asText())) {
                changes++;
            }
        }
        assertEquals(5, changes, out);
        assertTrue(out.contains("\"FunctionName\":\"eddy-replay\""), out);
    }
}
