package dev.eddy.application.projection;

import dev.eddy.application.pipeline.ChangeStep;
import dev.eddy.application.pipeline.EffectFailure;
import dev.eddy.application.pipeline.Effects;
import dev.eddy.domain.Change;
import dev.eddy.domain.projection.ProjectionResult;
import dev.eddy.domain.projection.ProjectionSpec;
import dev.eddy.domain.projection.ProjectionUpdate;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Keeps the configured projections up to date: computes each projection's updates for the change
 * and applies them, in configuration order, at once (not at the end of the batch).
 *
 * <p>Exactly once per change: every update is guarded by the change's sequence number, so when the
 * stream delivers a record again, updates applied before come back {@code ALREADY_APPLIED} and the
 * rest is applied. A retryable failure (throttling, 5xx, timeouts) stops the record at once: it is
 * retried, and the guard skips what was applied. A permanent one (an item over the size limit, a sum
 * beyond 38 digits) stops only its own projection: the other projections are applied, as a retry
 * could not change them, and then the record fails permanently: its other steps still run, and it
 * is quarantined with dead letters.
 */
public final class ApplyProjectionsStep implements ChangeStep {
    private final List<ProjectionSpec> projections;
    private final ProjectionStore store;
    private final ProjectionEvents events;

    public ApplyProjectionsStep(List<ProjectionSpec> projections, ProjectionStore store, ProjectionEvents events) {
        this.projections = List.copyOf(projections);
        this.store = Objects.requireNonNull(store, "store");
        this.events = Objects.requireNonNull(events, "events");
        Set<String> names = new HashSet<>();
        for (ProjectionSpec projection : this.projections) {
            if (!names.add(projection.name())) {
                throw new IllegalArgumentException("projection " + projection.name() + " is configured twice");
            }
        }
    }

    @Override
    public String name() {
        return "projections";
    }

    @Override
    public void apply(Change change, Effects effects) {
        EffectFailure permanent = null;
        for (ProjectionSpec projection : projections) {
            ProjectionResult result = projection.project(change);
            for (String reason : result.skipped()) {
                events.skipped(change, reason);
            }
            for (ProjectionUpdate update : result.updates()) {
                try {
                    if (store.apply(update) == ProjectionStore.Applied.ALREADY_APPLIED) {
                        events.alreadyApplied(change, projection.name());
                    }
                } catch (ProjectionStoreException e) {
                    // The key holds an attribute value: leave it out of the message.
                    String message = "projection " + projection.name() + " could not apply change "
                            + change.source().eventId() + ": " + e.getMessage();
                    if (e.retryable()) {
                        throw EffectFailure.retryable(message, e);
                    }
                    if (permanent == null) {
                        permanent = EffectFailure.permanent(message, e);
                    } else {
                        permanent.addSuppressed(e);
                    }
                    break; // the rest of this projection's updates belong with the one that failed
                }
            }
        }
        if (permanent != null) {
            throw permanent;
        }
    }
}
