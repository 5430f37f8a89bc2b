package dev.eddy.adapters.aws.dynamodb;

import dev.eddy.adapters.aws.http.InMemoryHttpClient;
import dev.eddy.adapters.aws.http.SignedCall;
import dev.eddy.application.port.out.DeliveryLedger;
import dev.eddy.application.projection.ProjectionStore;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.endpoint.AwsClientEndpointProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * The DynamoDB adapters, for the composition root. Build each client once per Lambda container, at
 * initialisation: the SDK's {@link DynamoDbClient} for the projection store, and Eddy's own
 * {@link DynamoDbLedgerClient} for the delivery ledger.
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
    /** The host prefix of a FIPS endpoint that GovCloud names otherwise ({@link #endpoint}). */
    private static final String GOV_FIPS_PREFIX = "dynamodb-fips.";
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
                .credentialsProvider(InMemoryHttpClient.PLACEHOLDER_CREDENTIALS)
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

    /**
     * The ledger's client: the URL connection HTTP client, the given region, the default credentials
     * chain, one attempt per call limited to {@link #API_CALL_ATTEMPT_TIMEOUT} (the ledger retries).
     * The endpoint is DynamoDB's for the region, resolved once by the SDK's own
     * {@link AwsClientEndpointProvider} with DynamoDB's settings, as an SDK {@code DynamoDbClient}
     * resolves its client endpoint: {@code AWS_ENDPOINT_URL_DYNAMODB}, then {@code AWS_ENDPOINT_URL}
     * (and their system-property and profile-file twins, unless
     * {@code AWS_IGNORE_CONFIGURED_ENDPOINT_URLS}), else {@code https://dynamodb.<region>.<partition's
     * DNS suffix>}, FIPS and dual-stack when {@code AWS_USE_FIPS_ENDPOINT} /
     * {@code AWS_USE_DUALSTACK_ENDPOINT} say so.
     */
    public static DynamoDbLedgerClient ledgerClient(Region region) {
        return ledgerClient(region, DefaultCredentialsProvider.builder().build());
    }

    /** The same with these credentials (a chain shared with the function's other clients). */
    public static DynamoDbLedgerClient ledgerClient(Region region, AwsCredentialsProvider credentials) {
        return ledgerClient(region, endpoint(region), credentials);
    }

    /** The ledger's client for an explicit endpoint and credentials (the local runtime's DynamoDB, tests). */
    public static DynamoDbLedgerClient ledgerClient(Region region, URI endpoint, AwsCredentialsProvider credentials) {
        return ledgerClient(region, endpoint, credentials, UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(1))
                .socketTimeout(API_CALL_ATTEMPT_TIMEOUT)
                .build());
    }

    /**
     * A ledger client that reaches no network: static placeholder credentials and the given in-memory
     * HTTP client (for SnapStart priming). The endpoint is resolved as usual, but {@code http}
     * answers every request itself.
     */
    public static DynamoDbLedgerClient inMemoryLedgerClient(Region region, InMemoryDynamoDbHttpClient http) {
        Objects.requireNonNull(http, "http");
        return ledgerClient(region, endpoint(region),
                InMemoryHttpClient.PLACEHOLDER_CREDENTIALS, http);
    }

    static DynamoDbLedgerClient ledgerClient(Region region, URI endpoint, AwsCredentialsProvider credentials,
                                             SdkHttpClient http) {
        return ledgerClient(region, endpoint, credentials, http, null);
    }

    /** @param signingClock the time requests are signed at (tests fix it; null: the system clock) */
    static DynamoDbLedgerClient ledgerClient(Region region, URI endpoint, AwsCredentialsProvider credentials,
                                             SdkHttpClient http, Clock signingClock) {
        // The SDK's client posts to the root path; so do we, whatever form the endpoint was given in.
        URI root = endpoint.getRawPath() == null || endpoint.getRawPath().isEmpty() ? endpoint.resolve("/") : endpoint;
        return new DynamoDbLedgerClient(new SignedCall(http, root, region, "dynamodb", credentials, signingClock,
                DynamoDbLedgerClient.MAX_REPLY_BYTES), API_CALL_ATTEMPT_TIMEOUT.toMillis());
    }

    /**
     * DynamoDB's endpoint for the region, from the SDK's endpoint settings (see {@link #ledgerClient(Region)}).
     * One correction, from DynamoDB's own endpoint rules:
     * in GovCloud, whose DynamoDB endpoints are FIPS endpoints, FIPS without dual-stack is the regional
     * endpoint ({@code dynamodb.us-gov-west-1.amazonaws.com}), not a {@code dynamodb-fips} host.
     * {@code DynamoDbLedgerClientTest} compares every region, plain, FIPS and dual-stack, with the
     * SDK's rules. DynamoDB's account-ID endpoints are not used: the SDK's client picks them only when
     * the credentials carry an account ID, and the regional endpoint serves every account.
     */
    static URI endpoint(Region region) {
        Objects.requireNonNull(region, "region");
        AwsClientEndpointProvider provider = AwsClientEndpointProvider.builder()
                .serviceEndpointOverrideEnvironmentVariable("AWS_ENDPOINT_URL_DYNAMODB")
                .serviceEndpointOverrideSystemProperty("aws.endpointUrlDynamoDb")
                .serviceProfileProperty("dynamodb")
                .serviceEndpointPrefix("dynamodb")
                .defaultProtocol("https")
                .region(region)
                .build();
        URI endpoint = provider.clientEndpoint();
        String host = endpoint.getHost();
        if (!provider.isEndpointOverridden() && host != null && host.startsWith(GOV_FIPS_PREFIX)
                && host.endsWith(".amazonaws.com") && region.metadata() != null
                && "aws-us-gov".equals(region.metadata().partition().id())) {
            endpoint = URI.create(endpoint.getScheme() + "://dynamodb." + host.substring(GOV_FIPS_PREFIX.length()));
        }
        return endpoint;
    }

    /** The delivery ledger in the table named by LEDGER_TABLE (key id S, TTL expiresAt), entries kept 7 days. */
    public static DeliveryLedger deliveryLedger(DynamoDbLedgerClient client, String table) {
        return deliveryLedger(client, table, DynamoDbDeliveryLedger.DEFAULT_RETENTION, Clock.systemUTC());
    }

    /** The delivery ledger with entries kept for {@code retention} (more than 24 hours). */
    public static DeliveryLedger deliveryLedger(DynamoDbLedgerClient client, String table, Duration retention, Clock clock) {
        return new DynamoDbDeliveryLedger(client, table, retention, clock);
    }

    private DynamoDbAdapters() {
    }
}
