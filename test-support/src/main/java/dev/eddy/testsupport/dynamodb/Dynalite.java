package dev.eddy.testsupport.dynamodb;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/**
 * An in-memory DynamoDB for tests: dynalite 4.0.0 (npm, Apache-2.0), run by Node from the repo
 * root's {@code node_modules} on 127.0.0.1 and a free port. Tables become ACTIVE at once.
 *
 * <p>The process stops on {@link #close()}, and at the latest when the JVM exits (shutdown hook).
 * dynalite has no Streams and no TTL sweep.
 *
 * <pre>{@code
 * try (Dynalite dynalite = Dynalite.start()) {
 *     dynalite.createTable("Projections", "pk", "sk");
 *     DynamoDbClient client = dynalite.client();
 * }
 * }</pre>
 */
public final class Dynalite implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final String READY = "Dynalite listening at:";

    private final Process process;
    private final URI endpoint;
    private final Thread shutdownHook;
    private final List<DynamoDbClient> clients = new ArrayList<>();
    private DynamoDbClient client;

    private Dynalite(Process process, URI endpoint, Thread shutdownHook) {
        this.process = process;
        this.endpoint = endpoint;
        this.shutdownHook = shutdownHook;
    }

    /** Starts dynalite and waits until it listens. */
    public static Dynalite start() {
        Path cli = repoRoot().resolve("node_modules/dynalite/cli.js");
        if (!Files.isRegularFile(cli)) {
            throw new IllegalStateException("dynalite is not installed (" + cli + " is missing): run `npm ci` at the repo root");
        }
        IllegalStateException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                return launch(cli, freePort());
            } catch (IllegalStateException e) {
                last = e; // most likely someone took the port between probe and bind: try another one
            }
        }
        throw last;
    }

    private static Dynalite launch(Path cli, int port) {
        ProcessBuilder builder = new ProcessBuilder("node", cli.toString(), "--host", "127.0.0.1", "--port",
                Integer.toString(port), "--createTableMs", "0", "--deleteTableMs", "0", "--updateTableMs", "0")
                .redirectErrorStream(true);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run node (is Node.js on the PATH?): " + e.getMessage(), e);
        }
        Thread hook = new Thread(process::destroyForcibly, "dynalite-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        Deque<String> output = new ArrayDeque<>();
        CountDownLatch ready = new CountDownLatch(1);
        Thread reader = new Thread(() -> drain(process.getInputStream(), output, ready), "dynalite-output");
        reader.setDaemon(true);
        reader.start();
        try {
            boolean listening = ready.await(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) && process.isAlive();
            if (!listening) {
                stop(process, hook);
                synchronized (output) {
                    throw new IllegalStateException("dynalite did not start on port " + port + " within "
                            + START_TIMEOUT + "; its output: " + String.join(" | ", output));
                }
            }
        } catch (InterruptedException e) {
            stop(process, hook);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting dynalite", e);
        }
        return new Dynalite(process, URI.create("http://127.0.0.1:" + port), hook);
    }

    private static void drain(InputStream in, Deque<String> output, CountDownLatch ready) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                synchronized (output) {
                    output.add(line);
                    if (output.size() > 20) {
                        output.removeFirst();
                    }
                }
                if (line.startsWith(READY)) {
                    ready.countDown();
                }
            }
        } catch (IOException e) {
            // the process ended; whoever waits sees it is not alive
        }
    }

    /** Where it listens, for {@code endpointOverride} or {@code AWS_ENDPOINT_URL_DYNAMODB}. */
    public URI endpoint() {
        return endpoint;
    }

    /** A client for this instance, shared; closed with it. */
    public synchronized DynamoDbClient client() {
        if (client == null) {
            client = newClient(b -> { });
        }
        return client;
    }

    /**
     * A new client for this instance, configured further by {@code customizer} (for example with
     * override configuration); closed with it.
     */
    public synchronized DynamoDbClient newClient(java.util.function.Consumer<DynamoDbClientBuilder> customizer) {
        DynamoDbClientBuilder builder = configure(DynamoDbClient.builder(), endpoint);
        customizer.accept(builder);
        DynamoDbClient created = builder.build();
        clients.add(created);
        return created;
    }

    /** Points a builder at an endpoint with the settings tests use: us-east-1, fake static credentials, URL connection client. */
    public static DynamoDbClientBuilder configure(DynamoDbClientBuilder builder, URI endpoint) {
        return builder.endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .apiCallTimeout(Duration.ofSeconds(10)).build());
    }

    /** Creates an on-demand table with a string partition key and, if given, a string sort key, and waits until ACTIVE. */
    public void createTable(String name, String partitionKey, String sortKey) {
        CreateTableRequest.Builder request = CreateTableRequest.builder().tableName(name)
                .billingMode(BillingMode.PAY_PER_REQUEST);
        List<KeySchemaElement> keys = new ArrayList<>();
        List<AttributeDefinition> definitions = new ArrayList<>();
        keys.add(KeySchemaElement.builder().attributeName(partitionKey).keyType(KeyType.HASH).build());
        definitions.add(AttributeDefinition.builder().attributeName(partitionKey).attributeType(ScalarAttributeType.S).build());
        if (sortKey != null) {
            keys.add(KeySchemaElement.builder().attributeName(sortKey).keyType(KeyType.RANGE).build());
            definitions.add(AttributeDefinition.builder().attributeName(sortKey).attributeType(ScalarAttributeType.S).build());
        }
        createTable(request.keySchema(keys).attributeDefinitions(definitions).build());
    }

    /** Creates a table and waits until it is ACTIVE. */
    public void createTable(CreateTableRequest request) {
        DynamoDbClient c = client();
        c.createTable(request);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (c.describeTable(r -> r.tableName(request.tableName())).table().tableStatus() != TableStatus.ACTIVE) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("table " + request.tableName() + " did not become ACTIVE");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for table " + request.tableName(), e);
            }
        }
    }

    @Override
    public synchronized void close() {
        clients.forEach(DynamoDbClient::close);
        clients.clear();
        client = null;
        stop(process, shutdownHook);
    }

    private static void stop(Process process, Thread hook) {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down; the hook runs anyway
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1", e);
        }
    }

    /** The directory holding package.json and mvnw, found by walking up from the working directory. */
    static Path repoRoot() {
        Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("package.json")) && Files.isRegularFile(dir.resolve("mvnw"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no repo root (a directory with package.json and mvnw) above " + start
                + ": run the tests from inside the repository, after `npm ci` at the repo root");
    }
}
