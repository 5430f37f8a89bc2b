package dev.eddy.bootstrap.local;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;

import dev.eddy.adapters.aws.tables.EddyTables;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.UpdateTimeToLiveRequest;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Local DynamoDB with streams and time to live: dynalite as a child process behind a {@link StreamsFront}.
 * {@link #endpoint()} is the endpoint to print and to give clients (AWS CLI {@code --endpoint-url}, SDK
 * {@code endpointOverride}, or {@code AWS_ENDPOINT_URL_DYNAMODB}); it serves DynamoDB and DynamoDB Streams.
 */
public final class LocalDynamo implements AutoCloseable {

    private final LocalDynamoDb dynalite;
    private final StreamsFront front;
    private final DynamoDbClient dynamoDb;
    private final DynamoDbStreamsClient streams;
    private final DynamoDbClient direct;

    private LocalDynamo(LocalDynamoDb dynalite, StreamsFront front) {
        this.dynalite = dynalite;
        this.front = front;
        this.dynamoDb = DynamoDbClient.builder()
                .endpointOverride(front.endpoint())
                .region(Region.of(front.region()))
                .credentialsProvider(credentials())
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        this.direct = DynamoDbClient.builder()
                .endpointOverride(dynalite.endpoint())
                .region(Region.of(front.region()))
                .credentialsProvider(credentials())
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        this.streams = DynamoDbStreamsClient.builder()
                .endpointOverride(front.endpoint())
                .region(Region.of(front.region()))
                .credentialsProvider(credentials())
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /** Starts dynalite and the front. */
    public static LocalDynamo start(StreamsFront.Settings settings) {
        LocalDynamoDb dynalite = LocalDynamoDb.start(settings.region());
        try {
            return new LocalDynamo(dynalite, StreamsFront.start(dynalite.endpoint(), settings));
        } catch (RuntimeException e) {
            dynalite.close();
            throw e;
        }
    }

    /** Credentials for the local endpoint, which checks none. */
    public static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
    }

    public URI endpoint() {
        return front.endpoint();
    }

    public String region() {
        return front.region();
    }

    public StreamsFront front() {
        return front;
    }

    /** A DynamoDB client on the local endpoint, owned by this object. */
    public DynamoDbClient dynamoDb() {
        return dynamoDb;
    }

    /** Whether dynalite has exited, or exits within {@code patience} (a Ctrl-C reaches it too). */
    public boolean stopsWithin(java.time.Duration patience) throws InterruptedException {
        return dynalite.exitsWithin(patience);
    }

    /**
     * A DynamoDB client that talks to dynalite directly, skipping the front: for tables without a stream (projection,
     * ledger), where the front would only forward the request. Writes to a table with a stream through this client
     * append no stream record. Owned by this object.
     */
    public DynamoDbClient dynamoDbWithoutStreams() {
        return direct;
    }

    /** A DynamoDB Streams client on the local endpoint, owned by this object. */
    public DynamoDbStreamsClient streams() {
        return streams;
    }

    /** Creates the source table (stream and TTL), the projection table and the ledger table (TTL) from {@link EddyTables}. */
    public void createEddyTables(String sourceTable, String projectionTable, String ledgerTable) {
        createTable(EddyTables.sourceTable(sourceTable).build(), EddyTables.sourceTableTimeToLive(sourceTable));
        createTable(EddyTables.projectionTable(projectionTable).build(), null);
        createTable(EddyTables.ledgerTable(ledgerTable).build(), EddyTables.ledgerTableTimeToLive(ledgerTable));
    }

    /** Creates a table, waits until it is active and enables time to live if given. */
    public void createTable(CreateTableRequest table, UpdateTimeToLiveRequest timeToLive) {
        dynamoDb.createTable(table);
        Instant giveUp = Instant.now().plus(Duration.ofSeconds(10));
        while (true) {
            DescribeTableResponse described = dynamoDb.describeTable(b -> b.tableName(table.tableName()));
            if (described.table().tableStatus() == TableStatus.ACTIVE) {
                break;
            }
            if (Instant.now().isAfter(giveUp)) {
                throw new LocalRuntimeException("Table " + table.tableName() + " did not become ACTIVE within 10 s");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LocalRuntimeException("Interrupted while waiting for table " + table.tableName(), e);
            }
        }
        if (timeToLive != null) {
            dynamoDb.updateTimeToLive(timeToLive);
        }
    }

    /** The stream ARN of a table created through this endpoint. */
    public String streamArn(String table) {
        return front.latestStreamArn(table)
                .orElseThrow(() -> new IllegalArgumentException("Table " + table + " has no stream"));
    }

    @Override
    public void close() {
        dynamoDb.close();
        direct.close();
        streams.close();
        front.close();
        dynalite.close();
    }
}
