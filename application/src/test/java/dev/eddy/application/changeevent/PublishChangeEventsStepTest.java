package dev.eddy.application.changeevent;

import static dev.eddy.application.fakes.SensorChanges.created;
import static dev.eddy.application.fakes.SensorChanges.deleted;
import static dev.eddy.application.fakes.SensorChanges.item;
import static dev.eddy.application.fakes.SensorChanges.reading;
import static dev.eddy.application.fakes.SensorChanges.updated;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.application.alert.RaiseAlertsStep;
import dev.eddy.application.fakes.PredicateRuleMatcher;
import dev.eddy.application.pipeline.Channel;
import dev.eddy.application.pipeline.Notification;
import dev.eddy.domain.Change;
import dev.eddy.domain.ChangeKind;
import dev.eddy.domain.alert.AlertRule;
import dev.eddy.domain.alert.Severity;
import dev.eddy.domain.document.ChangeDocument;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PublishChangeEventsStepTest {

    private static List<Notification> apply(PublishChangeEventsStep step, Change change) {
        List<Notification> out = new ArrayList<>();
        step.apply(change, out::add);
        return out;
    }

    @Test
    void everyChangeIsPublishedAsItsDocumentWithKindTableAndChangedFields() {
        Change change = updated("ev-1", 1, "sensor-7", item("sensor-7", "temperature", 79, "status", "OK"),
                item("sensor-7", "temperature", 81, "status", "FAILED"));
        List<Notification> events = apply(new PublishChangeEventsStep(Optional.empty(), new ChangeDocuments()), change);
        assertEquals(1, events.size());
        Notification event = events.get(0);
        assertEquals("ev-1#change", event.id());
        assertEquals(Channel.CHANGE_EVENTS, event.channel());
        assertEquals(ChangeDocument.of(change).json(), event.body());
        assertEquals(Map.of("kind", "UPDATED", "table", "RealTimeDataTable", "changedFields", "[\"status\",\"temperature\"]"),
                event.attributes());
    }

    @Test
    void deletionHasNoChangedFieldsAttribute() {
        Notification event = apply(new PublishChangeEventsStep(Optional.empty(), new ChangeDocuments()),
                deleted("ev-2", 2, "sensor-7")).get(0);
        assertEquals(Map.of("kind", "DELETED", "table", "RealTimeDataTable"), event.attributes());
    }

    @Test
    void filterLimitsWhichChangesArePublished() {
        PredicateRuleMatcher onlyCreated = new PredicateRuleMatcher()
                .rule("CHANGE_EVENT_FILTER", d -> d.change().kind() == ChangeKind.CREATED);
        PublishChangeEventsStep step = new PublishChangeEventsStep(Optional.of(onlyCreated), new ChangeDocuments());
        assertEquals(List.of(), apply(step, reading("ev-3", 3, "s", 1, 2)));
        assertEquals(List.of("ev-4#change"), apply(step, created("ev-4", 4, "s", "t", 1)).stream().map(Notification::id).toList());
    }

    @Test
    void alertsAndChangeEventsShareOneRenderingOfEachChange() {
        ChangeDocuments documents = new ChangeDocuments();
        PredicateRuleMatcher alertMatcher = new PredicateRuleMatcher().rule("any", d -> true);
        PredicateRuleMatcher filter = new PredicateRuleMatcher().rule("f", d -> true);
        RaiseAlertsStep alerts = new RaiseAlertsStep(
                List.of(new AlertRule("any", Severity.INFO, Optional.empty(), "{\"kind\":[\"UPDATED\"]}")),
                alertMatcher, documents);
        PublishChangeEventsStep events = new PublishChangeEventsStep(Optional.of(filter), documents);
        Change first = reading("ev-1", 1, "s", 1, 2);
        Change second = reading("ev-2", 2, "s", 2, 3);
        for (Change change : List.of(first, second)) {
            alerts.apply(change, n -> { });
            events.apply(change, n -> { });
        }
        assertSame(alertMatcher.seen().get(0), filter.seen().get(0));
        assertSame(alertMatcher.seen().get(1), filter.seen().get(1));
        assertSame(first, filter.seen().get(0).change());
        assertSame(second, filter.seen().get(1).change());
    }

    @Test
    void documentTooBigForOneMessageKeepsItsReference() {
        String big = "z".repeat(200_000);
        Change change = updated("ev-5", 5, "s", item("s", "blob", big), item("s", "blob", big + "!"));
        Notification event = apply(new PublishChangeEventsStep(Optional.empty(), new ChangeDocuments()), change).get(0);
        assertEquals(ChangeDocument.of(change).referenceJson(), event.body());
        assertTrue(event.body().contains("\"truncated\":true"));
    }
}
