package dev.eddy.adapters.aws.rules;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.eddy.adapters.aws.config.InvalidConfigurationException;
import dev.eddy.application.alert.RuleMatcher;
import dev.eddy.application.alert.RuleMatchingException;
import dev.eddy.domain.alert.AlertRule;
import dev.eddy.domain.document.ChangeDocument;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import software.amazon.event.ruler.JsonRuleCompiler;
import software.amazon.event.ruler.Machine;
import software.amazon.event.ruler.Patterns;
import software.amazon.event.ruler.RuleCompiler;

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
 *
 * <p><b>How a document reaches the engine.</b> Rendering the whole document only for event-ruler
 * to parse and flatten it again was most of the cost of a rule evaluation. So the engine gets only
 * the members some compiled pattern names a field in or above, and gets them as the Jackson tree
 * their JSON text would parse into ({@link ChangeDocument#write(dev.eddy.domain.json.JsonOutput,
 * ChangeDocument.Members, java.util.function.UnaryOperator)} into a {@link JsonNodeOutput}), so it
 * parses nothing: the same members and values, through event-ruler's tree entry point, which
 * flattens a tree exactly as it flattens text (array consistency for lists of maps included).
 * {@code EventRulerMatcherFastPathTest} checks this gives the same matches as the whole document's
 * text over generated documents and patterns.
 */
public final class EventRulerMatcher implements RuleMatcher {
    /** As {@code new Machine()} has it; the rule compilers below are told the same. */
    private static final boolean RULE_OVERRIDING = true;

    private final Machine machine;
    /** The document members some compiled pattern names a field in, or a field's ancestor. */
    private final FieldTrie fields;

    private EventRulerMatcher(Machine machine, FieldTrie fields) {
        this.machine = machine;
        this.fields = fields;
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
     * <p>It does what {@code Machine.addRule(name, json)} does (event-ruler 2.1.0: the JSON rule
     * compiler, falling back to the legacy one when the first cannot parse the pattern, then
     * {@code addPatternRule} per sub-rule), keeping the field names each compiled sub-rule names.
     *
     * @param what what a pattern is, for error messages ("alert rule"); a pattern named like this
     *             is called just that ("CHANGE_EVENT_FILTER has an invalid pattern: ...")
     * @throws InvalidConfigurationException naming each invalid pattern and event-ruler's reason
     */
    public static EventRulerMatcher compile(Map<String, String> patterns, String what) {
        Objects.requireNonNull(patterns, "patterns");
        Machine machine = Machine.builder().withOverridesForDuplicateRules(RULE_OVERRIDING).build();
        FieldTrie fields = new FieldTrie();
        List<InvalidConfigurationException> problems = new java.util.ArrayList<>();
        for (Map.Entry<String, String> entry : patterns.entrySet()) {
            try {
                for (Map<String, List<Patterns>> subRule : subRules(entry.getValue())) {
                    machine.addPatternRule(entry.getKey(), subRule);
                    subRule.keySet().forEach(fields::add);
                }
            } catch (java.io.IOException | RuntimeException e) {
                String subject = entry.getKey().equals(what) ? what : what + " \"" + entry.getKey() + "\"";
                // Jackson's own message adds a second line quoting the re-rendered pattern ("at [Source: ...");
                // the reason alone reads as the other configuration errors do.
                String reason = e instanceof com.fasterxml.jackson.core.JsonProcessingException json
                        ? json.getOriginalMessage() : e.getMessage();
                problems.add(new InvalidConfigurationException(subject + " has an invalid pattern: " + reason, e));
            }
        }
        if (!problems.isEmpty()) {
            throw InvalidConfigurationException.combine(problems);
        }
        return new EventRulerMatcher(machine, fields);
    }

    /**
     * The sub-rules of a pattern, as {@code Machine.addRule} compiles them. When the legacy
     * compiler refuses the pattern too, the JSON compiler's reason is the one reported: it knows
     * the whole grammar ({@code $or} included), while the legacy one, which knows no {@code $or},
     * would blame the first field inside a {@code $or} ("Unrecognized match type kind") for a typo
     * further on.
     */
    private static List<Map<String, List<Patterns>>> subRules(String pattern) throws java.io.IOException {
        try {
            return JsonRuleCompiler.compile(pattern, RULE_OVERRIDING);
        } catch (JsonParseException jsonCompilers) {
            try {
                return List.of(RuleCompiler.compile(pattern, RULE_OVERRIDING));
            } catch (java.io.IOException | RuntimeException legacyCompilers) {
                jsonCompilers.addSuppressed(legacyCompilers);
                throw jsonCompilers;
            }
        }
    }

    /**
     * Hands event-ruler the tree of the document's members some pattern names a field in (or an
     * ancestor of one), numbers beyond a double rounded as in {@link #matchable}: what the whole
     * document's text would parse into, minus members no pattern can see.
     */
    @Override
    public Set<String> matchingRules(ChangeDocument document) {
        JsonNodeOutput tree = tree(document);
        JsonNode root = tree.root();
        List<String> matched;
        try {
            matched = withoutArrayConsistency(tree) ? machine.rulesForEvent(root) : machine.rulesForJSONEvent(root);
        } catch (RuntimeException e) {
            throw refused(e);
        }
        return names(matched);
    }

    /** Past this many list elements, a document without objects in lists is matched without array consistency. */
    static final int LONG_LISTS = 64;

    /**
     * Whether to match {@code tree} without array consistency. Array consistency (fields matched
     * together must come from one element of a list) costs event-ruler the product of the lengths of
     * the lists the patterns look into: 64 s under C1 for an update whose old and new
     * {@code temperature} are lists of 10,000 numbers, with the example rules. It can change an
     * outcome only where a list holds objects; elsewhere event-ruler's matching without it
     * ({@code rulesForEvent}) gives the same rules, in 12-19 ms for those lists. For short lists it is
     * the slower of the two (1.5 times on the benchmark's documents, whose {@code changed} is a
     * list), so it is taken only past {@value #LONG_LISTS} elements.
     */
    static boolean withoutArrayConsistency(JsonNodeOutput tree) {
        return !tree.objectInArray() && tree.arrayElements() > LONG_LISTS;
    }

    /** The members some pattern names, as the tree event-ruler is handed. */
    private JsonNodeOutput tree(ChangeDocument document) {
        JsonNodeOutput tree = new JsonNodeOutput();
        document.write(tree, fields, EventRulerMatcher::comparable);
        return tree;
    }

    /** Whether {@link #matchingRules} matches this document without array consistency; for tests. */
    boolean skipsArrayConsistency(ChangeDocument document) {
        return withoutArrayConsistency(tree(document));
    }

    /** The reference path: the whole document's text, as {@link #matchable} gives it. */
    Set<String> matchingRulesFromJson(ChangeDocument document) {
        List<String> matched;
        try {
            matched = machine.rulesForJSONEvent(matchable(document));
        } catch (Exception e) {
            // rulesForJSONEvent(String) declares Exception; our documents are valid JSON.
            throw refused(e);
        }
        return names(matched);
    }

    /**
     * The engine refused this document, and would refuse it again. Its message may quote the
     * document, that is attribute values, which must not reach the logs: only the exception type
     * is named here; the cause keeps the rest for a debugger.
     */
    private static RuleMatchingException refused(Exception e) {
        return new RuleMatchingException("event-ruler could not evaluate the change document ("
                + e.getClass().getName() + ")", e);
    }

    private static Set<String> names(List<String> matched) {
        return matched.isEmpty() ? Set.of() : Set.copyOf(matched);
    }

    /**
     * The field names of the compiled patterns as a trie of their dot-separated pieces: a document
     * member is kept when the path of pieces to it (a member name with dots is several pieces, as
     * event-ruler joins names with dots) leads to a node. Every field event-ruler could match or
     * test for absence lies on such a path; any other field cannot change the outcome, as
     * event-ruler looks fields up by their whole name.
     */
    private static final class FieldTrie implements ChangeDocument.Members {
        private final Map<String, FieldTrie> children = new HashMap<>();

        void add(String fieldName) {
            FieldTrie node = this;
            int start = 0;
            while (true) {
                int dot = fieldName.indexOf('.', start);
                String piece = dot < 0 ? fieldName.substring(start) : fieldName.substring(start, dot);
                node = node.children.computeIfAbsent(piece, p -> new FieldTrie());
                if (dot < 0) {
                    return;
                }
                start = dot + 1;
            }
        }

        @Override
        public ChangeDocument.Members member(String name) {
            if (name.indexOf('.') < 0) {
                return children.get(name);
            }
            FieldTrie node = this;
            int start = 0;
            while (node != null) {
                int dot = name.indexOf('.', start);
                node = node.children.get(dot < 0 ? name.substring(start) : name.substring(start, dot));
                if (dot < 0) {
                    return node;
                }
                start = dot + 1;
            }
            return null;
        }
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
        return document.json(EventRulerMatcher::comparable);
    }

    /** The number itself, or its nearest double when a double cannot hold it. */
    static BigDecimal comparable(BigDecimal number) {
        return beyondDouble(number) ? nearestDouble(number) : number;
    }

    /**
     * event-ruler's own test: does the number survive the trip through a double unchanged, that is
     * is {@code BigDecimal.valueOf(number.doubleValue())} numerically equal to it? Answered without
     * the trip for the numbers of {@link #survivesDouble}, which is most of them.
     */
    public static boolean beyondDouble(BigDecimal number) {
        return !survivesDouble(number) && nearestDoubleDiffers(number);
    }

    /** The trip itself: the reference for {@link #beyondDouble}. A number beyond a double's range never makes it. */
    static boolean nearestDoubleDiffers(BigDecimal number) {
        return Double.isInfinite(number.doubleValue()) || nearestDouble(number).compareTo(number) != 0;
    }

    /**
     * A sufficient condition for surviving the trip through a double, from precision and scale
     * alone (both cheap, no allocation): at most 15 significant digits and either
     * <ul>
     *   <li>an integer below 10^15 (scale below 0, at most 15 integer digits): the double holds it
     *       exactly, and {@code Double.toString} prints an integer-valued double below 2^53
     *       digit for digit;</li>
     *   <li>or scale 0 to 22, so the value is u / 10^s with |u| &lt; 10^15: its nearest double d lies
     *       within half an ulp of it, never exactly half (such a midpoint has 54 significant bits,
     *       u / 10^s with u &lt; 2^50 cannot), and no other decimal of at most 15 significant digits
     *       lies within half an ulp of d. {@code Double.toString} (JDK 17's, which is not always the
     *       shortest) stops at the first digit count where the digits so far, or one unit more, lie
     *       strictly within half an ulp of d, so it prints this number.</li>
     * </ul>
     * Not covered, on purpose: larger magnitudes, where JDK 17's {@code Double.toString} fails to
     * find the short form ({@code 1E+23} prints as {@code 9.999999999999999E22}), and more digits.
     * One gap in that argument: when d is a power of two, JDK 17 uses the smaller half-gap below d
     * on both sides, so a number above d by between a quarter and a half ulp would print longer.
     * {@code EventRulerMatcherFastPathTest} checks every power of two in range (no such number of
     * this class exists there) and millions of random numbers of this class against the trip.
     */
    static boolean survivesDouble(BigDecimal number) {
        int precision = number.precision();
        if (precision > 15) {
            return false;
        }
        int scale = number.scale();
        return scale >= 0 ? scale <= 22 : precision - scale <= 15;
    }

    private static BigDecimal nearestDouble(BigDecimal number) {
        return BigDecimal.valueOf(number.doubleValue());
    }
}
