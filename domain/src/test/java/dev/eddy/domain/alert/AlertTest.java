package dev.eddy.domain.alert;

import static dev.eddy.domain.document.TestChanges.item;
import static dev.eddy.domain.document.TestChanges.n;
import static dev.eddy.domain.document.TestChanges.updated;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.domain.document.ChangeDocument;
import dev.eddy.domain.document.Utf8;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AlertTest {
    private static final String PATTERN = "{\"new\":{\"temperature\":[{\"numeric\":[\">\",80]}]}}";

    private static AlertRule rule(String template) {
        return new AlertRule("hot", Severity.CRITICAL, Optional.ofNullable(template).map(MessageTemplate::parse), PATTERN);
    }

    @Test
    void bodyHoldsRuleSeverityMessageAndTheWholeDocument() {
        ChangeDocument document = ChangeDocument.of(updated(item("s", "temperature", n("79")), item("s", "temperature", n("81"))));
        Alert alert = Alert.raise(rule("{keys.id} at {new.temperature}"), document);
        assertEquals("{\"rule\":\"hot\",\"severity\":\"CRITICAL\",\"message\":\"sensor-7 at 81\",\"change\":"
                + document.json() + "}", alert.json());
        assertEquals(alert.json(), alert.json(256 * 1024));
    }

    @Test
    void ruleWithoutTemplateGetsADefaultMessageNamingRuleKindKeysAndTable() {
        ChangeDocument document = ChangeDocument.of(updated(item("s"), item("s")));
        assertEquals("hot matched UPDATED of {\"id\":\"sensor-7\",\"timestamp\":1732460000} in RealTimeDataTable",
                Alert.raise(rule(null), document).message());
    }

    @Test
    void tooBigBodyDropsImagesFirstAndSaysSo() {
        ChangeDocument document = ChangeDocument.of(updated(item("s", "blob", "x".repeat(20_000)),
                item("s", "blob", "y".repeat(20_000))));
        Alert alert = Alert.raise(rule("short"), document);
        String body = alert.json(16 * 1024);
        assertTrue(Utf8.length(body) <= 16 * 1024);
        assertEquals("{\"rule\":\"hot\",\"severity\":\"CRITICAL\",\"message\":\"short\",\"truncated\":true,\"change\":"
                + document.referenceJson() + "}", body);
    }

    @Test
    void hugeMessageIsCutVisiblyToFitKeepingTheReference() {
        ChangeDocument document = ChangeDocument.of(updated(item("s", "t", n("1")), item("s", "t", n("2"))));
        Alert alert = Alert.raise(rule("€\"".repeat(30_000) + "{new.t}"), document);
        int limit = 10_000;
        String body = alert.json(limit);
        assertTrue(Utf8.length(body) <= limit, "size " + Utf8.length(body));
        assertTrue(Utf8.length(body) > limit - 16, "should use the room it has: " + Utf8.length(body));
        assertTrue(body.contains(Alert.TRUNCATION_MARK + "\",\"truncated\":true,\"change\":" + document.referenceJson()), body);
    }

    @Test
    void hugeChangedListIsDroppedLastKeepingKeysAndEventId() {
        Object[] many = new Object[2 * 3000];
        for (int i = 0; i < 3000; i++) {
            many[2 * i] = "attribute_with_a_long_name_" + i;
            many[2 * i + 1] = "v";
        }
        ChangeDocument document = ChangeDocument.of(updated(item("s"), item("s", many)));
        String body = Alert.raise(rule("m"), document).json(16 * 1024);
        assertTrue(Utf8.length(body) <= 16 * 1024);
        assertTrue(body.endsWith("\"change\":" + document.minimalJson() + "}"), body);
        assertTrue(body.contains("\"eventId\":\"ev-1\""));
        assertFalse(body.contains("attribute_with_a_long_name_"));
    }

    @Test
    void limitBelowEightKibibytesIsRefused() {
        ChangeDocument document = ChangeDocument.of(updated(item("s"), item("s")));
        assertThrows(IllegalArgumentException.class, () -> Alert.raise(rule("m"), document).json(100));
    }
}
