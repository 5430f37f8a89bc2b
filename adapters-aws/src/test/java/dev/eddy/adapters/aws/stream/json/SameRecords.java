package dev.eddy.adapters.aws.stream.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eddy.application.StreamRecord;
import dev.eddy.domain.Change;
import dev.eddy.domain.SourcePosition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Compares what the streaming reader made of an event with what the reference path made of it.
 *
 * <p>One difference is allowed, because the reference cannot avoid it: the runtime reads the
 * creation time as a double times 1000, so it keeps whole milliseconds of a fractional time and
 * can be a microsecond off for a time in microseconds, while the streaming reader keeps the exact
 * decimal. So the creation times must agree within that rounding (up to a millisecond when the
 * reference has whole milliseconds, else a microsecond), and the changes must be equal otherwise.
 * Everything else, problem texts included, must be identical.
 */
final class SameRecords {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SameRecords() {
    }

    static void assertSame(List<StreamRecord> reference, List<StreamRecord> streaming, String what) {
        assertEquals(reference.size(), streaming.size(), what + ": number of records");
        for (int i = 0; i < reference.size(); i++) {
            assertSame(reference.get(i), streaming.get(i), what + ", record " + i);
        }
    }

    static void assertSame(StreamRecord reference, StreamRecord streaming, String what) {
        assertEquals(reference.ref(), streaming.ref(), what + ": record reference");
        if (reference instanceof StreamRecord.Readable expected) {
            if (!(streaming instanceof StreamRecord.Readable actual)) {
                fail(what + ": the reference reads " + expected.change().kind() + ", the streaming reader says "
                        + ((StreamRecord.Unreadable) streaming).problem());
                return;
            }
            assertSameChange(expected.change(), actual.change(), what);
        } else {
            StreamRecord.Unreadable expected = (StreamRecord.Unreadable) reference;
            if (!(streaming instanceof StreamRecord.Unreadable actual)) {
                fail(what + ": the reference says " + expected.problem() + ", the streaming reader reads "
                        + ((StreamRecord.Readable) streaming).change());
                return;
            }
            assertEquals(expected.problem(), actual.problem(), what + ": problem");
        }
    }

    static void assertSameChange(Change expected, Change actual, String what) {
        if (expected.equals(actual)) {
            return;
        }
        Instant reference = expected.source().approximateCreationTime();
        Instant exact = actual.source().approximateCreationTime();
        Duration off = Duration.between(reference, exact).abs();
        boolean millisecondRounding = reference.getNano() % 1_000_000 == 0 && off.compareTo(Duration.ofMillis(1)) <= 0;
        boolean microsecondRounding = off.compareTo(Duration.ofNanos(1000)) <= 0;
        assertTrue(millisecondRounding || microsecondRounding,
                () -> what + ": changes differ beyond the reference's rounding of the creation time:\n  reference "
                        + expected + "\n  streaming " + actual);
        assertEquals(expected, withCreationTime(actual, reference), what + ": change");
    }

    /** The change with another creation time, all else equal. */
    static Change withCreationTime(Change change, Instant time) {
        SourcePosition s = change.source();
        SourcePosition source = new SourcePosition(s.eventId(), s.table(), s.sequenceNumber(), time, s.sizeBytes(),
                s.view());
        return change.accept(new Change.Visitor<Change>() {
            @Override
            public Change created(Change.Created created) {
                return new Change.Created(source, created.key(), created.newImage());
            }

            @Override
            public Change updated(Change.Updated updated) {
                return new Change.Updated(source, updated.key(), updated.oldImage(), updated.newImage());
            }

            @Override
            public Change deleted(Change.Deleted deleted) {
                return new Change.Deleted(source, deleted.key(), deleted.oldImage());
            }

            @Override
            public Change expired(Change.Expired expired) {
                return new Change.Expired(source, expired.key(), expired.oldImage());
            }
        });
    }

    /** Each record's raw JSON is the event's own record, byte for byte. */
    static void assertRawIsTheOriginal(byte[] event, List<StreamRecord> streaming, String what) {
        String text = new String(event, java.nio.charset.StandardCharsets.UTF_8);
        JsonNode records;
        try {
            records = JSON.readTree(event).get("Records");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertEquals(records.size(), streaming.size(), what);
        int from = 0;
        for (int i = 0; i < streaming.size(); i++) {
            String raw = streaming.get(i).raw().toJson();
            int at = text.indexOf(raw, from);
            assertTrue(at >= 0, () -> what + ": raw record is not a slice of the event: " + raw);
            from = at + raw.length();
            try {
                assertEquals(records.get(i), JSON.readTree(raw), what + ": raw record " + i);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
