package dev.eddy.domain.alert;

import static dev.eddy.domain.document.TestChanges.created;
import static dev.eddy.domain.document.TestChanges.item;
import static dev.eddy.domain.document.TestChanges.n;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.domain.document.ChangeDocument;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageTemplateTest {
    private final ChangeDocument document = ChangeDocument.of(created(item("s", "temperature", n("81.2"))));

    @Test
    void placeholdersRenderFieldsOfTheDocument() {
        MessageTemplate template = MessageTemplate.parse("Sensor {keys.id} reads {new.temperature} ({kind} in {table})");
        assertEquals("Sensor sensor-7 reads 81.2 (CREATED in RealTimeDataTable)", template.render(document));
        assertEquals(List.of("keys.id", "new.temperature", "kind", "table"), template.placeholders());
    }

    @Test
    void missingFieldRendersVisiblyAndDoesNotThrow() {
        MessageTemplate template = MessageTemplate.parse("was {old.temperature}, humidity {new.humidity}");
        assertEquals("was <missing>, humidity <missing>", template.render(document));
    }

    @Test
    void doubledBracesAreLiteralBraces() {
        assertEquals("{x} 81.2 }", MessageTemplate.parse("{{x}} {new.temperature} }}").render(document));
    }

    @Test
    void textWithoutPlaceholdersRendersAsIs() {
        assertEquals("plain", MessageTemplate.parse("plain").render(document));
        assertEquals("", MessageTemplate.parse("").render(document));
    }

    @Test
    void aPlaceholderNoDocumentCouldFillIsRefusedNamingWhy() {
        assertRefused("Sensor {nwe.temperature}", "{nwe.temperature} at position 7", "\"nwe\" is not a field",
                "kind, table, keys, old, new, changed, eventId, sequenceNumber, at");
        assertRefused("{Keys.id}", "\"Keys\" is not a field");
        assertRefused("{changedFields}", "\"changedFields\" is not a field");
        assertRefused("{kind.name}", "\"kind\" holds one value");
        assertRefused("{new.}", "\"new.\" has an empty segment");
        assertRefused("{old..t}", "has an empty segment");
        for (String fine : List.of("{kind}", "{table}", "{keys.id}", "{old.t}", "{new.address.city}", "{new.readings.0}",
                "{changed}", "{eventId}", "{sequenceNumber}", "{at}", "{keys}", "{new}")) {
            assertEquals(List.of(fine.substring(1, fine.length() - 1)), MessageTemplate.parse(fine).placeholders(), fine);
        }
    }

    private static void assertRefused(String template, String... parts) {
        InvalidRuleException e = assertThrows(InvalidRuleException.class, () -> MessageTemplate.parse(template));
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), e.getMessage());
        }
    }

    @Test
    void malformedTemplatesAreRejectedWithThePosition() {
        InvalidRuleException unclosed = assertThrows(InvalidRuleException.class, () -> MessageTemplate.parse("abc {new.x"));
        assertTrue(unclosed.getMessage().contains("unclosed '{' at position 4"), unclosed.getMessage());
        InvalidRuleException empty = assertThrows(InvalidRuleException.class, () -> MessageTemplate.parse("a { } b"));
        assertTrue(empty.getMessage().contains("empty or malformed placeholder"), empty.getMessage());
        InvalidRuleException stray = assertThrows(InvalidRuleException.class, () -> MessageTemplate.parse("a } b"));
        assertTrue(stray.getMessage().contains("'}' without '{'"), stray.getMessage());
    }
}
