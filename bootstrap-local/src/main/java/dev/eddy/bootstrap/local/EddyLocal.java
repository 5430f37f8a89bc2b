package dev.eddy.bootstrap.local;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;

import dev.eddy.adapters.aws.tables.EddyTables;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The local runtime's command line: {@code java -jar bootstrap-local/target/eddy-local.jar <command>}.
 * A development tool that runs Eddy's data flow on one machine with no AWS account.
 */
public final class EddyLocal {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    private static final String USAGE_TEXT = String.join("\n",
            "Usage: java -jar eddy-local.jar <command> [options]",
            "",
            "Runs Eddy on this machine: a local DynamoDB (dynalite) with streams and time to live, and an event",
            "source mapping emulator that polls the stream like Lambda. A development tool; needs Node 20+ and",
            "`npm ci` run at the repository root (or EDDY_NODE_MODULES pointing at the node_modules folder).",
            "",
            "Commands:",
            "  streams-check   Start the local table, stream and event source mapping, write 3 items, print the",
            "                  3 events the handler receives, and exit. Checks that the local runtime works.",
            "",
            "Options:",
            "  --help, -h      Show this help (also after a command: streams-check --help).");

    private static final String STREAMS_CHECK_USAGE = String.join("\n",
            "Usage: java -jar eddy-local.jar streams-check",
            "",
            "Starts dynalite with the streams-and-TTL front, creates the " + EddyTables.SOURCE_TABLE + " table from",
            "Eddy's table definitions, starts the event source mapping (starting position LATEST), writes 3 items",
            "and prints the 3 stream events the handler receives (event name, sequence number, attribute names;",
            "no attribute values). Exits 0 when all 3 arrive within 20 s, 1 otherwise.");

    private EddyLocal() {
    }

    public static void main(String[] args) {
        int code = run(args, Console.standard());
        if (code != OK) {
            System.exit(code);
        }
    }

    static int run(String[] args, Console console) {
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
        if (command.equals("streams-check")) {
            if (options.contains("--help") || options.contains("-h")) {
                console.println(STREAMS_CHECK_USAGE);
                return OK;
            }
            if (!options.isEmpty()) {
                console.error("streams-check takes no options, got: " + String.join(" ", options));
                console.error(STREAMS_CHECK_USAGE);
                return USAGE;
            }
            return streamsCheck(console);
        }
        console.error("Unknown command '" + command + "'. Run with --help to see the commands.");
        return USAGE;
    }

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
