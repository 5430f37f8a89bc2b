package dev.eddy.application.port.in;

import dev.eddy.application.RecordRef;
import java.util.Objects;

/**
 * Why a record did not succeed. {@code reason} is safe to log: it never holds attribute values.
 *
 * @param record    which record
 * @param stage     what was being done: a step name, "mapping", "delivery" or "time"
 * @param reason    what went wrong
 * @param errorType the exception class behind it, or "none"
 * @param retryable true when a retry may succeed (throttling, 5xx, timeouts)
 */
public record RecordFailure(RecordRef record, String stage, String reason, String errorType, boolean retryable) {
    public RecordFailure {
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(errorType, "errorType");
    }
}
