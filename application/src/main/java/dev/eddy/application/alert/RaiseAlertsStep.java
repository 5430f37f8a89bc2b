package dev.eddy.application.alert;

import dev.eddy.application.changeevent.ChangeDocuments;
import dev.eddy.application.pipeline.ChangeStep;
import dev.eddy.application.pipeline.Channel;
import dev.eddy.application.pipeline.EffectFailure;
import dev.eddy.application.pipeline.Effects;
import dev.eddy.application.pipeline.Notification;
import dev.eddy.domain.Change;
import dev.eddy.domain.alert.Alert;
import dev.eddy.domain.alert.AlertRule;
import dev.eddy.domain.document.ChangeDocument;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Raises one alert per rule a change matches, on {@link Channel#ALERTS}.
 *
 * <p>Each alert's id is {@code <eventId>#alert#<rule>}: the same record and rule always give the
 * same id, so the delivery ledger sends it once even when the stream delivers the record again.
 * Its attributes are {@code rule}, {@code severity}, {@code kind} and {@code table}; its body is
 * {@link Alert#json(int)}, kept within the message size limit. Alerts come in the order the rules
 * were declared.
 */
public final class RaiseAlertsStep implements ChangeStep {
    private final List<AlertRule> rules;
    private final RuleMatcher matcher;
    private final ChangeDocuments documents;
    private final int maxMessageBytes;

    /**
     * @param rules           the rules, in declared order; the matcher knows each by name
     * @param matcher         evaluates the rules' patterns
     * @param documents       shared with the other steps, so a change is rendered once
     * @param maxMessageBytes the transport's limit for one message, attributes included
     */
    public RaiseAlertsStep(List<AlertRule> rules, RuleMatcher matcher, ChangeDocuments documents, int maxMessageBytes) {
        this.rules = List.copyOf(rules);
        this.matcher = Objects.requireNonNull(matcher, "matcher");
        this.documents = Objects.requireNonNull(documents, "documents");
        this.maxMessageBytes = maxMessageBytes;
        Set<String> names = new HashSet<>();
        for (AlertRule rule : this.rules) {
            if (!names.add(rule.name())) {
                throw new IllegalArgumentException("two alert rules are named \"" + rule.name() + "\"");
            }
        }
    }

    public RaiseAlertsStep(List<AlertRule> rules, RuleMatcher matcher, ChangeDocuments documents) {
        this(rules, matcher, documents, ChangeDocuments.SNS_MAX_MESSAGE_BYTES);
    }

    @Override
    public String name() {
        return "alerts";
    }

    @Override
    public void apply(Change change, Effects effects) {
        if (rules.isEmpty()) {
            return;
        }
        ChangeDocument document = documents.of(change);
        Set<String> matched;
        try {
            matched = matcher.matchingRules(document);
        } catch (RuleMatchingException e) {
            throw EffectFailure.permanent("alert rules could not evaluate the change: " + e.getMessage(), e);
        }
        if (matched.isEmpty()) {
            return;
        }
        String eventId = change.source().eventId();
        String kind = change.kind().name();
        String table = change.source().table();
        for (AlertRule rule : rules) {
            if (!matched.contains(rule.name())) {
                continue;
            }
            Alert alert = Alert.raise(rule, document);
            Map<String, String> attributes = Map.of("rule", rule.name(), "severity", rule.severity().name(),
                    "kind", kind, "table", table);
            String id = eventId + "#alert#" + rule.name();
            String body = alert.json(ChangeDocuments.bodyBudget(maxMessageBytes, id, attributes));
            effects.notify(new Notification(id, Channel.ALERTS, body, attributes));
        }
    }
}
