package dev.eddy.domain.projection;

/**
 * What a user delete does to a running aggregate. An expiry never changes an aggregate: history does
 * not change because an item aged out.
 */
public enum DeleteSemantics {
    /** The default: the aggregate keeps the deleted item's contribution. */
    KEEP,
    /** The deleted item's contribution is retracted: count - 1, sum - value. Minimum, maximum and last stay. */
    RETRACT
}
