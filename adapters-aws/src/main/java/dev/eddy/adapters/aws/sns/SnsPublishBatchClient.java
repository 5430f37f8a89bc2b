package dev.eddy.adapters.aws.sns;

import dev.eddy.adapters.aws.http.SignedCall;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * SNS's PublishBatch on the wire, and nothing else: the one call Eddy makes to SNS, without the
 * generic SDK client around it.
 *
 * <p>What is Eddy's here is the awsQuery form body ({@link FormBody}, byte for byte what the SDK's
 * marshaller writes) and the reading of SNS's two XML replies ({@link SnsReplyXml}). Everything
 * else is the AWS SDK's own: the credentials provider, the SigV4 signer ({@link AwsV4HttpSigner},
 * signing name {@code sns}), the SDK HTTP client that sends the request, and the endpoint, which
 * {@link SnsClients} resolves once from the SDK's endpoint settings. {@code SnsPublishBatchClientTest}
 * sends the same batches through the SDK's {@code SnsClient} and through this class and compares
 * what reaches the HTTP client (method, address, headers, signature and body, byte for byte), and
 * how the same replies are read.
 *
 * <p>Why: on Lambda's C1-only JIT, the SDK client's generic request pipeline (interceptor chain,
 * per-call endpoint rules, the marshaller, the StAX unmarshaller, metrics and timeout stages) cost
 * about a quarter of Eddy's whole pipeline (without it the pipeline runs 1.3x faster), and building
 * it took about 300 ms of a 1.2 s cold start (docs/performance.md, rounds 3 and 5).
 *
 * <p>Every failure is a {@link SnsCallException} that says whether it is worth retrying soon
 * (throttling, a 5xx, an I/O problem, an unreadable reply) or a request SNS will never accept.
 * This class makes one attempt per call; {@link SnsNotificationPublisher} owns the retries. The call
 * itself is a {@link SignedCall}: besides the HTTP client's connect and read timeouts, it has a
 * deadline: a watchdog thread aborts
 * the request when its status and headers have not arrived in time, and the reading of the body
 * gives up when it is still arriving then (so a server that trickles its reply holds a call for at
 * most the deadline plus one read timeout). After a clock-skew error the next requests are signed
 * at the time of the reply's {@code Date} header, as the SDK does.
 *
 * <p>Thread-safe when the HTTP client and credentials provider are (the SDK's are).
 */
public final class SnsPublishBatchClient implements SdkAutoCloseable {
    /** The IAM action that authorizes PublishBatch (SNS has no separate PublishBatch action). */
    public static final String IAM_ACTION = "sns:Publish";
    /** SNS's answer to a PublishBatch with no entries. */
    private static final String EMPTY_BATCH = "EmptyBatchRequest";
    static final String CONTENT_TYPE = "application/x-www-form-urlencoded; charset=utf-8";
    static final String API_VERSION = "2010-03-31";
    /** SNS replies to a batch of 10 in a few KiB; anything past this is not an SNS reply. */
    static final int MAX_REPLY_BYTES = 1 << 20;
    /** The request's headers besides those the signer adds. */
    private static final Map<String, String> HEADERS = Map.of("Content-Type", CONTENT_TYPE);

    /**
     * Error codes worth retrying soon, like a 5xx: the ones the AWS SDK retries (its throttling,
     * clock-skew and transient codes, {@code AwsErrorCode}), plus SNS's own {@code Throttled} and
     * {@code KMSThrottling}.
     */
    private static final Set<String> RETRY_SOON = Set.of("Throttling", "ThrottlingException", "ThrottledException",
            "ProvisionedThroughputExceededException", "SlowDown", "TooManyRequestsException", "RequestLimitExceeded",
            "BandwidthLimitExceeded", "RequestThrottled", "RequestThrottledException", "EC2ThrottledException",
            "TransactionInProgressException", "PriorRequestNotComplete", "RequestTimeout", "RequestTimeoutException",
            "InternalError", "RequestTimeTooSkewed", "RequestExpired", "RequestInTheFuture",
            "Throttled", "KMSThrottling");
    /** The errors that say the request's signing time is off: the retry is signed at the reply's {@code Date}. */
    private static final Set<String> CLOCK_SKEW = Set.of("RequestTimeTooSkewed", "RequestExpired", "RequestInTheFuture",
            "InvalidSignatureException", "SignatureDoesNotMatch", "AuthFailure");

    /** One message attribute of an entry: name, SNS data type ({@code String}, {@code String.Array}, ...), value. */
    record Attribute(String name, String dataType, String value) {
        Attribute {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(dataType, "dataType");
            Objects.requireNonNull(value, "value");
        }
    }

    /** One batch entry: its id in the batch ({@code [A-Za-z0-9_-]{1,80}}), the message, its attributes in order. */
    record Entry(String id, String message, List<Attribute> attributes) {
        Entry {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(message, "message");
            attributes = List.copyOf(attributes);
        }
    }

    private final SignedCall calls;
    private final long callTimeoutMillis;

    /**
     * @param http                the SDK HTTP client that sends the requests (closed with this client)
     * @param endpoint            SNS's endpoint, e.g. {@code https://sns.eu-west-1.amazonaws.com}
     * @param region              the signing region
     * @param credentials         asked once per call (the SDK's providers cache and refresh)
     * @param callTimeoutMillis   the hard limit on one call, from sending to the reply's last byte
     * @param signingClock        the time requests are signed at (tests fix it; null: the system clock)
     */
    SnsPublishBatchClient(SdkHttpClient http, URI endpoint, Region region, AwsCredentialsProvider credentials,
                          long callTimeoutMillis, Clock signingClock) {
        this.calls = new SignedCall(http, endpoint, region, "sns", credentials, signingClock, MAX_REPLY_BYTES);
        if (callTimeoutMillis <= 0) {
            throw new IllegalArgumentException("callTimeoutMillis must be positive, got " + callTimeoutMillis);
        }
        this.callTimeoutMillis = callTimeoutMillis;
    }

    /**
     * Makes the client's first request now, publishing nothing: a PublishBatch with no entries, which
     * SNS rejects with {@code EmptyBatchRequest} (a documented 400) before publishing anything. On the
     * way it resolves the credentials, signs, resolves SNS's address and opens the connection (with
     * its TLS handshake on AWS), which the HTTP client keeps alive for the next request, and runs all
     * that code once. An on-demand Lambda start does this in init, on a full vCPU, so that its first
     * batch, on the memory size's share of one, does not (docs/performance.md, round 8).
     *
     * <p>It needs what publishing needs ({@value #IAM_ACTION} on the topic) and nothing more. Never
     * call it where a connection must not be opened, such as before a SnapStart snapshot.
     *
     * <p>The call is given at most {@code limit} (and never more than a publishing call): a slow
     * SNS must not hold an init, which Lambda limits to 10 seconds. The limit is enforced as for any
     * call: until the reply's headers arrive the call is aborted on time; after that, the reading
     * stops at the first read that ends past it, a read being bounded by the socket timeout.
     *
     * @return empty when SNS answered as expected: the rejection, or an empty success (as some
     *         emulators answer an empty batch); otherwise what happened instead, for a warning
     */
    public Optional<String> warmUpConnection(String topicArn, Duration limit) {
        Objects.requireNonNull(topicArn, "topicArn");
        long millis = Math.min(callTimeoutMillis, Math.max(1, limit.toMillis()));
        try {
            SnsReplyXml.BatchReply reply = publishBatch(topicArn, List.of(), millis);
            return reply.successful().isEmpty() && reply.failed().isEmpty()
                    ? Optional.empty()
                    : Optional.of("SNS reported entries for a PublishBatch that had none: " + reply);
        } catch (SnsCallException e) {
            return EMPTY_BATCH.equals(e.code()) ? Optional.empty() : Optional.of(e.getMessage());
        } catch (RuntimeException e) {
            return Optional.of("HTTP client error: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /**
     * Publishes one batch (1 to 10 entries, which the caller keeps within SNS's limits) to a topic.
     *
     * @return the ids SNS reports as published and the entries it reports as failed; an entry in
     *         neither was not reported at all
     * @throws SnsCallException when the call as a whole failed: no reply, an error reply, or a reply
     *                          that could not be read
     */
    SnsReplyXml.BatchReply publishBatch(String topicArn, List<Entry> entries) throws SnsCallException {
        return publishBatch(topicArn, entries, callTimeoutMillis);
    }

    /**
     * {@link #publishBatch(String, List)}, given at most {@code limitMillis} (and never more than a
     * publishing call), as {@link #warmUpConnection} is: a deadline closer than the call's own limit
     * ends the call there.
     */
    SnsReplyXml.BatchReply publishBatch(String topicArn, List<Entry> entries, long limitMillis)
            throws SnsCallException {
        FormBody body = body(topicArn, entries);
        SignedCall.Reply response;
        try {
            response = calls.post(HEADERS, body::newStream, body.length(),
                    Math.max(1, Math.min(limitMillis, callTimeoutMillis)));
        } catch (SignedCall.NoReply e) {
            // No credentials (yet), I/O, the deadline: worth retrying.
            throw new SnsCallException(0, null, e.getMessage(), true, false);
        }
        String reply = new String(response.body(), StandardCharsets.UTF_8);
        int status = response.status();
        if (status == 200) {
            try {
                return SnsReplyXml.publishBatch(reply);
            } catch (SnsReplyXml.MalformedReply e) {
                // SNS may have published: a retry can repeat messages, which carry eddy-id for consumers to drop.
                throw new SnsCallException(status, null, "unreadable PublishBatch reply (" + e.getMessage() + "): "
                        + SnsReplyXml.excerpt(reply), true, false);
            }
        }
        SnsCallException failure = failure(status, reply);
        if (failure.code() != null && CLOCK_SKEW.contains(failure.code())) {
            calls.adjustClock(response);
        }
        throw failure;
    }

    /** The awsQuery parameters, in the order the SDK's marshaller writes them. */
    static FormBody body(String topicArn, List<Entry> entries) {
        int size = 128 + topicArn.length();
        for (Entry e : entries) {
            size += e.message().length() + 240 * (1 + e.attributes().size());
        }
        FormBody body = FormBody.empty(size + (size >> 1));
        body.key(QueryKeys.ACTION).value("PublishBatch");
        body.key(QueryKeys.VERSION).value(API_VERSION);
        body.key(QueryKeys.TOPIC_ARN).value(topicArn);
        if (entries.isEmpty()) {
            // As the SDK marshals an explicitly empty list (the connection warm-up's batch).
            body.key(QueryKeys.ENTRIES).value("");
        }
        for (int i = 0; i < entries.size(); i++) {
            Entry entry = entries.get(i);
            int member = i + 1;
            body.key(QueryKeys.member(member, QueryKeys.ID)).value(entry.id());
            body.key(QueryKeys.member(member, QueryKeys.MESSAGE)).value(entry.message());
            List<Attribute> attributes = entry.attributes();
            for (int a = 0; a < attributes.size(); a++) {
                Attribute attribute = attributes.get(a);
                body.key(QueryKeys.attribute(member, a + 1, QueryKeys.NAME)).value(attribute.name());
                body.key(QueryKeys.attribute(member, a + 1, QueryKeys.DATA_TYPE)).value(attribute.dataType());
                body.key(QueryKeys.attribute(member, a + 1, QueryKeys.STRING_VALUE)).value(attribute.value());
            }
        }
        return body;
    }

    /**
     * PublishBatch's parameter names as the bytes of the form body, made once: for the 10 entries
     * of a batch and 10 attributes each (SNS's limits), and on demand past them.
     */
    private static final class QueryKeys {
        static final byte[] ACTION = FormBody.plainKey("Action");
        static final byte[] VERSION = FormBody.plainKey("Version");
        static final byte[] TOPIC_ARN = FormBody.plainKey("TopicArn");
        static final byte[] ENTRIES = FormBody.plainKey("PublishBatchRequestEntries");
        static final int ID = 0;
        static final int MESSAGE = 1;
        static final int NAME = 0;
        static final int DATA_TYPE = 1;
        static final int STRING_VALUE = 2;
        private static final String[] MEMBER_FIELDS = {".Id", ".Message"};
        private static final String[] ATTRIBUTE_FIELDS = {".Name", ".Value.DataType", ".Value.StringValue"};
        private static final int TABLED = 10;
        private static final byte[][][] MEMBERS = new byte[TABLED + 1][][];
        private static final byte[][][][] ATTRIBUTES = new byte[TABLED + 1][TABLED + 1][][];

        static {
            for (int m = 1; m <= TABLED; m++) {
                MEMBERS[m] = new byte[MEMBER_FIELDS.length][];
                for (int f = 0; f < MEMBER_FIELDS.length; f++) {
                    MEMBERS[m][f] = FormBody.plainKey(memberKey(m, f));
                }
                for (int a = 1; a <= TABLED; a++) {
                    ATTRIBUTES[m][a] = new byte[ATTRIBUTE_FIELDS.length][];
                    for (int f = 0; f < ATTRIBUTE_FIELDS.length; f++) {
                        ATTRIBUTES[m][a][f] = FormBody.plainKey(attributeKey(m, a, f));
                    }
                }
            }
        }

        private QueryKeys() {
        }

        static byte[] member(int member, int field) {
            return member <= TABLED ? MEMBERS[member][field] : FormBody.plainKey(memberKey(member, field));
        }

        static byte[] attribute(int member, int attribute, int field) {
            return member <= TABLED && attribute <= TABLED ? ATTRIBUTES[member][attribute][field]
                    : FormBody.plainKey(attributeKey(member, attribute, field));
        }

        private static String memberKey(int member, int field) {
            return "PublishBatchRequestEntries.member." + member + MEMBER_FIELDS[field];
        }

        private static String attributeKey(int member, int attribute, int field) {
            return "PublishBatchRequestEntries.member." + member + ".MessageAttributes.entry." + attribute + ATTRIBUTE_FIELDS[field];
        }
    }

    /** What a non-200 reply means: SNS's error code and message when the body is an ErrorResponse. */
    static SnsCallException failure(int status, String reply) {
        SnsReplyXml.ErrorReply error = SnsReplyXml.error(reply);
        String code = error == null ? null : error.code();
        String description = error == null
                ? status + " without an SNS error document: " + SnsReplyXml.excerpt(reply)
                : status + " " + code + ": " + error.message();
        boolean transientFailure = status >= 500 || status == 429 || (code != null && RETRY_SOON.contains(code));
        return new SnsCallException(status, code, description, transientFailure, !transientFailure && isInvalidRequest(code));
    }

    /** Whether an error code is one worth retrying soon, like a 5xx ({@link #RETRY_SOON}). */
    static boolean retrySoon(String code) {
        return code != null && RETRY_SOON.contains(code);
    }

    /** Codes for a request SNS will never accept as it is. */
    private static boolean isInvalidRequest(String code) {
        return code != null && (code.startsWith("InvalidParameter") || code.startsWith("Batch")
                || code.equals("TooManyEntriesInBatchRequest") || code.equals(EMPTY_BATCH)
                || code.equals("InvalidBatchEntryId") || code.equals("ValidationError") || code.equals("ValidationException")
                || code.equals("ParameterValueInvalid"));
    }

    @Override
    public void close() {
        calls.close();
    }
}
