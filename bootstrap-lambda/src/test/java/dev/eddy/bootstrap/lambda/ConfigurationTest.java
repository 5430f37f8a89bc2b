package dev.eddy.bootstrap.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.adapters.aws.observability.JsonLogger;
import dev.eddy.application.pipeline.Channel;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigurationTest {

    @Test
    void eachChannelsTopicIsReadFromItsOwnSetting() {
        assertEquals(Map.of(), Configuration.from(Map.of()).topics());
        Map<String, String> environment = new HashMap<>();
        Map<Channel, String> expected = new EnumMap<>(Channel.class);
        for (Channel channel : Channel.values()) {
            String arn = "arn:aws:sns:eu-west-1:123456789012:" + channel.name().toLowerCase(Locale.ROOT);
            assertEquals(Map.of(channel, arn),
                    Configuration.from(Map.of(Setting.topicOf(channel).variable(), " " + arn + " ")).topics(),
                    channel + " from " + Setting.topicOf(channel));
            environment.put(Setting.topicOf(channel).variable(), arn);
            expected.put(channel, arn);
        }
        assertEquals(expected, Configuration.from(environment).topics());
        assertEquals(Channel.values().length, Arrays.stream(Channel.values()).map(Setting::topicOf).distinct().count(),
                "every channel has a setting of its own");
    }

    /** Terraform's base64gzip of rules and projections reads as the JSON it compressed; plain JSON as it is. */
    @Test
    void rulesAndProjectionsMayBeGzipCompressedAsTerraformsBase64gzipWritesThem() throws Exception {
        String rules = "[{\"name\":\"hot\",\"severity\":\"WARNING\",\"pattern\":{\"new\":{\"temperature\":[{\"numeric\":[\"\\u003e\",80]}]}},"
                + "\"message\":\"Sensor ü {keys.id}\"}]";
        String projections = "[{\"name\":\"latest-reading\",\"type\":\"latest\",\"partitionKey\":\"id\"}]";
        // What Terraform 1.11's base64gzip("[{\"name\":\"a\",\"pattern\":{\"kind\":[\"EXPIRED\"]}}]") printed.
        String fromTerraform = "H4sIAAAAAAAA/4quVspLzE1VslJKVNJRKkgsKUktylOyqlbKzsxLUbKKVnKNCPAMcnVRiq2tjQUAAAD//wEAAP//yr8B6C0AAAA=";

        Configuration configuration = Configuration.from(Map.of("ALERT_RULES", base64gzip(rules),
                "PROJECTIONS", " " + base64gzip(projections) + " "));
        assertEquals(Optional.of(rules), configuration.alertRules());
        assertEquals(Optional.of(projections), configuration.projections());
        assertEquals(Optional.of("[{\"name\":\"a\",\"pattern\":{\"kind\":[\"EXPIRED\"]}}]"),
                Configuration.from(Map.of("ALERT_RULES", fromTerraform)).alertRules());
        assertEquals(Optional.of(rules), Configuration.from(Map.of("ALERT_RULES", rules)).alertRules(), "plain JSON");
    }

    @Test
    void aCompressedSettingThatCannotBeReadIsRefusedSayingWhy() throws Exception {
        ConfigurationException broken = assertThrows(ConfigurationException.class,
                () -> Configuration.from(Map.of("ALERT_RULES", "H4sI not base64!")));
        assertTrue(broken.getMessage().contains("ALERT_RULES begins like gzip-compressed base64 (H4sI, as Terraform's"
                + " base64gzip writes it) but cannot be read as such: IllegalArgumentException"), broken.getMessage());

        ConfigurationException truncated = assertThrows(ConfigurationException.class,
                () -> Configuration.from(Map.of("PROJECTIONS", base64gzip("[]").substring(0, 16))));
        assertTrue(truncated.getMessage().contains("PROJECTIONS begins like gzip-compressed base64"), truncated.getMessage());

        byte[] latin1 = "[\"caf\u00e9\"]".getBytes(StandardCharsets.ISO_8859_1);
        ConfigurationException notUtf8 = assertThrows(ConfigurationException.class,
                () -> Configuration.from(Map.of("ALERT_RULES", base64gzip(latin1))));
        assertTrue(notUtf8.getMessage().contains("MalformedInputException"), notUtf8.getMessage());

        ConfigurationException bomb = assertThrows(ConfigurationException.class,
                () -> Configuration.from(Map.of("ALERT_RULES", base64gzip(new byte[Configuration.MAX_DOCUMENT_BYTES + 1]))));
        assertTrue(bomb.getMessage().contains("ALERT_RULES decompresses to more than 1048576 bytes"), bomb.getMessage());
        assertEquals(Optional.of(Configuration.MAX_DOCUMENT_BYTES), Configuration.from(Map.of("ALERT_RULES",
                base64gzip(new byte[Configuration.MAX_DOCUMENT_BYTES]))).alertRules().map(String::length), "at the limit");
    }

    private static String base64gzip(String text) throws Exception {
        return base64gzip(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String base64gzip(byte[] bytes) throws Exception {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
            gzip.write(bytes);
        }
        return Base64.getEncoder().encodeToString(compressed.toByteArray());
    }

    @Test
    void anEmptyEnvironmentIsAValidConfigurationWithDefaults() {
        Configuration configuration = Configuration.from(Map.of());

        assertFalse(configuration.logItemValues());
        assertEquals(JsonLogger.Level.INFO, configuration.logLevel(), "Lambda's default application log level");
        assertEquals(Duration.ofMillis(3000), configuration.timeoutSafetyMargin());
        assertEquals(Configuration.LOCAL_FUNCTION_NAME, configuration.functionName());
        assertTrue(configuration.alertTopicArn().isEmpty());
        assertTrue(configuration.ledgerTable().isEmpty());
        assertTrue(configuration.region().isEmpty());
    }

    @Test
    void readsEverySettingThatIsSet() {
        Configuration configuration = Configuration.from(Map.ofEntries(
                Map.entry("ALERT_RULES", "[{\"name\":\"hot\"}]"),
                Map.entry("ALERT_TOPIC_ARN", "arn:aws:sns:eu-west-1:123456789012:eddy-alerts"),
                Map.entry("CHANGE_TOPIC_ARN", "arn:aws:sns:eu-west-1:123456789012:eddy-changes"),
                Map.entry("CHANGE_EVENT_FILTER", "{\"kind\":[\"UPDATED\"]}"),
                Map.entry("PROJECTION_TABLE", "eddy-projections"),
                Map.entry("PROJECTIONS", "[]"),
                Map.entry("LEDGER_TABLE", "eddy.ledger_v1"),
                Map.entry("DEAD_LETTER_TOPIC_ARN", "arn:aws-cn:sns:cn-north-1:123456789012:eddy-dlq"),
                Map.entry("LOG_ITEM_VALUES", "TRUE"),
                Map.entry("TIMEOUT_SAFETY_MARGIN_MS", "0"),
                Map.entry("AWS_LAMBDA_FUNCTION_NAME", "eddy-prod"),
                Map.entry("AWS_LAMBDA_LOG_LEVEL", "DEBUG"),
                Map.entry("AWS_REGION", "eu-west-1")));

        assertEquals(Optional.of("[{\"name\":\"hot\"}]"), configuration.alertRules());
        assertEquals(Optional.of("arn:aws:sns:eu-west-1:123456789012:eddy-alerts"), configuration.alertTopicArn());
        assertEquals(Optional.of("arn:aws:sns:eu-west-1:123456789012:eddy-changes"), configuration.changeTopicArn());
        assertEquals(Optional.of("{\"kind\":[\"UPDATED\"]}"), configuration.changeEventFilter());
        assertEquals(Optional.of("eddy-projections"), configuration.projectionTable());
        assertEquals(Optional.of("[]"), configuration.projections());
        assertEquals(Optional.of("eddy.ledger_v1"), configuration.ledgerTable());
        assertEquals(Optional.of("arn:aws-cn:sns:cn-north-1:123456789012:eddy-dlq"), configuration.deadLetterTopicArn());
        assertTrue(configuration.logItemValues());
        assertEquals(Duration.ZERO, configuration.timeoutSafetyMargin());
        assertEquals("eddy-prod", configuration.functionName());
        assertEquals(JsonLogger.Level.DEBUG, configuration.logLevel());
        assertEquals(Optional.of("eu-west-1"), configuration.region());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL", "debug"})
    void readsEachOfLambdasLogLevels(String value) {
        assertEquals(JsonLogger.Level.valueOf(value.toUpperCase(Locale.ROOT)),
                Configuration.from(Map.of("AWS_LAMBDA_LOG_LEVEL", value)).logLevel());
    }

    @Test
    void anUnknownLogLevelIsNamedWithTheLevelsThereAre() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> Configuration.from(Map.of("AWS_LAMBDA_LOG_LEVEL", "VERBOSE")));

        assertEquals(List.of("AWS_LAMBDA_LOG_LEVEL must be one of TRACE, DEBUG, INFO, WARN, ERROR, FATAL, got \"VERBOSE\""),
                e.problems());
    }

    @Test
    void blankSettingsCountAsUnset() {
        Configuration configuration = Configuration.from(Map.of("ALERT_TOPIC_ARN", "  ", "TIMEOUT_SAFETY_MARGIN_MS", "",
                "LOG_ITEM_VALUES", ""));

        assertTrue(configuration.alertTopicArn().isEmpty());
        assertEquals(Duration.ofMillis(3000), configuration.timeoutSafetyMargin());
    }

    @Test
    void aBadSafetyMarginIsNamedWithItsRangeAndTheValueGiven() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> Configuration.from(Map.of("TIMEOUT_SAFETY_MARGIN_MS", "abc")));

        assertEquals("TIMEOUT_SAFETY_MARGIN_MS must be a whole number of milliseconds between 0 and 900000, got \"abc\"",
                e.problems().get(0));
        assertTrue(e.getMessage().contains(e.problems().get(0)));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "TIMEOUT_SAFETY_MARGIN_MS | -1",
        "TIMEOUT_SAFETY_MARGIN_MS | 900001",
        "TIMEOUT_SAFETY_MARGIN_MS | 1.5",
        "TIMEOUT_SAFETY_MARGIN_MS | 99999999999999999999",
        "LOG_ITEM_VALUES | yes",
        "ALERT_TOPIC_ARN | eddy-alerts",
        "ALERT_TOPIC_ARN | arn:aws:sqs:eu-west-1:123456789012:eddy-alerts",
        "CHANGE_TOPIC_ARN | arn:aws:sns:eu-west-1:1234:eddy-changes",
        "DEAD_LETTER_TOPIC_ARN | arn:aws:sns:eu-west-1:123456789012:",
        "PROJECTION_TABLE | ab",
        "PROJECTION_TABLE | table with spaces",
        "LEDGER_TABLE | ledger/table",
    })
    void eachBadSettingIsRejectedByName(String setting, String value) {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> Configuration.from(Map.of(setting, value)));

        assertEquals(1, e.problems().size(), e.getMessage());
        assertTrue(e.problems().get(0).startsWith(setting + " must be"), e.getMessage());
        assertTrue(e.problems().get(0).endsWith("got \"" + value + "\""), e.getMessage());
    }

    @Test
    void aFifoTopicIsRefusedSayingWhy() {
        for (Setting setting : List.of(Setting.ALERT_TOPIC_ARN, Setting.CHANGE_TOPIC_ARN, Setting.DEAD_LETTER_TOPIC_ARN)) {
            ConfigurationException e = assertThrows(ConfigurationException.class, () -> Configuration.from(Map.of(
                    setting.variable(), "arn:aws:sns:eu-west-1:123456789012:eddy.fifo")));
            assertEquals(1, e.problems().size(), e.getMessage());
            assertTrue(e.problems().get(0).startsWith(setting.variable() + " must be a standard SNS topic"), e.getMessage());
            assertTrue(e.problems().get(0).contains("message group id"), e.getMessage());
        }
    }

    @Test
    void everyBadSettingIsReportedAtOnce() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> Configuration.from(Map.of(
                "LOG_ITEM_VALUES", "1", "LEDGER_TABLE", "x", "ALERT_TOPIC_ARN", "topic")));

        assertEquals(3, e.problems().size(), e.getMessage());
        assertTrue(e.getMessage().contains("LOG_ITEM_VALUES"));
        assertTrue(e.getMessage().contains("LEDGER_TABLE"));
        assertTrue(e.getMessage().contains("ALERT_TOPIC_ARN"));
    }

    @Test
    void theHandlerRefusesToStartOnABadSettingAndLogsWhy() {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> StreamHandler.fromEnvironment(Map.of("TIMEOUT_SAFETY_MARGIN_MS", "soon"),
                        new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8)));

        assertTrue(e.getMessage().contains("TIMEOUT_SAFETY_MARGIN_MS"), e.getMessage());
        String logged = out.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(logged.startsWith("{\"timestamp\":") && logged.contains("\"level\":\"ERROR\"")
                && logged.contains("TIMEOUT_SAFETY_MARGIN_MS must be"), logged);
    }

    @Test
    void everySettingIsDescribedAndNamedAsItsVariable() {
        Set<String> variables = new HashSet<>();
        for (Setting setting : Setting.values()) {
            assertFalse(setting.description().isBlank(), setting.name());
            assertEquals(setting.name(), setting.variable());
            variables.add(setting.variable());
        }
        assertEquals(Set.of("ALERT_RULES", "ALERT_TOPIC_ARN", "CHANGE_TOPIC_ARN", "CHANGE_EVENT_FILTER",
                "PROJECTION_TABLE", "PROJECTIONS", "LEDGER_TABLE", "DEAD_LETTER_TOPIC_ARN", "LOG_ITEM_VALUES",
                "TIMEOUT_SAFETY_MARGIN_MS"), variables);
    }
}
