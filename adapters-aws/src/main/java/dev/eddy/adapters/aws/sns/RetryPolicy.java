package dev.eddy.adapters.aws.sns;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How {@link SnsNotificationPublisher} retries throttling, 5xx, I/O errors and retryable batch
 * entries: at most {@code maxAttempts} calls per batch, waiting between them an exponential delay
 * ({@code baseDelay * 2^(attempt-1)}, capped at {@code maxDelay}) with jitter (a random wait
 * between half the delay and the whole of it).
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay) {
    /** 3 attempts, 100 ms then 200 ms: at most about 0.3 s of waiting per batch. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(1));

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        }
        Objects.requireNonNull(baseDelay, "baseDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (baseDelay.isNegative() || maxDelay.compareTo(baseDelay) < 0) {
            throw new IllegalArgumentException("need 0 <= baseDelay <= maxDelay, got " + baseDelay + " and " + maxDelay);
        }
    }

    /** The wait before attempt {@code attempt + 1}, after attempt {@code attempt} (1-based) failed. */
    Duration delayAfter(int attempt) {
        long base = baseDelay.toMillis();
        long exponential = attempt >= 31 ? Long.MAX_VALUE : base << Math.min(attempt - 1, 30);
        long capped = Math.min(maxDelay.toMillis(), exponential < 0 ? Long.MAX_VALUE : exponential);
        if (capped <= 1) {
            return Duration.ofMillis(capped);
        }
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(capped / 2, capped + 1));
    }
}
