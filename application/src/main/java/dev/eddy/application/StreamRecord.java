package dev.eddy.application;

import dev.eddy.domain.Change;
import java.util.Objects;

/**
 * One record of a batch, as the inbound adapter read it: either a domain change, or a record
 * that could not be read as one, with the reason. Both keep the original record.
 */
public sealed interface StreamRecord permits StreamRecord.Readable, StreamRecord.Unreadable {

    RecordRef ref();

    RawRecord raw();

    /** A record that maps to a change. */
    record Readable(Change change, RawRecord raw) implements StreamRecord {
        public Readable {
            Objects.requireNonNull(change, "change");
            Objects.requireNonNull(raw, "raw");
        }

        @Override
        public RecordRef ref() {
            return new RecordRef(change.source().sequenceNumber(), change.source().eventId());
        }
    }

    /** A record that cannot be a change, and never will be: a permanent failure. */
    record Unreadable(RecordRef ref, String problem, RawRecord raw) implements StreamRecord {
        public Unreadable {
            Objects.requireNonNull(ref, "ref");
            Objects.requireNonNull(problem, "problem");
            Objects.requireNonNull(raw, "raw");
        }
    }
}
