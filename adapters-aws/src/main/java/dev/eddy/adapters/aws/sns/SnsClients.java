package dev.eddy.adapters.aws.sns;

import dev.eddy.adapters.aws.http.InMemoryHttpClient;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.endpoint.AwsClientEndpointProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * Builds the {@link SnsPublishBatchClient} the publisher uses: the small URLConnection HTTP client
 * (no Apache, no Netty: less to load at cold start), an explicit region, explicit timeouts, one
 * attempt per call. All retrying is done by {@link SnsNotificationPublisher}, which knows which
 * batch entries failed and resends only those, with its own bounded backoff.
 *
 * <p>The endpoint is resolved once, here, by the SDK's own {@link AwsClientEndpointProvider} with
 * SNS's settings, exactly as an SDK {@code SnsClient} resolves its client endpoint:
 * {@code AWS_ENDPOINT_URL_SNS}, then {@code AWS_ENDPOINT_URL} (and their system-property and
 * profile-file twins, unless {@code AWS_IGNORE_CONFIGURED_ENDPOINT_URLS}), else the region's SNS
 * endpoint from the SDK's region metadata ({@code https://sns.<region>.<partition's DNS suffix>},
 * FIPS and dual-stack when {@code AWS_USE_FIPS_ENDPOINT} / {@code AWS_USE_DUALSTACK_ENDPOINT} say so).
 */
public final class SnsClients {
    /** Time to connect to SNS. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);
    /** The HTTP client's read timeout: no byte of the reply for this long ends the call. */
    public static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(3);
    /**
     * The limit on one call (one attempt per call): a request still waiting for its status and
     * headers then is aborted, and a body still arriving then is given up after the read in progress.
     */
    public static final Duration CALL_TIMEOUT = Duration.ofSeconds(4);

    private SnsClients() {
    }

    /** The production client: the default credentials chain, the SDK's endpoint settings. */
    public static SnsPublishBatchClient create(Region region) {
        return create(region, DefaultCredentialsProvider.builder().build());
    }

    /** The production client with these credentials (a chain shared with the function's other clients). */
    public static SnsPublishBatchClient create(Region region, AwsCredentialsProvider credentials) {
        return create(region, endpoint(region), credentials);
    }

    /** A client for an explicit endpoint, such as a loopback server in tests or a local emulator. */
    public static SnsPublishBatchClient create(Region region, URI endpoint, AwsCredentialsProvider credentials) {
        return create(region, endpoint, credentials, UrlConnectionHttpClient.builder()
                .connectionTimeout(CONNECT_TIMEOUT)
                .socketTimeout(ATTEMPT_TIMEOUT)
                .build());
    }

    /**
     * A client that reaches no network: the same configuration, with static placeholder credentials
     * and the given in-memory HTTP client (for SnapStart priming and benchmarks). The endpoint is
     * resolved as usual, but {@code http} answers every request itself.
     */
    public static SnsPublishBatchClient inMemory(Region region, InMemorySnsHttpClient http) {
        Objects.requireNonNull(http, "http");
        return create(region, endpoint(region),
                InMemoryHttpClient.PLACEHOLDER_CREDENTIALS, http);
    }

    static SnsPublishBatchClient create(Region region, URI endpoint, AwsCredentialsProvider credentials, SdkHttpClient http) {
        return new SnsPublishBatchClient(http, endpoint, region, credentials, CALL_TIMEOUT.toMillis(), null);
    }

    /** SNS's endpoint for the region, from the SDK's endpoint settings (see the class comment). */
    static URI endpoint(Region region) {
        Objects.requireNonNull(region, "region");
        return AwsClientEndpointProvider.builder()
                .serviceEndpointOverrideEnvironmentVariable("AWS_ENDPOINT_URL_SNS")
                .serviceEndpointOverrideSystemProperty("aws.endpointUrlSns")
                .serviceProfileProperty("sns")
                .serviceEndpointPrefix("sns")
                .defaultProtocol("https")
                .region(region)
                .build()
                .clientEndpoint();
    }
}
