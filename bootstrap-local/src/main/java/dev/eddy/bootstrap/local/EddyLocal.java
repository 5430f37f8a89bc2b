package dev.eddy.bootstrap.local;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.eddy.adapters.aws.stream.DynamodbEventMapper;
import dev.eddy.adapters.aws.tables.EddyTables;
import dev.eddy.application.StreamRecord;
import dev.eddy.application.changeevent.ChangeDocuments;
import dev.eddy.application.pipeline.Channel;
import dev.eddy.bootstrap.lambda.Configuration;
import dev.eddy.bootstrap.lambda.ConfigurationException;
import dev.eddy.bootstrap.lambda.Setting;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * The local runtime's command line: {@code java -jar bootstrap-local/target/eddy-local.jar <command>}.
 * A development tool that runs Eddy's data flow on one machine with no AWS account.
 *
 * <p>Exit codes: 0 done; 1 a runtime failure (a part would not start, a record failed in replay); 2 bad usage
 * (an unknown command or flag, a bad or missing config or event file, a wrong setting).
 */
public final class EddyLocal {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    private static final String NOT_DYNAMODB_LOCAL = "The local DynamoDB is dynalite (npm, Apache-2.0) behind Eddy's"
            + " own front that adds DynamoDB Streams and TTL, not Amazon's DynamoDB Local, whose licence this workplace"
            + " does not allow.";

    private static final String USAGE_TEXT = String.join("\n",
            "Usage: java -jar eddy-local.jar <command> [options]",
            "",
            "Runs Eddy on this machine with no AWS account: a local DynamoDB table with a stream and time to live, an",
            "event source mapping emulator that polls the stream like Lambda, and the same handler class Lambda runs.",
            NOT_DYNAMODB_LOCAL,
            "A development tool; needs Node 20+ and `npm ci` run at the repository root (or EDDY_NODE_MODULES",
            "pointing at the node_modules folder that holds dynalite).",
            "",
            "Commands:",
            "  demo            An IoT scenario for about 20 s (or until Ctrl-C): sensors write readings, alerts fire.",
            "  run             Start the table and the handler with your rules and projections; write items to the",
            "                  printed endpoint and watch the effects until Ctrl-C.",
            "  replay FILE     Feed a saved Lambda DynamoDB event through the handler; print the changes, the",
            "                  notifications and the batch response.",
            "  streams-check   Write 3 items and print the 3 stream events the handler receives, then exit.",
            "  failed-records FILE",
            "                  Read back from a stream (on AWS, or any endpoint) the records an on-failure record",
            "                  names, and write them as the Lambda event: to inspect them or send them through the",
            "                  function again.",
            "",
            "Options:",
            "  --help, -h      Show this help; `<command> --help` shows a command's options.",
            "",
            "Notifications (alerts, change events, dead letters) are printed and appended as JSON lines to",
            "<out>/notifications.jsonl. With AWS_ENDPOINT_URL_SNS set they are published through the real SNS adapter",
            "to that endpoint instead (for example fauxqs on 127.0.0.1).");

    private static final String SETTINGS_HELP = String.join("\n",
            "Settings: --config FILE, a JSON object with the Lambda environment variables as keys, for example",
            "  {\"ALERT_RULES\": [...], \"ALERT_TOPIC_ARN\": \"arn:aws:sns:us-east-1:000000000000:alerts\",",
            "   \"PROJECTIONS\": [...], \"PROJECTION_TABLE\": \"EddyProjections\"}",
            "  (values may be JSON or strings; see bootstrap-local/examples/iot.json). Without --config, the Lambda",
            "  environment variables of this process (" + String.join(", ", LocalConfig.names()) + ");",
            "  if none is set, the demo's built-in configuration; a variable that looks like a misspelt setting",
            "  (alert_rules, EDDY_ALERT_RULES; ALERT_RULE when no setting is set) stops the command instead (exit 2).",
            "  Topic ARNs are only names locally.");

    private static final String DEMO_USAGE = String.join("\n",
            "Usage: java -jar eddy-local.jar demo [--seconds N] [--out DIR]",
            "",
            "Starts the local table (RealTimeDataTable with stream and TTL), the projection and ledger tables, and the",
            "real handler with five alert rules (hot, crossed-80, failed, expired, sensor-deleted), two projections",
            "(latest-reading, hourly-temperature), the delivery ledger, change events and dead letters. " + Demo.SENSORS,
            "simulated sensors write a reading a second each, some above 80, some updated, some deleted, a quarter",
            "with a TTL a few seconds ahead. The TTL sweep runs every 2 s in the demo (DynamoDB: about every 10 s,",
            "20 items per table). Shows alerts as they fire, counts by change kind, then a summary with the",
            "write-to-alert latency (p50/p99).",
            NOT_DYNAMODB_LOCAL,
            "",
            "Options:",
            "  --seconds N     How long the sensors write (1..3600, default 20). Ctrl-C stops early.",
            "  --out DIR       Where notifications.jsonl, function.log and on-failure.jsonl go (default ./eddy-local-out).");

    private static final String RUN_USAGE = String.join("\n",
            "Usage: java -jar eddy-local.jar run [--config FILE] [--port N] [--table NAME] [--out DIR]",
            "",
            "Starts the local DynamoDB endpoint on 127.0.0.1 with the source table (stream NEW_AND_OLD_IMAGES, TTL on",
            "expiresAt) and, when configured, the projection and ledger tables; wires the real handler with your",
            "settings; prints the endpoint, region, credentials and an AWS CLI example; then shows alerts, change",
            "events and dead letters as your writes cause them, until Ctrl-C.",
            NOT_DYNAMODB_LOCAL,
            "",
            "Options:",
            "  --config FILE   The settings (see below).",
            "  --port N        Port of the DynamoDB endpoint (default 8000; 0 picks a free one).",
            "  --table NAME    Source table name (default RealTimeDataTable).",
            "  --out DIR       Where notifications.jsonl, function.log and on-failure.jsonl go (default ./eddy-local-out).",
            "",
            SETTINGS_HELP);

    private static final String REPLAY_USAGE = String.join("\n",
            "Usage: java -jar eddy-local.jar replay FILE [--config FILE] [--out DIR]",
            "",
            "Feeds a saved Lambda DynamoDB stream event (JSON, as Lambda delivers it) through the same handler, read",
            "with Lambda's own event serializer. Prints each change (kind, keys, changed attributes), the alerts,",
            "change events and dead letters it causes, and the batch response the event source mapping would get.",
            "A local DynamoDB starts only when projections or the ledger are configured (they need their tables).",
            "Exit 0 when the batch succeeded, 1 when a record failed.",
            "",
            "Options:",
            "  --config FILE   The settings (see below).",
            "  --out DIR       Where notifications.jsonl and function.log go (default ./eddy-local-out).",
            "",
            SETTINGS_HELP);

    private static final String STREAMS_CHECK_USAGE = String.join("\n",
            "Usage: java -jar eddy-local.jar streams-check",
            "",
            "Starts dynalite with the streams-and-TTL front, creates the " + EddyTables.SOURCE_TABLE + " table from",
            "Eddy's table definitions, starts the event source mapping (starting position TRIM_HORIZON), writes 3 items",
            "and prints the 3 stream events the handler receives (event name, sequence number, attribute names;",
            "no attribute values). Exits 0 when all 3 arrive within 20 s, 1 otherwise.");

    private static final String FAILED_RECORDS_USAGE = String.join("\n",
            "Usage: java -jar eddy-local.jar failed-records FILE [--out EVENT_FILE]",
            "",
            "FILE is an on-failure record: what Lambda sends the event source mapping's on-failure destination when it",
            "gives up on stream records (after maximum_retry_attempts, or past the maximum record age), for example the",
            "Body of a message of Eddy's on-failure queue. It names the records (DDBStreamBatchInfo: stream, shard, first",
            "and last sequence numbers) without holding them. The stream keeps them 24 hours: this reads them back",
            "(GetShardIterator AT_SEQUENCE_NUMBER, GetRecords) and writes them as the event Lambda hands the function,",
            "to EVENT_FILE or to standard output. Then inspect them (`replay EVENT_FILE --config ...`) or, once the cause",
            "is fixed, send them through the deployed function again (`aws lambda invoke`; the delivery ledger and the",
            "projections' sequence guard keep effects that already happened from happening twice).",
            "",
            "Reaches the stream's region (from its ARN) with the AWS SDK's default credentials, and the endpoint the SDK's",
            "settings give (AWS_ENDPOINT_URL_DYNAMODB_STREAMS or AWS_ENDPOINT_URL for a local one). Needs",
            "dynamodb:GetShardIterator and dynamodb:GetRecords on the stream.",
            "Exit 0 when every announced record was read; 1 when they end before the announced last or are fewer than",
            "announced (what was read is still written, with a warning: a stream filter drops records from the function",
            "that this reads back), or when the stream no longer holds the first of them (24 hours after it was written),",
            "knows no such shard, or stops serving it midway (nothing is written); 2 when FILE is not an on-failure record.",
            "",
            "Options:",
            "  --out EVENT_FILE  Where the event goes (default: standard output).");

    /** A command-line mistake; the message names it. */
    static final class UsageException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    private EddyLocal() {
    }

    public static void main(String[] args) {
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch finished = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.set(true);
            try {
                finished.await(15, TimeUnit.SECONDS); // let demo print its summary, run close its parts
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "eddy-local-stop"));
        int code;
        try {
            code = run(args, Console.standard(), stop);
        } finally {
            finished.countDown();
        }
        if (code != OK) {
            System.exit(code);
        }
    }

    static int run(String[] args, Console console) {
        return run(args, console, new AtomicBoolean());
    }

    static int run(String[] args, Console console, AtomicBoolean stop) {
        if (args.length == 0) {
            console.error("No command given.");
            console.error(USAGE_TEXT);
            return USAGE;
        }
        String command = args[0];
        List<String> options = Arrays.asList(args).subList(1, args.length);
        if (command.equals("--help") || command.equals("-h") || command.equals("help")) {
            console.println(USAGE_TEXT);
            return OK;
        }
        String usage;
        switch (command) {
            case "demo":
                usage = DEMO_USAGE;
                break;
            case "run":
                usage = RUN_USAGE;
                break;
            case "replay":
                usage = REPLAY_USAGE;
                break;
            case "streams-check":
                usage = STREAMS_CHECK_USAGE;
                break;
            case "failed-records":
                usage = FAILED_RECORDS_USAGE;
                break;
            default:
                console.error("Unknown command '" + command + "'. Run with --help to see the commands.");
                return USAGE;
        }
        if (options.contains("--help") || options.contains("-h")) {
            console.println(usage);
            return OK;
        }
        try {
            switch (command) {
                case "demo":
                    return demo(Flags.parse(command, options, Set.of("--seconds", "--out"), 0), console, stop);
                case "run":
                    return runCommand(Flags.parse(command, options, Set.of("--config", "--port", "--table", "--out"), 0),
                            console, stop);
                case "replay":
                    return replay(Flags.parse(command, options, Set.of("--config", "--out"), 1), console);
                case "failed-records":
                    return failedRecords(Flags.parse(command, options, Set.of("--out"), 1), console);
                default:
                    if (!options.isEmpty()) {
                        console.error("streams-check takes no options, got: " + String.join(" ", options));
                        console.error(STREAMS_CHECK_USAGE);
                        return USAGE;
                    }
                    return streamsCheck(console);
            }
        } catch (UsageException | LocalConfig.BadConfigException e) {
            console.error(command + ": " + e.getMessage());
            console.error("Run `" + command + " --help` for the options.");
            return USAGE;
        } catch (ConfigurationException e) {
            console.error(command + ": the settings are wrong:");
            for (String problem : e.problems()) {
                console.error("  - " + problem);
            }
            return USAGE;
        } catch (LocalRuntimeException | SdkException e) {
            console.error(command + " failed: " + e.getMessage());
            return FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            console.error(command + " interrupted");
            return FAILED;
        }
    }

    /** Parsed flags: {@code --name value} pairs and positional arguments. */
    static final class Flags {
        final Map<String, String> values = new LinkedHashMap<>();
        final List<String> positional = new ArrayList<>();

        static Flags parse(String command, List<String> args, Set<String> known, int positionalCount) {
            Flags flags = new Flags();
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                if (arg.startsWith("-")) {
                    String name = arg;
                    String value = null;
                    int equals = arg.indexOf('=');
                    if (equals > 0) {
                        name = arg.substring(0, equals);
                        value = arg.substring(equals + 1);
                    }
                    if (!known.contains(name)) {
                        throw new UsageException("unknown option " + name + " (known: " + new TreeSet<>(known) + ")");
                    }
                    if (value == null) {
                        if (i + 1 >= args.size()) {
                            throw new UsageException("option " + name + " needs a value");
                        }
                        value = args.get(++i);
                    }
                    if (flags.values.put(name, value) != null) {
                        throw new UsageException("option " + name + " is given twice");
                    }
                } else {
                    flags.positional.add(arg);
                }
            }
            if (flags.positional.size() != positionalCount) {
                throw new UsageException(positionalCount == 0
                        ? "unexpected argument " + flags.positional.get(0)
                        : "expects " + positionalCount + " file argument, got " + flags.positional.size()
                        + (flags.positional.isEmpty() ? "" : ": " + flags.positional));
            }
            return flags;
        }

        int integer(String name, int defaultValue, int min, int max) {
            String value = values.get(name);
            if (value == null) {
                return defaultValue;
            }
            try {
                int parsed = Integer.parseInt(value);
                if (parsed < min || parsed > max) {
                    throw new UsageException("option " + name + " must be between " + min + " and " + max + ", got " + value);
                }
                return parsed;
            } catch (NumberFormatException e) {
                throw new UsageException("option " + name + " must be a whole number, got \"" + value + "\"");
            }
        }

        Path out() {
            return Path.of(values.getOrDefault("--out", "eddy-local-out"));
        }
    }

    private static Map<String, String> settings(Flags flags, Console console) {
        return settings(flags, console, System.getenv());
    }

    static Map<String, String> settings(Flags flags, Console console, Map<String, String> environment) {
        String config = flags.values.get("--config");
        if (config == null) {
            // The environment is the configuration: a misspelt setting would be left out, or the demo run in its place.
            List<String> misspelt = LocalConfig.misspeltSettings(environment);
            if (!misspelt.isEmpty()) {
                throw new LocalConfig.BadConfigException(String.join("; ", misspelt) + ". Settings are read by their"
                        + " exact names (" + String.join(", ", LocalConfig.names()) + "): rename or unset "
                        + (misspelt.size() == 1 ? "it" : "them") + ", or give the settings with --config FILE."
                        + " Not starting, rather than run without " + (misspelt.size() == 1 ? "it" : "them")
                        + " (with no setting, the demo configuration).");
            }
        }
        LocalConfig.nearMisses(environment).forEach(warning -> console.println("Warning: " + warning));
        if (config != null) {
            Map<String, String> fromFile = LocalConfig.fromFile(Path.of(config));
            console.println("Settings from " + config);
            Set<String> ignored = new TreeSet<>(LocalConfig.fromEnvironment(environment).keySet());
            ignored.removeAll(Set.of(Configuration.AWS_REGION, Configuration.AWS_LAMBDA_FUNCTION_NAME));
            if (!ignored.isEmpty()) {
                console.println("  (the environment's " + ignored + " are not used: --config gives every setting)");
            }
            return fromFile;
        }
        Map<String, String> env = LocalConfig.fromEnvironment(environment);
        boolean anySetting = false;
        for (Setting setting : Setting.values()) {
            anySetting |= env.containsKey(setting.variable());
        }
        if (anySetting) {
            console.println("Settings from the environment: " + env.keySet());
            return env;
        }
        console.println("No --config and no Lambda settings in the environment: using the demo configuration"
                + " (five alert rules, latest-reading and hourly-temperature projections, ledger, change events,"
                + " dead letters).");
        Map<String, String> demo = LocalConfig.demo();
        env.forEach(demo::put); // AWS_REGION, AWS_LAMBDA_FUNCTION_NAME if set
        return demo;
    }

    private static LocalRuntime.Options options(Flags flags) {
        LocalRuntime.Options options = new LocalRuntime.Options();
        options.outDir = flags.out();
        String sns = System.getenv(LocalRuntime.SNS_ENDPOINT_ENV);
        if (sns != null && !sns.isBlank()) {
            try {
                options.snsEndpoint = java.util.Optional.of(URI.create(sns.trim()));
            } catch (IllegalArgumentException e) {
                throw new UsageException(LocalRuntime.SNS_ENDPOINT_ENV + " is not a URL: \"" + sns + "\"");
            }
        }
        return options;
    }

    // ---------------------------------------------------------------- demo

    private static int demo(Flags flags, Console console, AtomicBoolean stop) throws InterruptedException {
        int seconds = flags.integer("--seconds", 20, 1, 3600);
        LocalRuntime.Options options = options(flags);
        options.ttlSweepInterval = Duration.ofSeconds(2);
        options.printed = new EnumMap<>(Map.of(Channel.CHANGE_EVENTS, false));
        console.println("Eddy local demo: " + Demo.SENSORS + " sensors for " + seconds + " s. " + NOT_DYNAMODB_LOCAL);
        console.println("TTL sweep every 2 s for the demo (DynamoDB: about 10 s, 20 items per table per sweep).");
        try (LocalRuntime runtime = LocalRuntime.start(LocalConfig.demo(), options, console::println)) {
            if (options.snsEndpoint.isPresent()) {
                console.println("Notifications go to SNS at " + options.snsEndpoint.get()
                        + ": alerts are not shown here and the latency is not measured.");
            }
            console.println("Local DynamoDB endpoint " + runtime.dynamo().orElseThrow().endpoint() + "; alerts as they fire:");
            return new Demo(runtime, console, Duration.ofSeconds(seconds), System.nanoTime(), stop,
                    EddyTables.SOURCE_TABLE).run();
        }
    }

    // ---------------------------------------------------------------- run

    private static int runCommand(Flags flags, Console console, AtomicBoolean stop) throws InterruptedException {
        LocalRuntime.Options options = options(flags);
        options.port = flags.integer("--port", 8000, 0, 65535);
        options.sourceTable = flags.values.getOrDefault("--table", EddyTables.SOURCE_TABLE);
        Map<String, String> settings = settings(flags, console);
        try (LocalRuntime runtime = LocalRuntime.start(settings, options, console::println)) {
            LocalDynamo dynamo = runtime.dynamo().orElseThrow();
            String endpoint = dynamo.endpoint().toString();
            String region = dynamo.region();
            Map<String, String> env = runtime.environment();
            console.println("");
            console.println("Eddy is running locally. " + NOT_DYNAMODB_LOCAL);
            console.println("  DynamoDB + Streams endpoint: " + endpoint + "   region: " + region
                    + "   credentials: any (e.g. AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local)");
            console.println("  source table:     " + options.sourceTable + " (key id S + timestamp N, stream"
                    + " NEW_AND_OLD_IMAGES, TTL on expiresAt; TTL sweep every 10 s, 20 items per table)");
            if (env.get(Setting.PROJECTION_TABLE.variable()) != null) {
                console.println("  projection table: " + env.get(Setting.PROJECTION_TABLE.variable()));
            }
            if (env.get(Setting.LEDGER_TABLE.variable()) != null) {
                console.println("  ledger table:     " + env.get(Setting.LEDGER_TABLE.variable()));
            }
            console.println("  notifications:    " + (runtime.publishesToSns()
                    ? "published to the SNS endpoint of AWS_ENDPOINT_URL_SNS"
                    : runtime.publisher().file().toString()) + "; function log: "
                    + runtime.publisher().file().resolveSibling("function.log"));
            console.println("");
            console.println("Try:");
            console.println("  AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local aws dynamodb put-item --region " + region
                    + " --endpoint-url " + endpoint + " --table-name " + options.sourceTable + " \\");
            console.println("    --item '{\"id\":{\"S\":\"sensor-1\"},\"timestamp\":{\"N\":\""
                    + Instant.now().getEpochSecond() + "\"},\"temperature\":{\"N\":\"85\"},\"status\":{\"S\":\"OK\"}}'");
            console.println("  (or point your code at it: AWS_ENDPOINT_URL_DYNAMODB=" + endpoint + ")");
            console.println("Ctrl-C stops.");
            String last = "";
            while (!stop.get()) {
                String counts = "records: " + runtime.recordsByKind();
                if (console.interactive()) {
                    console.status(counts);
                } else if (!counts.equals(last)) {
                    console.println("-- " + counts);
                }
                last = counts;
                Thread.sleep(console.interactive() ? 250 : 1000);
            }
            console.clearStatus();
            console.println("Stopping. Final counts: " + runtime.recordsByKind());
            return OK;
        }
    }

    // ---------------------------------------------------------------- failed-records

    /**
     * The one on-failure record a file holds. Several (JSON lines, as the local mapping's
     * on-failure.jsonl keeps them, or an array) are refused, not cut to the first: each names its own
     * range of the stream, and the operator re-drives them one by one.
     */
    private static JsonNode onlyRecord(Path file, byte[] bytes) throws IOException {
        List<JsonNode> values = new ArrayList<>();
        try (var parser = Json.MAPPER.createParser(bytes)) {
            JsonNode value;
            while (parser.nextToken() != null && (value = Json.MAPPER.readTree(parser)) != null) {
                values.add(value);
            }
        }
        if (values.size() == 1 && values.get(0).isArray()) {
            throw new UsageException(file + " holds a JSON array of " + values.get(0).size()
                    + " value(s), not one on-failure record: give one record per file (e.g. jq '.[0]')");
        }
        if (values.size() != 1) {
            throw new UsageException(file + " holds " + values.size() + " JSON values, not one on-failure record: "
                    + "give one record per file (for JSON lines, e.g. sed -n 1p " + file + " > record-1.json), "
                    + "and run failed-records for each");
        }
        return values.get(0);
    }

    private static int failedRecords(Flags flags, Console console) {
        Path file = Path.of(flags.positional.get(0));
        FailedRecords.Range range;
        try {
            range = FailedRecords.Range.of(onlyRecord(file, Files.readAllBytes(file)));
        } catch (NoSuchFileException e) {
            throw new UsageException("on-failure record " + file + " does not exist");
        } catch (IOException e) {
            throw new UsageException("cannot read the on-failure record " + file + ": " + e.getMessage());
        } catch (LocalRuntimeException e) {
            throw new UsageException(file + ": " + e.getMessage());
        }
        FailedRecords.Read read;
        try (DynamoDbStreamsClient streams = DynamoDbStreamsClient.builder().region(Region.of(range.region()))
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            try {
                read = FailedRecords.read(streams, range);
            } catch (SdkException e) {
                String endpoint = streams.serviceClientConfiguration().endpointOverride().map(URI::toString)
                        .orElse(null);
                throw new LocalRuntimeException("reading the stream "
                        + (endpoint == null ? "at the region's own endpoint (for a local one, set "
                                + "AWS_ENDPOINT_URL_DYNAMODB_STREAMS or AWS_ENDPOINT_URL; AWS_ENDPOINT_URL_DYNAMODB "
                                + "does not cover DynamoDB Streams)" : "at " + endpoint)
                        + ": " + e.getMessage(), e);
            }
        }
        String event = Json.text(read.event());
        String out = flags.values.get("--out");
        if (out == null) {
            console.println(event);
        } else {
            try {
                Files.writeString(Path.of(out), event + "\n", StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new LocalRuntimeException("cannot write " + out + ": " + e.getMessage(), e);
            }
        }
        console.error("Read " + read.records() + " record(s) of " + range.shardId() + " (sequence numbers " + range.first()
                + " to " + range.last() + ") from " + range.streamArn() + (out == null ? "" : " into " + out) + "."
                + range.heldUntil().map(until -> " The stream keeps the first of them until about " + until
                        + ": send them through the function again before then.").orElse(""));
        read.warnings().forEach(warning -> console.error("Warning: " + warning));
        return read.warnings().isEmpty() ? OK : FAILED;
    }

    // ---------------------------------------------------------------- replay

    private static int replay(Flags flags, Console console) {
        Path file = Path.of(flags.positional.get(0));
        DynamodbEvent event;
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new UsageException("event file " + file + " does not exist");
        } catch (IOException e) {
            throw new UsageException("cannot read event file " + file + ": " + e.getMessage());
        }
        try {
            event = LambdaEvents.read(bytes);
        } catch (RuntimeException e) {
            throw new UsageException("event file " + file + " is not a Lambda DynamoDB event: " + e.getMessage()
                    + onFailureHint(file, bytes));
        }
        if (event == null || event.getRecords() == null) {
            throw new UsageException("event file " + file + " has no \"Records\" array: it is not a Lambda DynamoDB event"
                    + onFailureHint(file, bytes));
        }
        Map<String, String> settings = settings(flags, console);
        LocalRuntime.Options options = options(flags);
        options.withStreamAndMapping = false;
        try (LocalRuntime runtime = LocalRuntime.start(settings, options, line -> console.println("  " + line))) {
            console.println("Changes in " + file + " (" + event.getRecords().size() + " records):");
            ChangeDocuments documents = new ChangeDocuments();
            for (StreamRecord record : new DynamodbEventMapper().map(event)) {
                console.println("  " + describe(record, documents));
            }
            console.println("Notifications:");
            String functionName = runtime.environment().getOrDefault(Configuration.AWS_LAMBDA_FUNCTION_NAME,
                    Configuration.LOCAL_FUNCTION_NAME);
            LocalContext context = new LocalContext(functionName, runtime.environment().get(Configuration.AWS_REGION),
                    256, Instant.now().plusSeconds(60), Clock.systemUTC(), line -> { });
            StreamsEventResponse response;
            try {
                response = runtime.handler().handleRequest(event, context);
            } catch (RuntimeException e) {
                console.error("The handler failed (a function error: Lambda would retry the whole batch): " + e);
                return FAILED;
            }
            ObjectNode json = Json.MAPPER.createObjectNode();
            ArrayNode failures = json.putArray("batchItemFailures");
            if (response.getBatchItemFailures() != null) {
                response.getBatchItemFailures().forEach(f -> failures.addObject().put("itemIdentifier", f.getItemIdentifier()));
            }
            console.println("Batch response: " + Json.text(json));
            console.println("Function log (JSON lines, EMF metrics): " + runtime.publisher().file().resolveSibling("function.log"));
            return failures.isEmpty() ? OK : FAILED;
        }
    }

    /**
     * When the input looks like an on-failure record (its first JSON value has {@code DDBStreamBatchInfo}, or a
     * {@code requestContext} with a {@code condition}), what to run instead; otherwise nothing.
     */
    static String onFailureHint(Path file, byte[] bytes) {
        JsonNode first;
        try (var parser = Json.MAPPER.createParser(bytes)) {
            first = parser.nextToken() == null ? null : Json.MAPPER.readTree(parser);
        } catch (IOException | RuntimeException e) {
            return "";
        }
        if (first == null || !first.isObject()
                || !(first.has("DDBStreamBatchInfo") || first.path("requestContext").has("condition"))) {
            return "";
        }
        return ". It looks like an on-failure record, which names the failed records without holding them: read"
                + " them back from the stream with `failed-records " + file + " --out event.json` (one on-failure"
                + " record per file), then `replay event.json`";
    }

    private static String describe(StreamRecord record, ChangeDocuments documents) {
        if (record instanceof StreamRecord.Unreadable) {
            StreamRecord.Unreadable unreadable = (StreamRecord.Unreadable) record;
            return String.format("UNREADABLE seq=%s: %s", unreadable.ref().sequenceNumber(), unreadable.problem());
        }
        StreamRecord.Readable readable = (StreamRecord.Readable) record;
        JsonNode document;
        try {
            document = Json.MAPPER.readTree(documents.of(readable.change()).json());
        } catch (IOException e) {
            return readable.change().kind() + " seq=" + readable.change().source().sequenceNumber();
        }
        JsonNode changed = document.path("changed");
        return String.format("%-8s %s seq=%s keys=%s changed=%s", document.path("kind").asText(),
                document.path("table").asText(), document.path("sequenceNumber").asText(),
                Json.text(document.path("keys")), changed.isMissingNode() ? "(unknown)" : Json.text(changed));
    }

    // ---------------------------------------------------------------- streams-check

    private static int streamsCheck(Console console) {
        String table = EddyTables.SOURCE_TABLE;
        List<DynamodbEvent.DynamodbStreamRecord> received = new CopyOnWriteArrayList<>();
        RequestHandler<DynamodbEvent, StreamsEventResponse> handler = (event, context) -> {
            received.addAll(event.getRecords());
            return StreamsEventResponse.builder().withBatchItemFailures(new ArrayList<>()).build();
        };
        try (LocalDynamo local = LocalDynamo.start(StreamsFront.Settings.defaults())) {
            console.println("Local DynamoDB and DynamoDB Streams endpoint: " + local.endpoint());
            local.createTable(EddyTables.sourceTable(table).build(), EddyTables.sourceTableTimeToLive(table));
            String streamArn = local.streamArn(table);
            console.println("Table " + table + ", stream " + streamArn);
            try (LocalEventSourceMapping mapping = LocalEventSourceMapping.start(local.streams(), streamArn,
                    local.region(), handler, EventSourceMappingSettings.defaults().withFunctionName("eddy-streams-check"),
                    line -> console.println("  [mapping] " + line))) {
                long now = Instant.now().getEpochSecond();
                for (int i = 1; i <= 3; i++) {
                    long timestamp = now + i;
                    local.dynamoDb().putItem(b -> b.tableName(table).item(Map.of(
                            EddyTables.SOURCE_PARTITION_KEY, AttributeValue.fromS("streams-check"),
                            EddyTables.SOURCE_SORT_KEY, AttributeValue.fromN(Long.toString(timestamp)),
                            "reading", AttributeValue.fromN("21.5"))));
                }
                console.println("Wrote 3 items; waiting for the handler...");
                Instant giveUp = Instant.now().plus(Duration.ofSeconds(20));
                while (received.size() < 3 && Instant.now().isBefore(giveUp)) {
                    Thread.sleep(50);
                }
                for (DynamodbEvent.DynamodbStreamRecord record : received) {
                    console.println(describe(record));
                }
                if (received.size() != 3) {
                    console.error("streams-check failed: the handler received " + received.size()
                            + " of 3 events within 20 s" + mapping.lastError().map(e -> "; last polling error: " + e).orElse(""));
                    return FAILED;
                }
                console.println("streams-check passed: 3 events delivered through the stream to the handler.");
                return OK;
            }
        } catch (LocalRuntimeException e) {
            console.error("streams-check failed: " + e.getMessage());
            return FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            console.error("streams-check interrupted");
            return FAILED;
        }
    }

    private static String describe(DynamodbEvent.DynamodbStreamRecord record) {
        var stream = record.getDynamodb();
        return String.format("  %-6s seq=%s keys=%s newImage=%s source=%s",
                record.getEventName(), stream.getSequenceNumber(), new TreeSet<>(stream.getKeys().keySet()),
                stream.getNewImage() == null ? "-" : new TreeSet<>(stream.getNewImage().keySet()),
                record.getEventSourceARN());
    }
}
