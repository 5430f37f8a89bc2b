package dev.eddy.bootstrap.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eddy.testsupport.sns.LoopbackSnsServer;
import java.io.IOException;
import java.io.InputStream;
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
import org.junit.jupiter.api.io.TempDir;

/** Checks the deployable artifact itself, after packaging: what it must not hold, and that it runs. */
class ShadedJarIT {
    private static final long MAX_BYTES = 14L * 1024 * 1024;
    private static final List<String> FORBIDDEN = List.of("io/netty/", "org/apache/http/", "org/apache/hc/",
            "org/junit/", "dev/eddy/testsupport/", "org/joda/", "software/amazon/awssdk/http/apache",
            "software/amazon/awssdk/http/nio/netty/", "com/amazonaws/services/lambda/runtime/serialization/");

    private static final String TOPIC = "arn:aws:sns:us-east-1:123456789012:eddy-alerts";
    private static final String RULES = "[{\"name\":\"hot\",\"severity\":\"WARNING\",\"message\":\"{keys.id} reads {new.temperature}\","
            + "\"pattern\":{\"new\":{\"temperature\":[{\"numeric\":[\">\",50]}]}}},"
            + "{\"name\":\"expired\",\"severity\":\"INFO\",\"message\":\"{keys.id} expired\",\"pattern\":{\"kind\":[\"EXPIRED\"]}}]";

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
    void replaysTheSampleEventFromTheJarAlone(@TempDir Path work) throws Exception {
        assertReplaysTheSample(List.of("-cp", jar().toString(), ReplayMain.class.getName()), work.resolve("out.txt"));
    }

    /**
     * Lambda does not run the artifact as a jar: it unpacks it into the task root, /var/task, and the
     * runtime reads the classes from there through a class loader of its own, with the runtime's class
     * path as parent and as the handler thread's context class loader. A resource or service found only
     * in a jar, or a class left only under META-INF/versions (which a directory does not serve), would
     * work in the test above and fail there. benchmarks/floors/TaskRoot.java builds that loader (cold-start
     * runs use it too); it runs here as a source file, with nothing else on the class path, so the parent
     * lacks the runtime's own jars (aws-lambda-java-core and the serialization library), which Lambda
     * would put there and which would be found first.
     */
    @Test
    void replaysTheSampleEventUnpackedAsLambdaLoadsIt(@TempDir Path work) throws Exception {
        Path taskRoot = Files.createDirectory(work.resolve("task"));
        int files = unpack(jar(), taskRoot);
        assertTrue(files > 1000, "unpacked only " + files + " files");
        Path launcher = Path.of(System.getProperty("eddy.taskroot.launcher", "../benchmarks/floors/TaskRoot.java"));
        assertTrue(Files.isRegularFile(launcher), "no launcher at " + launcher.toAbsolutePath());
        assertReplaysTheSample(List.of("-cp", Files.createDirectory(work.resolve("empty")).toString(),
                launcher.toString(), taskRoot.toString(), ReplayMain.class.getName()), work.resolve("out.txt"));
    }

    /** Writes every file of the jar under {@code root}, as Lambda unpacks a deployment package. */
    private static int unpack(Path jar, Path root) throws IOException {
        int files = 0;
        try (JarFile archive = new JarFile(jar.toFile())) {
            for (JarEntry entry : Collections.list(archive.entries())) {
                Path target = root.resolve(entry.getName()).normalize();
                assertTrue(target.startsWith(root), "an entry outside the task root: " + entry.getName());
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                    continue;
                }
                Files.createDirectories(target.getParent());
                try (InputStream in = archive.getInputStream(entry)) {
                    Files.copy(in, target);
                }
                files++;
            }
        }
        return files;
    }

    /**
     * Runs {@code java <start> <sample>} as an on-demand Lambda start, with the function's settings
     * cleared but two alert rules and a topic on a loopback SNS, and checks the replay: the init warm-up
     * (the synthetic batch, read from the artifact's resources, through the rules and the SDK's signer
     * over an in-memory HTTP client; then the SNS connection's empty batch) completes without a warning,
     * every change is processed, and the two alerts are published.
     */
    private static void assertReplaysTheSample(List<String> start, Path output) throws Exception {
        Path sample = Path.of(System.getProperty("eddy.samples.dir", "../docs/samples"), "iot-batch.json");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(start);
        command.add(sample.toString());
        try (LoopbackSnsServer sns = LoopbackSnsServer.start()) {
            ProcessBuilder builder = new ProcessBuilder(command);
            Map<String, String> environment = builder.environment();
            for (Setting setting : Setting.values()) {
                environment.remove(setting.variable());
            }
            environment.keySet().removeIf(name -> name.startsWith("AWS_"));
            environment.put(Configuration.AWS_LAMBDA_FUNCTION_NAME, "eddy-replay");
            environment.put(Configuration.AWS_LAMBDA_LOG_LEVEL, "DEBUG");   // the change journal's lines are DEBUG
            environment.put(StreamHandler.INITIALIZATION_TYPE, "on-demand");
            environment.put("ALERT_RULES", RULES);
            environment.put("ALERT_TOPIC_ARN", TOPIC);
            environment.put("AWS_ENDPOINT_URL_SNS", sns.endpoint().toString());
            environment.put("AWS_REGION", "us-east-1");
            environment.put("AWS_ACCESS_KEY_ID", "AKIDSHADEDJARIT");
            environment.put("AWS_SECRET_ACCESS_KEY", "shaded-jar-it");
            environment.put("AWS_EC2_METADATA_DISABLED", "true");
            builder.redirectError(ProcessBuilder.Redirect.INHERIT);
            builder.redirectOutput(output.toFile());   // a file: a replay that hangs cannot hang the build
            Process process = builder.start();
            try {
                assertTrue(process.waitFor(60, TimeUnit.SECONDS), "replay did not finish");
            } finally {
                process.destroyForcibly();
            }
            String out = Files.readString(output, StandardCharsets.UTF_8);

            assertEquals(0, process.exitValue(), out);
            String[] lines = out.strip().split("\n");
            assertEquals("{\"batchItemFailures\":[]}", lines[lines.length - 1]);
            ObjectMapper json = new ObjectMapper();
            int changes = 0;
            List<String> problems = new ArrayList<>();
            for (String line : lines) {
                JsonNode node = json.readTree(line);
                if ("change".equals(node.path("message").asText())) {
                    changes++;
                }
                if (List.of("WARN", "ERROR", "FATAL").contains(node.path("level").asText())) {
                    problems.add(line);
                }
            }
            assertEquals(List.of(), problems, "the start or the batch reported a problem");
            assertEquals(5, changes, out);
            assertTrue(out.contains("\"FunctionName\":\"eddy-replay\""), out);
            List<String> alerts = sns.published().stream().map(LoopbackSnsServer.Entry::message).toList();
            assertEquals(2, alerts.size(), alerts.toString());
            assertTrue(alerts.stream().anyMatch(message -> message.contains("sensor-42 reads 78.4")), alerts.toString());
            assertTrue(sns.requests("PublishBatch").stream().allMatch(request -> TOPIC.equals(request.topicArn())));
            assertTrue(sns.requests("PublishBatch").stream().anyMatch(request -> request.entries().isEmpty()),
                    "no connection warm-up: " + sns.requests());
        }
    }
}
