package dev.eddy.bootstrap.lambda;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.eddy.adapters.aws.observability.JsonLogger;
import dev.eddy.adapters.aws.stream.json.DynamodbEventJsonReader;
import dev.eddy.application.StreamRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.crac.Context;
import org.crac.Resource;

/**
 * SnapStart priming: before Lambda takes the snapshot, a synthetic batch (four records of the
 * table {@code eddy-priming}: an insert, an update, a user delete and a TTL expiry, with every
 * attribute type) goes through what the first real batch would otherwise load and compile: both
 * readers (the runtime's {@code DynamodbEvent} mapping and the streaming reader, whole and on
 * demand), then the function's own use case, as a real batch goes through it: the change log, the
 * change documents, the alert rules and the change-event filter, the rendering of alert and
 * change-event bodies, the projections, the delivery windows and the ledger, and the calls the
 * first batch makes: the publishing of the notifications (when the function publishes to SNS), the
 * projection updates and the ledger's reads and writes (when their tables are set), each through
 * the real adapter and client code (the DynamoDB SDK client; for SNS, Eddy's PublishBatch client on
 * the SDK's signer) over an HTTP client that answers in memory. Marshalling, SigV4 signing and
 * response parsing are most of the first batch's remaining cost.
 *
 * <p><b>No external effect.</b> The use case it runs ({@link InMemoryProcessing}, built by the
 * composition root) is the function's, but none of its ports is: its steps are the function's
 * effect-free steps (alerts and change events, which act only through {@code Effects}), a change
 * log that writes to a stream discarding it, and the projections over a store whose HTTP client
 * answers in memory; its publisher, ledger and processing events are likewise in memory or
 * discarded. The function's own AWS clients are not called and nothing is logged, unless priming
 * could not complete: a warning then says so, and the snapshot is taken all the same.
 *
 * <p><b>Warm-up.</b> An on-demand start runs a short version of the same ({@link #warmUp}, from
 * {@link StreamHandler#warmUp}) during Lambda's init phase, which has a full vCPU, so that the first
 * invocation, which has the memory size's share of one, does not load and compile all of this itself.
 *
 * <p>{@link #afterRestore} does nothing: the SDK clients hold no connection yet (no call was
 * made), and credentials are read per request.
 */
final class Priming implements Resource {
    static final String EVENT = "priming-event.json";
    /**
     * How many times the synthetic batch is read: enough for the hot methods to be called a few
     * hundred times, so that the JIT compiles them before the snapshot (Lambda runs C1 only, which
     * compiles a method after about 200 calls), rather than during the first batch after a restore.
     */
    static final int ROUNDS = 40;
    /**
     * The PublishBatch calls the in-memory run makes at least, processing the rounds' batches again
     * as needed: a call's own code (signing, sending, reading the reply) runs once per call, so too
     * few calls would leave it to be compiled during the first real batch.
     */
    static final int PUBLISH_CALLS = 250;
    /**
     * Rounds of an on-demand start's warm-up ({@link #warmUp}), one batch each. Tuned with Lambda's CPU
     * shares (docs/performance.md, section 2): 20 rounds with 50 PublishBatch calls gave the shortest
     * cold start, as did 30 rounds with 100; 10 rounds with 20 calls left more compiling to the first
     * batch, and 40 rounds with 250 calls made init longer than they saved.
     */
    static final int WARM_UP_ROUNDS = 20;
    /** PublishBatch calls of an on-demand start's warm-up, at least. */
    static final int WARM_UP_PUBLISH_CALLS = 50;
    /** The most times the in-memory run goes through the rounds' batches. */
    static final int MAX_PASSES = 10;

    private final Function<DynamodbEvent, List<StreamRecord>> mapper;
    private final InMemoryProcessing processing;
    private final JsonLogger logger;
    private volatile Reading warmedUpWith;

    /**
     * What one round of priming read, and what the in-memory run answered over all rounds and
     * passes: batches processed, PublishBatch calls and their entries, storage requests (projections
     * and ledger). {@code inMemoryProblems} names what the in-memory run could not do (empty
     * normally): priming only warms code, so such a failure skips the rest of that run instead of
     * failing the snapshot, and tests assert there is none.
     */
    record Summary(int records, int changes, int batchesInMemory, long publishCallsInMemory,
                   long publishedInMemory, long storageRequestsInMemory, List<String> inMemoryProblems) {
        Summary {
            inMemoryProblems = List.copyOf(inMemoryProblems);
        }

        static Summary failed(String problem) {
            return new Summary(0, 0, 0, 0, 0, 0, List.of(problem));
        }
    }

    /** What an in-memory run answered. */
    record Answered(int batches, long publishCalls, long published, long storageRequests) {
    }

    /**
     * Processes batches of records through the function's use case wired over ports that reach no
     * network and log nothing, one batch after the other, and all of them again until at least
     * {@code minPublishCalls} PublishBatch calls were answered (when the function publishes), at
     * most {@link #MAX_PASSES} times.
     *
     * @throws IllegalStateException when a batch does not succeed whole
     */
    @FunctionalInterface
    interface InMemoryProcessing {
        Answered process(List<List<StreamRecord>> batches, int minPublishCalls);
    }

    /**
     * @param mapper     the handler's own mapper from the runtime's event
     * @param processing the function's use case over ports that answer in memory
     * @param logger     the function's logger, for a priming at the checkpoint that did not complete
     */
    Priming(Function<DynamodbEvent, List<StreamRecord>> mapper, InMemoryProcessing processing, JsonLogger logger) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.processing = Objects.requireNonNull(processing, "processing");
        this.logger = Objects.requireNonNull(logger, "logger");
    }

    /**
     * Primes; never fails the snapshot: a snapshot that is not primed only makes the first batch after
     * a restore slower, so what priming could not do is logged as a warning instead.
     */
    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        Summary summary = prime();
        if (!summary.inMemoryProblems().isEmpty()) {
            logger.warn("SnapStart priming did not complete; the first batch after a restore will load what it needs")
                    .names("problems", summary.inMemoryProblems()).write();
        }
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Nothing to refresh: see the class comment.
    }

    /**
     * Reads the synthetic batch {@link #ROUNDS} times through both readers (the streaming one whole
     * and on demand), then processes every batch read in memory, as often as it takes to make
     * {@link #PUBLISH_CALLS} PublishBatch calls; returns what one round read and what the run did.
     */
    Summary prime() {
        return safely(ROUNDS, PUBLISH_CALLS, Reading.BOTH);
    }

    /**
     * The warm-up of an on-demand start: {@code rounds} rounds of the synthetic batch through the
     * reader the handler uses, then the same in-memory run as {@link #prime()} (at least
     * {@code publishCalls} PublishBatch calls). It moves the first batch's class loading and part of
     * its compiling into Lambda's init phase. No external effect, as for {@link #prime()}.
     */
    Summary warmUp(Reading reading, int rounds, int publishCalls) {
        if (reading == Reading.BOTH) {
            throw new IllegalArgumentException("a handler reads events one way");
        }
        warmedUpWith = reading;
        return safely(rounds, publishCalls, reading);
    }

    /** {@link #run}, with anything it throws, a class that fails to load included, as the summary's problem. */
    private Summary safely(int rounds, int publishCalls, Reading reading) {
        try {
            return run(rounds, publishCalls, reading);
        } catch (RuntimeException | LinkageError e) {
            return Summary.failed("priming: " + e);
        }
    }

    /** The reader the last {@link #warmUp} went through; empty when none ran. */
    Optional<Reading> warmedUpWith() {
        return Optional.ofNullable(warmedUpWith);
    }

    /** Which of the two readers a round goes through. */
    enum Reading {
        /** {@link StreamingHandler}'s: the raw bytes, as a batch of this size is read. */
        STREAMING,
        /** {@link StreamHandler}'s: the runtime's {@code DynamodbEvent}, mapped. */
        RUNTIME_EVENT,
        /** Both, and the streaming reader's on-demand read as well: what a snapshot is primed with. */
        BOTH
    }

    private Summary run(int rounds, int publishCalls, Reading reading) {
        if (rounds < 1) {
            throw new IllegalArgumentException("rounds: " + rounds);
        }
        byte[] event = syntheticEvent();
        List<List<StreamRecord>> batches = new ArrayList<>();
        List<List<StreamRecord>> round = List.of();
        for (int i = 0; i < rounds; i++) {
            round = read(event, reading);
            batches.addAll(round);
        }
        int records = 0;
        int changes = 0;
        for (List<StreamRecord> batch : round) {
            for (StreamRecord record : batch) {
                records++;
                if (!(record instanceof StreamRecord.Readable)) {
                    throw new IllegalStateException("the priming event " + EVENT + " has an unreadable record: "
                            + ((StreamRecord.Unreadable) record).problem());
                }
                changes++;
            }
        }
        Answered answered;
        try {
            answered = processing.process(batches, publishCalls);
        } catch (RuntimeException | LinkageError e) {
            return new Summary(records, changes, 0, 0, 0, 0, List.of("in-memory run: " + e));
        }
        return new Summary(records, changes, answered.batches(), answered.publishCalls(), answered.published(),
                answered.storageRequests(), List.of());
    }

    /** One round: the synthetic event read as the handler reads it, one batch per way of reading. */
    private List<List<StreamRecord>> read(byte[] event, Reading reading) {
        List<List<StreamRecord>> read = new ArrayList<>(3);
        if (reading != Reading.RUNTIME_EVENT) {
            DynamodbEventJsonReader reader = new DynamodbEventJsonReader();
            read.add(StreamingHandler.records(reader, event)); // as the handler reads a batch this size
            if (reading == Reading.BOTH) {
                read.add(reader.readOnDemand(event)); // and as it reads larger ones
            }
        }
        if (reading != Reading.STREAMING) {
            try {
                read.add(mapper.apply(LambdaEventJson.read(new String(event, StandardCharsets.UTF_8))));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("the priming event " + EVENT + " is not valid JSON", e);
            }
        }
        return read;
    }

    private static byte[] syntheticEvent() {
        try (InputStream in = Priming.class.getResourceAsStream(EVENT)) {
            if (in == null) {
                throw new IllegalStateException("the priming event " + EVENT + " is missing from the artifact");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
