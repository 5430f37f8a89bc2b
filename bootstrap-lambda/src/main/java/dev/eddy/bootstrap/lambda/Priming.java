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
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.crac.Context;
import org.crac.Resource;

/**
 * SnapStart priming: before Lambda takes the snapshot, a synthetic batch (four records of the
 * table {@code eddy-priming}: an insert, an update, a user delete and a TTL expiry, with every
 * attribute type) goes through what the first real batch would otherwise load and compile: both
 * readers (the runtime's {@code DynamodbEvent} mapping and the streaming reader), the change
 * documents, the alert rules and the change-event filter, the rendering of alert and change-event
 * bodies, and the projections' pure computation.
 *
 * <p><b>No external effect.</b> Only steps that act solely through {@code Effects} run, and their
 * notifications are dropped here, never handed to a publisher; projections are computed with
 * {@link ProjectionSpec#project}, never applied to a store; the delivery ledger is not touched;
 * nothing is logged (the log step is not among the steps). The AWS clients are not called.
 *
 * <p>{@link #afterRestore} does nothing: the SDK clients hold no connection yet (no call was
 * made), and credentials are read per request.
 */
final class Priming implements Resource {
    static final String EVENT = "priming-event.json";

    private final Function<DynamodbEvent, List<StreamRecord>> mapper;
    private final List<ChangeStep> effectFreeSteps;
    private final List<ProjectionSpec> projections;

    /** What one priming run went through; all zero means it primed nothing. */
    record Summary(int records, int changes, int notifications, int projectionResults) {
    }

    /**
     * @param mapper          the handler's own mapper from the runtime's event
     * @param effectFreeSteps steps whose only effect is {@code Effects.notify} (alerts, change events)
     * @param projections     the configured projections, computed but never applied
     */
    Priming(Function<DynamodbEvent, List<StreamRecord>> mapper, List<ChangeStep> effectFreeSteps,
            List<ProjectionSpec> projections) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.effectFreeSteps = List.copyOf(effectFreeSteps);
        this.projections = List.copyOf(projections);
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        prime();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Nothing to refresh: see the class comment.
    }

    /** Runs the synthetic batch through both readers and the effect-free steps; returns what it did. */
    Summary prime() {
        byte[] event = syntheticEvent();
        List<StreamRecord> streamed = new DynamodbEventJsonReader().read(event);
        List<StreamRecord> mapped;
        try {
            mapped = mapper.apply(LambdaEventJson.read(new String(event, StandardCharsets.UTF_8)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the priming event " + EVENT + " is not valid JSON", e);
        }
        List<Notification> dropped = new ArrayList<>();
        int changes = 0;
        int projected = 0;
        for (List<StreamRecord> records : List.of(streamed, mapped)) {
            for (StreamRecord record : records) {
                if (!(record instanceof StreamRecord.Readable readable)) {
                    throw new IllegalStateException("the priming event " + EVENT + " has an unreadable record: "
                            + ((StreamRecord.Unreadable) record).problem());
                }
                Change change = readable.change();
                changes++;
                for (ChangeStep step : effectFreeSteps) {
                    step.apply(change, dropped::add);
                }
                for (ProjectionSpec projection : projections) {
                    ProjectionResult result = projection.project(change);
                    projected += result.updates().size() + result.skipped().size();
                }
            }
        }
        return new Summary(streamed.size() + mapped.size(), changes, dropped.size(), projected);
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
