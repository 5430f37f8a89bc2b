package dev.eddy.adapters.aws.config;

import dev.eddy.adapters.aws.rules.EventRulerMatcher;
import dev.eddy.application.alert.RaiseAlertsStep;
import dev.eddy.application.alert.RuleMatcher;
import dev.eddy.application.changeevent.ChangeDocuments;
import dev.eddy.application.changeevent.PublishChangeEventsStep;
import dev.eddy.application.pipeline.ChangeStep;
import dev.eddy.domain.alert.AlertRule;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the alert and change-event steps from their settings, for the composition root. Everything
 * is parsed and compiled here, at start: bad settings throw {@link InvalidConfigurationException}
 * before any record is read.
 *
 * <p>Give both methods the same {@link ChangeDocuments}, so that a change is rendered once.
 */
public final class AlertsWiring {
    private AlertsWiring() {
    }

    /**
     * The alert step for {@code ALERT_RULES}, or empty when there are no rules.
     *
     * @throws InvalidConfigurationException when a rule is invalid, naming it and the problem
     */
    public static Optional<ChangeStep> alertStep(String alertRulesJson, ChangeDocuments documents) {
        List<AlertRule> rules = AlertRulesParser.parse(alertRulesJson);
        if (rules.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new RaiseAlertsStep(rules, EventRulerMatcher.compile(rules), documents));
    }

    /**
     * The change-event step, filtered by {@code CHANGE_EVENT_FILTER} when that is set. Add it only
     * when {@code CHANGE_TOPIC_ARN} is set.
     *
     * @throws InvalidConfigurationException when the filter is not a valid event pattern
     */
    public static ChangeStep changeEventStep(String changeEventFilterJson, ChangeDocuments documents) {
        Optional<RuleMatcher> filter = AlertRulesParser.parseChangeEventFilter(changeEventFilterJson)
                .map(pattern -> EventRulerMatcher.compile(Map.of(AlertRulesParser.CHANGE_EVENT_FILTER, pattern),
                        AlertRulesParser.CHANGE_EVENT_FILTER));
        return new PublishChangeEventsStep(filter, documents);
    }
}
