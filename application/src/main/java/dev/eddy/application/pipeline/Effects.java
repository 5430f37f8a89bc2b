package dev.eddy.application.pipeline;

/** Where a step leaves the notifications it wants delivered for the current change. */
@FunctionalInterface
public interface Effects {
    void notify(Notification notification);
}
