package dev.eddy.domain.alert;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A declared alert rule: when a change document matches {@code pattern} (EventBridge event-pattern
 * grammar, as JSON text), raise an alert of {@code severity} with the rendered {@code message}.
 *
 * <p>The pattern is checked here only for shape (a JSON object); its grammar is checked when the
 * rules are compiled by the matcher, at start.
 *
 * @param name     unique, 1 to 64 of {@code A-Z a-z 0-9 _ . -}; it is part of the alert's id and
 *                 its {@code rule} attribute
 * @param severity how urgent
 * @param message  the message template, if any; without one, the alert gets a default message
 * @param pattern  the event pattern, JSON object text
 */
public record AlertRule(String name, Severity severity, Optional<MessageTemplate> message, String pattern) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    public AlertRule {
        if (name == null || name.isBlank()) {
            throw new InvalidRuleException("rule name is missing");
        }
        if (!NAME.matcher(name).matches()) {
            throw new InvalidRuleException("rule name \"" + abbreviate(name)
                    + "\" must be 1 to 64 characters of A-Z, a-z, 0-9, '_', '.' or '-'");
        }
        if (severity == null) {
            throw new InvalidRuleException("rule \"" + name + "\": severity is missing");
        }
        Objects.requireNonNull(message, "message");
        if (pattern == null || pattern.isBlank()) {
            throw new InvalidRuleException("rule \"" + name + "\": pattern is missing");
        }
        String trimmed = pattern.strip();
        if (!trimmed.startsWith("{") || !trimmed.endsWith("}")) {
            throw new InvalidRuleException("rule \"" + name + "\": pattern must be a JSON object");
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
