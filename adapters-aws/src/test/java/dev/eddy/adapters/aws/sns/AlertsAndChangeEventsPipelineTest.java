package dev.eddy.adapters.aws.sns;

import static dev.eddy.application.fakes.SensorChanges.deleted;
import static dev.eddy.application.fakes.SensorChanges.expired;
import static dev.eddy.application.fakes.SensorChanges.reading;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.adapters.aws.config.AlertsWiring;
import dev.eddy.adapters.aws.rules.ExampleRules;
import dev.eddy.application.StreamRecord;
import dev.eddy.application.changeevent.ChangeDocuments;
import dev.eddy.application.fakes.InMemoryDeliveryLedger;
import dev.eddy.application.pipeline.ChangeStep;
import dev.eddy.application.pipeline.Channel;
import dev.eddy.application.port.in.ProcessChangeBatchCommand;
import dev.eddy.application.port.out.ProcessingEvents;
import dev.eddy.application.service.NotificationDelivery;
import dev.eddy.application.service.ProcessChangeBatchService;
import dev.eddy.domain.Change;
import dev.eddy.domain.document.ChangeDocument;
import dev.eddy.testsupport.sns.LoopbackSnsServer;
import dev.eddy.testsupport.sns.LoopbackSnsServer.Attribute;
import dev.eddy.testsupport.sns.LoopbackSnsServer.Entry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Alerts and filtered change events from one batch, wired as the composition root will, over SNS. */
class AlertsAndChangeEventsPipelineTest {
    private final LoopbackSnsServer server = LoopbackSnsServer.start();
    private final SnsPublishBatchClient client = SnsNotificationPublisherTest.client(server);

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void alertsGoToTheAlertTopicAndFilteredChangeEventsToTheChangeTopic() {
        ChangeDocuments documents = new ChangeDocuments();
        List<ChangeStep> steps = List.of(
                AlertsWiring.alertStep(ExampleRules.json(), documents).orElseThrow(),
                AlertsWiring.changeEventStep("{\"kind\":[\"CREATED\",\"UPDATED\"]}", documents));
        SnsNotificationPublisher publisher = SnsNotificationPublisher.create(client, Map.of(
                Channel.ALERTS, SnsNotificationPublisherTest.ALERTS, Channel.CHANGE_EVENTS, SnsNotificationPublisherTest.CHANGES));
        ProcessChangeBatchService service = new ProcessChangeBatchService(steps,
                new NotificationDelivery(publisher, new InMemoryDeliveryLedger()), ProcessingEvents.NONE,
                Clock.systemUTC(), Duration.ZERO, false);
        Change crossing = reading("r1", 1, "sensor-1", 79, 81);
        List<Change> changes = List.of(crossing, expired("r2", 2, "sensor-2"), deleted("r3", 3, "gateway-3"));
        List<StreamRecord> records = new ArrayList<>();
        changes.forEach(c -> records.add(new StreamRecord.Readable(c, () -> "{}")));

        assertTrue(service.process(ProcessChangeBatchCommand.of(records)).succeeded());

        Map<String, List<Entry>> byTopic = new java.util.LinkedHashMap<>();
        server.requests("PublishBatch").forEach(r -> byTopic.computeIfAbsent(r.topicArn(), t -> new ArrayList<>()).addAll(r.entries()));
        assertEquals(List.of("r1#alert#hot", "r1#alert#crossed-80", "r2#alert#expired"),
                byTopic.get(SnsNotificationPublisherTest.ALERTS).stream().map(e -> e.attribute("eddy-id")).toList());
        List<Entry> events = byTopic.get(SnsNotificationPublisherTest.CHANGES);
        assertEquals(1, events.size());
        Entry event = events.get(0);
        assertEquals("r1#change", event.attribute("eddy-id"));
        assertEquals(ChangeDocument.of(crossing).json(), event.message());
        assertEquals(new Attribute("String.Array", "[\"temperature\"]"), event.attributes().get("changedFields"));
        assertEquals(new Attribute("String", "UPDATED"), event.attributes().get("kind"));
        Entry crossed = byTopic.get(SnsNotificationPublisherTest.ALERTS).get(1);
        assertTrue(crossed.message().contains("\"message\":\"Sensor sensor-1 crossed 80: 79 -> 81\""), crossed.message());
    }
}
