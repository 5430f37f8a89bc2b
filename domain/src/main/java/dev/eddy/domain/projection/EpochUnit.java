package dev.eddy.domain.projection;

/**
 * How a bucket attribute holds its time: a number of seconds or of milliseconds since
 * 1970-01-01T00:00:00Z. It is configured, never guessed: a guess from the magnitude would put a
 * reading in 1970 or in the year 50000 without anyone noticing.
 */
public enum EpochUnit {
    SECONDS,
    MILLISECONDS
}
