package dev.eddy.domain.projection;

import java.util.List;

/**
 * What a projection makes of one change: the updates to apply, in order (none when the change does
 * not concern it), and why parts were skipped. Skip reasons name attributes and types, never values,
 * so they can be logged.
 */
public record ProjectionResult(List<ProjectionUpdate> updates, List<String> skipped) {
    public static final ProjectionResult NOTHING = new ProjectionResult(List.of(), List.of());

    public ProjectionResult {
        updates = List.copyOf(updates);
        skipped = List.copyOf(skipped);
    }

    static ProjectionResult skipped(String reason) {
        return new ProjectionResult(List.of(), List.of(reason));
    }
}
