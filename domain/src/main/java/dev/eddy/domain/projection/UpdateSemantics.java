package dev.eddy.domain.projection;

/** How a running aggregate counts an update of a source item. Expiries and deletes are separate. */
public enum UpdateSemantics {
    /**
     * The default. An update corrects the item's earlier contribution: the sum moves by
     * {@code new - old}, the count stays. A value that appears counts once; one that disappears is
     * retracted. When the partition key or the bucket changes, the old contribution is retracted
     * from the old item and the new one added to the new item. Right for items that are readings
     * (one item per reading: "hourly temperature per sensor" with key {@code id + timestamp}) and for
     * items that are counters ("clicks per user per day" with an item whose {@code clicks} grows):
     * either way the sum equals the sum of the current items.
     */
    DELTA,
    /**
     * Every update whose value differs numerically from the old one is a new reading: count + 1,
     * sum + new. Right for an item that is overwritten in place with each new reading (one item per
     * sensor holding its current temperature), where the history lives only in the stream.
     */
    READING
}
