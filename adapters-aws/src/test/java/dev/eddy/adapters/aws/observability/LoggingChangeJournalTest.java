package dev.eddy.adapters.aws.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eddy.application.fakes.Changes;
import dev.eddy.domain.Change;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LoggingChangeJournalTest {
    private final CapturedLines out = new CapturedLines();

    private JsonNode journal(Change change, boolean logItemValues) {
        Observability observability = Observability.to(out.stream, Clock.systemUTC(), "eddy", logItemValues,
                JsonLogger.Level.DEBUG);
        observability.logger().requestId("req-9");
        observability.journal().record(change);
        assertEquals(1, out.lines().size(), out.text());
        return out.lines().get(0);
    }

    @Test
    void logsKindTableIdsKeyNamesAndChangedFieldNamesWithoutValuesByDefault() {
        JsonNode line = journal(Changes.updated("42", "21.5", "38.25"), false);

        assertEquals("change", line.get("message").asText());
        assertEquals("DEBUG", line.get("level").asText());
        assertEquals("UPDATED", line.get("kind").asText());
        assertEquals("RealTimeDataTable", line.get("table").asText());
        assertEquals("event-42", line.get("eventId").asText());
        assertEquals("42", line.get("sequenceNumber").asText());
        assertEquals("req-9", line.get("requestId").asText());
        assertEquals("[\"id\",\"timestamp\"]", line.get("keyAttributes").toString());
        assertEquals("[\"temperature\"]", line.get("changedFields").toString());
        String text = out.text();
        assertFalse(text.contains("sensor-1"), "no key values: " + text);
        assertFalse(text.contains("38.25"), "no attribute values: " + text);
        assertFalse(text.contains("21.5"), "no attribute values: " + text);
        assertFalse(line.has("newImage"));
    }

    @Test
    void logsValuesWhenItemValuesAreEnabled() {
        JsonNode line = journal(Changes.updated("42", "21.5", "38.25"), true);

        assertEquals("sensor-1", line.get("key").get("id").get("S").asText());
        assertEquals("38.25", line.get("newImage").get("temperature").get("N").asText());
        assertEquals("21.5", line.get("changes").get("temperature").get("old").get("N").asText());
        assertEquals("38.25", line.get("changes").get("temperature").get("new").get("N").asText());
    }

    @Test
    void namesTheImagesARecordLacks() {
        JsonNode line = journal(new Change.Expired(Changes.position("5"), Changes.key("sensor-1"), Optional.empty()),
                false);

        assertEquals("EXPIRED", line.get("kind").asText());
        assertEquals("[\"OLD\"]", line.get("missingImages").toString());
    }

    @Test
    void completeRecordsHaveNoMissingImagesField() {
        JsonNode line = journal(Changes.created("6"), false);

        assertTrue(line.path("missingImages").isMissingNode());
        assertTrue(line.path("changedFields").isMissingNode(), "only updates have changed fields");
    }

    @Test
    void writesNothingAtTheDefaultLevelInfo() {
        Observability observability = Observability.to(out.stream, Clock.systemUTC(), "eddy", true,
                JsonLogger.Level.INFO);

        observability.journal().record(Changes.updated("42", "21.5", "38.25"));
        observability.journal().record(Changes.created("6"));

        assertEquals("", out.text(), "a line per record is DEBUG: at INFO, Lambda's default, the journal is off");
    }
}
