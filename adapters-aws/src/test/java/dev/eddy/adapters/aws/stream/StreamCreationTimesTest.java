package dev.eddy.adapters.aws.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.Date;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StreamCreationTimesTest {

    /** The runtime's date is the sent number times 1000, as a double truncated to a long. */
    private static Date asTheRuntimeReads(double sent) {
        return new Date((long) (sent * 1000.0));
    }

    @ParameterizedTest
    @CsvSource({
            "1479499740,            2016-11-18T20:09:00Z",
            "1.635734407123456789E9, 2021-11-01T02:40:07.123Z",
            "1480642020000,         2016-12-02T01:27:00Z",
            "1764000000123,         2025-11-24T16:00:00.123Z",
            "1764000000123456,      2025-11-24T16:00:00.123456Z",
            "1764000000999999,      2025-11-24T16:00:00.999999Z",
            "16725225599,           2499-12-31T23:59:59Z",
            "16725225599999,        2499-12-31T23:59:59.999Z"
    })
    void creationTimeInSecondsMillisecondsOrMicrosecondsReadsAsTheSameInstant(double sent, String expected) {
        assertEquals(Instant.parse(expected), CreationTimes.fromRuntimeDate(asTheRuntimeReads(sent)));
    }

    @ParameterizedTest
    @ValueSource(doubles = {1764000000123456789d, 9.3e15, 1e30})
    void creationTimeBeyondMicrosecondsHasNoInstant(double sent) {
        assertNull(CreationTimes.fromRuntimeDate(asTheRuntimeReads(sent)));
    }
}
