package dev.eddy.bootstrap.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings of the {@link LocalEventSourceMapping}. Names and defaults mirror the Terraform event mapping variables:
 * {@code batch_size} 100, {@code maximum_batching_window_in_seconds} 0, {@code starting_position} TRIM_HORIZON,
 * {@code bisect_batch_on_function_error} true, {@code maximum_retry_attempts} 5 (-1: until the record expires),
 * {@code maximum_record_age_in_seconds} -1 (never), {@code parallelization_factor} 1 and
 * {@code function_response_types} ReportBatchItemFailures. Immutable: every {@code withX} returns a copy.
 */
public final class EventSourceMappingSettings {

    /** Where the mapping starts reading a shard it has no checkpoint for. */
    public enum StartingPosition { LATEST, TRIM_HORIZON }

    private final int batchSize;
    private final Duration maximumBatchingWindow;
    private final StartingPosition startingPosition;
    private final boolean bisectBatchOnFunctionError;
    private final int maximumRetryAttempts;
    private final int maximumRecordAgeInSeconds;
    private final int parallelizationFactor;
    private final boolean reportBatchItemFailures;
    private final String functionName;
    private final Duration functionTimeout;
    private final int memorySizeMb;
    private final Duration pollInterval;
    private final Path onFailureFile;

    private EventSourceMappingSettings(int batchSize, Duration maximumBatchingWindow, StartingPosition startingPosition,
                                       boolean bisectBatchOnFunctionError, int maximumRetryAttempts,
                                       int maximumRecordAgeInSeconds, int parallelizationFactor,
                                       boolean reportBatchItemFailures, String functionName, Duration functionTimeout,
                                       int memorySizeMb, Duration pollInterval, Path onFailureFile) {
        if (batchSize < 1 || batchSize > 10_000) {
            throw new IllegalArgumentException("batch_size must be 1..10000, was " + batchSize);
        }
        if (maximumBatchingWindow.isNegative() || maximumBatchingWindow.compareTo(Duration.ofSeconds(300)) > 0) {
            throw new IllegalArgumentException("maximum_batching_window_in_seconds must be 0..300, was " + maximumBatchingWindow);
        }
        if (maximumRetryAttempts < -1 || maximumRetryAttempts > 10_000) {
            throw new IllegalArgumentException("maximum_retry_attempts must be -1 (infinite) or 0..10000, was " + maximumRetryAttempts);
        }
        if (maximumRecordAgeInSeconds == 0 || maximumRecordAgeInSeconds < -1 || maximumRecordAgeInSeconds > 604_800) {
            throw new IllegalArgumentException("maximum_record_age_in_seconds must be -1 (infinite) or 1..604800"
                    + " (Lambda itself requires at least 60), was " + maximumRecordAgeInSeconds);
        }
        if (parallelizationFactor != 1) {
            throw new IllegalArgumentException("parallelization_factor " + parallelizationFactor
                    + " is not supported by the local event source mapping: only 1 (one batch per shard at a time)");
        }
        if (functionTimeout.isNegative() || functionTimeout.isZero() || functionTimeout.compareTo(Duration.ofMinutes(15)) > 0) {
            throw new IllegalArgumentException("function timeout must be more than 0 and at most 15 minutes, was " + functionTimeout);
        }
        if (memorySizeMb < 128 || memorySizeMb > 10_240) {
            throw new IllegalArgumentException("memory size must be 128..10240 MB, was " + memorySizeMb);
        }
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("poll interval must be positive, was " + pollInterval);
        }
        this.batchSize = batchSize;
        this.maximumBatchingWindow = maximumBatchingWindow;
        this.startingPosition = Objects.requireNonNull(startingPosition, "startingPosition");
        this.bisectBatchOnFunctionError = bisectBatchOnFunctionError;
        this.maximumRetryAttempts = maximumRetryAttempts;
        this.maximumRecordAgeInSeconds = maximumRecordAgeInSeconds;
        this.parallelizationFactor = parallelizationFactor;
        this.reportBatchItemFailures = reportBatchItemFailures;
        this.functionName = Objects.requireNonNull(functionName, "functionName");
        this.functionTimeout = functionTimeout;
        this.memorySizeMb = memorySizeMb;
        this.pollInterval = pollInterval;
        this.onFailureFile = onFailureFile;
    }

    /** The Terraform defaults, function {@code eddy-local} with a 30 s timeout and 256 MB, polling 4 times a second. */
    public static EventSourceMappingSettings defaults() {
        return new EventSourceMappingSettings(100, Duration.ZERO, StartingPosition.TRIM_HORIZON, true, 5, -1, 1, true,
                "eddy-local", Duration.ofSeconds(30), 256, Duration.ofMillis(250), null);
    }

    private EventSourceMappingSettings copy(int batchSize, Duration window, StartingPosition start, boolean bisect,
                                            int retries, int recordAge, int parallelization, boolean report,
                                            String function, Duration timeout, int memory, Duration poll, Path file) {
        return new EventSourceMappingSettings(batchSize, window, start, bisect, retries, recordAge, parallelization,
                report, function, timeout, memory, poll, file);
    }

    public EventSourceMappingSettings withBatchSize(int value) {
        return copy(value, maximumBatchingWindow, startingPosition, bisectBatchOnFunctionError, maximumRetryAttempts,
                maximumRecordAgeInSeconds, parallelizationFactor, reportBatchItemFailures, functionName, functionTimeout,
                memorySizeMb, pollInterval, onFailureFile);
    }

    public EventSourceMappingSettings withMaximumBatchingWindow(Duration value) {
        return copy(batchSize, value, startingPosition, bisectBatchOnFunctionError, maximumRetryAttempts,
                maximumRecordAgeInSeconds, parallelizationFactor, reportBatchItemFailures, functionName, functionTimeout,
                memorySizeMb, pollInterval, onFailureFile);
    }

    public EventSourceMappingSettings withStartingPosition(StartingPosition value) {
        return copy(batchSize, maximumBatchingWindow, value, bisectBatchOnFunctionError, maximumRetryAttempts,
                maximumRecordAgeInSeconds, parallelizationFactor, reportBatchItemFailures, functionName, functionTimeout,
                memorySizeMb, pollInterval, onFailureFile);
    }

    public EventSourceMappingSettings withBisectBatchOnFunctionError(boolean value) {
        return copy(batchSize, maximumBatchingWindow, startingPosition, value, maximumRetryAttempts,
                maximumRecordAgeInSeconds, parallelizationFactor, reportBatchItemFailures, functionName, functionTimeout,
                memorySizeMb, pollInterval, onFailureFile);
    }

    public EventSourceMappingSettings withMaximumRetryAttempts(int value) {
        return copy(batchSize, maximumBatchingWindow, startingPosition, bisectBatchOnFunctionError, value,
                maximumRecordAgeInSeconds, parallelizationFactor, reportBatchItemFailures, functionName, functionTimeout,
                memorySizeMb, pollInterval, onFailureFile);
    }

    /** -1 for no limit. Lambda accepts 60..604800; the local mapping also accepts shorter ages for experiments. */
    public EventSourceMappingSettings withMaximumRecordAgeInSeconds(int value) {
        return copy(batchSize, maximumBatchingWindow, startingPosition, bisectBatchOnFunctionError, maximumRetryAttempts,
                value, parallelizationFactor, reportBatchItemFailures, functionName, functionTimeout,
                memorySizeMb, pollInterval, onFailureFile);
    }

    /** Only 1 is supported locally; any other value is rejected with a clear error. */
    public EventSourceMappingSettings withParallelizationFactor(int value) {
        return copy(batchSize, maximumBatchingWindow, startingPosition, bisectBatchOnFunctionError, maximumRetryAttempts,
                maximumRecordAgeInSeconds, value, reportBatchItemFailures, functionName, functionTimeout,
                memorySizeMb, pollInterval, onFailureFile);
    }

    /** Whether {@code function_response_types} contains ReportBatchItemFailures. */
    public EventSourceMappingSettings withReportBatchItemFailures(boolean value) {
        return copy(batchSize, maximumBatchingWindow, startingPosition, bisectBatchOnFunctionError, maximumRetryAttempts,
                maximumRecordAgeInSeconds, parallelizationFactor, value, functionName, functionTimeout,
                memorySizeMb, pollInterval, onFailureFile);
    }

    public EventSourceMappingSettings withFunctionName(String value) {
        return copy(batchSize, maximumBatchingWindow, startingPosition, bisectBatchOnFunctionError, maximumRetryAttempts,
                maximumRecordAgeInSeconds, parallelizationFactor, reportBatchItemFailures, value, functionTimeout,
                memorySizeMb, pollInterval, onFailureFile);
    }

    public EventSourceMappingSettings withFunctionTimeout(Duration value) {
        return copy(batchSize, maximumBatchingWindow, startingPosition, bisectBatchOnFunctionError, maximumRetryAttempts,
                maximumRecordAgeInSeconds, parallelizationFactor, reportBatchItemFailures, functionName, value,
                memorySizeMb, pollInterval, onFailureFile);
    }

    public EventSourceMappingSettings withMemorySizeMb(int value) {
        return copy(batchSize, maximumBatchingWindow, startingPosition, bisectBatchOnFunctionError, maximumRetryAttempts,
                maximumRecordAgeInSeconds, parallelizationFactor, reportBatchItemFailures, functionName, functionTimeout,
                value, pollInterval, onFailureFile);
    }

    /** How long a shard poller waits after an empty GetRecords (Lambda polls each shard about 4 times a second). */
    public EventSourceMappingSettings withPollInterval(Duration value) {
        return copy(batchSize, maximumBatchingWindow, startingPosition, bisectBatchOnFunctionError, maximumRetryAttempts,
                maximumRecordAgeInSeconds, parallelizationFactor, reportBatchItemFailures, functionName, functionTimeout,
                memorySizeMb, value, onFailureFile);
    }

    /** The JSON-lines file of the on-failure destination; without one, failures are only kept in memory. */
    public EventSourceMappingSettings withOnFailureFile(Path value) {
        return copy(batchSize, maximumBatchingWindow, startingPosition, bisectBatchOnFunctionError, maximumRetryAttempts,
                maximumRecordAgeInSeconds, parallelizationFactor, reportBatchItemFailures, functionName, functionTimeout,
                memorySizeMb, pollInterval, value);
    }

    public int batchSize() {
        return batchSize;
    }

    public Duration maximumBatchingWindow() {
        return maximumBatchingWindow;
    }

    public StartingPosition startingPosition() {
        return startingPosition;
    }

    public boolean bisectBatchOnFunctionError() {
        return bisectBatchOnFunctionError;
    }

    public int maximumRetryAttempts() {
        return maximumRetryAttempts;
    }

    public int maximumRecordAgeInSeconds() {
        return maximumRecordAgeInSeconds;
    }

    public int parallelizationFactor() {
        return parallelizationFactor;
    }

    public boolean reportBatchItemFailures() {
        return reportBatchItemFailures;
    }

    public String functionName() {
        return functionName;
    }

    public Duration functionTimeout() {
        return functionTimeout;
    }

    public int memorySizeMb() {
        return memorySizeMb;
    }

    public Duration pollInterval() {
        return pollInterval;
    }

    public Optional<Path> onFailureFile() {
        return Optional.ofNullable(onFailureFile);
    }
}
