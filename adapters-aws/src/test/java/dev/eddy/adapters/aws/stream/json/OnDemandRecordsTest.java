package dev.eddy.adapters.aws.stream.json;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.application.RecordRef;
import dev.eddy.application.RecordsOnDemand;
import dev.eddy.application.StreamRecord;
import dev.eddy.application.TimeBudget;
import dev.eddy.application.port.in.ProcessChangeBatchCommand;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link DynamodbEventJsonReader#readOnDemand}: the same records as reading the event at once,
 * each read from the event's bytes only when it is taken; the same whole-event rejection, before
 * any record is taken.
 */
class OnDemandRecordsTest {
    private static final long FIRST_SEED = 20_261_125L;
    private static final int EVENTS = 1500;
    private static final String ARN =
            "arn:aws:dynamodb:eu-west-1:111122223333:table/RealTimeDataTable/stream/2025-11-01T08:15:30.123";

    private final DynamodbEventJsonReader reader = new DynamodbEventJsonReader();

    private static String record(String eventId, String sequenceNumber, String image) {
        return "{\"eventID\":\"" + eventId + "\",\"eventName\":\"INSERT\",\"eventSourceARN\":\"" + ARN + "\","
                + "\"dynamodb\":{\"ApproximateCreationDateTime\":1764000000,\"Keys\":{\"id\":{\"S\":\"sensor-1\"}},"
                + "\"NewImage\":" + image + ",\"SequenceNumber\":\"" + sequenceNumber + "\",\"SizeBytes\":26,"
                + "\"StreamViewType\":\"NEW_AND_OLD_IMAGES\"}}";
    }

    private static String record(String eventId, String sequenceNumber) {
        return record(eventId, sequenceNumber, "{\"id\":{\"S\":\"sensor-1\"},\"value\":{\"N\":\"21.5\"}}");
    }

    private static byte[] event(String... records) {
        return ("{\"Records\":[" + String.join(",", records) + "]}").getBytes(StandardCharsets.UTF_8);
    }

    /** Same reference, same verdict (equal change, or the same problem), the same raw bytes. */
    private static void assertSameRecords(List<StreamRecord> atOnce, List<StreamRecord> onDemand, String what) {
        assertEquals(atOnce.size(), onDemand.size(), what + ": number of records");
        for (int i = 0; i < atOnce.size(); i++) {
            StreamRecord expected = atOnce.get(i);
            StreamRecord actual = onDemand.get(i);
            String which = what + ", record " + i;
            assertEquals(expected.ref(), actual.ref(), which);
            assertEquals(expected.raw().toJson(), actual.raw().toJson(), which + ": raw record");
            if (expected instanceof StreamRecord.Readable readable) {
                assertEquals(readable.change(), assertInstanceOf(StreamRecord.Readable.class, actual, which).change(), which);
            } else {
                assertEquals(((StreamRecord.Unreadable) expected).problem(),
                        assertInstanceOf(StreamRecord.Unreadable.class, actual, which).problem(), which);
            }
        }
    }

    @Test
    void generatedEventsReadOnDemandAsTheyReadAtOnce(TestReporter report) {
        int records = 0;
        int unreadable = 0;
        for (long seed = FIRST_SEED; seed < FIRST_SEED + EVENTS; seed++) {
            byte[] event = new StreamEventGenerator(seed).event();
            List<StreamRecord> onDemand = reader.readOnDemand(event);

            assertSameRecords(reader.read(event), onDemand, "event of seed " + seed);
            SameRecords.assertRawIsTheOriginal(event, onDemand, "event of seed " + seed);
            records += onDemand.size();
            unreadable += (int) onDemand.stream().filter(r -> r instanceof StreamRecord.Unreadable).count();
        }
        report.publishEntry("compared", EVENTS + " events, " + records + " records, " + unreadable + " unreadable");
        assertTrue(records > EVENTS * 3, "records compared: " + records);
        assertTrue(unreadable > records / 20, "unreadable records compared: " + unreadable);
    }

    @ParameterizedTest
    @ValueSource(strings = {"insert-every-type.json", "modifies.json", "removes.json", "view-types.json",
        "table-names.json", "empty-sets.json", "creation-times.json", "malformed.json"})
    void referenceFixturesReadOnDemandAsTheyReadAtOnce(String name) {
        byte[] event = RuntimePath.resource(name);

        assertSameRecords(reader.read(event), reader.readOnDemand(event), name);
    }

    @Test
    void aBadRecordIsUnreadableAloneWhenItIsTaken() {
        List<StreamRecord> records = reader.readOnDemand(event(
                record("first", "1"),
                record("bad", "2", "{\"id\":{\"S\":\"a\"},\"blob\":{\"B\":\"not base64!\"}}"),
                "null", "42", "\"text\"", "[1,{\"a\":[]}]",
                record("last", "9")));

        assertAll(
                () -> assertEquals(7, records.size()),
                () -> assertEquals("first", assertInstanceOf(StreamRecord.Readable.class, records.get(0)).change()
                        .source().eventId()),
                () -> assertEquals(new RecordRef("2", "bad"), assertInstanceOf(StreamRecord.Unreadable.class,
                        records.get(1)).ref()),
                () -> assertEquals("record is null", assertInstanceOf(StreamRecord.Unreadable.class, records.get(2)).problem()),
                () -> assertEquals("42", records.get(3).raw().toJson()),
                () -> assertEquals("\"text\"", records.get(4).raw().toJson()),
                () -> assertEquals("[1,{\"a\":[]}]", records.get(5).raw().toJson()),
                () -> assertEquals("last", assertInstanceOf(StreamRecord.Readable.class, records.get(6)).change()
                        .source().eventId()));
    }

    /** Including JSON that breaks only in the last record: the event is refused before any record is taken. */
    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "not json", "[]", "42", "{}", "{\"records\":[]}", "{\"Records\":{}}",
        "{\"Records\":null}", "{\"Records\":[],\"Records\":[]}", "{\"Records\":[]} trailing",
        "{\"Records\":[{\"eventID\":\"SECRET\"", "{\"Records\":[{\"eventID\":SECRET}]}",
        "{\"Records\":[{\"eventID\":\"a\"},{\"eventID\":\"b\",\"dynamodb\":{\"NewImage\":{\"x\":{\"N\":1.2.3}}}}]}",
        "{\"Records\":[{\"eventID\":\"a\"},{\"eventID\":\"b\"}"})
    void aPayloadThatIsNoStreamEventFailsWholeAsReadingAtOnceDoes(String payload) {
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);

        MalformedEventException onDemand = assertThrows(MalformedEventException.class, () -> reader.readOnDemand(bytes));
        MalformedEventException atOnce = assertThrows(MalformedEventException.class, () -> reader.read(bytes));

        assertEquals(atOnce.getMessage(), onDemand.getMessage());
        assertFalse(onDemand.getMessage().contains("SECRET"), onDemand.getMessage());
    }

    @Test
    void byteOrderMarkIsSkippedAndRecordsStillSliceTheRightBytes() {
        String record = record("bom", "1");
        byte[] text = event(record);
        byte[] withBom = new byte[text.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(text, 0, withBom, 3, text.length);

        List<StreamRecord> records = reader.readOnDemand(withBom);

        assertEquals(record, records.get(0).raw().toJson());
        assertEquals("bom", assertInstanceOf(StreamRecord.Readable.class, records.get(0)).change().source().eventId());
    }

    @Test
    void eachTakeReadsTheRecordAnewFromTheEventsBytes() {
        List<StreamRecord> records = reader.readOnDemand(event(record("a", "1"), record("b", "2")));

        StreamRecord.Readable first = assertInstanceOf(StreamRecord.Readable.class, records.get(1));
        StreamRecord.Readable again = assertInstanceOf(StreamRecord.Readable.class, records.get(1));

        assertNotSame(first.change(), again.change(), "nothing read is kept by the list");
        assertEquals(first.change(), again.change());
        assertThrows(UnsupportedOperationException.class, () -> records.set(0, first));
        assertThrows(IndexOutOfBoundsException.class, () -> records.get(2));
    }

    /** In order, one parser moves through the event; out of order, each record is read from its own span. */
    @Test
    void recordsTakenOutOfOrderAndAgainReadAsInOrder() {
        byte[] event = event(record("a", "1"), "null", record("c", "3",
                "{\"id\":{\"S\":\"a\"},\"blob\":{\"B\":\"not base64!\"}}"), record("d", "4"), "[1]", record("f", "6"));
        List<StreamRecord> atOnce = reader.read(event);
        List<StreamRecord> records = reader.readOnDemand(event);

        int[] order = {3, 0, 1, 2, 5, 4, 0, 1, 2, 3, 4, 5, 5, 0};
        for (int index : order) {
            assertSameRecords(List.of(atOnce.get(index)), List.of(records.get(index)), "record " + index);
        }
        assertSameRecords(atOnce, records, "in order after all that");
    }

    @Test
    void theUseCasesCommandKeepsTheListInsteadOfCopyingItWhichWouldReadEveryRecord() {
        List<StreamRecord> records = reader.readOnDemand(event(record("a", "1")));

        assertInstanceOf(RecordsOnDemand.class, records);
        assertSame(records, new ProcessChangeBatchCommand(records, TimeBudget.UNLIMITED).records());
    }

    @Test
    void streamAndBytesReadTheSame() throws IOException {
        byte[] event = RuntimePath.resource("removes.json");

        assertSameRecords(reader.readOnDemand(event), reader.readOnDemand(new ByteArrayInputStream(event)), "removes.json");
    }
}
