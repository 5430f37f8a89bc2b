package dev.eddy.bootstrap.lambda;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * Replays a shard's records through a handler the way a DynamoDB stream event source mapping
 * with {@code ReportBatchItemFailures} does:
 *
 * <ul>
 *   <li>The whole batch is sent as Lambda event JSON, read by the runtime's own serializer; the
 *       response is written and read back as JSON the same way.</li>
 *   <li>An empty {@code batchItemFailures} checkpoints the whole batch.</li>
 *   <li>A reported item checkpoints everything before it; the batch is retried from that
 *       sequence number. A reported item that is not in the batch (or null/empty) fails the
 *       whole batch, as Lambda does.</li>
 *   <li>A handler exception, or an invocation that outlives its timeout, fails the whole batch;
 *       with {@code bisect_batch_on_function_error} the batch is split in two halves first (a
 *       split does not count as a retry, as in Lambda), otherwise it is retried as is.</li>
 *   <li>Each batch is retried at most {@code maximum_retry_attempts} times (default 5, the
 *       Terraform module's default); what is left then goes to the on-failure destination
 *       (only its metadata, in Lambda; here its sequence numbers) and the shard moves on.</li>
 * </ul>
 *
 * It returns everything that happened, for assertions.
 */
final class LambdaReplayDriver {
    static final int DEFAULT_MAXIMUM_RETRY_ATTEMPTS = 5;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** How one invocation ended. */
    enum Ending { SUCCESS, PARTIAL_FAILURE, INVALID_FAILURE_ID, FUNCTION_ERROR, TIMEOUT }

    /** One invocation: the sequence numbers sent, how it ended, the reported item, and the time it took. */
    record Invocation(List<String> sent, Ending ending, String reported, String error, long millis) {
    }

    /** Everything that happened. */
    record Replay(List<Invocation> invocations, List<String> checkpointed, List<String> onFailure) {
        int retries() {
            return invocations.size() - 1;
        }

        /** Each record checkpointed once or sent to the on-failure destination once, nothing else. */
        boolean accountsFor(List<String> sequenceNumbers) {
            List<String> all = new ArrayList<>(checkpointed);
            all.addAll(onFailure);
            return all.size() == sequenceNumbers.size() && all.containsAll(sequenceNumbers);
        }

        @Override
        public String toString() {
            StringBuilder text = new StringBuilder();
            for (Invocation i : invocations) {
                text.append(i.sent().size()).append(" record(s) -> ").append(i.ending())
                        .append(i.reported() == null ? "" : " " + i.reported())
                        .append(i.error() == null ? "" : " (" + i.error() + ")")
                        .append(" in ").append(i.millis()).append(" ms\n");
            }
            return text.append("checkpointed ").append(checkpointed.size()).append(", on-failure ").append(onFailure)
                    .toString();
        }
    }

    private final int maximumRetryAttempts;
    private final boolean bisectOnFunctionError;
    private final int timeoutMillis;
    private IntFunction<Context> contexts;

    private LambdaReplayDriver(int maximumRetryAttempts, boolean bisectOnFunctionError, int timeoutMillis) {
        this.maximumRetryAttempts = maximumRetryAttempts;
        this.bisectOnFunctionError = bisectOnFunctionError;
        this.timeoutMillis = timeoutMillis;
        this.contexts = invocation -> new DeadlineContext("invocation-" + invocation, timeoutMillis);
    }

    /** maximum_retry_attempts 5, bisect_batch_on_function_error true, a 60 s function timeout. */
    static LambdaReplayDriver lambdaDefaults() {
        return new LambdaReplayDriver(DEFAULT_MAXIMUM_RETRY_ATTEMPTS, true, 60_000);
    }

    static LambdaReplayDriver with(int maximumRetryAttempts, boolean bisect, int timeoutMillis) {
        return new LambdaReplayDriver(maximumRetryAttempts, bisect, timeoutMillis);
    }

    /** The context of each invocation (numbered from 1); by default its remaining time runs down in real time. */
    LambdaReplayDriver contexts(IntFunction<Context> contexts) {
        this.contexts = Objects.requireNonNull(contexts, "contexts");
        return this;
    }

    /** Replays {@code records} (Lambda event JSON records, in shard order) as one batch, with its retries. */
    Replay replay(List<ObjectNode> records, RequestHandler<DynamodbEvent, StreamsEventResponse> handler) {
        List<Invocation> invocations = new ArrayList<>();
        List<String> checkpointed = new ArrayList<>();
        List<String> onFailure = new ArrayList<>();
        Deque<Pending> work = new ArrayDeque<>();
        work.add(new Pending(records, 0));
        while (!work.isEmpty()) {
            Pending batch = work.poll();
            Invocation invocation = invoke(batch.records, handler, invocations.size() + 1);
            invocations.add(invocation);
            switch (invocation.ending()) {
                case SUCCESS:
                    checkpointed.addAll(invocation.sent());
                    break;
                case PARTIAL_FAILURE: {
                    int at = invocation.sent().indexOf(invocation.reported());
                    checkpointed.addAll(invocation.sent().subList(0, at));
                    List<ObjectNode> rest = batch.records.subList(at, batch.records.size());
                    retryOrGiveUp(new Pending(rest, batch.retries), work, onFailure);
                    break;
                }
                case INVALID_FAILURE_ID:
                case FUNCTION_ERROR:
                case TIMEOUT:
                default:
                    if (invocation.ending() != Ending.INVALID_FAILURE_ID && bisectOnFunctionError && batch.records.size() > 1) {
                        int half = batch.records.size() / 2;
                        // Depth first, in order: the first half is finished before the second starts.
                        work.addFirst(new Pending(batch.records.subList(half, batch.records.size()), batch.retries));
                        work.addFirst(new Pending(batch.records.subList(0, half), batch.retries));
                    } else {
                        retryOrGiveUp(batch, work, onFailure);
                    }
                    break;
            }
        }
        // Not List.copyOf: a malformed record may have no sequence number.
        return new Replay(List.copyOf(invocations), java.util.Collections.unmodifiableList(checkpointed),
                java.util.Collections.unmodifiableList(onFailure));
    }

    private void retryOrGiveUp(Pending batch, Deque<Pending> work, List<String> onFailure) {
        if (batch.retries >= maximumRetryAttempts) {
            for (ObjectNode record : batch.records) {
                onFailure.add(sequenceNumber(record));
            }
        } else {
            work.addFirst(new Pending(batch.records, batch.retries + 1));
        }
    }

    private record Pending(List<ObjectNode> records, int retries) {
    }

    private Invocation invoke(List<ObjectNode> records, RequestHandler<DynamodbEvent, StreamsEventResponse> handler,
                              int number) {
        List<String> sent = new ArrayList<>();
        ObjectNode event = JSON.createObjectNode();
        ArrayNode array = event.putArray("Records");
        for (ObjectNode record : records) {
            array.add(record);
            sent.add(sequenceNumber(record));
        }
        DynamodbEvent input = serializer(DynamodbEvent.class).fromJson(event.toString());
        long start = System.nanoTime();
        StreamsEventResponse response;
        try {
            response = handler.handleRequest(input, contexts.apply(number));
        } catch (RuntimeException | Error e) {
            return new Invocation(sent, Ending.FUNCTION_ERROR, null, e.getClass().getSimpleName(), elapsed(start));
        }
        long millis = elapsed(start);
        if (millis > timeoutMillis) {
            // Lambda killed the function at its timeout: whatever it did stays done, its answer is lost.
            return new Invocation(sent, Ending.TIMEOUT, null, "ran " + millis + " ms of " + timeoutMillis, millis);
        }
        JsonNode answer = answer(response);
        JsonNode failures = answer.path("batchItemFailures");
        if (!failures.isArray() || failures.isEmpty()) {
            return new Invocation(sent, Ending.SUCCESS, null, null, millis);
        }
        // Lambda checkpoints at the lowest reported sequence number.
        String lowest = null;
        for (JsonNode failure : failures) {
            JsonNode id = failure.get("itemIdentifier");
            if (id == null || !id.isTextual() || id.asText().isEmpty() || !sent.contains(id.asText())) {
                return new Invocation(sent, Ending.INVALID_FAILURE_ID, id == null ? null : id.asText(), null, millis);
            }
            if (lowest == null || sent.indexOf(id.asText()) < sent.indexOf(lowest)) {
                lowest = id.asText();
            }
        }
        return new Invocation(sent, Ending.PARTIAL_FAILURE, lowest, null, millis);
    }

    private static JsonNode answer(StreamsEventResponse response) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        serializer(StreamsEventResponse.class).toJson(response, out);
        try {
            return JSON.readTree(out.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String sequenceNumber(JsonNode record) {
        return record.path("dynamodb").path("SequenceNumber").asText(null);
    }

    private static long elapsed(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private static <T> PojoSerializer<T> serializer(Class<T> type) {
        return LambdaEventSerializers.serializerFor(type, LambdaReplayDriver.class.getClassLoader());
    }

    /** A context whose remaining time runs down from the function timeout in real time. */
    static class DeadlineContext implements Context {
        private final String requestId;
        private final long deadlineNanos;

        DeadlineContext(String requestId, int timeoutMillis) {
            this.requestId = requestId;
            this.deadlineNanos = System.nanoTime() + timeoutMillis * 1_000_000L;
        }

        @Override
        public int getRemainingTimeInMillis() {
            return (int) Math.max(0, (deadlineNanos - System.nanoTime()) / 1_000_000);
        }

        @Override
        public String getAwsRequestId() {
            return requestId;
        }

        @Override
        public String getLogGroupName() {
            return "/aws/lambda/eddy-reliability";
        }

        @Override
        public String getLogStreamName() {
            return "reliability";
        }

        @Override
        public String getFunctionName() {
            return "eddy-reliability";
        }

        @Override
        public String getFunctionVersion() {
            return "$LATEST";
        }

        @Override
        public String getInvokedFunctionArn() {
            return "arn:aws:lambda:eu-west-1:123456789012:function:eddy-reliability";
        }

        @Override
        public CognitoIdentity getIdentity() {
            return null;
        }

        @Override
        public ClientContext getClientContext() {
            return null;
        }

        @Override
        public int getMemoryLimitInMB() {
            return 256;
        }

        @Override
        public LambdaLogger getLogger() {
            throw new UnsupportedOperationException("Eddy logs through its own JSON logger");
        }
    }
}
