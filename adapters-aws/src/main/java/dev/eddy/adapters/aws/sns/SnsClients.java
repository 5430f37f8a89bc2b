package dev.eddy.adapters.aws.sns;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.SnsClientBuilder;

/**
 * Builds the {@link SnsClient} the publisher uses: the small URLConnection HTTP client (no Apache,
 * no Netty: less to load at cold start), an explicit region, explicit timeouts, and <b>no SDK
 * retries</b> ({@link AwsRetryStrategy#doNotRetry()}, one attempt per call). All retrying is done
 * by {@link SnsNotificationPublisher}, which knows which batch entries failed and resends only
 * those, with its own bounded backoff; SDK retries on top would multiply the attempts. Request
 * bodies are form-encoded by {@link FormBodyInterceptor}: the SDK's bytes, written faster.
 *
 * <p>Without an explicit endpoint the SDK picks it, honouring {@code AWS_ENDPOINT_URL_SNS} and
 * {@code AWS_ENDPOINT_URL} itself.
 */
public final class SnsClients {
    /** Time for one HTTP attempt, connect to last byte. */
    public static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(3);
    /** Time for one call; equals the attempt timeout, as the SDK does not retry. */
    public static final Duration CALL_TIMEOUT = Duration.ofSeconds(4);

    private SnsClients() {
    }

    /** The production client: the default credentials chain, the SDK's endpoint resolution. */
    public static SnsClient create(Region region) {
        return builder(region, DefaultCredentialsProvider.builder().build()).build();
    }

    /** A client for an explicit endpoint, such as a loopback server in tests or a local emulator. */
    public static SnsClient create(Region region, URI endpoint, AwsCredentialsProvider credentials) {
        Objects.requireNonNull(endpoint, "endpoint");
        return builder(region, credentials).endpointOverride(endpoint).build();
    }

    /**
     * A client that reaches no network: the same configuration, with static placeholder credentials
     * and the given in-memory HTTP client (for SnapStart priming and benchmarks). The SDK resolves
     * the region's endpoint as usual, but {@code http} answers every request itself.
     */
    public static SnsClient inMemory(Region region, InMemorySnsHttpClient http) {
        Objects.requireNonNull(http, "http");
        return configured(region, StaticCredentialsProvider.create(AwsBasicCredentials.create("in-memory", "in-memory")))
                .httpClient(http)
                .build();
    }

    private static SnsClientBuilder builder(Region region, AwsCredentialsProvider credentials) {
        return configured(region, credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(1))
                        .socketTimeout(ATTEMPT_TIMEOUT));
    }

    /** Everything but the HTTP client. */
    private static SnsClientBuilder configured(Region region, AwsCredentialsProvider credentials) {
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(credentials, "credentials");
        return SnsClient.builder()
                .region(region)
                .credentialsProvider(credentials)
                .overrideConfiguration(overrides().addExecutionInterceptor(new FormBodyInterceptor()).build());
    }

    /** No SDK retries, the timeouts; without the body interceptor (tests compare with and without it). */
    static ClientOverrideConfiguration.Builder overrides() {
        return ClientOverrideConfiguration.builder()
                .retryStrategy(AwsRetryStrategy.doNotRetry())
                .apiCallAttemptTimeout(ATTEMPT_TIMEOUT)
                .apiCallTimeout(CALL_TIMEOUT);
    }
}
