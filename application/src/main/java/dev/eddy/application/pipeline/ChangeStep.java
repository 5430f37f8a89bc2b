package dev.eddy.application.pipeline;

import dev.eddy.domain.Change;

/**
 * One thing Eddy does with every change: log it, raise alerts, publish change events, update
 * projections. Steps run in order, for each change in stream order.
 *
 * <p>A step either acts at once (a projection update, which must be idempotent on replay) or
 * hands notifications to {@link Effects}, which the batch delivers together, at most ten per
 * request, and never twice for the same record when a ledger is configured.
 *
 * <p>A step that fails permanently ({@link EffectFailure#permanent}) does not stop the steps after
 * it: each use case stands on its own, so they run. With dead letters on, their notifications are
 * delivered and then the record is quarantined; without, the record fails (and their notifications
 * wait for its retries), though their direct effects, such as projection writes, have happened. A
 * step must therefore not rely on an earlier step's effect.
 *
 * <p>To add a use case, implement this interface in the application layer and add it to the list
 * in the composition root.
 */
public interface ChangeStep {

    /** A short, stable name, used in logs, failure reports and dead letters. */
    String name();

    /**
     * Applies this step to one change.
     *
     * @throws EffectFailure when the step cannot complete; say whether a retry may help
     */
    void apply(Change change, Effects effects);
}
