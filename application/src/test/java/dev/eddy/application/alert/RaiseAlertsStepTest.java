package dev.eddy.application.alert;

import static dev.eddy.application.fakes.SensorChanges.created;
import static dev.eddy.application.fakes.SensorChanges.deleted;
import static dev.eddy.application.fakes.SensorChanges.expired;
import static dev.eddy.application.fakes.SensorChanges.item;
import static dev.eddy.application.fakes.SensorChanges.reading;
import static dev.eddy.application.fakes.SensorChanges.updated;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.application.changeevent.ChangeDocuments;
import dev.eddy.application.fakes.PredicateRuleMatcher;
import dev.eddy.application.pipeline.Channel;
import dev.eddy.application.pipeline.EffectFailure;
import dev.eddy.application.pipeline.Notification;
import dev.eddy.domain.Change;
import dev.eddy.domain.ChangeKind;
import dev.eddy.domain.alert.AlertRule;
import dev.eddy.domain.alert.MessageTemplate;
import dev.eddy.domain.alert.Severity;
import dev.eddy.domain.document.ChangeDocument;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The five rules of issue 3, with the matcher faked by predicates (the real engine is tested in the adapter). */
class RaiseAlertsStepTest {
    private static final String ANY_PATTERN = "{\"kind\":[\"CREATED\",\"UPDATED\",\"DELETED\",\"EXPIRED\"]}";

    private static final List<AlertRule> RULES = List.of(
            rule("hot", Severity.WARNING, "Sensor {keys.id} reads {new.temperature}"),
            rule("crossed-80", Severity.CRITICAL, "Sensor {keys.id} crossed 80: {old.temperature} -> {new.temperature}"),
            rule("failed", Severity.CRITICAL, null),
            rule("expired", Severity.INFO, "{keys.id} expired"),
            rule("sensor-deleted", Severity.WARNING, "{keys.id} deleted"));

    private final PredicateRuleMatcher matcher = new PredicateRuleMatcher()
            .rule("hot", d -> above80(d, "new"))
            .rule("crossed-80", d -> (kind(d, ChangeKind.UPDATED) && number(d, "old").map(t -> t.compareTo(EIGHTY) <= 0).orElse(false)
                    && above80(d, "new")) || (kind(d, ChangeKind.CREATED) && above80(d, "new")))
            .rule("failed", d -> d.changedFields().orElse(List.of()).contains("status")
                    && d.lookup("new.status").equals(Optional.of("FAILED")))
            .rule("expired", d -> kind(d, ChangeKind.EXPIRED))
            .rule("sensor-deleted", d -> kind(d, ChangeKind.DELETED) && d.lookup("keys.id").orElse("").startsWith("sensor-"));

    private static final BigDecimal EIGHTY = new BigDecimal("80");

    private final RaiseAlertsStep step = new RaiseAlertsStep(RULES, matcher, new ChangeDocuments());

    private static AlertRule rule(String name, Severity severity, String template) {
        return new AlertRule(name, severity, Optional.ofNullable(template).map(MessageTemplate::parse), ANY_PATTERN);
    }

    private static boolean kind(ChangeDocument d, ChangeKind kind) {
        return d.change().kind() == kind;
    }

    private static Optional<BigDecimal> number(ChangeDocument d, String image) {
        return d.lookup(image + ".temperature").map(BigDecimal::new);
    }

    private static boolean above80(ChangeDocument d, String image) {
        return number(d, image).map(t -> t.compareTo(EIGHTY) > 0).orElse(false);
    }

    private List<Notification> apply(Change change) {
        List<Notification> out = new ArrayList<>();
        step.apply(change, out::add);
        return out;
    }

    private static List<String> ids(List<Notification> notifications) {
        return notifications.stream().map(Notification::id).toList();
    }

    @Test
    void readingThatCrossesTheLineRaisesThresholdAndCrossingAlerts() {
        List<Notification> alerts = apply(reading("ev-1", 1, "sensor-7", 79.5, 81.2));
        assertEquals(List.of("ev-1#alert#hot", "ev-1#alert#crossed-80"), ids(alerts));
        Notification crossing = alerts.get(1);
        assertEquals(Channel.ALERTS, crossing.channel());
        assertEquals(Map.of("rule", "crossed-80", "severity", "CRITICAL", "kind", "UPDATED", "table", "RealTimeDataTable"),
                crossing.attributes());
        assertTrue(crossing.body().startsWith("{\"rule\":\"crossed-80\",\"severity\":\"CRITICAL\","
                + "\"message\":\"Sensor sensor-7 crossed 80: 79.5 -> 81.2\",\"change\":{\"kind\":\"UPDATED\""), crossing.body());
    }

    @Test
    void readingThatStaysAboveRaisesOnlyTheThreshold() {
        assertEquals(List.of("ev-2#alert#hot"), ids(apply(reading("ev-2", 2, "sensor-7", 81.2, 83))));
    }

    @Test
    void itemCreatedAboveTheLineCountsAsACrossing() {
        assertEquals(List.of("ev-3#alert#hot", "ev-3#alert#crossed-80"),
                ids(apply(created("ev-3", 3, "sensor-7", "temperature", 85))));
    }

    @Test
    void statusThatBecomesFailedRaisesOnceAndStayingFailedDoesNot() {
        Change became = updated("ev-4", 4, "sensor-7", item("sensor-7", "status", "OK"), item("sensor-7", "status", "FAILED"));
        List<Notification> alerts = apply(became);
        assertEquals(List.of("ev-4#alert#failed"), ids(alerts));
        assertTrue(alerts.get(0).body().contains("\"message\":\"failed matched UPDATED of {\\\"id\\\":\\\"sensor-7\\\""),
                alerts.get(0).body());
        Change stays = updated("ev-5", 5, "sensor-7", item("sensor-7", "status", "FAILED", "n", 1),
                item("sensor-7", "status", "FAILED", "n", 2));
        assertEquals(List.of(), ids(apply(stays)));
    }

    @Test
    void expiryRaisesTheExpiryAlertAndDeletionOnlyForTheKeyPrefix() {
        assertEquals(List.of("ev-6#alert#expired"), ids(apply(expired("ev-6", 6, "sensor-7", "temperature", 20))));
        assertEquals(List.of("ev-7#alert#sensor-deleted"), ids(apply(deleted("ev-7", 7, "sensor-7"))));
        assertEquals(List.of(), ids(apply(deleted("ev-8", 8, "gateway-1"))));
    }

    @Test
    void noRulesNeverRendersOrMatches() {
        PredicateRuleMatcher untouched = new PredicateRuleMatcher();
        new RaiseAlertsStep(List.of(), untouched, new ChangeDocuments())
                .apply(reading("ev-1", 1, "sensor-7", 1, 2), n -> {
                    throw new AssertionError("no notification expected");
                });
        assertTrue(untouched.seen().isEmpty());
    }

    @Test
    void documentTheEngineCannotEvaluateFailsTheRecordPermanently() {
        RuleMatcher broken = document -> {
            throw new RuleMatchingException("engine refused", null);
        };
        RaiseAlertsStep failing = new RaiseAlertsStep(RULES, broken, new ChangeDocuments());
        EffectFailure failure = assertThrows(EffectFailure.class,
                () -> failing.apply(reading("ev-1", 1, "s", 1, 2), n -> { }));
        assertFalse(failure.retryable());
        assertTrue(failure.getMessage().contains("engine refused"));
    }

    @Test
    void duplicateRuleNamesAreRefused() {
        List<AlertRule> twice = List.of(RULES.get(0), RULES.get(0));
        assertThrows(IllegalArgumentException.class, () -> new RaiseAlertsStep(twice, matcher, new ChangeDocuments()));
    }

    @Test
    void bigChangeIsTruncatedToFitTheMessageLimitWithItsAttributes() {
        String big = "x".repeat(300_000);
        Change change = updated("ev-9", 9, "sensor-7", item("sensor-7", "temperature", 70, "blob", big),
                item("sensor-7", "temperature", 90, "blob", big + "y"));
        List<Notification> alerts = apply(change);
        assertEquals(2, alerts.size());
        for (Notification alert : alerts) {
            int attributeBytes = alert.attributes().entrySet().stream()
                    .mapToInt(e -> e.getKey().length() + e.getValue().length() + "String".length()).sum();
            assertTrue(alert.body().length() + attributeBytes + alert.id().length() + 20 <= ChangeDocuments.SNS_MAX_MESSAGE_BYTES);
            assertTrue(alert.body().contains("\"truncated\":true"), alert.body());
            assertTrue(alert.body().contains("\"eventId\":\"ev-9\""));
        }
    }
}
