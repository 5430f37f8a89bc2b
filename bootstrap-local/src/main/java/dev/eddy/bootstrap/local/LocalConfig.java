package dev.eddy.bootstrap.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import dev.eddy.adapters.aws.config.JsonErrors;
import dev.eddy.bootstrap.lambda.Configuration;
import dev.eddy.bootstrap.lambda.Setting;

/**
 * The settings of the local runtime: the Lambda function's environment variables, from a JSON config file, from
 * this process's environment, or the built-in demo configuration.
 */
final class LocalConfig {

    /** A config file that cannot be used; the message names the file and the problem. */
    static final class BadConfigException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        BadConfigException(String message) {
            super(message);
        }
    }

    static final String ALERT_TOPIC = "arn:aws:sns:us-east-1:000000000000:eddy-local-alerts";
    static final String CHANGE_TOPIC = "arn:aws:sns:us-east-1:000000000000:eddy-local-changes";
    static final String DEAD_LETTER_TOPIC = "arn:aws:sns:us-east-1:000000000000:eddy-local-dead-letters";
    static final String PROJECTION_TABLE = "EddyProjections";
    static final String LEDGER_TABLE = "EddyLedger";

    /** The five example alert rules (crossing, threshold, FAILED status, expiry, deleted sensor). */
    static final String DEMO_RULES = String.join("\n",
            "[",
            "  {\"name\": \"hot\", \"severity\": \"WARNING\",",
            "   \"message\": \"Sensor {keys.id} reads {new.temperature}\",",
            "   \"pattern\": {\"new\": {\"temperature\": [{\"numeric\": [\">\", 80]}]}}},",
            "  {\"name\": \"crossed-80\", \"severity\": \"CRITICAL\",",
            "   \"message\": \"Sensor {keys.id} crossed 80: {old.temperature} -> {new.temperature}\",",
            "   \"pattern\": {\"$or\": [",
            "     {\"kind\": [\"UPDATED\"], \"old\": {\"temperature\": [{\"numeric\": [\"<=\", 80]}]},"
                    + " \"new\": {\"temperature\": [{\"numeric\": [\">\", 80]}]}},",
            "     {\"kind\": [\"CREATED\"], \"new\": {\"temperature\": [{\"numeric\": [\">\", 80]}]}}]}},",
            "  {\"name\": \"failed\", \"severity\": \"CRITICAL\",",
            "   \"message\": \"{keys.id} is now {new.status} (was {old.status})\",",
            "   \"pattern\": {\"changed\": [\"status\"], \"new\": {\"status\": [\"FAILED\"]}}},",
            "  {\"name\": \"expired\", \"severity\": \"INFO\",",
            "   \"message\": \"{keys.id} expired at {at}\",",
            "   \"pattern\": {\"kind\": [\"EXPIRED\"]}},",
            "  {\"name\": \"sensor-deleted\", \"severity\": \"WARNING\",",
            "   \"message\": \"{keys.id} was deleted\",",
            "   \"pattern\": {\"kind\": [\"DELETED\"], \"keys\": {\"id\": [{\"prefix\": \"sensor-\"}]}}}",
            "]");

    static final String DEMO_PROJECTIONS = String.join("\n",
            "[",
            "  {\"name\": \"latest-reading\", \"type\": \"latest\", \"partitionKey\": \"id\",",
            "   \"attributes\": {\"temperature\": \"temperature\", \"status\": \"status\"},",
            "   \"onDelete\": \"mark\", \"onExpire\": \"mark\"},",
            "  {\"name\": \"hourly-temperature\", \"type\": \"aggregate\", \"partitionKey\": \"id\",",
            "   \"bucket\": {\"attribute\": \"timestamp\", \"size\": \"hour\"}, \"values\": [\"temperature\"]}",
            "]");

    private LocalConfig() {
    }

    /**
     * The names a config file may use: every {@link Setting}, AWS_REGION, AWS_LAMBDA_FUNCTION_NAME and
     * AWS_LAMBDA_LOG_LEVEL (DEBUG in the local runtime unless set).
     */
    static Set<String> names() {
        Set<String> names = new TreeSet<>();
        for (Setting setting : Setting.values()) {
            names.add(setting.variable());
        }
        names.add(Configuration.AWS_REGION);
        names.add(Configuration.AWS_LAMBDA_FUNCTION_NAME);
        names.add(Configuration.AWS_LAMBDA_LOG_LEVEL);
        return names;
    }

    /** The demo's settings: five rules, two projections, the ledger, change events and dead letters. */
    static Map<String, String> demo() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put(Setting.ALERT_RULES.variable(), DEMO_RULES);
        env.put(Setting.ALERT_TOPIC_ARN.variable(), ALERT_TOPIC);
        env.put(Setting.CHANGE_TOPIC_ARN.variable(), CHANGE_TOPIC);
        env.put(Setting.PROJECTIONS.variable(), DEMO_PROJECTIONS);
        env.put(Setting.PROJECTION_TABLE.variable(), PROJECTION_TABLE);
        env.put(Setting.LEDGER_TABLE.variable(), LEDGER_TABLE);
        env.put(Setting.DEAD_LETTER_TOPIC_ARN.variable(), DEAD_LETTER_TOPIC);
        env.put(Configuration.AWS_LAMBDA_FUNCTION_NAME, "eddy-local-demo");
        return env;
    }

    /**
     * Warnings for names in {@code environment} one or two letters away from a setting's name
     * ({@code ALERT_RULE}, {@code PROJECTION}; also in another case or after the prefix {@code EDDY_}):
     * ignored, as every name that is not a setting is, so a typo would otherwise leave a setting out
     * without a word.
     */
    static List<String> nearMisses(Map<String, String> environment) {
        Set<String> known = names();
        List<String> warnings = new ArrayList<>();
        for (String name : new TreeSet<>(environment.keySet())) {
            if (known.contains(name)) {
                continue;
            }
            String bare = bare(name);
            for (String setting : known) {
                if (distance(name, setting) <= 2 || distance(bare, setting) <= 2) {
                    warnings.add(name + " in the environment is not a setting (did you mean " + setting + "?); ignored");
                    break;
                }
            }
        }
        return warnings;
    }

    /** A prefix some people give a tool's variables; {@code EDDY_ALERT_RULES} means {@code ALERT_RULES}. */
    static final String EDDY_PREFIX = "EDDY_";

    /** {@code name} in upper case, without the prefix {@link #EDDY_PREFIX}: what a setting's name is compared with. */
    private static String bare(String name) {
        String upper = name.toUpperCase(java.util.Locale.ROOT);
        return upper.startsWith(EDDY_PREFIX) ? upper.substring(EDDY_PREFIX.length()) : upper;
    }

    /**
     * Names in {@code environment} that are not settings but look like one of Eddy's {@link Setting}s: the same name
     * in another case ({@code alert_rules}) or the name behind the prefix {@code EDDY_} ({@code EDDY_ALERT_RULES});
     * and, when the environment holds no setting at all, so that the demo configuration would run in its place, one
     * or two letters away from it, in any case and after that prefix ({@code ALERT_RULE}). Each such name is
     * described with the setting it resembles. Settings are read by their exact names only, so whoever set these
     * meant to configure Eddy and would otherwise get the demo configuration, or a setting left out, without a word.
     * A name a letter or two away beside real settings is only warned about ({@link #nearMisses}): it may be a
     * variable of its own ({@code ALARM_TOPIC_ARN}, as the Terraform output {@code alarm_topic_arn} exported).
     */
    static List<String> misspeltSettings(Map<String, String> environment) {
        Set<String> known = names();
        boolean anySetting = false;
        for (Setting setting : Setting.values()) {
            anySetting |= environment.containsKey(setting.variable());
        }
        List<String> problems = new ArrayList<>();
        for (String name : new TreeSet<>(environment.keySet())) {
            if (known.contains(name)) {
                continue;
            }
            String upper = name.toUpperCase(java.util.Locale.ROOT);
            String bare = bare(name);
            for (Setting setting : Setting.values()) {
                String variable = setting.variable();
                String how;
                if (upper.equals(variable)) {
                    how = "in another case: names are upper case";
                } else if (bare.equals(variable)) {
                    how = "with a prefix: the name is " + variable + " exactly";
                } else if (!anySetting && distance(bare, variable) <= 2) {
                    how = "did you mean " + variable + "?";
                } else {
                    continue;
                }
                problems.add(name + " in the environment is not a setting but looks like " + variable + " (" + how + ")");
                break;
            }
        }
        return problems;
    }

    /** Levenshtein distance: insertions, deletions and substitutions of one character each. */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    /** The Lambda settings present in this process's environment. */
    static Map<String, String> fromEnvironment(Map<String, String> environment) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String name : names()) {
            String value = environment.get(name);
            if (value != null) {
                env.put(name, value);
            }
        }
        return env;
    }

    /**
     * Reads a config file: a JSON object whose keys are Lambda environment variable names. A value may be a string,
     * or JSON (an array or object, such as the rules), which is passed on as its JSON text.
     *
     * @throws BadConfigException naming the file and what is wrong with it
     */
    static Map<String, String> fromFile(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new BadConfigException("config file " + file + " does not exist");
        } catch (IOException e) {
            throw new BadConfigException("config file " + file + " cannot be read: " + e.getMessage());
        }
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new BadConfigException("config file " + file + " is not valid JSON: " + e.getOriginalMessage()
                    + JsonErrors.position(e));
        }
        if (root == null || !root.isObject()) {
            throw new BadConfigException("config file " + file + " must hold a JSON object whose keys are Lambda"
                    + " environment variable names, such as {\"ALERT_RULES\": [...], \"PROJECTIONS\": [...]}");
        }
        Map<String, String> env = new LinkedHashMap<>();
        Set<String> known = names();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            if (!known.contains(name)) {
                throw new BadConfigException("config file " + file + ": unknown setting \"" + name + "\"; known are "
                        + known);
            }
            JsonNode value = field.getValue();
            if (value.isNull()) {
                continue;
            }
            env.put(name, value.isTextual() ? value.asText() : value.isValueNode() ? value.asText() : Json.text(value));
        }
        return env;
    }
}
