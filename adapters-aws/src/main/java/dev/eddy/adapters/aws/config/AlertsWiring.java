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
    public static final String ALERT_TOPIC_ARN = "ALERT_TOPIC_ARN";
    public static final String CHANGE_TOPIC_ARN = "CHANGE_TOPIC_ARN";

    private AlertsWiring() {
    }

    /**
     * The alert step, checked against its topic: rules without {@code ALERT_TOPIC_ARN} would raise
     * alerts that can never be delivered, so that fails at start.
     *
     * @param alertTopicArn the value of ALERT_TOPIC_ARN, or null
     */
    public static Optional<ChangeStep> alertStep(String alertRulesJson, String alertTopicArn, ChangeDocuments documents) {
        Optional<ChangeStep> step = alertStep(alertRulesJson, documents);
        if (step.isPresent() && isBlank(alertTopicArn)) {
            throw new InvalidConfigurationException(AlertRulesParser.ALERT_RULES + " declares rules but "
                    + ALERT_TOPIC_ARN + " is not set: the alerts would have nowhere to go");
        }
        return step;
    }

    /**
     * The change-event step when {@code CHANGE_TOPIC_ARN} is set; none otherwise. A filter without
     * the topic is a mistake, and fails at start.
     */
    public static Optional<ChangeStep> changeEventStep(String changeTopicArn, String changeEventFilterJson,
                                                       ChangeDocuments documents) {
        if (isBlank(changeTopicArn)) {
            if (!isBlank(changeEventFilterJson)) {
                throw new InvalidConfigurationException(AlertRulesParser.CHANGE_EVENT_FILTER + " is set but "
                        + CHANGE_TOPIC_ARN + " is not: there are no change events to filter");
            }
            return Optional.empty();
        }
        return Optional.of(changeEventStep(changeEventFilterJson, documents));
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    /**
     * The alert step for {@code ALERT_RULES}, or empty when there are no rules.
     *
     * @throws InvalidConfigurationException when a rule is invalid, naming it and the problem
     */
    public static Optional<ChangeStep> alertStep(String alertRulesJson, ChangeDocuments documents) {
        AlertRulesParser.Parsed parsed = AlertRulesParser.parseEach(alertRulesJson);
        List<InvalidConfigurationException> problems = new java.util.ArrayList<>(parsed.problems());
        EventRulerMatcher matcher = null;
        try {
            // The rules that parsed are compiled even when others did not, so that all are reported at once.
            matcher = EventRulerMatcher.compile(parsed.rules());
        } catch (InvalidConfigurationException e) {
            problems.add(e);
        }
        if (!problems.isEmpty()) {
            throw InvalidConfigurationException.combine(problems);
        }
        if (parsed.rules().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new RaiseAlertsStep(parsed.rules(), matcher, documents));
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
