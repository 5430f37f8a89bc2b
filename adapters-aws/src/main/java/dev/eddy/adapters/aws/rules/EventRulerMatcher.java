package dev.eddy.adapters.aws.rules;

import dev.eddy.adapters.aws.config.InvalidConfigurationException;
import dev.eddy.application.alert.RuleMatcher;
import dev.eddy.application.alert.RuleMatchingException;
import dev.eddy.domain.alert.AlertRule;
import dev.eddy.domain.document.ChangeDocument;
import java.math.BigDecimal;
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
 * <p><b>Numbers: the limit.</b> event-ruler (2.1.0) compares numbers as IEEE-754 doubles, and only
 * numbers a double holds exactly in its shortest form ({@code BigDecimal.valueOf(double)} equal to
 * the value: in practice up to 15 significant digits, sometimes 16 or 17):
 * <ul>
 *   <li>a {@code numeric} bound in a pattern with more precision is rejected at start
 *       ("Cannot compare number");</li>
 *   <li>a value in the document with more precision (DynamoDB allows 38 digits) would be no number
 *       at all to event-ruler, and match no {@code numeric} range, above or below. So this class
 *       hands event-ruler such values rounded to the nearest double: they compare correctly except
 *       within one double ulp of a bound ({@code 80.000000000000000000000000001} is not
 *       {@code > 80}). The document published and shown in alerts keeps the exact value.</li>
 * </ul>
 * Magnitudes are not the problem: {@code 9.99E+125} and {@code 1E-130} compare fine. Exact-value
 * patterns on numbers compare numerically ({@code [1000]} matches {@code 1E+3} and {@code 1000.00}).
 * The tests pin this behaviour down, so an engine upgrade that changes it is noticed.
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
            matched = machine.rulesForJSONEvent(matchable(document));
        } catch (Exception e) {
            // rulesForJSONEvent declares Exception; our documents are valid JSON, so this is the
            // engine refusing this document, and would refuse it again. The engine's message may
            // quote the document, that is attribute values, which must not reach the logs: name
            // only the exception type here; the cause keeps the rest for a debugger.
            throw new RuleMatchingException("event-ruler could not evaluate the change document ("
                    + e.getClass().getName() + ")", e);
        }
        return matched.isEmpty() ? Set.of() : Set.copyOf(matched);
    }

    /**
     * The document as event-ruler can compare it: the document itself, unless it holds a number a
     * double cannot hold exactly. Then (rarely) a rendering with each such number replaced by its
     * nearest double, so that it still takes part in numeric ranges, correct to within one unit in
     * the last place of a double, instead of matching no range at all.
     */
    static String matchable(ChangeDocument document) {
        if (!document.anyNumber(EventRulerMatcher::beyondDouble)) {
            return document.json();
        }
        return document.json(number -> beyondDouble(number) ? nearestDouble(number) : number);
    }

    /** event-ruler's own test: does the number survive the trip through a double unchanged? */
    static boolean beyondDouble(BigDecimal number) {
        return nearestDouble(number).compareTo(number) != 0;
    }

    private static BigDecimal nearestDouble(BigDecimal number) {
        return BigDecimal.valueOf(number.doubleValue());
    }
}
