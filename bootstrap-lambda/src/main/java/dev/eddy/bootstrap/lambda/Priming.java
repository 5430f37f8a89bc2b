package dev.eddy.bootstrap.lambda;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.eddy.adapters.aws.stream.json.DynamodbEventJsonReader;
import dev.eddy.application.StreamRecord;
import dev.eddy.application.pipeline.ChangeStep;
import dev.eddy.application.pipeline.Notification;
import dev.eddy.domain.Change;
import dev.eddy.domain.projection.ProjectionResult;
import dev.eddy.domain.projection.ProjectionSpec;
import dev.eddy.domain.projection.ProjectionUpdate;
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
 * readers (the runtime's {@code DynamodbEvent} mapping and the streaming reader), the change
 * documents, the alert rules and the change-event filter, the rendering of alert and change-event
 * bodies, the projections' computation, and the calls the first batch makes: the publishing of
 * the notifications (when the function publishes to SNS), the projection updates and the ledger's
 * reads and writes (when their tables are set), each through the real adapter and client code (the
 * DynamoDB SDK client; for SNS, Eddy's PublishBatch client on the SDK's signer) over an HTTP client
 * that answers in memory. Marshalling, SigV4 signing and response parsing are most of the first
 * batch's remaining cost.
 *
 * <p><b>No external effect.</b> Only steps that act solely through {@code Effects} run, and their
 * notifications never reach the function's publisher: at most an in-memory one
 * ({@link InMemoryPublishing}), whose HTTP client opens no connection; projections are computed with
 * {@link ProjectionSpec#project}, and their updates and the ledger calls go at most to an in-memory
 * store ({@link InMemoryStorage}), never to the function's. Nothing is logged: the change log lines
 * are rendered to a stream that discards them. The function's own AWS clients are not called.
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
     * How many times the synthetic batch runs: enough for the hot methods to be called a few hundred
     * times, so that the JIT compiles them before the snapshot (Lambda runs C1 only, which compiles a
     * method after about 200 calls), rather than during the first batch after a restore.
     */
    static final int ROUNDS = 40;
    /**
     * The PublishBatch calls the in-memory publishing makes at least, publishing the rounds'
     * notifications again as needed: a call's own code (signing, sending, reading the reply) runs
     * once per call, so 40 rounds' calls would leave it to be compiled during the first real batch.
     */
    static final int PUBLISH_CALLS = 250;
    /**
     * Rounds of an on-demand start's warm-up ({@link #warmUp}). From 1 to 40 rounds, the cold start
     * with Lambda's CPU shares measured the same within its spread (docs/performance.md, section 2):
     * the first round loads the classes, which is most of the gain; 10 rounds compile the per-record
     * code that runs more than 200 times in them, for about half the init time 40 rounds take.
     */
    static final int WARM_UP_ROUNDS = 10;
    /** PublishBatch calls of an on-demand start's warm-up, at least. */
    static final int WARM_UP_PUBLISH_CALLS = 20;
    /** The most times the in-memory publishing goes through the rounds' notifications. */
    static final int MAX_PUBLISH_PASSES = 10;

    private final Function<DynamodbEvent, List<StreamRecord>> mapper;
    private final List<ChangeStep> effectFreeSteps;
    private final List<ProjectionSpec> projections;
    private final InMemoryPublishing publishing;
    private final InMemoryStorage storage;
    private volatile Reading warmedUpWith;

    /**
     * What one round of priming went through, how many notifications of all rounds and passes were published
     * in memory and how many storage requests were answered in memory; all zero means it primed
     * nothing. {@code inMemoryProblems} names what the in-memory publishing or storage could not do
     * (empty normally): priming only warms code, so such a failure skips that part instead of
     * failing the snapshot, and tests assert there is none.
     */
    record Summary(int records, int changes, int notifications, int projectionResults, int publishedInMemory,
                   int storageRequestsInMemory, List<String> inMemoryProblems) {
        Summary {
            inMemoryProblems = List.copyOf(inMemoryProblems);
        }
    }

    /**
     * Publishes batches of notifications, one after the other, through the real publisher code to a
     * client that reaches no network, and returns how many were answered as published.
     */
    @FunctionalInterface
    interface InMemoryPublishing {
        /** Publishes every batch, and all of them again until at least {@code minCalls} PublishBatch calls were made. */
        int publish(List<List<Notification>> batches, int minCalls);
    }

    /**
     * Applies projection updates and runs the ledger's check and record of notification ids through
     * the real store and ledger code over a client that reaches no network; returns how many requests
     * it answered.
     */
    @FunctionalInterface
    interface InMemoryStorage {
        int store(List<ProjectionUpdate> updates, List<String> notificationIds);
    }

    /**
     * @param mapper          the handler's own mapper from the runtime's event
     * @param effectFreeSteps steps whose only effect is {@code Effects.notify} (alerts, change events)
     * @param projections     the configured projections, computed but never applied
     * @param publishing      where the synthetic notifications are published in memory; null when the
     *                        function does not publish to SNS (they are then dropped)
     * @param storage         where the projection updates and ledger calls go in memory; null when the
     *                        function has neither projections nor a ledger
     */
    Priming(Function<DynamodbEvent, List<StreamRecord>> mapper, List<ChangeStep> effectFreeSteps,
            List<ProjectionSpec> projections, InMemoryPublishing publishing, InMemoryStorage storage) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.effectFreeSteps = List.copyOf(effectFreeSteps);
        this.projections = List.copyOf(projections);
        this.publishing = publishing;
        this.storage = storage;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        prime();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Nothing to refresh: see the class comment.
    }

    /**
     * Runs the synthetic batch {@link #ROUNDS} times through both readers and the effect-free steps,
     * then publishes every round's notifications and applies every round's projection updates in
     * memory, with one ledger check and record; returns what one round did.
     */
    Summary prime() {
        return run(ROUNDS, PUBLISH_CALLS, Reading.BOTH);
    }

    /**
     * The warm-up of an on-demand start: {@code rounds} rounds of the synthetic batch through the
     * reader the handler uses, then the same in-memory publishing (at least {@code publishCalls}
     * PublishBatch calls) and storage as {@link #prime()}. It moves the first batch's class loading
     * and part of its compiling into Lambda's init phase. No external effect, as for {@link #prime()}.
     */
    Summary warmUp(Reading reading, int rounds, int publishCalls) {
        if (reading == Reading.BOTH) {
            throw new IllegalArgumentException("a handler reads events one way");
        }
        warmedUpWith = reading;
        return run(rounds, publishCalls, reading);
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
        List<List<Notification>> batches = new ArrayList<>(rounds);
        List<ProjectionUpdate> updates = new ArrayList<>();
        Summary round = null;
        for (int i = 0; i < rounds; i++) {
            List<Notification> notifications = new ArrayList<>();
            round = round(event, reading, notifications, updates);
            batches.add(notifications);
        }
        List<String> problems = new ArrayList<>();
        int published = 0;
        if (publishing != null && round.notifications() > 0) {
            try {
                published = publishing.publish(batches, publishCalls);
            } catch (RuntimeException e) {
                problems.add("in-memory publishing: " + e);
            }
        }
        int stored = 0;
        if (storage != null) {
            List<String> ids = new ArrayList<>();
            batches.get(0).forEach(notification -> ids.add(notification.id()));
            try {
                stored = storage.store(updates, ids);
            } catch (RuntimeException e) {
                problems.add("in-memory storage: " + e);
            }
        }
        return new Summary(round.records(), round.changes(), round.notifications(), round.projectionResults(),
                published, stored, problems);
    }

    private Summary round(byte[] event, Reading reading, List<Notification> notifications,
                          List<ProjectionUpdate> updates) {
        List<List<StreamRecord>> read = new ArrayList<>(2);
        if (reading != Reading.RUNTIME_EVENT) {
            DynamodbEventJsonReader reader = new DynamodbEventJsonReader();
            read.add(StreamingHandler.records(reader, event)); // as the handler reads a batch this size
            if (reading == Reading.BOTH) {
                for (StreamRecord record : reader.readOnDemand(event)) { // and as it reads larger ones
                    Objects.requireNonNull(record, "record read on demand");
                }
            }
        }
        if (reading != Reading.STREAMING) {
            try {
                read.add(mapper.apply(LambdaEventJson.read(new String(event, StandardCharsets.UTF_8))));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("the priming event " + EVENT + " is not valid JSON", e);
            }
        }
        int records = 0;
        int changes = 0;
        int projected = 0;
        for (List<StreamRecord> batch : read) {
            records += batch.size();
        }
        for (List<StreamRecord> batch : read) {
            for (StreamRecord record : batch) {
                if (!(record instanceof StreamRecord.Readable readable)) {
                    throw new IllegalStateException("the priming event " + EVENT + " has an unreadable record: "
                            + ((StreamRecord.Unreadable) record).problem());
                }
                Change change = readable.change();
                changes++;
                for (ChangeStep step : effectFreeSteps) {
                    step.apply(change, notifications::add);
                }
                for (ProjectionSpec projection : projections) {
                    ProjectionResult result = projection.project(change);
                    projected += result.updates().size() + result.skipped().size();
                    updates.addAll(result.updates());
                }
            }
        }
        return new Summary(records, changes, notifications.size(), projected, 0, 0, List.of());
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
