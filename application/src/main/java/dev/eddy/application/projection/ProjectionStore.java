package dev.eddy.application.projection;

import dev.eddy.domain.projection.ProjectionUpdate;

/**
 * Where projection items live. Applies one update atomically under its sequence guard: an update
 * whose sequence number is not above the item's last applied one is not applied again.
 */
public interface ProjectionStore {

    /** Whether an update changed the item. */
    enum Applied {
        /** The item now reflects the update. */
        APPLIED,
        /**
         * Nothing changed: the item holds this change or a later one (a replayed record), or it does not
         * hold the update's {@link dev.eddy.domain.projection.ProjectionUpdate#expected() expected} values
         * (a removal of a source item the projection no longer reflects).
         */
        ALREADY_APPLIED
    }

    /**
     * Applies the update, unless the item already holds it or a later one.
     *
     * @throws ProjectionStoreException when it could not; {@link ProjectionStoreException#retryable()} says whether a retry may help
     */
    Applied apply(ProjectionUpdate update);
}
