package dev.eddy.application.port.in;

import java.util.Objects;
import java.util.Optional;

/**
 * What became of a batch: how many records were processed, and the first record that failed,
 * if one did. Records after the failed one were not processed and will be delivered again.
 */
public record BatchOutcome(int processed, int quarantined, Optional<RecordFailure> failure) {
    public BatchOutcome {
        Objects.requireNonNull(failure, "failure");
    }

    public static BatchOutcome success(int processed, int quarantined) {
        return new BatchOutcome(processed, quarantined, Optional.empty());
    }

    public boolean succeeded() {
        return failure.isEmpty();
    }
}
