package dev.eddy.bootstrap.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalConfigTest {

    @Test
    void aNameOneOrTwoLettersFromASettingIsNamedWithTheSettingMeant() {
        Map<String, String> environment = Map.of(
                "ALERT_RULE", "[]",
                "PROJECTION", "[]",
                "LEDGER_TABEL", "t",
                "ALERT_TOPIC_ARN", "arn:aws:sns:us-east-1:123456789012:a",
                "PATH", "/usr/bin",
                "HOME", "/root",
                "JAVA_HOME", "/usr/lib/jvm",
                "AWS_ACCESS_KEY_ID", "x");

        assertEquals(List.of(
                "ALERT_RULE in the environment is not a setting (did you mean ALERT_RULES?); ignored",
                "LEDGER_TABEL in the environment is not a setting (did you mean LEDGER_TABLE?); ignored",
                "PROJECTION in the environment is not a setting (did you mean PROJECTIONS?); ignored"),
                LocalConfig.nearMisses(environment));
    }

    @Test
    void settingsAndUnrelatedNamesGetNoWarning() {
        assertEquals(List.of(), LocalConfig.nearMisses(Map.of("ALERT_RULES", "[]", "AWS_REGION", "eu-west-1",
                "AWS_LAMBDA_LOG_LEVEL", "INFO", "LOG_LEVEL", "x", "TERM", "xterm", "NODE_OPTIONS", "")));
    }
}
