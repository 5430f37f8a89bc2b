package dev.eddy.bootstrap.lambda.e2e;

import static dev.eddy.bootstrap.lambda.e2e.Harness.ALERT_TOPIC;
import static dev.eddy.bootstrap.lambda.e2e.Harness.CHANGE_TOPIC;
import static dev.eddy.bootstrap.lambda.e2e.Harness.NO_FAILURES;
import static dev.eddy.bootstrap.lambda.e2e.Harness.environment;
import static dev.eddy.bootstrap.lambda.e2e.Harness.event;
import static dev.eddy.bootstrap.lambda.e2e.Harness.eventId;
import static dev.eddy.bootstrap.lambda.e2e.Harness.failureOf;
import static dev.eddy.bootstrap.lambda.e2e.Harness.from;
import static dev.eddy.bootstrap.lambda.e2e.Harness.sequenceNumber;
import static dev.eddy.bootstrap.lambda.e2e.Harness.tree;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eddy.testsupport.dynamodb.DynaliteExtension;
import dev.eddy.testsupport.sns.LoopbackSnsServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Issue 4, part 1, end to end: every change as its canonical document on the change topic. */
class ChangeEventsEndToEndTest {
    @RegisterExtension
    static final DynaliteExtension DYNAMODB = new DynaliteExtension();

    private static final String BATCH = event("alerts-batch.json");
    private static final int RECORDS = 11;

    private Harness eddy;

    @BeforeEach
    void start() {
        eddy = new Harness(DYNAMODB.dynalite());
    }

    @AfterEach
    void stop() {
        eddy.close();
    }

    private static String changeId(int record) {
        return eventId(BATCH, record) + "#change";
    }

    private static List<String> changeIds(int... records) {
        List<String> ids = new ArrayList<>();
        for (int record : records) {
            ids.add(changeId(record));
        }
        return ids;
    }

    private static List<String> allChangeIds() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            ids.add(changeId(i));
        }
        return ids;
    }

    private List<String> publishedIds() {
        List<String> ids = new ArrayList<>();
        eddy.published("#change").forEach(e -> ids.add(e.attribute("eddy-id")));
        return ids;
    }

    private LoopbackSnsServer.Entry change(int record) {
        return eddy.published("#change").stream().filter(e -> changeId(record).equals(e.attribute("eddy-id")))
                .findFirst().orElseThrow(() -> new AssertionError("no change event for record " + record));
    }

    @Test
    void everyChangeIsPublishedInStreamOrderToTheChangeTopic() {
        String response = eddy.invoke(eddy.handler(environment("CHANGE_TOPIC_ARN", CHANGE_TOPIC)), BATCH);

        assertEquals(NO_FAILURES, response);
        assertEquals(allChangeIds(), publishedIds());
        List<Integer> sizes = new ArrayList<>();
        for (LoopbackSnsServer.Request request : eddy.sns.requests()) {
            assertEquals("PublishBatch", request.action());
            assertEquals(CHANGE_TOPIC, request.topicArn());
            sizes.add(request.entries().size());
        }
        assertEquals(List.of(10, 1), sizes);
    }

    @Test
    void changeEventsCarryKindTableAndChangedFieldsForSubscriptionFilters() {
        eddy.invoke(eddy.handler(environment("CHANGE_TOPIC_ARN", CHANGE_TOPIC)), BATCH);

        List<String> kinds = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        for (LoopbackSnsServer.Entry entry : eddy.published("#change")) {
            kinds.add(entry.attribute("kind"));
            assertEquals("RealTimeDataTable", entry.attribute("table"));
            assertEquals("String", entry.attributes().get("kind").dataType());
            assertEquals("String", entry.attributes().get("table").dataType());
            LoopbackSnsServer.Attribute fields = entry.attributes().get("changedFields");
            if (fields == null) {
                changed.add(null);
            } else {
                assertEquals("String.Array", fields.dataType(), "so filter policies match any one field");
                changed.add(fields.value());
            }
        }
        assertEquals(List.of("CREATED", "UPDATED", "UPDATED", "CREATED", "CREATED", "UPDATED", "EXPIRED", "DELETED",
                "DELETED", "CREATED", "CREATED"), kinds);
        String created = "[\"id\",\"status\",\"temperature\",\"timestamp\"]";
        assertEquals(java.util.Arrays.asList("[\"humidity\",\"id\",\"status\",\"temperature\",\"timestamp\"]",
                "[\"temperature\"]", "[\"humidity\",\"temperature\"]", created, created, "[\"status\"]",
                null, null, null, created, created), changed, "no changedFields on deletes and expiries");
    }

    @Test
    void changeEventBodyIsTheCanonicalDocumentWithExactNumbers() {
        eddy.invoke(eddy.handler(environment("CHANGE_TOPIC_ARN", CHANGE_TOPIC)), BATCH);

        JsonNode expected = tree("{\"kind\":\"UPDATED\",\"table\":\"RealTimeDataTable\","
                + "\"keys\":{\"id\":\"sensor-1\",\"timestamp\":1795521600},"
                + "\"old\":{\"id\":\"sensor-1\",\"timestamp\":1795521600,\"temperature\":81.2,\"status\":\"OK\",\"humidity\":41.10},"
                + "\"new\":{\"id\":\"sensor-1\",\"timestamp\":1795521600,\"temperature\":83,\"status\":\"OK\",\"humidity\":40.5},"
                + "\"changed\":[\"humidity\",\"temperature\"],\"eventId\":\"" + eventId(BATCH, 2) + "\","
                + "\"sequenceNumber\":\"" + sequenceNumber(BATCH, 2) + "\",\"at\":\"2026-11-24T12:00:03Z\"}");
        assertEquals(expected, tree(change(2).message()));
        assertEquals(tree("100.000000000000000000001"), tree(change(10).message()).get("new").get("temperature"),
                "beyond double precision, unchanged");
    }

    @Test
    void alertsAndChangeEventsShareOneChangeDocument() {
        eddy.invoke(eddy.handler(environment("CHANGE_TOPIC_ARN", CHANGE_TOPIC, "ALERT_TOPIC_ARN", ALERT_TOPIC,
                "ALERT_RULES", AlertsEndToEndTest.EXAMPLE_RULES)), BATCH);

        LoopbackSnsServer.Entry alert = eddy.published("#alert#").stream()
                .filter(e -> (eventId(BATCH, 6) + "#alert#expired").equals(e.attribute("eddy-id"))).findFirst()
                .orElseThrow();
        assertEquals(tree(change(6).message()), tree(alert.message()).get("change"));
        assertEquals(RECORDS, eddy.published("#change").size());
        assertEquals(12, eddy.published("#alert#").size());
    }

    @Test
    void filterPublishesOnlyTheChangesItMatches() {
        Map<String, String> environment = environment("CHANGE_TOPIC_ARN", CHANGE_TOPIC,
                "CHANGE_EVENT_FILTER", "{\"kind\": [\"UPDATED\"], \"changed\": [\"temperature\"]}");

        assertEquals(NO_FAILURES, eddy.invoke(eddy.handler(environment), BATCH));

        assertEquals(changeIds(1, 2), publishedIds(), "the two temperature updates, not the status update (record 5)");
    }

    @Test
    void withTheLedgerAReplayedBatchPublishesNoChangeTwice() {
        String ledger = eddy.ledgerTable();
        Map<String, String> environment = environment("CHANGE_TOPIC_ARN", CHANGE_TOPIC, "LEDGER_TABLE", ledger);
        int middle = 5;
        eddy.sns.failEntries(e -> changeId(middle).equals(e.attribute("eddy-id")), "InternalError", false, 3);

        assertEquals(failureOf(sequenceNumber(BATCH, middle)), eddy.invoke(eddy.handler(environment), BATCH));
        assertEquals(NO_FAILURES, eddy.invoke(eddy.handler(environment), from(BATCH, middle)));
        assertEquals(NO_FAILURES, eddy.invoke(eddy.handler(environment), BATCH));

        Map<String, Integer> once = new TreeMap<>();
        allChangeIds().forEach(id -> once.put(id, 1));
        assertEquals(once, new TreeMap<>(eddy.deliveries()));
        assertEquals(once.keySet(), eddy.items(ledger).keySet());
        assertNull(eddy.sns.requests().stream().filter(r -> !CHANGE_TOPIC.equals(r.topicArn())).findAny().orElse(null));
    }
}
