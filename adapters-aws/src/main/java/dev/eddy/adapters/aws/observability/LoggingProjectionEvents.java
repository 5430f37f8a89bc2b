package dev.eddy.adapters.aws.observability;

import dev.eddy.application.projection.ProjectionEvents;
import dev.eddy.domain.Change;

/** Logs what the projections left out, and replays they recognised. Never logs attribute values. */
final class LoggingProjectionEvents implements ProjectionEvents {
    private final JsonLogger logger;

    LoggingProjectionEvents(JsonLogger logger) {
        this.logger = logger;
    }

    @Override
    public void skipped(Change change, String reason) {
        logger.warn("projection skipped part of a change")
                .record(change.source().eventId(), change.source().sequenceNumber())
                .field("reason", reason)
                .write();
    }

    @Override
    public void alreadyApplied(Change change, String projection) {
        logger.line(JsonLogger.Level.DEBUG, "projection already applied; replay ignored")
                .record(change.source().eventId(), change.source().sequenceNumber())
                .field("projection", projection)
                .write();
    }
}
