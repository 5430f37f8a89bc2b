package dev.eddy.application;

import java.time.Duration;

/** How much time the invocation has left. Lambda kills the function at its timeout. */
@FunctionalInterface
public interface TimeBudget {
    TimeBudget UNLIMITED = () -> Duration.ofDays(1);

    Duration remaining();
}
