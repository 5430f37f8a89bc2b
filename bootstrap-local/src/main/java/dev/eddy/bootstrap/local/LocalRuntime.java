package dev.eddy.bootstrap.local;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;

import dev.eddy.adapters.aws.sns.SnsClients;
import dev.eddy.adapters.aws.sns.SnsNotificationPublisher;
import dev.eddy.adapters.aws.sns.SnsPublishBatchClient;
import dev.eddy.adapters.aws.tables.EddyTables;
import dev.eddy.application.pipeline.Channel;
import dev.eddy.application.port.out.NotificationPublisher;
import dev.eddy.bootstrap.lambda.Configuration;
import dev.eddy.bootstrap.lambda.LocalWiring;
import dev.eddy.bootstrap.lambda.Setting;
import dev.eddy.bootstrap.lambda.StreamHandler;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * Eddy on one machine: the local DynamoDB (dynalite behind the streams-and-TTL front) with Eddy's tables, the
 * real {@link StreamHandler} wired by the same composition root as in Lambda, and the event source mapping
 * emulator invoking it. Notifications go to a {@link LocalNotificationPublisher}, or, with
 * {@code AWS_ENDPOINT_URL_SNS} set, to that SNS endpoint through the real SNS adapter.
 */
final class LocalRuntime implements AutoCloseable {

    /** Environment variable of the SDK naming an SNS endpoint; when set, notifications go there. */
    static final String SNS_ENDPOINT_ENV = "AWS_ENDPOINT_URL_SNS";

    /** How the runtime is started. */
    static final class Options {
        String sourceTable = EddyTables.SOURCE_TABLE;
        int port = 0;
        Duration ttlSweepInterval = Duration.ofSeconds(10);
        Path outDir = Path.of("eddy-local-out");
        Optional<URI> snsEndpoint = Optional.empty();
        Map<Channel, Boolean> printed = new EnumMap<>(Channel.class);
        EventSourceMappingSettings mapping = EventSourceMappingSettings.defaults();
        boolean withStreamAndMapping = true;
    }

    private final LocalDynamo dynamo;
    private final LocalNotificationPublisher publisher;
    private final RequestHandler<DynamodbEvent, StreamsEventResponse> handler;
    private volatile LocalEventSourceMapping mapping;
    private final PrintStream functionLog;
    private final Map<String, String> environment;
    private final Map<String, String> kindOfSequence = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> kinds = new ConcurrentHashMap<>();
    private final SnsPublishBatchClient sns;
    private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
    private volatile long lastInvocationEndNanos = System.nanoTime();

    private LocalRuntime(LocalDynamo dynamo, LocalNotificationPublisher publisher, StreamHandler streamHandler,
                         PrintStream functionLog, Map<String, String> environment, SnsPublishBatchClient sns) {
        this.dynamo = dynamo;
        this.publisher = publisher;
        this.handler = counting(streamHandler);
        this.functionLog = functionLog;
        this.environment = environment;
        this.sns = sns;
    }

    /**
     * Starts everything. The local DynamoDB starts when the mapping is wanted or when projections or the ledger need
     * a table; otherwise none (replay of an event without projections).
     *
     * @throws dev.eddy.bootstrap.lambda.ConfigurationException naming every wrong setting
     */
    static LocalRuntime start(Map<String, String> settings, Options options, Consumer<String> console) {
        Map<String, String> env = new LinkedHashMap<>(settings);
        // The function log is a local file, so it keeps the change journal (DEBUG) unless told otherwise;
        // on Lambda the level is the function's application log level, INFO by default.
        env.putIfAbsent(Configuration.AWS_LAMBDA_LOG_LEVEL, "DEBUG");
        boolean needsTables = options.withStreamAndMapping || present(env, Setting.PROJECTIONS)
                || present(env, Setting.LEDGER_TABLE);
        // Fails fast, naming every wrong setting, before anything starts.
        Map<Channel, String> topics = Configuration.from(env).topics();
        PrintStream log = functionLog(options.outDir, console);
        LocalDynamo dynamo = null;
        SnsPublishBatchClient sns = null;
        try {
            if (needsTables) {
                dynamo = LocalDynamo.start(StreamsFront.Settings.defaults().port(options.port)
                        .ttlSweepInterval(options.ttlSweepInterval));
                env.putIfAbsent(Configuration.AWS_REGION, dynamo.region());
                createTables(dynamo, env, options);
            } else {
                env.putIfAbsent(Configuration.AWS_REGION, "us-east-1");
            }
            LocalNotificationPublisher local = new LocalNotificationPublisher(topics,
                    options.outDir.resolve("notifications.jsonl"), console, Clock.systemUTC(), options.printed);
            Function<Map<Channel, String>, NotificationPublisher> factory;
            if (options.snsEndpoint.isPresent()) {
                Region region = Region.of(env.get(Configuration.AWS_REGION));
                URI endpoint = options.snsEndpoint.get();
                sns = SnsClients.create(region, endpoint, LocalDynamo.credentials());
                SnsPublishBatchClient client = sns;
                factory = wanted -> SnsNotificationPublisher.create(client, createTopics(region, endpoint, wanted, console));
            } else {
                // The function's wiring reads the same settings: it asks for exactly these channels.
                factory = wanted -> {
                    if (!wanted.equals(topics)) {
                        throw new IllegalStateException("the function publishes to " + wanted
                                + ", but the local runtime set up " + topics);
                    }
                    return local;
                };
            }
            // The projection and ledger tables have no stream: the handler reaches them without the front's extra hop.
            DynamoDbClient dynamoDb = dynamo != null ? dynamo.dynamoDbWithoutStreams() : unusedDynamoDb(env);
            StreamHandler streamHandler = LocalWiring.handler(env, log, dynamoDb, factory);
            LocalRuntime runtime = new LocalRuntime(dynamo, local, streamHandler, log, env, sns);
            if (!options.withStreamAndMapping) {
                return runtime;
            }
            String streamArn = dynamo.streamArn(options.sourceTable);
            EventSourceMappingSettings mappingSettings =
                    options.mapping.withOnFailureFile(options.outDir.resolve("on-failure.jsonl"));
            runtime.mapping = LocalEventSourceMapping.start(dynamo.streams(), streamArn, dynamo.region(),
                    runtime.handler, mappingSettings,
                    line -> {
                        log.println(mappingLine(line, mappingSettings.functionName(), Clock.systemUTC()));
                        console.accept("[mapping] " + line);
                    });
            return runtime;
        } catch (RuntimeException e) {
            if (dynamo != null) {
                dynamo.close();
            }
            if (sns != null) {
                sns.close();
            }
            log.close();
            throw e;
        }
    }

    private static boolean present(Map<String, String> env, Setting setting) {
        String value = env.get(setting.variable());
        return value != null && !value.isBlank();
    }

    private static void createTables(LocalDynamo dynamo, Map<String, String> env, Options options) {
        dynamo.createTable(EddyTables.sourceTable(options.sourceTable).build(),
                EddyTables.sourceTableTimeToLive(options.sourceTable));
        String projectionTable = env.get(Setting.PROJECTION_TABLE.variable());
        if (projectionTable != null && !projectionTable.isBlank()) {
            dynamo.createTable(EddyTables.projectionTable(projectionTable.trim()).build(), null);
        }
        String ledgerTable = env.get(Setting.LEDGER_TABLE.variable());
        if (ledgerTable != null && !ledgerTable.isBlank()) {
            dynamo.createTable(EddyTables.ledgerTable(ledgerTable.trim()).build(),
                    EddyTables.ledgerTableTimeToLive(ledgerTable.trim()));
        }
    }

    /** A client that is never called: the configuration needs no table. */
    private static DynamoDbClient unusedDynamoDb(Map<String, String> env) {
        return DynamoDbClient.builder().region(Region.of(env.get(Configuration.AWS_REGION)))
                .endpointOverride(URI.create("http://127.0.0.1:9"))
                .credentialsProvider(LocalDynamo.credentials())
                .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
                .build();
    }

    /** Creates (idempotently) each topic by the name in its ARN on the SNS endpoint; returns the endpoint's ARNs. */
    private static Map<Channel, String> createTopics(Region region, URI endpoint, Map<Channel, String> wanted,
                                                     Consumer<String> console) {
        Map<Channel, String> created = new EnumMap<>(Channel.class);
        // The function only publishes; creating topics is the local runtime's own set-up, done with the SDK's client.
        try (SnsClient sns = SnsClient.builder().region(region).endpointOverride(endpoint)
                .credentialsProvider(LocalDynamo.credentials())
                .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
                .build()) {
            wanted.forEach((channel, arn) -> {
                String name = arn.substring(arn.lastIndexOf(':') + 1);
                String topicArn = sns.createTopic(b -> b.name(name)).topicArn();
                console.accept("SNS topic for " + channel + ": " + topicArn);
                created.put(channel, topicArn);
            });
        }
        return created;
    }

    /**
     * The function log: the function's JSON lines go to {@code <out>/function.log}; a {@code record failed} line
     * is also shown on the console, once per record, stage and reason (a record retried six times fails six
     * times the same way), so the cause of a failure does not have to be looked up in the file.
     */
    private static PrintStream functionLog(Path outDir, Consumer<String> console) {
        try {
            Files.createDirectories(outDir);
            FileOutputStream file = new FileOutputStream(outDir.resolve("function.log").toFile(), true);
            return new PrintStream(new FunctionLogStream(file, new RecordFailures(console)), true,
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new LocalRuntimeException("Cannot write the function log in " + outDir + ": " + e.getMessage(), e);
        }
    }

    /**
     * A line of the local event source mapping as a JSON object, so that every line of function.log is one (as
     * Lambda's own platform lines are in a log group of JSON format): {@code timestamp}, {@code level} (every
     * message of the mapping is about something that went wrong: WARN), {@code source} and {@code message}.
     */
    static String mappingLine(String message, String functionName, Clock clock) {
        com.fasterxml.jackson.databind.node.ObjectNode line = Json.MAPPER.createObjectNode();
        line.put("timestamp", clock.instant().toString());
        line.put("level", "WARN");
        line.put("source", MAPPING_SOURCE);
        line.put("functionName", functionName);
        line.put("message", message);
        return Json.text(line);
    }

    /** The {@code source} of the mapping's lines in function.log. */
    static final String MAPPING_SOURCE = "eddy-local event source mapping";

    /**
     * Shows the function's {@code record failed} log lines on the console: sequence number, stage, whether it is
     * retryable, and the reason (the log line's: Eddy's own reasons hold no attribute values; an unexpected
     * exception's message is quoted as it is). Once per record, stage and
     * reason: the mapping's retries of the same failure are not repeated.
     */
    static final class RecordFailures implements Consumer<String> {
        private static final int REMEMBERED = 10_000;
        private final Consumer<String> console;
        private final Set<String> shown = java.util.Collections.newSetFromMap(
                new LinkedHashMap<String, Boolean>() {
                    private static final long serialVersionUID = 1L;

                    @Override
                    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                        return size() > REMEMBERED;
                    }
                });

        RecordFailures(Consumer<String> console) {
            this.console = console;
        }

        @Override
        public void accept(String line) {
            if (!line.contains("\"record failed\"")) {
                return;
            }
            com.fasterxml.jackson.databind.JsonNode json;
            try {
                json = Json.MAPPER.readTree(line);
            } catch (IOException e) {
                return;
            }
            if (json == null || !"record failed".equals(json.path("message").asText())) {
                return;
            }
            String sequence = json.path("sequenceNumber").asText("?");
            String stage = json.path("stage").asText("?");
            String reason = json.path("reason").asText("");
            boolean fresh;
            synchronized (shown) {
                fresh = shown.add(sequence + "\n" + stage + "\n" + reason);
            }
            if (fresh) {
                console.accept("[function] record " + sequence + " failed at stage " + stage
                        + (json.path("retryable").asBoolean(false) ? " (retryable)" : " (permanent)") + ": "
                        + (reason.length() > 500 ? reason.substring(0, 497) + "..." : reason));
            }
        }
    }

    /** Passes bytes to the file and each complete line (UTF-8) to {@code lines}. */
    private static final class FunctionLogStream extends java.io.FilterOutputStream {
        private final Consumer<String> lines;
        private final java.io.ByteArrayOutputStream current = new java.io.ByteArrayOutputStream();

        FunctionLogStream(java.io.OutputStream out, Consumer<String> lines) {
            super(out);
            this.lines = lines;
        }

        @Override
        public synchronized void write(int b) throws IOException {
            out.write(b);
            take(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            for (int i = off; i < off + len; i++) {
                take(b[i]);
            }
        }

        private void take(int b) {
            if (b == '\n') {
                String line = current.toString(StandardCharsets.UTF_8);
                current.reset();
                try {
                    lines.accept(line);
                } catch (RuntimeException e) {
                    // the console line is a convenience: the file has the line whatever happens here
                }
            } else {
                current.write(b);
            }
        }
    }

    /** Counts the records the handler finished, once each, by change kind. */
    private RequestHandler<DynamodbEvent, StreamsEventResponse> counting(StreamHandler inner) {
        return (DynamodbEvent event, Context context) -> {
            StreamsEventResponse response;
            inFlight.incrementAndGet();
            try {
                response = inner.handleRequest(event, context);
            } finally {
                lastInvocationEndNanos = System.nanoTime();
                inFlight.decrementAndGet();
            }
            Set<String> failed = new java.util.HashSet<>();
            if (response.getBatchItemFailures() != null) {
                response.getBatchItemFailures().forEach(f -> failed.add(f.getItemIdentifier()));
            }
            for (DynamodbEvent.DynamodbStreamRecord record : event.getRecords()) {
                String sequence = record.getDynamodb().getSequenceNumber();
                if (failed.contains(sequence)) {
                    break; // this record and the ones after it come again
                }
                String kind = kindOf(record);
                if (kindOfSequence.putIfAbsent(sequence, kind) == null) {
                    kinds.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
                }
            }
            return response;
        };
    }

    static String kindOf(DynamodbEvent.DynamodbStreamRecord record) {
        switch (record.getEventName()) {
            case "INSERT":
                return "CREATED";
            case "MODIFY":
                return "UPDATED";
            default:
                boolean service = record.getUserIdentity() != null
                        && "Service".equals(record.getUserIdentity().getType())
                        && "dynamodb.amazonaws.com".equals(record.getUserIdentity().getPrincipalId());
                return service ? "EXPIRED" : "DELETED";
        }
    }

    /** Records the handler finished, by change kind (CREATED, UPDATED, DELETED, EXPIRED). */
    Map<String, Long> recordsByKind() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String kind : List.of("CREATED", "UPDATED", "DELETED", "EXPIRED")) {
            AtomicLong count = kinds.get(kind);
            counts.put(kind, count == null ? 0 : count.get());
        }
        return counts;
    }

    /**
     * Waits until the handler has been idle (no invocation running or started) for {@code quiet}, which, with the
     * mapping polling every 250 ms, means the stream is read to its end; at most {@code limit}.
     * Returns whether it became idle.
     */
    boolean awaitIdle(Duration quiet, Duration limit) throws InterruptedException {
        long giveUp = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < giveUp) {
            if (inFlight.get() == 0 && System.nanoTime() - lastInvocationEndNanos >= quiet.toNanos()) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    RequestHandler<DynamodbEvent, StreamsEventResponse> handler() {
        return handler;
    }

    LocalNotificationPublisher publisher() {
        return publisher;
    }

    /** Whether notifications go to an SNS endpoint (AWS_ENDPOINT_URL_SNS), not to the console and file. */
    boolean publishesToSns() {
        return sns != null;
    }

    Optional<LocalDynamo> dynamo() {
        return Optional.ofNullable(dynamo);
    }

    Optional<LocalEventSourceMapping> mapping() {
        return Optional.ofNullable(mapping);
    }

    Map<String, String> environment() {
        return environment;
    }

    @Override
    public void close() {
        if (mapping != null) {
            mapping.close();
        }
        if (dynamo != null) {
            dynamo.close();
        }
        if (sns != null) {
            sns.close();
        }
        functionLog.close();
    }
}
