package dev.eddy.bootstrap.lambda;

import dev.eddy.adapters.aws.dynamodb.DynamoDbAdapters;
import dev.eddy.adapters.aws.sns.SnsClients;
import dev.eddy.adapters.aws.sns.SnsPublishBatchClient;
import java.util.List;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The AWS clients: SNS's PublishBatch client (Eddy's own, on the SDK's signer and HTTP client) and
 * the SDK's DynamoDB client, built on first request (during start-up, by the wiring of a feature
 * that needs one) and then shared for the life of the container. Each adapter's factory sets the
 * region from AWS_REGION, the URL connection HTTP client, explicit timeouts that fit inside the
 * handler's safety margin, and explicit retries (the SNS publisher's own; the DynamoDB client's
 * standard mode). Endpoints follow the SDK's own AWS_ENDPOINT_URL* settings. A function whose
 * features need no client builds none.
 */
class AwsClients {
    private final Configuration configuration;
    private SnsPublishBatchClient sns;
    private DynamoDbClient dynamoDb;

    AwsClients(Configuration configuration) {
        this.configuration = configuration;
    }

    /** Clients given from outside (the local runtime); a null one is built on first request as usual. */
    AwsClients(Configuration configuration, SnsPublishBatchClient sns, DynamoDbClient dynamoDb) {
        this.configuration = configuration;
        this.sns = sns;
        this.dynamoDb = dynamoDb;
    }

    SnsPublishBatchClient sns() {
        if (sns == null) {
            sns = SnsClients.create(region());
        }
        return sns;
    }

    DynamoDbClient dynamoDb() {
        if (dynamoDb == null) {
            dynamoDb = DynamoDbAdapters.client(region());
        }
        return dynamoDb;
    }

    /** The region every client is built for, from AWS_REGION. */
    Region region() {
        return Region.of(configuration.region().orElseThrow(() -> new ConfigurationException(
                List.of(Configuration.AWS_REGION + " must be set: a feature needs an AWS client"))));
    }
}
