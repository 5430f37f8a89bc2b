package dev.eddy.application.projection;

import dev.eddy.domain.Change;

/** What applying projections reports, for logs and metrics. Reasons never hold attribute values. */
public interface ProjectionEvents {

    /** Part of a change was not projected: a missing partition key, a value that is not a number. */
    void skipped(Change change, String reason);

    /** An update changed nothing: a replayed change, or a removal that does not concern the item. */
    void alreadyApplied(Change change, String projection);

    ProjectionEvents NONE = new ProjectionEvents() {
        @Override
        public void skipped(Change change, String reason) {
        }

        @Override
        public void alreadyApplied(Change change, String projection) {
        }
    };
}
