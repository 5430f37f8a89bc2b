package dev.eddy.adapters.aws.dynamodb;

import dev.eddy.application.port.out.DeliveryLedger;
import dev.eddy.application.projection.ProjectionStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * The DynamoDB adapters, for the composition root. Build one client per Lambda container, at
 * initialisation, and share it between the projection store and the ledger.
 *
 * <p>IAM for both: on the projection table {@code dynamodb:UpdateItem}, {@code dynamodb:DeleteItem},
 * {@code dynamodb:GetItem}; on the ledger table {@code dynamodb:BatchGetItem},
 * {@code dynamodb:BatchWriteItem}.
 */
public final class DynamoDbAdapters {
    /**
     * The IAM actions {@link #projectionStore} needs on the projection table. The Terraform contract
     * tests compare this with the SDK calls in the store and with the execution role's policy.
     */
    public static final List<String> PROJECTION_STORE_IAM_ACTIONS =
            List.of("dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:GetItem");
    /**
     * The IAM actions {@link #deliveryLedger} needs on the ledger table (its writes are
     * BatchWriteItem put requests: no PutItem). Checked like {@link #PROJECTION_STORE_IAM_ACTIONS}.
     */
    public static final List<String> DELIVERY_LEDGER_IAM_ACTIONS =
            List.of("dynamodb:BatchGetItem", "dynamodb:BatchWriteItem");

    /** A whole call, retries included. Short: a stuck call must leave time to report the record failed. */
    public static final Duration API_CALL_TIMEOUT = Duration.ofSeconds(5);
    /** One HTTP attempt. DynamoDB answers in milliseconds; an attempt beyond this is retried. */
    public static final Duration API_CALL_ATTEMPT_TIMEOUT = Duration.ofMillis(1500);

    /**
     * A client with the URL connection HTTP client (small and quick to start at 256 MB), the given
     * region, explicit timeouts and the SDK's STANDARD retry mode (3 attempts, exponential backoff
     * with jitter, throttling included). Credentials and endpoint come from the environment:
     * {@code AWS_ENDPOINT_URL_DYNAMODB} overrides the endpoint.
     */
    public static DynamoDbClient client(Region region) {
        return client(region, API_CALL_TIMEOUT, API_CALL_ATTEMPT_TIMEOUT);
    }

    public static DynamoDbClient client(Region region, Duration apiCallTimeout, Duration apiCallAttemptTimeout) {
        return configured(region, apiCallTimeout, apiCallAttemptTimeout)
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(1))
                        .socketTimeout(apiCallAttemptTimeout))
                .build();
    }

    /**
     * A client that reaches no network: the same configuration, with static placeholder credentials
     * and the given in-memory HTTP client (for SnapStart priming).
     */
    public static DynamoDbClient inMemoryClient(Region region, InMemoryDynamoDbHttpClient http) {
        return configured(region, API_CALL_TIMEOUT, API_CALL_ATTEMPT_TIMEOUT)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("in-memory", "in-memory")))
                .httpClient(http)
                .build();
    }

    /** Everything but the HTTP client (and the credentials, which default to the SDK's chain). */
    private static DynamoDbClientBuilder configured(Region region, Duration apiCallTimeout, Duration apiCallAttemptTimeout) {
        return DynamoDbClient.builder()
                .region(region)
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .apiCallTimeout(apiCallTimeout)
                        .apiCallAttemptTimeout(apiCallAttemptTimeout)
                        .retryStrategy(RetryMode.STANDARD)
                        .build());
    }

    /** Projection items in the table named by PROJECTION_TABLE (key pk S, sk S). */
    public static ProjectionStore projectionStore(DynamoDbClient client, String table) {
        return new DynamoDbProjectionStore(client, table);
    }

    /** The delivery ledger in the table named by LEDGER_TABLE (key id S, TTL expiresAt), entries kept 7 days. */
    public static DeliveryLedger deliveryLedger(DynamoDbClient client, String table) {
        return deliveryLedger(client, table, DynamoDbDeliveryLedger.DEFAULT_RETENTION, Clock.systemUTC());
    }

    /** The delivery ledger with entries kept for {@code retention} (more than 24 hours). */
    public static DeliveryLedger deliveryLedger(DynamoDbClient client, String table, Duration retention, Clock clock) {
        return new DynamoDbDeliveryLedger(client, table, retention, clock);
    }

    private DynamoDbAdapters() {
    }
}
