package dev.eddy.domain.projection;

import dev.eddy.domain.Change;

/**
 * One configured projection: a pure function from a change to the updates of projection items.
 * No I/O: a store applies the result.
 *
 * <ul>
 *   <li>{@link LatestState}: per partition key, the latest item with selected, renamed attributes.</li>
 *   <li>{@link RunningAggregate}: per partition key, and optionally per time bucket, count, sum,
 *       minimum, maximum and last value of numeric attributes.</li>
 * </ul>
 */
public sealed interface ProjectionSpec permits LatestState, RunningAggregate {

    /** Unique among the projections; the first part of every item's {@code pk}. */
    String name();

    /** The source attribute whose value, per item, selects the projection item. */
    String partitionKey();

    /** The updates this change makes, in order. */
    ProjectionResult project(Change change);
}
