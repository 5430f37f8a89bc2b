package dev.eddy.domain.projection;

import java.util.Set;

/**
 * Names of the attributes Eddy writes to projection items besides the configured ones. Configured
 * target names must not use them.
 */
public final class ProjectionAttributes {
    /** Partition key of the projection table (S). */
    public static final String PK = "pk";
    /** Sort key of the projection table (S). */
    public static final String SK = "sk";
    /** The projection's name (S). */
    public static final String PROJECTION = "projection";
    /** The partition key value, as rendered into {@link #PK} (S). */
    public static final String KEY = "key";
    /**
     * On a latest-state item: the key of the source item it reflects (S), so that deleting or expiring
     * another source item with the same partition key leaves it alone.
     */
    public static final String SOURCE = "source";
    /** The guard: the sequence number of the last change applied, zero-padded to a fixed width (S). */
    public static final String LAST_SEQUENCE = "lastSequence";
    /** The approximate creation time of the last change applied, ISO-8601 (S). */
    public static final String UPDATED_AT = "updatedAt";
    /** On a marked latest-state item: {@code deleted} or {@code expired} (S). */
    public static final String REMOVED = "removed";
    /** On a marked latest-state item: when it was deleted or expired, ISO-8601 (S). */
    public static final String REMOVED_AT = "removedAt";

    /** All of the above. */
    public static final Set<String> RESERVED =
            Set.of(PK, SK, PROJECTION, KEY, SOURCE, LAST_SEQUENCE, UPDATED_AT, REMOVED, REMOVED_AT);

    /** Aggregate attribute suffixes: {@code <value>_count}, {@code _sum}, {@code _min}, {@code _max}, {@code _last}. */
    public static String count(String value) {
        return value + "_count";
    }

    public static String sum(String value) {
        return value + "_sum";
    }

    public static String min(String value) {
        return value + "_min";
    }

    public static String max(String value) {
        return value + "_max";
    }

    public static String last(String value) {
        return value + "_last";
    }

    private ProjectionAttributes() {
    }
}
