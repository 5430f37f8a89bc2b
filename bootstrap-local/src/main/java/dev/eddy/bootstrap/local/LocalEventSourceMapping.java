package dev.eddy.bootstrap.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.DescribeStreamRequest;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamDescription;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * An event source mapping emulator: polls a DynamoDB stream the way Lambda does and invokes a handler in this JVM.
 * <b>A development tool</b> for running Eddy on one machine; in AWS, Lambda's own event source mapping does this job.
 *
 * <p>What it does, after Lambda's documented behaviour for DynamoDB event sources:
 * <ul>
 *   <li>Discovers the shards of the stream with DescribeStream and follows parent to child: a child shard is read
 *   only after its parent has been read to its end and every batch of it has been dealt with. Shards open when the
 *   mapping starts begin at {@code starting_position}; shards that appear later start at TRIM_HORIZON.</li>
 *   <li>Batches: up to {@code batch_size} records; with a batching window it waits up to the window for a full
 *   batch; at the end of a shard it sends what it has.</li>
 *   <li>Hands the handler a {@link DynamodbEvent} read by Lambda's own serializer from the Lambda event JSON, with
 *   a {@link com.amazonaws.services.lambda.runtime.Context} whose remaining time counts down from the function
 *   timeout. An invocation longer than the timeout counts as a function error (the handler thread is interrupted
 *   but, unlike in Lambda, cannot be killed).</li>
 *   <li>ReportBatchItemFailures: records before the lowest reported sequence number are done; the batch is retried
 *   from that record. An identifier that is empty or not in the batch fails the whole batch, as in Lambda.</li>
 *   <li>On a function error it splits the batch in two ({@code bisect_batch_on_function_error}; splitting does not
 *   use up retries) or retries it; after {@code maximum_retry_attempts} retries, or once records are older than
 *   {@code maximum_record_age_in_seconds}, the records go to the on-failure destination (a JSON-lines file and
 *   {@link #failures()}) and the shard moves on.</li>
 * </ul>
 * Known differences from Lambda: one thread polls all shards, one batch at a time ({@code parallelization_factor}
 * 1 only); no 6 MB payload limit; no tumbling windows or filter criteria; checkpoints live in memory only.
 */
public final class LocalEventSourceMapping implements AutoCloseable {

    private static final Duration SHARD_REFRESH = Duration.ofMillis(500);
    private static final Duration MAX_RETRY_BACKOFF = Duration.ofSeconds(1);

    private final DynamoDbStreamsClient streams;
    private final String streamArn;
    private final String region;
    private final RequestHandler<DynamodbEvent, StreamsEventResponse> handler;
    private final EventSourceMappingSettings settings;
    private final Consumer<String> log;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, ShardState> shards = new LinkedHashMap<>();
    private final List<FailedBatch> failures = new CopyOnWriteArrayList<>();
    private final ExecutorService invoker;
    private final Thread poller;
    private final AtomicLong invocations = new AtomicLong();
    private final AtomicLong recordsDelivered = new AtomicLong();
    private volatile boolean running = true;
    private volatile String lastError;
    private Instant lastRefresh = Instant.EPOCH;
    private boolean firstRefresh = true;

    private static final class ShardState {
        final String id;
        final String parentId;
        String iterator;
        ShardIteratorType startType;
        boolean started;
        boolean done;
        final List<Record> buffer = new ArrayList<>();
        Instant firstBuffered;

        ShardState(String id, String parentId, ShardIteratorType startType) {
            this.id = id;
            this.parentId = parentId;
            this.startType = startType;
        }
    }

    private LocalEventSourceMapping(DynamoDbStreamsClient streams, String streamArn, String region,
                                    RequestHandler<DynamodbEvent, StreamsEventResponse> handler,
                                    EventSourceMappingSettings settings, Consumer<String> log) {
        this.streams = Objects.requireNonNull(streams, "streams");
        this.streamArn = Objects.requireNonNull(streamArn, "streamArn");
        this.region = Objects.requireNonNull(region, "region");
        this.handler = Objects.requireNonNull(handler, "handler");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.log = Objects.requireNonNull(log, "log");
        this.invoker = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "eddy-esm-invoke-" + settings.functionName());
            thread.setDaemon(true);
            return thread;
        });
        this.poller = new Thread(this::run, "eddy-esm-poll-" + settings.functionName());
        this.poller.setDaemon(true);
    }

    /**
     * Starts polling {@code streamArn} and invoking {@code handler}. Messages of the mapping and the handler's
     * {@code LambdaLogger} lines go to {@code log}.
     */
    public static LocalEventSourceMapping start(DynamoDbStreamsClient streams, String streamArn, String region,
                                                RequestHandler<DynamodbEvent, StreamsEventResponse> handler,
                                                EventSourceMappingSettings settings, Consumer<String> log) {
        LocalEventSourceMapping mapping = new LocalEventSourceMapping(streams, streamArn, region, handler, settings, log);
        LambdaEvents.read("{\"Records\":[]}".getBytes(StandardCharsets.UTF_8)); // loads Lambda's serializer up front
        mapping.discoverShards(); // fixes LATEST positions now, so writes after start() are delivered
        mapping.poller.start();
        return mapping;
    }

    /** Batches given up so far, oldest first. */
    public List<FailedBatch> failures() {
        return Collections.unmodifiableList(failures);
    }

    public long invocations() {
        return invocations.get();
    }

    /** Records in batches the handler completed (fully or partly) without them being reported as failed. */
    public long recordsDelivered() {
        return recordsDelivered.get();
    }

    /** The last polling error (the mapping keeps trying), if the last poll failed. */
    public java.util.Optional<String> lastError() {
        return java.util.Optional.ofNullable(lastError);
    }

    @Override
    public void close() {
        running = false;
        poller.interrupt();
        try {
            poller.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        invoker.shutdownNow();
    }

    // ---------------------------------------------------------------- polling

    private void run() {
        while (running) {
            boolean worked = false;
            try {
                if (Duration.between(lastRefresh, clock.instant()).compareTo(SHARD_REFRESH) >= 0) {
                    discoverShards();
                }
                for (ShardState shard : readyShards()) {
                    worked |= poll(shard);
                }
                lastError = null;
            } catch (SdkException | UncheckedIOException e) {
                if (!running) {
                    return; // close() interrupted a call in flight
                }
                lastError = e.toString();
                log.accept("event source mapping " + settings.functionName() + ": polling failed, retrying: " + e.getMessage());
            }
            if (!worked && !sleep(settings.pollInterval())) {
                return;
            }
        }
    }

    private synchronized void discoverShards() {
        lastRefresh = clock.instant();
        String exclusiveStart = null;
        List<Shard> found = new ArrayList<>();
        StreamDescription description;
        do {
            description = streams.describeStream(DescribeStreamRequest.builder()
                    .streamArn(streamArn).exclusiveStartShardId(exclusiveStart).build()).streamDescription();
            found.addAll(description.shards());
            exclusiveStart = description.lastEvaluatedShardId();
        } while (exclusiveStart != null);
        for (Shard shard : found) {
            if (shards.containsKey(shard.shardId())) {
                continue;
            }
            ShardState state;
            if (firstRefresh && settings.startingPosition() == EventSourceMappingSettings.StartingPosition.LATEST) {
                boolean closed = shard.sequenceNumberRange().endingSequenceNumber() != null;
                state = new ShardState(shard.shardId(), shard.parentShardId(), ShardIteratorType.LATEST);
                state.done = closed; // LATEST: only records written from now on
                if (!closed) {
                    state.iterator = iterator(state);
                    state.started = true;
                }
            } else {
                state = new ShardState(shard.shardId(), shard.parentShardId(), ShardIteratorType.TRIM_HORIZON);
            }
            shards.put(shard.shardId(), state);
        }
        firstRefresh = false;
    }

    private synchronized List<ShardState> readyShards() {
        List<ShardState> ready = new ArrayList<>();
        for (ShardState shard : shards.values()) {
            if (shard.done) {
                continue;
            }
            ShardState parent = shard.parentId == null ? null : shards.get(shard.parentId);
            if (parent == null || parent.done) {
                ready.add(shard);
            }
        }
        return ready;
    }

    private String iterator(ShardState shard) {
        return streams.getShardIterator(b -> b.streamArn(streamArn).shardId(shard.id).shardIteratorType(shard.startType))
                .shardIterator();
    }

    /** One step on a shard: fetch if the batch is not full, invoke if a batch is due. Returns whether it did work. */
    private boolean poll(ShardState shard) {
        if (!shard.started) {
            shard.iterator = iterator(shard);
            shard.started = true;
        }
        boolean fetched = false;
        if (shard.iterator != null && shard.buffer.size() < settings.batchSize()) {
            int limit = Math.max(1, Math.min(1000, settings.batchSize() - shard.buffer.size()));
            GetRecordsResponse response = streams.getRecords(b -> b.shardIterator(shard.iterator).limit(limit));
            if (response.hasRecords() && !response.records().isEmpty()) {
                if (shard.buffer.isEmpty()) {
                    shard.firstBuffered = clock.instant();
                }
                shard.buffer.addAll(response.records());
                fetched = true;
            }
            shard.iterator = response.nextShardIterator();
        }
        if (shard.buffer.isEmpty()) {
            if (shard.iterator == null) {
                shard.done = true;
                return true;
            }
            return fetched;
        }
        boolean full = shard.buffer.size() >= settings.batchSize();
        boolean windowOver = Duration.between(shard.firstBuffered, clock.instant())
                .compareTo(settings.maximumBatchingWindow()) >= 0;
        boolean endOfShard = shard.iterator == null;
        if (!(full || windowOver || endOfShard)) {
            return fetched;
        }
        int size = Math.min(settings.batchSize(), shard.buffer.size());
        List<Record> batch = new ArrayList<>(shard.buffer.subList(0, size));
        shard.buffer.subList(0, size).clear();
        shard.firstBuffered = shard.buffer.isEmpty() ? null : clock.instant();
        deliver(shard.id, batch, 0);
        return true;
    }

    private boolean sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    // ---------------------------------------------------------------- invoking

    private static final class Outcome {
        /** -1: the whole batch succeeded; 0..n-1: records from this index on failed; null: function error. */
        final Integer firstFailed;
        final String error;

        Outcome(Integer firstFailed, String error) {
            this.firstFailed = firstFailed;
            this.error = error;
        }

        static Outcome success() {
            return new Outcome(-1, null);
        }

        static Outcome partial(int index) {
            return new Outcome(index, null);
        }

        static Outcome error(String error) {
            return new Outcome(null, error);
        }
    }

    /**
     * Delivers records of one shard until they are done or given up. {@code retries} counts the retries already
     * spent on these records.
     */
    private void deliver(String shardId, List<Record> records, int retries) {
        List<Record> remaining = records;
        int invoked = 0;
        while (!remaining.isEmpty() && running) {
            remaining = dropTooOld(shardId, remaining, invoked);
            if (remaining.isEmpty()) {
                return;
            }
            Outcome outcome = invoke(remaining);
            invoked++;
            if (outcome.firstFailed != null && outcome.firstFailed < 0) {
                recordsDelivered.addAndGet(remaining.size());
                return;
            }
            if (outcome.firstFailed != null) {
                recordsDelivered.addAndGet(outcome.firstFailed);
                remaining = new ArrayList<>(remaining.subList(outcome.firstFailed, remaining.size()));
                log.accept("event source mapping " + settings.functionName() + ": batch item failure at "
                        + sequence(remaining.get(0)) + "; retrying " + remaining.size() + " record(s) from there");
            } else {
                log.accept("event source mapping " + settings.functionName() + ": function error on "
                        + remaining.size() + " record(s): " + outcome.error);
                if (settings.bisectBatchOnFunctionError() && remaining.size() > 1) {
                    int half = remaining.size() / 2;
                    List<Record> first = new ArrayList<>(remaining.subList(0, half));
                    List<Record> second = new ArrayList<>(remaining.subList(half, remaining.size()));
                    deliver(shardId, first, retries);
                    deliver(shardId, second, retries);
                    return;
                }
            }
            retries++;
            if (settings.maximumRetryAttempts() >= 0 && retries > settings.maximumRetryAttempts()) {
                sendToOnFailure(shardId, remaining, FailedBatch.Condition.RetryAttemptsExhausted, invoked,
                        outcome.error != null ? "Unhandled" : null);
                return;
            }
            long backoff = Math.min(MAX_RETRY_BACKOFF.toMillis(), settings.pollInterval().toMillis() * retries);
            if (!sleep(Duration.ofMillis(backoff))) {
                return;
            }
        }
    }

    private List<Record> dropTooOld(String shardId, List<Record> records, int invoked) {
        if (settings.maximumRecordAgeInSeconds() < 0) {
            return records;
        }
        Instant oldest = clock.instant().minusSeconds(settings.maximumRecordAgeInSeconds());
        int tooOld = 0;
        while (tooOld < records.size() && records.get(tooOld).dynamodb().approximateCreationDateTime().isBefore(oldest)) {
            tooOld++;
        }
        if (tooOld == 0) {
            return records;
        }
        sendToOnFailure(shardId, records.subList(0, tooOld), FailedBatch.Condition.RecordAgeExceeded, invoked, null);
        return new ArrayList<>(records.subList(tooOld, records.size()));
    }

    private Outcome invoke(List<Record> batch) {
        invocations.incrementAndGet();
        DynamodbEvent event;
        try {
            event = LambdaEvents.read(Json.bytes(LambdaEvents.eventJson(batch, streamArn, region)));
        } catch (RuntimeException e) {
            return Outcome.error("the Lambda event could not be built: " + e);
        }
        Instant deadline = clock.instant().plus(settings.functionTimeout());
        LocalContext context = new LocalContext(settings.functionName(), region, settings.memorySizeMb(), deadline, clock, log);
        Future<StreamsEventResponse> call = invoker.submit(() -> handler.handleRequest(event, context));
        StreamsEventResponse response;
        try {
            response = call.get(settings.functionTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            return Outcome.error("Task timed out after " + settings.functionTimeout().toMillis() / 1000.0 + " seconds");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            return Outcome.error(cause.getClass().getName() + ": " + cause.getMessage());
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            return Outcome.error("interrupted: the mapping is stopping");
        }
        if (!settings.reportBatchItemFailures() || response == null || response.getBatchItemFailures() == null
                || response.getBatchItemFailures().isEmpty()) {
            return Outcome.success();
        }
        Map<String, Integer> positions = new LinkedHashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            positions.put(sequence(batch.get(i)), i);
        }
        int lowest = Integer.MAX_VALUE;
        for (StreamsEventResponse.BatchItemFailure failure : response.getBatchItemFailures()) {
            String id = failure == null ? null : failure.getItemIdentifier();
            Integer position = id == null ? null : positions.get(id);
            if (position == null) {
                return Outcome.error("batchItemFailures has itemIdentifier '" + id
                        + "', which is not the sequence number of a record in the batch: the whole batch failed");
            }
            lowest = Math.min(lowest, position);
        }
        return Outcome.partial(lowest);
    }

    private static String sequence(Record record) {
        return record.dynamodb().sequenceNumber();
    }

    // ---------------------------------------------------------------- on-failure destination

    private void sendToOnFailure(String shardId, List<Record> records, FailedBatch.Condition condition, int invokeCount,
                                 String functionError) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        ObjectNode request = out.putObject("requestContext");
        request.put("requestId", java.util.UUID.randomUUID().toString());
        request.put("functionArn", "arn:aws:lambda:" + region + ":" + StreamsFront.ACCOUNT_ID + ":function:"
                + settings.functionName());
        request.put("condition", condition.name());
        request.put("approximateInvokeCount", invokeCount);
        if (invokeCount > 0) {
            ObjectNode response = out.putObject("responseContext");
            response.put("statusCode", 200);
            response.put("executedVersion", "$LATEST");
            if (functionError != null) {
                response.put("functionError", functionError);
            }
        }
        out.put("version", "1.0");
        out.put("timestamp", clock.instant().toString());
        ObjectNode info = out.putObject("DDBStreamBatchInfo");
        info.put("shardId", shardId);
        info.put("startSequenceNumber", sequence(records.get(0)));
        info.put("endSequenceNumber", sequence(records.get(records.size() - 1)));
        info.put("approximateArrivalOfFirstRecord", arrival(records.get(0)));
        info.put("approximateArrivalOfLastRecord", arrival(records.get(records.size() - 1)));
        info.put("batchSize", records.size());
        info.put("streamArn", streamArn);
        List<ObjectNode> recordJson = new ArrayList<>();
        for (Record record : records) {
            recordJson.add(LambdaEvents.recordJson(record, streamArn, region));
        }
        FailedBatch failed = new FailedBatch(out, recordJson);
        failures.add(failed);
        log.accept("event source mapping " + settings.functionName() + ": " + records.size() + " record(s) sent to the"
                + " on-failure destination (" + condition + "), " + sequence(records.get(0)) + ".."
                + sequence(records.get(records.size() - 1)));
        settings.onFailureFile().ifPresent(file -> append(file, failed.json()));
    }

    private static String arrival(Record record) {
        Instant at = record.dynamodb().approximateCreationDateTime();
        return at == null ? null : at.toString();
    }

    private static synchronized void append(Path file, String line) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.write(file, (line + "\n").getBytes(StandardCharsets.UTF_8),
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not append to the on-failure file " + file, e);
        }
    }

}
