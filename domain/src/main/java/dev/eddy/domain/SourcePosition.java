package dev.eddy.domain;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Objects;

/**
 * Where a change came from: the stream record's event id, the table, its sequence number,
 * DynamoDB's approximate creation time and the record's size in bytes.
 *
 * <p>Sequence numbers are long numeric strings, increasing per item within a shard. Compare them
 * with {@link #sequence()}, never as strings.
 */
public record SourcePosition(String eventId, String table, String sequenceNumber,
                             Instant approximateCreationTime, long sizeBytes, StreamView view) {
    public SourcePosition {
        requireText(eventId, "eventId");
        requireText(table, "table");
        requireText(sequenceNumber, "sequenceNumber");
        for (int i = 0; i < sequenceNumber.length(); i++) {
            char c = sequenceNumber.charAt(i);
            if ((c < '0' || c > '9') && !Character.isDigit(c)) {
                throw new InvalidValueException("sequenceNumber must be digits only, got \"" + sequenceNumber + "\"");
            }
        }
        Objects.requireNonNull(approximateCreationTime, "approximateCreationTime");
        if (sizeBytes < 0) {
            throw new InvalidValueException("sizeBytes must not be negative, got " + sizeBytes);
        }
        Objects.requireNonNull(view, "view");
    }

    /** The sequence number as the number it is. */
    public BigInteger sequence() {
        return new BigInteger(sequenceNumber);
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new InvalidValueException(name + " is missing");
        }
    }
}
