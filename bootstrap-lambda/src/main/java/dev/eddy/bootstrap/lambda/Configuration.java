package dev.eddy.bootstrap.lambda;

import dev.eddy.adapters.aws.observability.JsonLogger;
import dev.eddy.application.pipeline.Channel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * Eddy's settings, read once from the environment when the function starts and validated then:
 * a bad setting stops the function at start, with a message naming it, rather than failing
 * records later.
 *
 * <p>An empty or blank variable counts as unset. ALERT_RULES, PROJECTIONS and CHANGE_EVENT_FILTER
 * are kept as text here; the features that use them parse them.
 *
 * @param logLevel            AWS_LAMBDA_LOG_LEVEL, which Lambda sets from the function's application log
 *                            level (Terraform's {@code application_log_level}); INFO when unset
 * @param functionName        AWS_LAMBDA_FUNCTION_NAME, or {@value #LOCAL_FUNCTION_NAME} outside Lambda
 * @param region              AWS_REGION; needed only when an AWS client is built
 */
public record Configuration(
        Optional<String> alertRules,
        Optional<String> alertTopicArn,
        Optional<String> changeTopicArn,
        Optional<String> changeEventFilter,
        Optional<String> projectionTable,
        Optional<String> projections,
        Optional<String> ledgerTable,
        Optional<String> deadLetterTopicArn,
        boolean logItemValues,
        JsonLogger.Level logLevel,
        Duration timeoutSafetyMargin,
        String functionName,
        Optional<String> region) {

    public static final String AWS_REGION = "AWS_REGION";
    public static final String AWS_LAMBDA_FUNCTION_NAME = "AWS_LAMBDA_FUNCTION_NAME";
    public static final String AWS_LAMBDA_LOG_LEVEL = "AWS_LAMBDA_LOG_LEVEL";
    public static final String LOCAL_FUNCTION_NAME = "eddy-local";
    public static final long DEFAULT_SAFETY_MARGIN_MS = 3000;
    /** Lambda's longest timeout, 15 minutes. */
    public static final long MAX_SAFETY_MARGIN_MS = 900_000;

    /** arn:partition:sns:region:account:topic (a FIFO topic ends in .fifo, and is refused with its own reason). */
    private static final Pattern SNS_TOPIC_ARN =
            Pattern.compile("arn:aws[a-z-]*:sns:[a-z0-9-]+:\\d{12}:[A-Za-z0-9_-]{1,256}(\\.fifo)?");
    /** DynamoDB table names: 3 to 255 of a-z, A-Z, 0-9, '_', '-', '.'. */
    private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z0-9_.-]{3,255}");
    private static final Pattern WHOLE_NUMBER = Pattern.compile("\\d{1,7}");
    /** How gzip-compressed base64 begins: the gzip header's first bytes, 1f 8b 08, in base64. */
    static final String GZIP_BASE64 = "H4sI";
    /** The most a compressed document may decompress to: far above any configuration, far below the heap. */
    static final int MAX_DOCUMENT_BYTES = 1 << 20;

    public Configuration {
        Objects.requireNonNull(alertRules, "alertRules");
        Objects.requireNonNull(alertTopicArn, "alertTopicArn");
        Objects.requireNonNull(changeTopicArn, "changeTopicArn");
        Objects.requireNonNull(changeEventFilter, "changeEventFilter");
        Objects.requireNonNull(projectionTable, "projectionTable");
        Objects.requireNonNull(projections, "projections");
        Objects.requireNonNull(ledgerTable, "ledgerTable");
        Objects.requireNonNull(deadLetterTopicArn, "deadLetterTopicArn");
        Objects.requireNonNull(logLevel, "logLevel");
        Objects.requireNonNull(timeoutSafetyMargin, "timeoutSafetyMargin");
        Objects.requireNonNull(functionName, "functionName");
        Objects.requireNonNull(region, "region");
    }

    /**
     * Parses and validates the environment.
     *
     * @throws ConfigurationException naming every setting that is wrong
     */
    public static Configuration from(Map<String, String> environment) {
        Reader reader = new Reader(environment);
        Configuration configuration = new Configuration(
                reader.document(Setting.ALERT_RULES),
                reader.topicArn(Setting.ALERT_TOPIC_ARN),
                reader.topicArn(Setting.CHANGE_TOPIC_ARN),
                reader.text(Setting.CHANGE_EVENT_FILTER),
                reader.tableName(Setting.PROJECTION_TABLE),
                reader.document(Setting.PROJECTIONS),
                reader.tableName(Setting.LEDGER_TABLE),
                reader.topicArn(Setting.DEAD_LETTER_TOPIC_ARN),
                reader.flag(Setting.LOG_ITEM_VALUES),
                reader.logLevel(),
                reader.safetyMargin(),
                reader.raw(AWS_LAMBDA_FUNCTION_NAME).orElse(LOCAL_FUNCTION_NAME),
                reader.raw(AWS_REGION));
        if (!reader.problems.isEmpty()) {
            throw new ConfigurationException(reader.problems);
        }
        return configuration;
    }

    /** The topic configured for a channel ({@link Setting#topicOf}), if any. */
    public Optional<String> topicArn(Channel channel) {
        return switch (channel) {
            case ALERTS -> alertTopicArn;
            case CHANGE_EVENTS -> changeTopicArn;
            case DEAD_LETTERS -> deadLetterTopicArn;
        };
    }

    /** The channels that have a topic, each with its ARN (checked at start): where notifications can go. */
    public Map<Channel, String> topics() {
        Map<Channel, String> topics = new EnumMap<>(Channel.class);
        for (Channel channel : Channel.values()) {
            topicArn(channel).ifPresent(arn -> topics.put(channel, arn));
        }
        return topics;
    }

    /** Reads settings, collecting every problem so one start reports them all. */
    private static final class Reader {
        private final Map<String, String> environment;
        private final List<String> problems = new ArrayList<>();

        Reader(Map<String, String> environment) {
            this.environment = Objects.requireNonNull(environment, "environment");
        }

        Optional<String> raw(String variable) {
            String value = environment.get(variable);
            return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
        }

        Optional<String> text(Setting setting) {
            return raw(setting.variable());
        }

        /**
         * A JSON document: as text, or gzip-compressed and base64-encoded as Terraform's {@code base64gzip}
         * writes it (it begins {@value Configuration#GZIP_BASE64}, which no JSON text does), to fit more
         * into Lambda's 4 KB of environment. Decompressed, it must be UTF-8 of at most
         * {@value Configuration#MAX_DOCUMENT_BYTES} bytes.
         */
        Optional<String> document(Setting setting) {
            Optional<String> value = text(setting);
            if (value.isEmpty() || !value.get().startsWith(GZIP_BASE64)) {
                return value;
            }
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(Base64.getDecoder().decode(value.get())))) {
                byte[] json = in.readNBytes(MAX_DOCUMENT_BYTES + 1);
                if (json.length > MAX_DOCUMENT_BYTES) {
                    problems.add(setting.variable() + " decompresses to more than " + MAX_DOCUMENT_BYTES + " bytes");
                    return Optional.empty();
                }
                return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(json)).toString());
            } catch (IllegalArgumentException | IOException e) {
                problems.add(setting.variable() + " begins like gzip-compressed base64 (" + GZIP_BASE64
                        + ", as Terraform's base64gzip writes it) but cannot be read as such: " + e.getClass().getSimpleName()
                        + ": " + e.getMessage());
                return Optional.empty();
            }
        }

        Optional<String> topicArn(Setting setting) {
            Optional<String> value = text(setting);
            if (value.isPresent() && !SNS_TOPIC_ARN.matcher(value.get()).matches()) {
                problems.add(setting.variable() + " must be an SNS topic ARN (arn:aws:sns:<region>:<12-digit account>:<topic>), got "
                        + quoted(value.get()));
                return Optional.empty();
            }
            if (value.isPresent() && value.get().endsWith(".fifo")) {
                problems.add(setting.variable() + " must be a standard SNS topic: Eddy sends no message group id, which"
                        + " every message to a FIFO topic needs, so SNS would refuse them all; got " + quoted(value.get()));
                return Optional.empty();
            }
            return value;
        }

        Optional<String> tableName(Setting setting) {
            Optional<String> value = text(setting);
            if (value.isPresent() && !TABLE_NAME.matcher(value.get()).matches()) {
                problems.add(setting.variable() + " must be a DynamoDB table name (3 to 255 characters: letters, digits, "
                        + "'_', '-' and '.'), got " + quoted(value.get()));
                return Optional.empty();
            }
            return value;
        }

        boolean flag(Setting setting) {
            Optional<String> value = text(setting);
            if (value.isEmpty()) {
                return false;
            }
            switch (value.get().toLowerCase(Locale.ROOT)) {
                case "true":
                    return true;
                case "false":
                    return false;
                default:
                    problems.add(setting.variable() + " must be true or false, got " + quoted(value.get()));
                    return false;
            }
        }

        JsonLogger.Level logLevel() {
            Optional<String> value = raw(AWS_LAMBDA_LOG_LEVEL);
            if (value.isEmpty()) {
                return JsonLogger.Level.INFO;
            }
            for (JsonLogger.Level level : JsonLogger.Level.values()) {
                if (level.name().equalsIgnoreCase(value.get())) {
                    return level;
                }
            }
            problems.add(AWS_LAMBDA_LOG_LEVEL + " must be one of " + String.join(", ",
                    Arrays.stream(JsonLogger.Level.values()).map(Enum::name).toList()) + ", got " + quoted(value.get()));
            return JsonLogger.Level.INFO;
        }

        Duration safetyMargin() {
            Setting setting = Setting.TIMEOUT_SAFETY_MARGIN_MS;
            Optional<String> value = text(setting);
            if (value.isEmpty()) {
                return Duration.ofMillis(DEFAULT_SAFETY_MARGIN_MS);
            }
            String text = value.get();
            if (WHOLE_NUMBER.matcher(text).matches() && Long.parseLong(text) <= MAX_SAFETY_MARGIN_MS) {
                return Duration.ofMillis(Long.parseLong(text));
            }
            problems.add(setting.variable() + " must be a whole number of milliseconds between 0 and "
                    + MAX_SAFETY_MARGIN_MS + ", got " + quoted(text));
            return Duration.ofMillis(DEFAULT_SAFETY_MARGIN_MS);
        }

        private static String quoted(String value) {
            String shown = value.length() <= 300 ? value : value.substring(0, 297) + "...";
            return "\"" + shown + "\"";
        }
    }
}
