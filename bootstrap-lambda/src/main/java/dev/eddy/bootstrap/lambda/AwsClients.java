package dev.eddy.bootstrap.lambda;

import dev.eddy.adapters.aws.dynamodb.DynamoDbAdapters;
import dev.eddy.adapters.aws.dynamodb.DynamoDbLedgerClient;
import dev.eddy.adapters.aws.sns.SnsClients;
import dev.eddy.adapters.aws.sns.SnsPublishBatchClient;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbServiceClientConfiguration;

/**
 * The AWS clients: SNS's PublishBatch client and the delivery ledger's DynamoDB client (Eddy's own,
 * on the SDK's signer and HTTP client), and the SDK's DynamoDB client for projections, each built on
 * first request (during start-up, by the wiring of a feature that needs one) and then shared for the
 * life of the container. Each adapter's factory sets the region from AWS_REGION, the URL connection
 * HTTP client, explicit timeouts that fit inside the handler's safety margin, and explicit retries
 * (the SNS publisher's own; the ledger's own; the SDK DynamoDB client's standard mode). Endpoints
 * follow the SDK's own AWS_ENDPOINT_URL* settings. A function whose features need no client builds
 * none.
 */
class AwsClients {
    private final Configuration configuration;
    private SnsPublishBatchClient sns;
    private DynamoDbClient dynamoDb;
    private DynamoDbLedgerClient ledger;
    /**
     * The default credentials chain, one for Eddy's own clients (SNS, the ledger): it is built, and
     * finds its provider, once, on the first of their requests.
     */
    private AwsCredentialsProvider credentials;
    /** Whether the DynamoDB client was given: then the ledger's client goes where it goes. */
    private final boolean dynamoDbGiven;

    AwsClients(Configuration configuration) {
        this.configuration = configuration;
        this.dynamoDbGiven = false;
    }

    /**
     * Clients given from outside (the local runtime); a null one is built on first request as usual.
     * A given DynamoDB client must have an endpoint override: the ledger's client is then built for
     * the same endpoint, region and credentials.
     */
    AwsClients(Configuration configuration, SnsPublishBatchClient sns, DynamoDbClient dynamoDb) {
        this.configuration = configuration;
        this.sns = sns;
        this.dynamoDb = dynamoDb;
        this.dynamoDbGiven = dynamoDb != null;
    }

    SnsPublishBatchClient sns() {
        if (sns == null) {
            sns = SnsClients.create(region(), credentials());
        }
        return sns;
    }

    DynamoDbClient dynamoDb() {
        if (dynamoDb == null) {
            dynamoDb = DynamoDbAdapters.client(region());
        }
        return dynamoDb;
    }

    DynamoDbLedgerClient ledger() {
        if (ledger == null) {
            ledger = dynamoDbGiven ? ledgerLike(dynamoDb) : DynamoDbAdapters.ledgerClient(region(), credentials());
        }
        return ledger;
    }

    private AwsCredentialsProvider credentials() {
        if (credentials == null) {
            credentials = DefaultCredentialsProvider.builder().build();
        }
        return credentials;
    }

    /** A ledger client for the endpoint, region and credentials of a given DynamoDB client. */
    static DynamoDbLedgerClient ledgerLike(DynamoDbClient given) {
        DynamoDbServiceClientConfiguration config = given.serviceClientConfiguration();
        if (config.endpointOverride().isEmpty() || !(config.credentialsProvider() instanceof AwsCredentialsProvider credentials)) {
            throw new IllegalArgumentException("the given DynamoDB client needs an endpoint override and an"
                    + " AwsCredentialsProvider for the ledger's client to share; it has " + config.endpointOverride()
                    + " and " + config.credentialsProvider());
        }
        return DynamoDbAdapters.ledgerClient(config.region(), config.endpointOverride().get(), credentials);
    }

    /** The region every client is built for, from AWS_REGION. */
    Region region() {
        return Region.of(configuration.region().orElseThrow(() -> new ConfigurationException(
                List.of(Configuration.AWS_REGION + " must be set: a feature needs an AWS client"))));
    }
}
