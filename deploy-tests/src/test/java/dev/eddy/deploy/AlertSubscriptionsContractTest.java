package dev.eddy.deploy;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eddy.adapters.aws.config.AlertsWiring;
import dev.eddy.application.changeevent.ChangeDocuments;
import dev.eddy.application.pipeline.ChangeStep;
import dev.eddy.application.pipeline.Notification;
import dev.eddy.domain.Change;
import dev.eddy.domain.Item;
import dev.eddy.domain.ItemKey;
import dev.eddy.domain.SourcePosition;
import dev.eddy.domain.StreamView;
import dev.eddy.domain.Value;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alert subscriptions' filter policies select on message attributes the alerts really carry:
 * an alert raised by the example rules through the code's own alert step is checked against them.
 */
class AlertSubscriptionsContractTest {

    @Test
    void subscriptionFilterPoliciesUseAttributesAlertsCarry(@TempDir Path temp) throws Exception {
        Path tfvars = Files.copy(Repository.terraform().resolve("terraform.tfvars.example"), temp.resolve("example.tf"));
        String rules = ConfigurationExamplesContractTest.alertRulesSetting(HclJson.parse(tfvars).path("alert_rules"), "tfvars");
        ChangeStep step = AlertsWiring.alertStep(rules, "arn:aws:sns:eu-west-1:123456789012:eddy-alerts", new ChangeDocuments())
                .orElseThrow();
        Item reading = Item.of(Map.of("id", Value.of("sensor-1"), "timestamp", Value.number("1767225600000"),
                "temperature", Value.number("85")));
        Change created = new Change.Created(new SourcePosition("event-1", "RealTimeDataTable", "400000000000000000001",
                Instant.ofEpochSecond(1767225600L), 120, StreamView.NEW_AND_OLD_IMAGES),
                ItemKey.of(Map.of("id", Value.of("sensor-1"), "timestamp", Value.number("1767225600000"))), Optional.of(reading));
        List<Notification> alerts = new ArrayList<>();

        step.apply(created, alerts::add);

        assertFalse(alerts.isEmpty(), "the example rules raise no alert for a reading of 85 (the README promises one)");
        Terraform module = Terraform.module("alerts");
        for (String subscription : module.resourceNames("aws_sns_topic_subscription")) {
            JsonNode body = module.resource("aws_sns_topic_subscription", subscription);
            Optional<String> policy = HclExpression.interpolation(body.path("filter_policy"));
            if (policy.isEmpty()) {
                continue;
            }
            assertTrue("MessageAttributes".equals(body.path("filter_policy_scope").asText()), subscription + " filters on attributes");
            Set<String> keys = new TreeSet<>();
            HclExpression.value(HclExpression.callArgument(policy.get(), "jsonencode")).fieldNames().forEachRemaining(keys::add);
            for (Notification alert : alerts) {
                assertTrue(alert.attributes().keySet().containsAll(keys),
                        subscription + " filters on " + keys + " but alerts carry " + alert.attributes().keySet());
            }
        }
    }
}
