package dev.eddy.domain.projection;

import java.time.temporal.ChronoUnit;

/** The width of an aggregate's time bucket. Buckets are aligned to UTC. */
public enum BucketSize {
    MINUTE(ChronoUnit.MINUTES),
    HOUR(ChronoUnit.HOURS),
    DAY(ChronoUnit.DAYS);

    private final ChronoUnit unit;

    BucketSize(ChronoUnit unit) {
        this.unit = unit;
    }

    /** The unit an instant is truncated to, to find the start of its bucket. */
    public ChronoUnit unit() {
        return unit;
    }
}
