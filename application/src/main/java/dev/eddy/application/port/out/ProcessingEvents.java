package dev.eddy.application.port.out;

import dev.eddy.application.RecordRef;
import dev.eddy.application.pipeline.Channel;
import dev.eddy.application.port.in.BatchOutcome;
import dev.eddy.application.port.in.RecordFailure;
import dev.eddy.domain.Change;
import java.time.Duration;
import java.util.Optional;

/** What the batch reports as it goes, for logs and metrics. */
public interface ProcessingEvents {

    /**
     * A batch begins. Reported changes are delivered window by window, so a batch that an error
     * aborts (Lambda then retries it whole) may have reported some before it ended without
     * {@link #batchFinished}: what it counted of them must not be carried into the next batch.
     */
    default void batchStarted() {
    }

    void changeProcessed(Change change);

    void recordFailed(RecordFailure failure);

    void recordQuarantined(RecordRef record, String reason);

    /** Notifications that reached their channel in this batch (not counting ones the ledger skipped). */
    void delivered(Channel channel, int count);

    /** Something went wrong that lost nothing but weakens a guarantee, e.g. a ledger write failed. */
    void degraded(String reason);

    /**
     * @param duration  how long the batch took
     * @param oldestAge now minus the approximate creation time of the oldest record, if any
     */
    void batchFinished(BatchOutcome outcome, int records, Duration duration, Optional<Duration> oldestAge);

    ProcessingEvents NONE = new ProcessingEvents() {
        @Override
        public void changeProcessed(Change change) {
        }

        @Override
        public void recordFailed(RecordFailure failure) {
        }

        @Override
        public void recordQuarantined(RecordRef record, String reason) {
        }

        @Override
        public void delivered(Channel channel, int count) {
        }

        @Override
        public void degraded(String reason) {
        }

        @Override
        public void batchFinished(BatchOutcome outcome, int records, Duration duration, Optional<Duration> oldestAge) {
        }
    };
}
