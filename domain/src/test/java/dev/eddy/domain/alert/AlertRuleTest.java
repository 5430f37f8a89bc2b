package dev.eddy.domain.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class AlertRuleTest {
    private static final String PATTERN = "{\"kind\":[\"EXPIRED\"]}";

    @Test
    void validRuleKeepsItsParts() {
        AlertRule rule = new AlertRule("sensor.expired_1-a", Severity.INFO, Optional.empty(), PATTERN);
        assertEquals("sensor.expired_1-a", rule.name());
    }

    @Test
    void namesMustBeShortAndSafe() {
        assertThrows(InvalidRuleException.class, () -> new AlertRule(" ", Severity.INFO, Optional.empty(), PATTERN));
        InvalidRuleException spaces = assertThrows(InvalidRuleException.class,
                () -> new AlertRule("has space", Severity.INFO, Optional.empty(), PATTERN));
        assertTrue(spaces.getMessage().contains("\"has space\""), spaces.getMessage());
        assertThrows(InvalidRuleException.class, () -> new AlertRule("a".repeat(65), Severity.INFO, Optional.empty(), PATTERN));
        assertThrows(InvalidRuleException.class, () -> new AlertRule("a#b", Severity.INFO, Optional.empty(), PATTERN));
    }

    @Test
    void severityAndPatternAreRequiredAndThePatternIsAnObject() {
        InvalidRuleException severity = assertThrows(InvalidRuleException.class,
                () -> new AlertRule("r", null, Optional.empty(), PATTERN));
        assertTrue(severity.getMessage().contains("rule \"r\": severity"), severity.getMessage());
        assertThrows(InvalidRuleException.class, () -> new AlertRule("r", Severity.INFO, Optional.empty(), " "));
        InvalidRuleException array = assertThrows(InvalidRuleException.class,
                () -> new AlertRule("r", Severity.INFO, Optional.empty(), "[1]"));
        assertTrue(array.getMessage().contains("must be a JSON object"), array.getMessage());
    }
}
