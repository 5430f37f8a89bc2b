package dev.eddy.application;

/**
 * Identifies a stream record: its sequence number (what Lambda's partial-batch response reports)
 * and its event id. Either may be null for a malformed record.
 */
public record RecordRef(String sequenceNumber, String eventId) {
    @Override
    public String toString() {
        return "record " + eventId + " (sequence " + sequenceNumber + ")";
    }
}
