package dev.eddy.adapters.aws.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonLoggerTest {
    private final CapturedLines out = new CapturedLines();
    private final JsonLogger logger = new JsonLogger(out.stream,
            Clock.fixed(Instant.parse("2026-11-24T12:00:00Z"), ZoneOffset.UTC));

    @Test
    void writesOneJsonObjectPerLineWithTimestampLevelMessageAndRequestId() {
        logger.requestId("req-1");
        logger.info("batch finished").record("event-7", "700").field("records", 3).write();
        logger.warn("degraded").field("reason", "line one\nline two \"quoted\"").write();

        List<JsonNode> lines = out.lines();
        assertEquals(2, lines.size(), out.text());
        JsonNode first = lines.get(0);
        assertEquals("2026-11-24T12:00:00Z", first.get("timestamp").asText());
        assertEquals("INFO", first.get("level").asText());
        assertEquals("batch finished", first.get("message").asText());
        assertEquals("req-1", first.get("requestId").asText());
        assertEquals("event-7", first.get("eventId").asText());
        assertEquals("700", first.get("sequenceNumber").asText());
        assertEquals(3, first.get("records").asInt());
        assertEquals("line one\nline two \"quoted\"", lines.get(1).get("reason").asText(),
                "newlines stay inside the one line, escaped");
    }

    @Test
    void requestIdFollowsTheCurrentInvocation() {
        logger.requestId("req-1");
        logger.info("a").write();
        logger.requestId("req-2");
        logger.info("b").write();

        assertEquals("req-2", out.lines().get(1).get("requestId").asText());
    }

    @Test
    void namesAreWrittenAsAnArrayOfStrings() {
        logger.info("x").names("keyAttributes", List.of("id", "timestamp")).write();

        JsonNode names = out.lines().get(0).get("keyAttributes");
        assertTrue(names.isArray());
        assertEquals("id", names.get(0).asText());
        assertEquals("timestamp", names.get(1).asText());
    }

    @Test
    void writesOnlyLinesAtOrAboveItsMinimumLevel() {
        CapturedLines warnings = new CapturedLines();
        JsonLogger atWarn = new JsonLogger(warnings.stream, Clock.systemUTC(), JsonLogger.Level.WARN);

        atWarn.debug("d").field("n", 1).names("names", List.of("a")).rawField("raw", "{}").write();
        atWarn.info("i").field("flag", true).write();
        atWarn.warn("w").write();
        atWarn.error("e").write();

        assertEquals(List.of("WARN", "ERROR"), warnings.lines().stream().map(line -> line.get("level").asText()).toList(),
                warnings.text());
        assertFalse(atWarn.enabled(JsonLogger.Level.INFO));
        assertTrue(atWarn.enabled(JsonLogger.Level.WARN));
        assertTrue(atWarn.enabled(JsonLogger.Level.FATAL));
    }

    @Test
    void writesEveryLevelByDefault() {
        logger.debug("d").write();
        logger.line(JsonLogger.Level.TRACE, "t").write();

        assertEquals(List.of("DEBUG", "TRACE"), out.lines().stream().map(line -> line.get("level").asText()).toList());
    }

    @Test
    void writesMetricDocumentsWhateverItsMinimumLevel() {
        CapturedLines fatalOnly = new CapturedLines();
        JsonLogger atFatal = new JsonLogger(fatalOnly.stream, Clock.systemUTC(), JsonLogger.Level.FATAL);

        atFatal.emit("{\"_aws\":{}}");
        atFatal.error("e").write();

        assertEquals(List.of("{\"_aws\":{}}"), fatalOnly.text().lines().toList(),
                "the level of an EMF document is Lambda's to judge, not the logger's");
    }
}
