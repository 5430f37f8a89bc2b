package dev.eddy.bootstrap.lambda;

import java.util.List;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * The AWS SDK clients, built on first request (during start-up, by the wiring of a feature that
 * needs one) and then shared: the region comes from AWS_REGION, HTTP goes through the URL
 * connection client, endpoints follow the SDK's own AWS_ENDPOINT_URL* variables. A function
 * whose features need no client builds none.
 */
final class AwsClients {
    private final Configuration configuration;
    private SdkHttpClient http;
    private SnsClient sns;
    private DynamoDbClient dynamoDb;

    AwsClients(Configuration configuration) {
        this.configuration = configuration;
    }

    SnsClient sns() {
        if (sns == null) {
            sns = SnsClient.builder().region(region()).httpClient(http()).build();
        }
        return sns;
    }

    DynamoDbClient dynamoDb() {
        if (dynamoDb == null) {
            dynamoDb = DynamoDbClient.builder().region(region()).httpClient(http()).build();
        }
        return dynamoDb;
    }

    private SdkHttpClient http() {
        if (http == null) {
            http = UrlConnectionHttpClient.builder().build();
        }
        return http;
    }

    private Region region() {
        return Region.of(configuration.region().orElseThrow(() -> new ConfigurationException(
                List.of(Configuration.AWS_REGION + " must be set: a feature needs an AWS client"))));
    }
}
