package dev.eddy.bootstrap.lambda;

import dev.eddy.adapters.aws.dynamodb.DynamoDbAdapters;
import dev.eddy.adapters.aws.sns.SnsClients;
import java.util.List;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import dev.eddy.adapters.aws.sns.SnsPublishBatchClient;

/**
 * The AWS SDK clients, built on first request (during start-up, by the wiring of a feature that
 * needs one) and then shared for the life of the container. Each adapter's factory sets the
 * region from AWS_REGION, the URL connection HTTP client, explicit API call timeouts that fit
 * inside the handler's safety margin, and an explicit retry policy. Endpoints follow the SDK's
 * own AWS_ENDPOINT_URL* variables. A function whose features need no client builds none.
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
