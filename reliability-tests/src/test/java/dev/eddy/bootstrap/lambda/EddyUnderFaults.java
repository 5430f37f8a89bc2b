package dev.eddy.bootstrap.lambda;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eddy.adapters.aws.dynamodb.DynamoDbAdapters;
import dev.eddy.adapters.aws.dynamodb.DynamoDbLedgerClient;
import dev.eddy.adapters.aws.observability.JsonLogger;
import dev.eddy.adapters.aws.observability.Observability;
import dev.eddy.adapters.aws.sns.SnsClients;
import dev.eddy.adapters.aws.sns.SnsPublishBatchClient;
import dev.eddy.testsupport.dynamodb.Dynalite;
import dev.eddy.testsupport.sns.LoopbackSnsServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * Eddy as the composition root wires it ({@link EddyWiring}), with its SDK clients built exactly as
 * in production (the adapters' own factories: timeouts, retry policies) but pointed at loopback
 * servers: {@link LoopbackSnsServer} for SNS, and a {@link FlakyDynamoDbProxy} in front of dynalite
 * for DynamoDB. Alert rule {@code hot} (temperature above 80), change events for every change,
 * a running aggregate of temperature per sensor, a delivery ledger; dead letters when asked.
 */
final class EddyUnderFaults implements AutoCloseable {
    static final String ALERT_TOPIC = "arn:aws:sns:eu-west-1:123456789012:eddy-alerts";
    static final String CHANGE_TOPIC = "arn:aws:sns:eu-west-1:123456789012:eddy-changes";
    static final String DEAD_LETTER_TOPIC = "arn:aws:sns:eu-west-1:123456789012:eddy-dead-letters";
    static final String STREAM_ARN = "arn:aws:dynamodb:eu-west-1:123456789012:table/RealTimeDataTable/stream/2026-11-01T00:00:00.000";
    static final String RULES = "[{\"name\":\"hot\",\"severity\":\"WARNING\",\"message\":\"Sensor {keys.id} reads {new.temperature}\","
            + "\"pattern\":{\"new\":{\"temperature\":[{\"numeric\":[\">\",80]}]}}}]";
    static final String PROJECTIONS = "[{\"name\":\"temperature-per-sensor\",\"type\":\"aggregate\",\"partitionKey\":\"id\","
            + "\"values\":[\"temperature\"]}]";
    /** The SDK's system property for AWS_ENDPOINT_URL_DYNAMODB; read when a request is made. */
    private static final String ENDPOINT_PROPERTY = "aws.endpointUrlDynamoDb";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger TABLES = new AtomicInteger();
    private static Dynalite dynalite;

    final LoopbackSnsServer sns = LoopbackSnsServer.start();
    final FlakyDynamoDbProxy dynamo;
    final String projectionTable;
    final String ledgerTable;
    private final ByteArrayOutputStream logs = new ByteArrayOutputStream();
    private final Map<String, String> environment = new HashMap<>();
    private final List<SdkAutoCloseable> clients = new ArrayList<>();
    private URI snsEndpoint;

    EddyUnderFaults() {
        Dynalite db = dynalite();
        int n = TABLES.incrementAndGet();
        projectionTable = "projections-" + n;
        ledgerTable = "ledger-" + n;
        db.createTable(projectionTable, "pk", "sk");
        db.createTable(ledgerTable, "id", null);
        dynamo = new FlakyDynamoDbProxy(db.endpoint());
        snsEndpoint = sns.endpoint();
        environment.put(Configuration.AWS_REGION, "eu-west-1");
        environment.put(Configuration.AWS_LAMBDA_FUNCTION_NAME, "eddy-reliability");
        environment.put(Setting.ALERT_RULES.variable(), RULES);
        environment.put(Setting.ALERT_TOPIC_ARN.variable(), ALERT_TOPIC);
        environment.put(Setting.CHANGE_TOPIC_ARN.variable(), CHANGE_TOPIC);
        environment.put(Setting.PROJECTIONS.variable(), PROJECTIONS);
        environment.put(Setting.PROJECTION_TABLE.variable(), projectionTable);
        environment.put(Setting.LEDGER_TABLE.variable(), ledgerTable);
    }

    /** One dynalite for the whole run (it stops itself at JVM exit); each fixture has its own tables. */
    private static synchronized Dynalite dynalite() {
        if (dynalite == null) {
            dynalite = Dynalite.start();
        }
        return dynalite;
    }

    EddyUnderFaults withDeadLetters() {
        environment.put(Setting.DEAD_LETTER_TOPIC_ARN.variable(), DEAD_LETTER_TOPIC);
        return this;
    }

    EddyUnderFaults set(Setting setting, String value) {
        if (value == null) {
            environment.remove(setting.variable());
        } else {
            environment.put(setting.variable(), value);
        }
        return this;
    }

    /** Sends SNS calls somewhere else than the loopback SNS server (e.g. a server that never answers). */
    EddyUnderFaults snsAt(URI endpoint) {
        this.snsEndpoint = endpoint;
        return this;
    }

    /** A fresh handler (a new container): the clients are built by the production factories. */
    StreamHandler handler() {
        Configuration configuration = Configuration.from(environment);
        PrintStream out = new PrintStream(logs, true, StandardCharsets.UTF_8);
        Observability observability = Observability.to(out, Clock.systemUTC(), configuration.functionName(),
                configuration.logItemValues(), JsonLogger.Level.TRACE);
        return new EddyWiring(configuration, observability, Clock.systemUTC(), new LoopbackClients(configuration)).handler();
    }

    private final class LoopbackClients extends AwsClients {
        private SnsPublishBatchClient snsClient;
        private DynamoDbClient dynamoClient;
        private DynamoDbLedgerClient ledgerClient;

        LoopbackClients(Configuration configuration) {
            super(configuration);
        }

        @Override
        SnsPublishBatchClient sns() {
            if (snsClient == null) {
                snsClient = SnsClients.create(Region.EU_WEST_1, snsEndpoint,
                        StaticCredentialsProvider.create(AwsBasicCredentials.create("reliability", "reliability")));
                clients.add(snsClient);
            }
            return snsClient;
        }

        @Override
        DynamoDbClient dynamoDb() {
            if (dynamoClient == null) {
                // DynamoDbAdapters.client takes its endpoint from the SDK's own setting, as in Lambda.
                System.setProperty(ENDPOINT_PROPERTY, dynamo.endpoint().toString());
                dynamoClient = DynamoDbAdapters.client(Region.EU_WEST_1);
                clients.add(dynamoClient);
            }
            return dynamoClient;
        }

        @Override
        DynamoDbLedgerClient ledger() {
            if (ledgerClient == null) {
                // DynamoDbAdapters.ledgerClient takes its endpoint from the SDK's own setting, as in Lambda.
                System.setProperty(ENDPOINT_PROPERTY, dynamo.endpoint().toString());
                ledgerClient = DynamoDbAdapters.ledgerClient(Region.EU_WEST_1);
                clients.add(ledgerClient);
            }
            return ledgerClient;
        }
    }

    String logs() {
        return logs.toString(StandardCharsets.UTF_8);
    }

    /** How many messages SNS accepted carrying this eddy-id. */
    long published(String eddyId) {
        return sns.published().stream().filter(e -> eddyId.equals(e.attribute("eddy-id"))).count();
    }

    /** The messages SNS accepted carrying this eddy-id. */
    List<LoopbackSnsServer.Entry> messages(String eddyId) {
        return sns.published().stream().filter(e -> eddyId.equals(e.attribute("eddy-id"))).toList();
    }

    /** The aggregate of a sensor: temperature count and sum, or null when there is no item. */
    Aggregate aggregate(String sensor) {
        DynamoDbClient client = dynalite().client();
        for (Map<String, AttributeValue> item : client.scan(b -> b.tableName(projectionTable).consistentRead(true)).items()) {
            AttributeValue key = item.get("key");
            if (key != null && sensor.equals(key.s())) {
                return new Aggregate(Long.parseLong(item.get("temperature_count").n()), new BigDecimal(item.get("temperature_sum").n()));
            }
        }
        return null;
    }

    record Aggregate(long count, BigDecimal sum) {
    }

    /** A stream record: an INSERT of a reading, as DynamoDB Streams deliver it to Lambda. */
    static ObjectNode reading(int n, String sensor, String temperature) {
        ObjectNode record = JSON.createObjectNode();
        record.put("eventID", "event-" + n);
        record.put("eventName", "INSERT");
        record.put("eventVersion", "1.1");
        record.put("eventSource", "aws:dynamodb");
        record.put("awsRegion", "eu-west-1");
        ObjectNode dynamodb = record.putObject("dynamodb");
        dynamodb.put("ApproximateCreationDateTime", 1795521600 + n);
        ObjectNode keys = dynamodb.putObject("Keys");
        keys.putObject("id").put("S", sensor);
        keys.putObject("timestamp").put("N", Integer.toString(1795521600 + n));
        ObjectNode image = dynamodb.putObject("NewImage");
        image.putObject("id").put("S", sensor);
        image.putObject("timestamp").put("N", Integer.toString(1795521600 + n));
        image.putObject("temperature").put("N", temperature);
        dynamodb.put("SequenceNumber", sequenceNumber(n));
        dynamodb.put("SizeBytes", 120);
        dynamodb.put("StreamViewType", "NEW_AND_OLD_IMAGES");
        record.put("eventSourceARN", STREAM_ARN);
        return record;
    }

    static String sequenceNumber(int n) {
        return String.format("1%023d", 1000 + n);
    }

    static String sensorOf(int n) {
        return "sensor-" + (n % 3);
    }

    /** Records 0..count-1, three sensors in turn, all hot (each raises an alert). */
    static List<ObjectNode> hotReadings(int count) {
        List<ObjectNode> records = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            records.add(reading(n, sensorOf(n), "8" + (1 + n % 9) + "." + n));
        }
        return records;
    }

    @Override
    public void close() {
        clients.forEach(SdkAutoCloseable::close);
        sns.close();
        dynamo.close();
        System.clearProperty(ENDPOINT_PROPERTY);
    }
}
