package dev.eddy.domain.projection;

/** What a latest-state projection does when its source item is deleted or expires. */
public enum RemovalPolicy {
    /** Delete the projection item. */
    REMOVE,
    /**
     * Keep the projection item with its last state, and mark it: attribute {@code removed} is
     * {@code "deleted"} or {@code "expired"}, {@code removedAt} is when (ISO-8601). A later write of
     * the same source item clears the mark.
     */
    MARK
}
