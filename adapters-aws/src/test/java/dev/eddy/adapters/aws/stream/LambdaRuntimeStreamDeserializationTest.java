package dev.eddy.adapters.aws.stream;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the Lambda runtime's own deserializer (aws-lambda-java-serialization) makes of stream
 * payloads, before the mapper sees them. These facts shape the mapper; when a new runtime version
 * changes one, this test says so.
 */
class LambdaRuntimeStreamDeserializationTest {

    @Test
    void runtimeMultipliesEveryCreationTimeByOneThousandAndIgnoresItsPrecision() {
        Map<String, Date> dates = creationDates(LambdaEvents.resource("creation-times.json"));

        assertAll(
                () -> assertEquals(1_479_499_740_000L, dates.get("seconds").getTime()),
                () -> assertEquals(1_635_734_407_123L, dates.get("fractional-seconds").getTime()),
                () -> assertEquals(1_480_642_020_000_000L, dates.get("milliseconds").getTime()),
                () -> assertEquals(48889, year(dates.get("milliseconds"))),
                () -> assertEquals(1_764_000_000_123_000L, dates.get("milliseconds-with-precision").getTime()),
                () -> assertTrue(year(dates.get("microseconds-with-precision")) > 40_000_000));
    }

    @Test
    void runtimeReadsACreationTimeOfZeroAsNoDateAndSaturatesNanoseconds() {
        Map<String, Date> dates = creationDates(LambdaEvents.resource("malformed.json"));

        assertAll(
                () -> assertTrue(dates.containsKey("creation-time-zero")),
                () -> assertNull(dates.get("creation-time-zero")),
                () -> assertEquals(Long.MAX_VALUE, dates.get("creation-time-in-nanoseconds").getTime()));
    }

    @Test
    void runtimeRejectsTheWholeEventWhenABinaryIsNotBase64() {
        RuntimeException rejected = assertThrows(RuntimeException.class,
                () -> LambdaEvents.resource("runtime-rejects-bad-base64.json"));

        assertTrue(String.valueOf(rejected.getMessage()).contains("base64"), rejected::getMessage);
    }

    @Test
    void runtimeRejectsTheWholeEventWhenTheStreamViewTypeIsUnknown() {
        RuntimeException rejected = assertThrows(RuntimeException.class,
                () -> LambdaEvents.resource("runtime-rejects-unknown-view-type.json"));

        assertTrue(String.valueOf(rejected.getMessage()).contains("StreamViewType"), rejected::getMessage);
    }

    /** Creation date by event id; a record without a date maps to null. */
    private static Map<String, Date> creationDates(DynamodbEvent event) {
        Map<String, Date> dates = new HashMap<>();
        for (DynamodbEvent.DynamodbStreamRecord record : event.getRecords()) {
            if (record.getEventID() != null && record.getDynamodb() != null) {
                dates.put(record.getEventID(), record.getDynamodb().getApproximateCreationDateTime());
            }
        }
        return dates;
    }

    private static int year(Date date) {
        return date.toInstant().atZone(ZoneOffset.UTC).getYear();
    }
}
