package dev.eddy.application.changeevent;

import dev.eddy.application.alert.RuleMatcher;
import dev.eddy.application.alert.RuleMatchingException;
import dev.eddy.application.pipeline.ChangeStep;
import dev.eddy.application.pipeline.Channel;
import dev.eddy.application.pipeline.EffectFailure;
import dev.eddy.application.pipeline.Effects;
import dev.eddy.application.pipeline.Notification;
import dev.eddy.domain.Change;
import dev.eddy.domain.document.ChangeDocument;
import dev.eddy.domain.json.JsonWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Publishes every change as its canonical {@link ChangeDocument} on {@link Channel#CHANGE_EVENTS},
 * so that consumers subscribe to the topic instead of the table.
 *
 * <p>The id is {@code <eventId>#change}. The attributes, for subscribers' SNS filter policies:
 * <ul>
 *   <li>{@code kind}: CREATED, UPDATED, DELETED or EXPIRED;</li>
 *   <li>{@code table};</li>
 *   <li>{@code changedFields}: the document's {@code changed} names as a JSON array of strings,
 *       <b>sent as an SNS {@code String.Array} attribute</b> (see {@link #CHANGED_FIELDS}). SNS
 *       filter policies match an array attribute when any element matches, so
 *       {@code {"changedFields":["status"]}} takes every change that touched {@code status}; a
 *       comma-separated String could only be matched whole or by prefix. Left out when the list is
 *       empty (deletes, expiries, writes that changed nothing) or unknown (a missing image): use
 *       {@code [{"exists":false}]} to take those.</li>
 * </ul>
 *
 * <p>An optional filter (an event pattern, through the same {@link RuleMatcher} as alert rules)
 * limits which changes are published; it sees the whole document.
 */
public final class PublishChangeEventsStep implements ChangeStep {
    /** The attribute that is an SNS {@code String.Array}; the publisher must send it as one. */
    public static final String CHANGED_FIELDS = "changedFields";

    private final Optional<RuleMatcher> filter;
    private final ChangeDocuments documents;
    private final int maxMessageBytes;

    /**
     * @param filter          when present, only changes it matches (by any rule) are published
     * @param documents       shared with the other steps, so a change is rendered once
     * @param maxMessageBytes the transport's limit for one message, attributes included
     */
    public PublishChangeEventsStep(Optional<RuleMatcher> filter, ChangeDocuments documents, int maxMessageBytes) {
        this.filter = Objects.requireNonNull(filter, "filter");
        this.documents = Objects.requireNonNull(documents, "documents");
        this.maxMessageBytes = maxMessageBytes;
    }

    public PublishChangeEventsStep(Optional<RuleMatcher> filter, ChangeDocuments documents) {
        this(filter, documents, ChangeDocuments.SNS_MAX_MESSAGE_BYTES);
    }

    @Override
    public String name() {
        return "change-events";
    }

    @Override
    public void apply(Change change, Effects effects) {
        ChangeDocument document = documents.of(change);
        if (filter.isPresent()) {
            try {
                if (filter.get().matchingRules(document).isEmpty()) {
                    return;
                }
            } catch (RuleMatchingException e) {
                throw EffectFailure.permanent("the change-event filter could not evaluate the change: "
                        + e.getMessage(), e);
            }
        }
        Map<String, String> attributes = new LinkedHashMap<>(4);
        attributes.put("kind", change.kind().name());
        attributes.put("table", change.source().table());
        List<String> changed = document.changedFields().orElse(List.of());
        if (!changed.isEmpty()) {
            JsonWriter names = new JsonWriter().beginArray();
            changed.forEach(names::value);
            attributes.put(CHANGED_FIELDS, names.endArray().toString());
        }
        String id = change.source().eventId() + "#change";
        String body = document.json(ChangeDocuments.bodyBudget(maxMessageBytes, id, attributes));
        effects.notify(new Notification(id, Channel.CHANGE_EVENTS, body, attributes));
    }
}
