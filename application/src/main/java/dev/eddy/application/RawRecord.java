package dev.eddy.application;

/**
 * The original stream record, kept so that a record that cannot be processed can be quarantined
 * whole and inspected. Rendering is lazy: most records never need it.
 */
@FunctionalInterface
public interface RawRecord {
    /** The whole original record as JSON. */
    String toJson();
}
