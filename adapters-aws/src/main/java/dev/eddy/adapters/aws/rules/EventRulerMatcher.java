package dev.eddy.adapters.aws.rules;

import dev.eddy.adapters.aws.config.InvalidConfigurationException;
import dev.eddy.application.alert.RuleMatcher;
import dev.eddy.application.alert.RuleMatchingException;
import dev.eddy.domain.alert.AlertRule;
import dev.eddy.domain.document.ChangeDocument;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import software.amazon.event.ruler.Machine;

/**
 * Matches change documents against event patterns with AWS's event-ruler: every pattern is
 * compiled once, at start, into one {@link Machine}, which then evaluates a document against all
 * of them in one pass.
 *
 * <p>The grammar is EventBridge's: exact values, {@code prefix}, {@code suffix},
 * {@code anything-but}, {@code numeric}, {@code exists}, {@code $or}, nested objects; an array in
 * the document matches when any element does.
 *
 * <p><b>Numbers.</b> event-ruler compares numbers as IEEE-754 doubles. A {@code numeric} bound in a
 * pattern must be exactly representable in its shortest double form (about 15 significant digits):
 * any other bound is rejected at start. A value in the document with more digits than a double
 * holds (DynamoDB allows 38) is compared after rounding to the nearest double, so two values that
 * differ only beyond the 15th to 17th digit compare as equal. Exact-value patterns on numbers compare
 * the values numerically too (so {@code [80]} matches {@code 80.0}).
 */
public final class EventRulerMatcher implements RuleMatcher {
    private final Machine machine;

    private EventRulerMatcher(Machine machine) {
        this.machine = machine;
    }

    /** Compiles the alert rules' patterns, known by rule name. */
    public static EventRulerMatcher compile(List<AlertRule> rules) {
        Map<String, String> patterns = new LinkedHashMap<>();
        for (AlertRule rule : rules) {
            patterns.put(rule.name(), rule.pattern());
        }
        return compile(patterns, "alert rule");
    }

    /**
     * Compiles named patterns.
     *
     * @param what what a pattern is, for error messages ("alert rule"); a pattern named like this
     *             is called just that ("CHANGE_EVENT_FILTER has an invalid pattern: ...")
     * @throws InvalidConfigurationException naming the pattern and event-ruler's reason
     */
    public static EventRulerMatcher compile(Map<String, String> patterns, String what) {
        Objects.requireNonNull(patterns, "patterns");
        Machine machine = new Machine();
        for (Map.Entry<String, String> entry : patterns.entrySet()) {
            try {
                machine.addRule(entry.getKey(), entry.getValue());
            } catch (java.io.IOException | RuntimeException e) {
                String subject = entry.getKey().equals(what) ? what : what + " \"" + entry.getKey() + "\"";
                throw new InvalidConfigurationException(subject + " has an invalid pattern: " + e.getMessage(), e);
            }
        }
        return new EventRulerMatcher(machine);
    }

    @Override
    public Set<String> matchingRules(ChangeDocument document) {
        List<String> matched;
        try {
            matched = machine.rulesForJSONEvent(document.json());
        } catch (Exception e) {
            // rulesForJSONEvent declares Exception; our documents are valid JSON, so this is the
            // engine refusing this document, and would refuse it again.
            throw new RuleMatchingException("event-ruler could not evaluate the change document: "
                    + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
        return matched.isEmpty() ? Set.of() : Set.copyOf(matched);
    }
}
