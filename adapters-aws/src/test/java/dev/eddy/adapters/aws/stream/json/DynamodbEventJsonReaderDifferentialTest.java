package dev.eddy.adapters.aws.stream.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.application.RecordRef;
import dev.eddy.application.StreamRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The streaming reader against the reference path (the runtime's own deserializer, then
 * {@code DynamodbEventMapper}) on the same bytes: generated events, the reference mapper's own
 * fixtures and the shared public samples. Same records, same verdicts, same problem texts; the one
 * allowed difference is the reference's millisecond rounding of fractional creation times
 * (see {@link SameRecords}).
 */
class DynamodbEventJsonReaderDifferentialTest {
    /** Fixed, so that a failure can be replayed: the message names the seed of the failing event. */
    private static final long FIRST_SEED = 20_261_124L;
    private static final int EVENTS = 4000;

    private final DynamodbEventJsonReader reader = new DynamodbEventJsonReader();

    @Test
    void generatedEventsReadTheSameOnBothPaths(TestReporter report) {
        int records = 0;
        int readable = 0;
        int unreadable = 0;
        for (long seed = FIRST_SEED; seed < FIRST_SEED + EVENTS; seed++) {
            byte[] event = new StreamEventGenerator(seed).event();
            String what = "event of seed " + seed + ": " + new String(event, StandardCharsets.UTF_8);
            List<StreamRecord> reference = RuntimePath.map(event);
            List<StreamRecord> streaming = reader.read(event);

            SameRecords.assertSame(reference, streaming, what);
            SameRecords.assertRawIsTheOriginal(event, streaming, what);
            records += streaming.size();
            for (StreamRecord record : streaming) {
                if (record instanceof StreamRecord.Readable) {
                    readable++;
                } else {
                    unreadable++;
                }
            }
        }
        report.publishEntry("compared", EVENTS + " events, " + records + " records (" + readable + " readable, "
                + unreadable + " unreadable)");
        // The generator must keep covering both outcomes, or the comparison proves little.
        assertTrue(records > EVENTS * 3, "records compared: " + records);
        assertTrue(unreadable > records / 20, "unreadable records compared: " + unreadable + " of " + records);
        assertTrue(readable > records / 2, "readable records compared: " + readable + " of " + records);
    }

    @ParameterizedTest
    @ValueSource(strings = {"insert-every-type.json", "modifies.json", "removes.json", "view-types.json",
        "table-names.json", "empty-sets.json", "creation-times.json"})
    void referenceFixturesReadTheSameOnBothPaths(String name) {
        byte[] event = RuntimePath.resource(name);

        List<StreamRecord> streaming = reader.read(event);

        SameRecords.assertSame(RuntimePath.map(event), streaming, name);
        SameRecords.assertRawIsTheOriginal(event, streaming, name);
    }

    /**
     * The malformed fixture, record by record. The reference reads a zero creation time as missing
     * (the runtime does), and words the missing time with that in mind; the streaming reader
     * names each case. Every other record must read identically.
     */
    @Test
    void malformedFixtureReadsTheSameOnBothPathsButForCreationTimeWording() {
        byte[] event = RuntimePath.resource("malformed.json");
        List<StreamRecord> reference = RuntimePath.map(event);
        List<StreamRecord> streaming = reader.read(event);

        assertEquals(reference.size(), streaming.size());
        for (int i = 0; i < reference.size(); i++) {
            String eventId = reference.get(i).ref().eventId();
            if ("no-creation-time".equals(eventId) || "creation-time-zero".equals(eventId)) {
                StreamRecord.Unreadable record = (StreamRecord.Unreadable) streaming.get(i);
                assertEquals("no-creation-time".equals(eventId)
                        ? "dynamodb.ApproximateCreationDateTime is missing"
                        : "dynamodb.ApproximateCreationDateTime is 0, which is no time at all", record.problem());
            } else {
                SameRecords.assertSame(reference.get(i), streaming.get(i), "malformed.json record " + eventId);
            }
        }
        SameRecords.assertRawIsTheOriginal(event, streaming, "malformed.json");
    }

    @Test
    void sharedPublicSamplesReadTheSameOnBothPaths() throws IOException {
        Path directory = sharedEvents();
        List<Path> samples;
        try (Stream<Path> files = Files.list(directory)) {
            samples = files.filter(f -> f.toString().endsWith(".json")).sorted().collect(Collectors.toList());
        }
        int compared = 0;
        for (Path sample : samples) {
            byte[] event = RuntimePath.file(sample);
            String text = new String(event, StandardCharsets.UTF_8);
            if (!text.contains("\"Records\"") || !text.contains("\"dynamodb\"")) {
                continue; // responses and failure-destination records are not stream events
            }
            String name = sample.getFileName().toString();
            List<StreamRecord> streaming = reader.read(event);
            List<StreamRecord> reference = RuntimePath.map(event);
            List<StreamRecord> comparable = new ArrayList<>();
            List<StreamRecord> streamingComparable = new ArrayList<>();
            for (int i = 0; i < reference.size(); i++) {
                // the time-window sample has no creation time: worded differently on purpose (see above)
                if (!(reference.get(i) instanceof StreamRecord.Unreadable u
                        && u.problem().startsWith("dynamodb.ApproximateCreationDateTime is missing"))) {
                    comparable.add(reference.get(i));
                    streamingComparable.add(streaming.get(i));
                }
            }
            assertEquals(reference.size(), streaming.size(), name);
            SameRecords.assertSame(comparable, streamingComparable, name);
            compared++;
        }
        assertFalse(compared == 0, "no stream event samples in " + directory);
    }

    /**
     * Creation times whose exponent is beyond the int range, which BigDecimal cannot hold as a
     * scale, written before the SequenceNumber and followed by a readable record: the same problem
     * on both paths (on the byte reader's, on Jackson's and on demand), the record keeps its
     * identity so that it can be dead-lettered, and the rest of the batch reads.
     */
    @ParameterizedTest
    @ValueSource(strings = {"1e2147483648", "-1E+2147483648", "1E79499740123", "0.5e99999999999999999999"})
    void creationTimesWithExponentsBeyondTheIntRangeReadTheSameOnBothPaths(String time) {
        String arn = "arn:aws:dynamodb:eu-west-1:111122223333:table/Table1/stream/2025-11-01T08:15:30.123";
        String records = Stream.of(time, "1764000000").map(created -> "{\"eventID\":\"e-" + created
                + "\",\"eventName\":\"INSERT\",\"eventSourceARN\":\"" + arn + "\",\"dynamodb\":{"
                + "\"ApproximateCreationDateTime\":" + created + ",\"Keys\":{\"id\":{\"S\":\"k1\"}},"
                + "\"NewImage\":{\"id\":{\"S\":\"k1\"}},\"SequenceNumber\":\"111\",\"SizeBytes\":26,"
                + "\"StreamViewType\":\"NEW_AND_OLD_IMAGES\"}}").collect(Collectors.joining(","));
        byte[] event = ("{\"Records\":[" + records + "]}").getBytes(StandardCharsets.UTF_8);
        byte[] byJackson = ("{\"\\u0061\":0,\"Records\":[" + records + "]}").getBytes(StandardCharsets.UTF_8);
        List<StreamRecord> reference = RuntimePath.map(event);
        assertEquals(new RecordRef("111", "e-" + time), reference.get(0).ref());
        assertTrue(reference.get(0) instanceof StreamRecord.Unreadable && reference.get(1) instanceof StreamRecord.Readable,
                () -> "the reference reads " + reference);

        SameRecords.assertSame(reference, reader.read(event), time);
        SameRecords.assertSame(reference, reader.read(byJackson), time + " by Jackson");
        SameRecords.assertSame(reference, reader.readOnDemand(event), time + " on demand");
    }

    /** {@code ../shared/events} beside the repository or beside the main checkout of this worktree. */
    private static Path sharedEvents() {
        String override = System.getProperty("eddy.shared.events");
        List<Path> candidates = new ArrayList<>();
        if (override != null && !override.isBlank()) {
            candidates.add(Path.of(override));
        }
        for (Path at = Path.of("").toAbsolutePath(); at != null; at = at.getParent()) {
            candidates.add(at.resolve("shared/events"));
        }
        for (Path candidate : candidates) {
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return Assumptions.abort("shared sample events are not beside the repository");
    }
}
