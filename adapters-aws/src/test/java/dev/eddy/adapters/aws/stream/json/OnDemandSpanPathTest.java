package dev.eddy.adapters.aws.stream.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.eddy.application.StreamRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The on-demand list's second path: a record taken out of order is read by a parser over its own
 * span. The use case takes records in order, so only this test drives that path over generated
 * events; it must read exactly what the in-order path reads.
 */
class OnDemandSpanPathTest {
    private static final long FIRST_SEED = 77_001L;
    private static final int EVENTS = 400;
    private final DynamodbEventJsonReader reader = new DynamodbEventJsonReader();

    private static byte[] withBom(byte[] text) {
        byte[] bytes = new byte[text.length + 3];
        bytes[0] = (byte) 0xEF;
        bytes[1] = (byte) 0xBB;
        bytes[2] = (byte) 0xBF;
        System.arraycopy(text, 0, bytes, 3, text.length);
        return bytes;
    }

    /** Every record taken last to first, so each is read from its own span. */
    private static List<StreamRecord> backwards(List<StreamRecord> records) {
        List<StreamRecord> taken = new ArrayList<>();
        for (int i = records.size() - 1; i >= 0; i--) {
            taken.add(0, records.get(i));
        }
        return taken;
    }

    @Test
    void generatedEventsReadFromEachRecordsOwnSpanAsTheyReadAtOnce() {
        for (long seed = FIRST_SEED; seed < FIRST_SEED + EVENTS; seed++) {
            byte[] event = new StreamEventGenerator(seed).event();
            for (byte[] bytes : List.of(event, withBom(event))) {
                List<StreamRecord> atOnce = reader.read(bytes);
                List<StreamRecord> taken = backwards(reader.readOnDemand(bytes));
                SameRecords.assertSame(atOnce, taken, "seed " + seed + (bytes == event ? "" : " with BOM"));
                for (int i = 0; i < atOnce.size(); i++) {
                    assertEquals(atOnce.get(i).raw().toJson(), taken.get(i).raw().toJson(), "seed " + seed + ", raw " + i);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"Records\":[ -1.5e3 ,\t\"t\\u00e9xt\"\r\n, true,null , [ ] , { } ,\"\"]}",
        "{ \"x\" : [1,2] ,\n  \"Records\" :\n  [\n    {\"eventID\" : \"a\" }\n  ,  {\"eventID\":\"b\",\"dynamodb\":{\"SequenceNumber\":\"7\"}}\n  ]\n}\n",
        "{\"Records\":[{\"eventID\":\"\u00e9\u65e5\",\"dynamodb\":{\"SequenceNumber\":\"1\"}},0]}"})
    void oddLayoutsReadTheSameInAndOutOfOrder(String payload) {
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        for (byte[] b : List.of(bytes, withBom(bytes))) {
            List<StreamRecord> atOnce = reader.read(b);
            List<StreamRecord> inOrder = new ArrayList<>(reader.readOnDemand(b));
            List<StreamRecord> outOfOrder = backwards(reader.readOnDemand(b));
            for (int i = 0; i < atOnce.size(); i++) {
                StreamRecord expected = atOnce.get(i);
                for (StreamRecord actual : List.of(inOrder.get(i), outOfOrder.get(i))) {
                    SameRecords.assertSame(expected, actual, payload + " record " + i);
                    assertEquals(expected.raw().toJson(), actual.raw().toJson(), payload + " raw " + i);
                }
            }
        }
    }

    /** Numbers Jackson cannot make a decimal of: the record alone is unreadable, with its identity, on either path. */
    @ParameterizedTest
    @ValueSource(strings = {"1e99999999999", "1.0e-99999999999", "123456789012345678901234567890e2147483648"})
    void aCreationTimeBeyondADecimalIsTheRecordsProblemWithItsIdentityOnBothPaths(String number) {
        String bad = "{\"eventID\":\"bad\",\"eventName\":\"INSERT\",\"dynamodb\":{\"SequenceNumber\":\"2\","
                + "\"ApproximateCreationDateTime\":" + number + ",\"Keys\":{\"id\":{\"S\":\"a\"}}}}";
        byte[] event = ("{\"Records\":[" + bad + ",\"x\"]}").getBytes(StandardCharsets.UTF_8);

        StreamRecord atOnce = reader.read(event).get(0);
        StreamRecord inOrder = reader.readOnDemand(event).get(0);
        StreamRecord outOfOrder = backwards(reader.readOnDemand(event)).get(0);

        assertEquals("bad", assertInstanceOf(StreamRecord.Unreadable.class, atOnce).ref().eventId());
        SameRecords.assertSame(atOnce, inOrder, number + " in order");
        SameRecords.assertSame(atOnce, outOfOrder, number + " out of order");
        assertEquals(bad, outOfOrder.raw().toJson());
    }
}
