package dev.eddy.bootstrap.lambda.e2e;

import dev.eddy.bootstrap.lambda.TestContext;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eddy.adapters.aws.sns.SnsClients;
import dev.eddy.adapters.aws.sns.SnsPublishBatchClient;
import dev.eddy.adapters.aws.tables.EddyTables;
import dev.eddy.bootstrap.lambda.ProductionWiring;
import dev.eddy.bootstrap.lambda.StreamHandler;
import dev.eddy.testsupport.dynamodb.Dynalite;
import dev.eddy.testsupport.sns.LoopbackSnsServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One function, as Lambda runs it, against loopback AWS: the handler wired by the production
 * composition root from an environment map, a real SDK SNS client talking to a
 * {@link LoopbackSnsServer}, a real SDK DynamoDB client talking to dynalite, and events and
 * responses (de)serialized by the Lambda runtime's own serializers.
 */
final class Harness implements AutoCloseable {
    static final String REGION = "eu-west-1";
    static final String ALERT_TOPIC = "arn:aws:sns:eu-west-1:123456789012:eddy-alerts";
    static final String CHANGE_TOPIC = "arn:aws:sns:eu-west-1:123456789012:eddy-changes";
    static final String DEAD_LETTER_TOPIC = "arn:aws:sns:eu-west-1:123456789012:eddy-dead-letters";
    static final String NO_FAILURES = "{\"batchItemFailures\":[]}";
    /** Exact decimals: no number in a body or a table is read through a double. */
    static final ObjectMapper JSON = new ObjectMapper()
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final AtomicInteger TABLES = new AtomicInteger();

    final LoopbackSnsServer sns = LoopbackSnsServer.start();
    private final SnsPublishBatchClient snsClient = SnsClients.create(Region.of(REGION), sns.endpoint(),
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDLOOPBACK", "loopback-secret")));
    private final Dynalite dynalite;
    private final ByteArrayOutputStream logs = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(logs, true, StandardCharsets.UTF_8);
    private int requests;
    private DynamoDbClient unreachable;

    Harness(Dynalite dynalite) {
        this.dynalite = dynalite;
    }

    /** The environment every function has, plus the given settings (name, value, name, value...). */
    static Map<String, String> environment(String... settings) {
        Map<String, String> environment = new HashMap<>();
        environment.put("AWS_REGION", REGION);
        environment.put("AWS_LAMBDA_FUNCTION_NAME", "eddy-e2e");
        for (int i = 0; i < settings.length; i += 2) {
            environment.put(settings[i], settings[i + 1]);
        }
        return environment;
    }

    /** The handler exactly as the composition root wires it from this environment. */
    StreamHandler handler(Map<String, String> environment) {
        return handler(environment, dynamo());
    }

    /** The handler with another DynamoDB client, such as one for a {@code DynamoDbFaultServer}. */
    StreamHandler handler(Map<String, String> environment, DynamoDbClient dynamoDb) {
        return ProductionWiring.handler(environment, out, Clock.systemUTC(), snsClient, dynamoDb);
    }

    /** Dynalite's client; without dynalite, a client for a port nobody listens on, which no test may reach. */
    DynamoDbClient dynamo() {
        if (dynalite == null) {
            if (unreachable == null) {
                unreachable = Dynalite.configure(DynamoDbClient.builder(), java.net.URI.create("http://127.0.0.1:9")).build();
            }
            return unreachable;
        }
        return dynalite.client();
    }

    /** A fresh ledger table, created from {@link EddyTables}. */
    String ledgerTable() {
        String name = "eddy-ledger-" + TABLES.incrementAndGet();
        dynalite.createTable(EddyTables.ledgerTable(name).build());
        return name;
    }

    /** A fresh projection table, created from {@link EddyTables}. */
    String projectionTable() {
        String name = "eddy-projections-" + TABLES.incrementAndGet();
        dynalite.createTable(EddyTables.projectionTable(name).build());
        return name;
    }

    /** Every item of a table, keyed by its key attributes ("pk/sk" or "id"). */
    Map<String, Map<String, AttributeValue>> items(String table) {
        Map<String, Map<String, AttributeValue>> items = new java.util.TreeMap<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            var page = dynamo().scan(b -> b.tableName(table).consistentRead(true).exclusiveStartKey(from));
            for (Map<String, AttributeValue> item : page.items()) {
                String key = item.containsKey("pk") ? item.get("pk").s() + "/" + item.get("sk").s() : item.get("id").s();
                items.put(key, item);
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return items;
    }

    /** Invokes the handler with event JSON as the runtime would; returns the response JSON as the runtime writes it. */
    String invoke(StreamHandler handler, String eventJson) {
        PojoSerializer<DynamodbEvent> in = LambdaEventSerializers.serializerFor(DynamodbEvent.class,
                Harness.class.getClassLoader());
        DynamodbEvent event = in.fromJson(eventJson);
        StreamsEventResponse response = handler.handleRequest(event, new TestContext("request-" + (++requests), 60_000));
        PojoSerializer<StreamsEventResponse> serializer = LambdaEventSerializers.serializerFor(
                StreamsEventResponse.class, Harness.class.getClassLoader());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        serializer.toJson(response, bytes);
        return bytes.toString(StandardCharsets.UTF_8);
    }

    static String failureOf(String sequenceNumber) {
        return "{\"batchItemFailures\":[{\"itemIdentifier\":\"" + sequenceNumber + "\"}]}";
    }

    /** A test event from src/test/resources/e2e. */
    static String event(String name) {
        try (InputStream in = Harness.class.getResourceAsStream("/e2e/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no e2e event " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The records of an event from index {@code from} (inclusive) to {@code to} (exclusive). */
    static String slice(String eventJson, int from, int to) {
        ObjectNode event = (ObjectNode) tree(eventJson);
        ArrayNode records = (ArrayNode) event.get("Records");
        ArrayNode part = JSON.createArrayNode();
        for (int i = from; i < to; i++) {
            part.add(records.get(i));
        }
        event.set("Records", part);
        return event.toString();
    }

    /** The records of an event from index {@code from} on: what Lambda sends when it retries from that record. */
    static String from(String eventJson, int from) {
        return slice(eventJson, from, tree(eventJson).get("Records").size());
    }

    /** The record at {@code index} of an event. */
    static JsonNode record(String eventJson, int index) {
        return tree(eventJson).get("Records").get(index);
    }

    static String sequenceNumber(String eventJson, int index) {
        return record(eventJson, index).get("dynamodb").get("SequenceNumber").asText();
    }

    static String eventId(String eventJson, int index) {
        return record(eventJson, index).get("eventID").asText();
    }

    static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + json, e);
        }
    }

    /**
     * The entries the server accepted whose {@code eddy-id} contains {@code marker} ({@code #alert#},
     * {@code #change}, {@code #dead-letter}), in order.
     */
    List<LoopbackSnsServer.Entry> published(String marker) {
        List<LoopbackSnsServer.Entry> entries = new ArrayList<>();
        for (LoopbackSnsServer.Entry entry : sns.published()) {
            String id = entry.attribute("eddy-id");
            if (id != null && id.contains(marker)) {
                entries.add(entry);
            }
        }
        return entries;
    }

    /** How often each {@code eddy-id} was accepted by the server, over all topics. */
    Map<String, Integer> deliveries() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (LoopbackSnsServer.Entry entry : sns.published()) {
            counts.merge(entry.attribute("eddy-id"), 1, Integer::sum);
        }
        return counts;
    }

    String logs() {
        return logs.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        if (unreachable != null) {
            unreachable.close();
        }
        snsClient.close();
        sns.close();
    }
}
