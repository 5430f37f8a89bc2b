package dev.eddy.adapters.aws.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.eddy.adapters.aws.rules.EventRulerMatcher;
import dev.eddy.domain.ChangeKind;
import dev.eddy.domain.alert.AlertRule;
import dev.eddy.domain.alert.InvalidRuleException;
import dev.eddy.domain.alert.MessageTemplate;
import dev.eddy.domain.alert.Severity;
import dev.eddy.domain.document.ChangeDocument;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the alert rules ({@code ALERT_RULES}) and the change-event filter ({@code CHANGE_EVENT_FILTER}).
 *
 * <p>{@code ALERT_RULES} is a JSON array of rules:
 * <pre>{@code
 * [{"name": "hot-sensor", "severity": "WARNING",
 *   "message": "Sensor {keys.id} reads {new.temperature}",
 *   "pattern": {"kind": ["UPDATED"], "new": {"temperature": [{"numeric": [">", 80]}]}}}]
 * }</pre>
 * {@code name}, {@code severity} and {@code pattern} are required, {@code message} is optional
 * (a blank one counts as none), nothing else is allowed. Absent or blank means no rules. Every problem is an
 * {@link InvalidConfigurationException} that names the rule, by name or else by position; the first
 * problem of every bad rule is reported at once ({@link InvalidConfigurationException#problems()}).
 *
 * <p>The pattern's grammar is checked when the rules are compiled
 * ({@link dev.eddy.adapters.aws.rules.EventRulerMatcher#compile(List)}), also at start.
 */
public final class AlertRulesParser {
    public static final String ALERT_RULES = "ALERT_RULES";
    public static final String CHANGE_EVENT_FILTER = "CHANGE_EVENT_FILTER";
    private static final Set<String> FIELDS = Set.of("name", "severity", "message", "pattern");
    private static final List<String> KINDS = Arrays.stream(ChangeKind.values()).map(Enum::name).toList();

    /**
     * The mapper, built on first use: a function with neither ALERT_RULES nor CHANGE_EVENT_FILTER
     * builds none (Jackson databind is hundreds of classes to load at a cold start).
     */
    private static final class Json {
        static final ObjectMapper MAPPER = JsonMapper.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                // A pattern's numbers are handed to event-ruler as written: read as doubles, a bound
                // with more digits than a double holds was rounded before event-ruler could refuse it.
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
                .build();
    }

    private AlertRulesParser() {
    }

    /** The rules in {@code json}, in declared order; none when it is null or blank. */
    public static List<AlertRule> parse(String json) {
        Parsed parsed = parseEach(json);
        if (!parsed.problems().isEmpty()) {
            throw InvalidConfigurationException.combine(parsed.problems());
        }
        return parsed.rules();
    }

    /** The rules that parsed, in declared order, and the first problem of each rule that did not. */
    public record Parsed(List<AlertRule> rules, List<InvalidConfigurationException> problems) {
        public Parsed {
            rules = List.copyOf(rules);
            problems = List.copyOf(problems);
        }
    }

    /**
     * Every rule of {@code json} that parses, and the problem of each that does not, so that all can
     * be reported at once.
     *
     * @throws InvalidConfigurationException when {@code json} is not a JSON array at all
     */
    public static Parsed parseEach(String json) {
        if (json == null || json.isBlank()) {
            return new Parsed(List.of(), List.of());
        }
        JsonNode root = read(json, ALERT_RULES);
        if (!root.isArray()) {
            throw new InvalidConfigurationException(ALERT_RULES + " must be a JSON array of rules, got " + type(root));
        }
        List<AlertRule> rules = new ArrayList<>(root.size());
        Set<String> names = new HashSet<>();
        List<InvalidConfigurationException> problems = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            try {
                rules.add(rule(root.get(i), i, names));
            } catch (InvalidConfigurationException e) {
                problems.add(e);
            }
        }
        return new Parsed(rules, problems);
    }

    /**
     * Rule #{@code i + 1}; its name, when it has one, is added to {@code names}, which must not hold
     * it yet, whether or not the rule is otherwise valid.
     */
    private static AlertRule rule(JsonNode node, int i, Set<String> names) {
        String where = ALERT_RULES + " rule #" + (i + 1);
        if (!node.isObject()) {
            throw new InvalidConfigurationException(where + " must be a JSON object, got " + type(node));
        }
        JsonNode name = node.get("name");
        boolean duplicate = false;
        if (name != null && name.isTextual() && !name.asText().isBlank()) {
            where = where + " (\"" + name.asText() + "\")";
            // Recorded before anything else is checked, so that a later rule of the same name is
            // reported as well when this one has another problem.
            duplicate = !names.add(name.asText());
        }
        for (Iterator<String> fields = node.fieldNames(); fields.hasNext(); ) {
            String field = fields.next();
            if (!FIELDS.contains(field)) {
                throw new InvalidConfigurationException(where + " has an unknown field \"" + field
                        + "\"; allowed: name, severity, message, pattern");
            }
        }
        if (name == null || !name.isTextual() || name.asText().isBlank()) {
            throw new InvalidConfigurationException(where + ": \"name\" is missing or not a string");
        }
        if (duplicate) {
            throw new InvalidConfigurationException(where + ": another rule has the same name; names must be unique");
        }
        Severity severity = severity(node.get("severity"), where);
        Optional<MessageTemplate> message = message(node.get("message"), where);
        JsonNode pattern = node.get("pattern");
        if (pattern == null || !pattern.isObject()) {
            throw new InvalidConfigurationException(where + ": \"pattern\" must be a JSON object (an event pattern), got "
                    + (pattern == null ? "nothing" : type(pattern)));
        }
        Optional<String> problem = problem(pattern).or(() -> inexactNumber(pattern, null));
        if (problem.isPresent()) {
            throw new InvalidConfigurationException(where + ": the pattern " + problem.get());
        }
        try {
            return new AlertRule(name.asText(), severity, message, pattern.toString());
        } catch (InvalidRuleException e) {
            throw new InvalidConfigurationException(where + ": " + e.getMessage(), e);
        }
    }

    /** The change-event filter's event pattern, as JSON text; empty when null or blank. */
    public static Optional<String> parseChangeEventFilter(String json) {
        if (json == null || json.isBlank()) {
            return Optional.empty();
        }
        JsonNode root = read(json, CHANGE_EVENT_FILTER);
        if (!root.isObject()) {
            throw new InvalidConfigurationException(CHANGE_EVENT_FILTER
                    + " must be a JSON object (an event pattern), got " + type(root));
        }
        problem(root).or(() -> inexactNumber(root, null)).ifPresent(problem -> {
            throw new InvalidConfigurationException(CHANGE_EVENT_FILTER + " " + problem);
        });
        return Optional.of(root.toString());
    }

    /** The top-level fields that always hold an object in a change document, and what it holds. */
    private static final Map<String, String> OBJECTS = Map.of(
            "keys", "the item's key attributes", "old", "the item's attributes", "new", "the item's attributes");
    /** What to write for what a value list on one of {@link #OBJECTS} may have been meant to say. */
    private static final Map<String, String> WITHOUT = Map.of(
            "keys", "every change has keys",
            "old", "to match changes without an old image, match on \"kind\" (a CREATED change has none)",
            "new", "to match changes without a new image, match on \"kind\" (DELETED and EXPIRED changes have none)");

    /** How a problem that {@link #problem} finds starts, after "the pattern" or the setting's name. */
    private static final String NO_CHANGE_HAS = "names what no change has: ";

    /**
     * What is wrong with a pattern, as a phrase that follows "the pattern" (or the setting's name), or
     * empty. event-ruler accepts all of these; each is a typo, and matches nothing or, under
     * {@code exists: false}, {@code anything-but} or beside a real kind, not what was meant:
     * <ul>
     *   <li>what no change document has ("names what no change has: ..."): a top-level field the
     *       document does not have ({@code changedFields}, {@code NewImage}), a field below one that
     *       holds one value ({@code kind.x}), or a {@code kind} no change has ({@code MODIFY}), also
     *       inside an operator ({@code {"anything-but": "MODIFY"}}, {@code {"prefix": "MOD"}},
     *       {@code [1]});</li>
     *   <li>{@code exists} on {@code kind}, which every change has;</li>
     *   <li>a list put directly on {@code keys}, {@code old} or {@code new}, which hold objects in
     *       every document: event-ruler sees no value there, so {@code {"old": [{"exists": false}]}}
     *       matches every change and {@code {"new": [{"exists": true}]}} none;</li>
     *   <li>a {@code $or}, at any depth, that is not a list ({@code {"$or": {"kind": [...]}}} is a
     *       field named {@code $or});</li>
     *   <li>an operator that takes a list written without its brackets ({@code {"new": {"t": {"numeric": [">", 80]}}}}),
     *       {@code numeric} or {@code anything-but}, below an attribute of {@code keys}, {@code old} or {@code new}.</li>
     * </ul>
     * Inside {@code $or}, each branch is checked the same way; the operators' own grammar is
     * event-ruler's to check.
     */
    static Optional<String> problem(JsonNode pattern) {
        for (Iterator<Map.Entry<String, JsonNode>> it = pattern.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> member = it.next();
            String field = member.getKey();
            JsonNode value = member.getValue();
            if (field.equals("$or")) {
                if (!value.isArray()) {
                    return Optional.of(orNotAList(value, null));
                }
                for (JsonNode branch : value) {
                    Optional<String> problem = branch.isObject() ? problem(branch) : Optional.empty();
                    if (problem.isPresent()) {
                        return problem;
                    }
                }
                continue;
            }
            Optional<String> unreachable = ChangeDocument.unreachable(field);
            if (unreachable.isEmpty() && value.isObject()) {
                Iterator<String> below = value.fieldNames();
                if (below.hasNext()) {
                    unreachable = ChangeDocument.unreachable(field + "." + below.next());
                }
            }
            if (unreachable.isPresent()) {
                return Optional.of(NO_CHANGE_HAS + unreachable.get());
            }
            if (value.isArray() && OBJECTS.containsKey(field)) {
                return Optional.of("puts values directly on \"" + field + "\", which holds " + OBJECTS.get(field)
                        + " (an object, never one value), so they match every change or none: write \"" + field
                        + "\": {\"<attribute>\": [...]}; " + WITHOUT.get(field));
            }
            if (field.equals("kind") && value.isArray()) {
                Optional<String> problem = kindProblem(value);
                if (problem.isPresent()) {
                    return problem;
                }
            }
            if (value.isObject()) {
                Optional<String> problem = below(value, field, field);
                if (problem.isPresent()) {
                    return problem;
                }
            }
        }
        return Optional.empty();
    }

    /**
     * An exact value, in a value list of the pattern (at {@code path}, below any {@code $or}), that is
     * a number with more precision than a double holds ({@code [1732460000123456789]}), as a phrase
     * that follows "the pattern", or empty. event-ruler compares numbers as doubles and keeps such a
     * literal as text; a document's number is compared as its nearest double
     * ({@link EventRulerMatcher}), so the rule could never match, silently. Operators' arguments are
     * event-ruler's to check: it refuses such a {@code numeric} bound or {@code anything-but} number.
     */
    static Optional<String> inexactNumber(JsonNode node, String path) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> member = it.next();
            JsonNode value = member.getValue();
            boolean or = member.getKey().equals("$or");
            String at = or ? path : path == null ? member.getKey() : path + "." + member.getKey();
            Optional<String> problem = Optional.empty();
            if (value.isObject()) {
                problem = inexactNumber(value, at);
            } else if (value.isArray()) {
                for (Iterator<JsonNode> elements = value.elements(); elements.hasNext() && problem.isEmpty(); ) {
                    JsonNode element = elements.next();
                    if (or && element.isObject()) {
                        problem = inexactNumber(element, at);
                    } else if (!or && element.isNumber() && EventRulerMatcher.beyondDouble(element.decimalValue())) {
                        problem = Optional.of("matches " + at + " to the number " + element.asText() + " exactly, which a"
                                + " double cannot hold (it has more digits, or is beyond its range); event-ruler compares"
                                + " numbers as doubles, so no change would ever match it. Match a numeric range whose bounds"
                                + " a double holds, or keep such values as strings and match the string");
                    }
                }
            }
            if (problem.isPresent()) {
                return problem;
            }
        }
        return Optional.empty();
    }

    /**
     * event-ruler's operators that take a list: as a field name holding a list, each is most likely
     * an operator missing its brackets. (The others take one value, and event-ruler refuses one value
     * where a field's list belongs.)
     */
    private static final Set<String> OPERATORS = Set.of("numeric", "anything-but");

    /**
     * What is wrong below a top-level field, in the object at {@code path}, written as
     * {@code "key": {...}} (the table's own names, not checked as such), or empty: a {@code $or} that
     * is not a list, or an operator written without its list, {@code "t": {"numeric": [">", 80]}},
     * which event-ruler takes for a field {@code numeric} below {@code t} holding {@code ">"} or 80.
     * Only a name of an operator that holds a list is refused, as an operator's argument does, and
     * not directly below {@code keys}, {@code old} or {@code new}, where a name can only be an
     * attribute's. An attribute of that name deeper down can still be matched by its dotted path
     * ({@code "new.t.numeric": [1]}).
     */
    private static Optional<String> below(JsonNode object, String path, String key) {
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> member = it.next();
            String field = member.getKey();
            JsonNode value = member.getValue();
            Optional<String> problem = Optional.empty();
            if (field.equals("$or")) {
                if (!value.isArray()) {
                    return Optional.of(orNotAList(value, path));
                }
                for (Iterator<JsonNode> branches = value.elements(); branches.hasNext() && problem.isEmpty(); ) {
                    JsonNode branch = branches.next();
                    problem = branch.isObject() ? below(branch, path, key) : Optional.empty();
                }
            } else if (value.isArray() && OPERATORS.contains(field) && !(path.equals(key) && OBJECTS.containsKey(key))) {
                return Optional.of("names an operator as a field: \"" + key + "\": {\"" + field + "\": …}"
                        + (path.equals(key) ? "" : " (at " + path + ")") + " is a field \"" + field + "\" below \""
                        + key + "\"; write \"" + key + "\": [{\"" + field + "\": …}], or, to match an attribute named \""
                        + field + "\", its dotted path \"" + path + "." + field + "\": [...]");
            } else if (value.isObject()) {
                problem = below(value, path + "." + field, field);
            }
            if (problem.isPresent()) {
                return problem;
            }
        }
        return Optional.empty();
    }

    /**
     * A {@code $or} written as an object (or a value): event-ruler takes it for a field named
     * {@code $or}, which no change has.
     */
    private static String orNotAList(JsonNode value, String path) {
        return "writes \"$or\" as " + (value.isObject() ? "an object" : "a " + type(value))
                + (path == null ? "" : " (in " + path + ")")
                + ", which makes it a field no change has; \"$or\" takes a list of patterns, any of which may match:"
                + " write \"$or\": [{...}, {...}]";
    }

    /**
     * What is wrong with the values of a {@code kind} pattern, or empty: every string it names, inside
     * any operator, must name a kind (a prefix must begin one, a wildcard match one, and so on), as
     * must every other value; {@code exists}, {@code numeric} and {@code cidr} never fit a kind.
     * Operators event-ruler does not know are left to it.
     */
    private static Optional<String> kindProblem(JsonNode values) {
        for (JsonNode value : values) {
            Optional<String> problem;
            if (!value.isObject()) {
                problem = kindsNamed(value, KindMatch.EXACT);
            } else {
                problem = Optional.empty();
                for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext() && problem.isEmpty(); ) {
                    Map.Entry<String, JsonNode> operator = it.next();
                    problem = kindOperatorProblem(operator.getKey(), operator.getValue());
                }
            }
            if (problem.isPresent()) {
                return problem;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> kindOperatorProblem(String operator, JsonNode argument) {
        switch (operator) {
            case "exists":
                return Optional.of("tests \"kind\" with \"exists\", but every change has a kind ({\"exists\": false}"
                        + " matches no change, {\"exists\": true} every one); name the kinds instead: "
                        + String.join(", ", KINDS));
            case "numeric":
            case "cidr":
                return Optional.of(NO_CHANGE_HAS + "\"kind\" is a word, which \"" + operator + "\" never matches"
                        + kindsAre());
            case "anything-but":
                if (!argument.isObject()) {
                    return kindsNamed(argument, KindMatch.EXACT);
                }
                for (Iterator<Map.Entry<String, JsonNode>> it = argument.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> inner = it.next();
                    KindMatch match = KindMatch.of(inner.getKey(), false);
                    Optional<String> problem = match == null ? Optional.empty() : kindsNamed(inner.getValue(), match);
                    if (problem.isPresent()) {
                        return problem;
                    }
                }
                return Optional.empty();
            case "prefix":
            case "suffix":
                JsonNode ignoringCase = argument.get("equals-ignore-case");
                return ignoringCase != null
                        ? kindsNamed(ignoringCase, KindMatch.of(operator, true))
                        : kindsNamed(argument, KindMatch.of(operator, false));
            case "equals-ignore-case":
            case "wildcard":
                return kindsNamed(argument, KindMatch.of(operator, false));
            default:
                return Optional.empty();
        }
    }

    /** The first value of {@code values} (one value, or an array of them) that fits no kind under {@code match}. */
    private static Optional<String> kindsNamed(JsonNode values, KindMatch match) {
        for (JsonNode value : values.isArray() ? values : List.of(values)) {
            if (value.isContainerNode()) {
                continue; // event-ruler's to refuse
            }
            if (!value.isTextual()) {
                return Optional.of(NO_CHANGE_HAS + value + " is not a kind of change" + kindsAre());
            }
            String text = value.asText();
            if (KINDS.stream().noneMatch(kind -> match.fits(kind, text))) {
                return Optional.of(NO_CHANGE_HAS + match.describe(text) + kindsAre());
            }
        }
        return Optional.empty();
    }

    private static String kindsAre() {
        return "; the kinds are " + String.join(", ", KINDS);
    }

    /** How an operator on {@code kind} compares a kind with the string it names. */
    private enum KindMatch {
        EXACT, EQUALS_IGNORE_CASE, PREFIX, PREFIX_IGNORE_CASE, SUFFIX, SUFFIX_IGNORE_CASE, WILDCARD;

        /** The match of an operator on strings ({@code prefix}, ...), or null for one that is not. */
        static KindMatch of(String operator, boolean ignoringCase) {
            return switch (operator) {
                case "prefix" -> ignoringCase ? PREFIX_IGNORE_CASE : PREFIX;
                case "suffix" -> ignoringCase ? SUFFIX_IGNORE_CASE : SUFFIX;
                case "equals-ignore-case" -> EQUALS_IGNORE_CASE;
                case "wildcard" -> WILDCARD;
                default -> null;
            };
        }

        boolean fits(String kind, String text) {
            return switch (this) {
                case EXACT -> kind.equals(text);
                case EQUALS_IGNORE_CASE -> kind.equalsIgnoreCase(text);
                case PREFIX -> kind.startsWith(text);
                case PREFIX_IGNORE_CASE -> kind.regionMatches(true, 0, text, 0, text.length());
                case SUFFIX -> kind.endsWith(text);
                case SUFFIX_IGNORE_CASE -> kind.regionMatches(true, kind.length() - text.length(), text, 0, text.length());
                case WILDCARD -> kind.matches(wildcard(text));
            };
        }

        String describe(String text) {
            String quoted = "\"" + text + "\"";
            return switch (this) {
                case EXACT -> quoted + " is not a kind of change";
                case EQUALS_IGNORE_CASE -> quoted + " is not a kind of change in any case";
                case PREFIX -> "no kind of change begins with " + quoted;
                case PREFIX_IGNORE_CASE -> "no kind of change begins with " + quoted + " in any case";
                case SUFFIX -> "no kind of change ends with " + quoted;
                case SUFFIX_IGNORE_CASE -> "no kind of change ends with " + quoted + " in any case";
                case WILDCARD -> "no kind of change matches the wildcard " + quoted;
            };
        }

        /** event-ruler's wildcard as a regular expression: {@code *} is any run of characters, {@code \\} escapes. */
        private static String wildcard(String text) {
            StringBuilder regex = new StringBuilder();
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '*') {
                    regex.append(".*");
                } else {
                    if (c == '\\' && i + 1 < text.length()) {
                        c = text.charAt(++i);
                    }
                    regex.append(java.util.regex.Pattern.quote(String.valueOf(c)));
                }
            }
            return regex.toString();
        }
    }

    private static JsonNode read(String json, String setting) {
        try {
            JsonNode node = Json.MAPPER.readTree(json);
            if (node == null || node.isMissingNode()) {
                throw new InvalidConfigurationException(setting + " is not valid JSON: no value");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new InvalidConfigurationException(setting + " is not valid JSON: " + e.getOriginalMessage()
                    + JsonErrors.position(e), e);
        }
    }

    private static Severity severity(JsonNode node, String where) {
        if (node == null || !node.isTextual()) {
            throw new InvalidConfigurationException(where + ": \"severity\" is missing or not a string; use INFO, WARNING or CRITICAL");
        }
        try {
            return Severity.valueOf(node.asText());
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException(where + ": unknown severity \"" + node.asText()
                    + "\"; use INFO, WARNING or CRITICAL", e);
        }
    }

    private static Optional<MessageTemplate> message(JsonNode node, String where) {
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            throw new InvalidConfigurationException(where + ": \"message\" must be a string, got " + type(node));
        }
        if (node.asText().isBlank()) {
            // As if left out: an empty alert says nothing, and refusing it at start would stop a
            // function that ran with it before.
            return Optional.empty();
        }
        try {
            return Optional.of(MessageTemplate.parse(node.asText()));
        } catch (InvalidRuleException e) {
            throw new InvalidConfigurationException(where + ": " + e.getMessage(), e);
        }
    }

    private static String type(JsonNode node) {
        return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }
}
