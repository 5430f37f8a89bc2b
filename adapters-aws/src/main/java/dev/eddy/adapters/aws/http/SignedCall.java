package dev.eddy.adapters.aws.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * One AWS API call on the wire, for Eddy's own clients of a single operation ({@code
 * SnsPublishBatchClient}, {@code DynamoDbLedgerClient}): a POST to the service's endpoint, signed
 * with the AWS SDK's SigV4 signer and credentials provider, sent by an SDK HTTP client, with a hard
 * deadline. What to send and how to read the reply belong to the caller.
 *
 * <p>The deadline: until the status line and headers are in, a watchdog thread aborts the request
 * on time (only an abort from another thread can end a call that the server keeps alive); after
 * that, the reading of the body gives up at the first read that ends past the deadline, a read being
 * bounded by the HTTP client's read timeout. A reply larger than the caller's limit is given up too.
 *
 * <p>After a clock-skew error, which only the caller can recognise, {@link #adjustClock} takes the
 * time from the reply's {@code Date} header, and the next requests are signed at that time, as the
 * SDK does.
 *
 * <p>Thread-safe when the HTTP client and credentials provider are (the SDK's are).
 */
public final class SignedCall implements SdkAutoCloseable {
    /** A server time this far from ours or more is taken as our clock being off (SigV4 allows 5 minutes). */
    public static final long MIN_CLOCK_SKEW_MILLIS = 60_000;

    /** A reply: its status, its headers, its body's bytes (empty for none). */
    public record Reply(int status, SdkHttpResponse response, byte[] body) {
        /** The first value of a header, case-insensitive; null when absent. */
        public String header(String name) {
            return response.firstMatchingHeader(name).orElse(null);
        }
    }

    /**
     * No reply: the request could not be signed (no credentials yet: the environment's problem), an
     * I/O error, the deadline passed, a reply too large, or the HTTP client failed otherwise. Always
     * worth retrying; the message says which, precisely.
     */
    public static final class NoReply extends Exception {
        private static final long serialVersionUID = 1L;

        NoReply(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final SdkHttpClient http;
    private final URI endpoint;
    private final String region;
    private final String signingName;
    private final AwsCredentialsProvider credentials;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
    private final Clock signingClock;
    private final int maxReplyBytes;
    /** The service's time minus ours, learnt from a clock-skew error; 0 until then. */
    private volatile long clockOffsetMillis;

    /**
     * @param http          the SDK HTTP client that sends the requests (closed with this)
     * @param endpoint      the service's endpoint, e.g. {@code https://sns.eu-west-1.amazonaws.com}
     * @param region        the signing region
     * @param signingName   the SigV4 service name ({@code sns}, {@code dynamodb})
     * @param credentials   asked once per call (the SDK's providers cache and refresh)
     * @param signingClock  the time requests are signed at (tests fix it; null: the system clock)
     * @param maxReplyBytes the largest reply body read; a larger one fails the call
     */
    public SignedCall(SdkHttpClient http, URI endpoint, Region region, String signingName,
                      AwsCredentialsProvider credentials, Clock signingClock, int maxReplyBytes) {
        this.http = Objects.requireNonNull(http, "http");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.region = Objects.requireNonNull(region, "region").id();
        this.signingName = Objects.requireNonNull(signingName, "signingName");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.signingClock = signingClock;
        if (maxReplyBytes <= 0) {
            throw new IllegalArgumentException("maxReplyBytes must be positive, got " + maxReplyBytes);
        }
        this.maxReplyBytes = maxReplyBytes;
    }

    /** The endpoint requests go to. */
    public URI endpoint() {
        return endpoint;
    }

    /**
     * Signs and sends a POST to the endpoint with these headers (in order; {@code Content-Length} is
     * added) and body, and reads the whole reply within {@code limitMillis}.
     *
     * @throws NoReply when there is no complete reply, saying why
     */
    public Reply post(Map<String, String> headers, ContentStreamProvider body, int length, long limitMillis)
            throws NoReply {
        if (limitMillis <= 0) {
            throw new IllegalArgumentException("limitMillis must be positive, got " + limitMillis);
        }
        SdkHttpFullRequest.Builder builder = SdkHttpFullRequest.builder().method(SdkHttpMethod.POST).uri(endpoint);
        headers.forEach(builder::putHeader);
        SdkHttpFullRequest request = builder.putHeader("Content-Length", Integer.toString(length)).build();
        SignedRequest signed;
        try {
            AwsCredentials identity = credentials.resolveCredentials();
            Clock clock = signingClock();
            signed = signer.sign(r -> {
                r.identity(identity)
                        .request(request)
                        .payload(body)
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, signingName)
                        .putProperty(AwsV4HttpSigner.REGION_NAME, region);
                if (clock != null) {
                    r.putProperty(HttpSigner.SIGNING_CLOCK, clock);
                }
            });
        } catch (SdkException e) {
            throw new NoReply("could not sign the request: " + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + limitMillis * 1_000_000L;
        ExecutableHttpRequest call = null;
        Watchdog watchdog = null;
        try {
            call = http.prepareRequest(HttpExecuteRequest.builder()
                    .request(signed.request())
                    .contentStreamProvider(signed.payload().orElse(body))
                    .build());
            watchdog = Watchdog.start(call, limitMillis);
            HttpExecuteResponse response = call.call();
            watchdog.cancel();
            byte[] reply = read(call, response.responseBody().orElse(null), deadline, limitMillis);
            return new Reply(response.httpResponse().statusCode(), response.httpResponse(), reply);
        } catch (IOException | RuntimeException e) {
            boolean late = (watchdog != null && watchdog.fired()) || System.nanoTime() - deadline > 0;
            String problem = late
                    ? "no complete reply within " + limitMillis + " ms: the call was aborted"
                    : (e instanceof IOException || e instanceof UncheckedIOException ? "I/O error: " : "HTTP client error: ")
                            + e.getClass().getSimpleName() + ": " + e.getMessage();
            throw new NoReply(problem, e);
        } finally {
            if (watchdog != null) {
                watchdog.cancel();
            }
        }
    }

    /** The clock requests are signed with: the given one or the system's, corrected by the service's view of the time. */
    private Clock signingClock() {
        long offset = clockOffsetMillis;
        if (offset == 0) {
            return signingClock;
        }
        return Clock.offset(signingClock != null ? signingClock : Clock.systemUTC(), Duration.ofMillis(offset));
    }

    /**
     * After a clock-skew error, takes the time from the reply's {@code Date} header (as the SDK does),
     * so that the retry is signed at the service's time instead of failing the same way. Without a
     * readable date, nothing changes.
     *
     * @return whether the time requests are signed at changed
     */
    public boolean adjustClock(Reply reply) {
        String date = reply.header("Date");
        if (date == null) {
            return false;
        }
        try {
            Instant server = ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Clock base = signingClock != null ? signingClock : Clock.systemUTC();
            long offset = server.toEpochMilli() - base.millis();
            // Within a minute the clocks agree as far as a Date header (whole seconds, sent late) can tell.
            long before = clockOffsetMillis;
            clockOffsetMillis = Math.abs(offset) > MIN_CLOCK_SKEW_MILLIS ? offset : 0;
            return clockOffsetMillis != before;
        } catch (DateTimeParseException e) {
            // No usable server time: sign as before; the failure is reported as it is.
            return false;
        }
    }

    /**
     * The reply's body: at most {@link #maxReplyBytes}, and given up (aborted) when it is still
     * arriving at {@code deadline} (checked after each read: a read itself ends within the HTTP
     * client's read timeout).
     */
    private byte[] read(ExecutableHttpRequest call, AbortableInputStream in, long deadline, long limitMillis)
            throws IOException {
        if (in == null) {
            return new byte[0];
        }
        try (InputStream stream = in) {
            byte[] buffer = new byte[4096];
            int length = 0;
            int n;
            while ((n = stream.read(buffer, length, buffer.length - length)) >= 0) {
                length += n;
                if (System.nanoTime() - deadline > 0) {
                    call.abort();
                    throw new IOException("the reply was still arriving after " + limitMillis + " ms");
                }
                if (length == buffer.length) {
                    if (length >= maxReplyBytes) {
                        call.abort();
                        throw new IOException("the reply is larger than " + maxReplyBytes + " bytes");
                    }
                    buffer = Arrays.copyOf(buffer, Math.min(maxReplyBytes, length * 2));
                }
            }
            return Arrays.copyOf(buffer, length);
        }
    }

    @Override
    public void close() {
        http.close();
    }

    /**
     * Aborts the HTTP request when it has not been answered in time. One daemon thread for all
     * calls, started on the first; a cancelled watch leaves the queue at once.
     */
    private static final class Watchdog implements Runnable {
        private static final ScheduledThreadPoolExecutor THREAD = thread();

        private final ExecutableHttpRequest call;
        private final ScheduledFuture<?> timer;
        private volatile boolean fired;

        private Watchdog(ExecutableHttpRequest call, long millis) {
            this.call = call;
            this.timer = THREAD.schedule(this, millis, TimeUnit.MILLISECONDS);
        }

        static Watchdog start(ExecutableHttpRequest call, long millis) {
            return new Watchdog(call, millis);
        }

        @Override
        public void run() {
            fired = true;
            call.abort();
        }

        boolean fired() {
            return fired;
        }

        void cancel() {
            timer.cancel(false);
        }

        private static ScheduledThreadPoolExecutor thread() {
            ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, task -> {
                Thread thread = new Thread(task, "eddy-aws-call-watchdog");
                thread.setDaemon(true);
                return thread;
            });
            executor.setRemoveOnCancelPolicy(true);
            return executor;
        }
    }
}
