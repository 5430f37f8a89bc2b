package dev.eddy.bootstrap.lambda.e2e;

import static dev.eddy.bootstrap.lambda.e2e.Harness.ALERT_TOPIC;
import static dev.eddy.bootstrap.lambda.e2e.Harness.NO_FAILURES;
import static dev.eddy.bootstrap.lambda.e2e.Harness.environment;
import static dev.eddy.bootstrap.lambda.e2e.Harness.event;
import static dev.eddy.bootstrap.lambda.e2e.Harness.eventId;
import static dev.eddy.bootstrap.lambda.e2e.Harness.failureOf;
import static dev.eddy.bootstrap.lambda.e2e.Harness.from;
import static dev.eddy.bootstrap.lambda.e2e.Harness.sequenceNumber;
import static dev.eddy.bootstrap.lambda.e2e.Harness.tree;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eddy.testsupport.dynamodb.DynaliteExtension;
import dev.eddy.testsupport.sns.LoopbackSnsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Issue 3 end to end: Lambda event JSON into the production-wired handler, with the five example
 * rules of the README, and the SNS requests that come out.
 */
class AlertsEndToEndTest {
    @RegisterExtension
    static final DynaliteExtension DYNAMODB = new DynaliteExtension();

    /** The five example rules, from the one file the adapter tests and the README use. */
    static final String EXAMPLE_RULES = read(Path.of("..", "adapters-aws", "src", "test", "resources",
            "example-alert-rules.json"));
    private static final String BATCH = event("alerts-batch.json");
    /** Record index (0-based) of the status change to FAILED, in the middle of the batch. */
    private static final int FAILED_RECORD = 5;

    private Harness eddy;

    @BeforeEach
    void start() {
        eddy = new Harness(DYNAMODB.dynalite());
    }

    @AfterEach
    void stop() {
        eddy.close();
    }

    private static String read(Path path) {
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String alertId(int record, String rule) {
        return eventId(BATCH, record) + "#alert#" + rule;
    }

    /** Every alert the batch must raise, in publishing order: record by record, rules in declared order. */
    private static List<String> expectedAlerts() {
        return List.of(
                alertId(1, "hot"), alertId(1, "crossed-80"),      // 79.5 -> 81.2: crosses the line
                alertId(2, "hot"),                                // 81.2 -> 83: stays above, no crossing
                alertId(3, "hot"), alertId(3, "crossed-80"),      // created at 85.25
                alertId(5, "failed"),                             // status OK -> FAILED
                alertId(6, "expired"),                            // removed by TTL
                alertId(7, "sensor-deleted"),                     // removed by a user, id sensor-6
                alertId(9, "hot"), alertId(9, "crossed-80"),      // created at 90.5
                alertId(10, "hot"), alertId(10, "crossed-80"));   // created at 100.000000000000000000001
    }

    private static Map<String, String> alertsEnvironment(String... more) {
        Map<String, String> environment = environment("ALERT_RULES", EXAMPLE_RULES, "ALERT_TOPIC_ARN", ALERT_TOPIC);
        for (int i = 0; i < more.length; i += 2) {
            environment.put(more[i], more[i + 1]);
        }
        return environment;
    }

    private static List<String> ids(List<LoopbackSnsServer.Entry> entries) {
        List<String> ids = new ArrayList<>();
        entries.forEach(e -> ids.add(e.attribute("eddy-id")));
        return ids;
    }

    private LoopbackSnsServer.Entry alert(String id) {
        return eddy.published("#alert#").stream().filter(e -> id.equals(e.attribute("eddy-id"))).findFirst()
                .orElseThrow(() -> new AssertionError("no alert " + id + " among " + ids(eddy.published("#alert#"))));
    }

    @Test
    void batchOfReadingsRaisesExactlyTheAlertsTheExampleRulesDescribe() {
        String response = eddy.invoke(eddy.handler(alertsEnvironment()), BATCH);

        assertEquals(NO_FAILURES, response);
        assertEquals(expectedAlerts(), ids(eddy.published("#alert#")),
                "crossing yes, staying above no, created above 80 yes, created at 80 no, FAILED yes, TTL expiry yes "
                        + "(no delete alert), manual delete of sensor-6 yes (no expiry alert), of gateway-1 no");
    }

    @Test
    void alertsGoToTheAlertTopicInPublishBatchCallsOfAtMostTenEntries() {
        eddy.invoke(eddy.handler(alertsEnvironment()), BATCH);

        List<LoopbackSnsServer.Request> requests = eddy.sns.requests();
        List<Integer> sizes = new ArrayList<>();
        for (LoopbackSnsServer.Request request : requests) {
            assertEquals("PublishBatch", request.action());
            assertEquals(ALERT_TOPIC, request.topicArn());
            sizes.add(request.entries().size());
        }
        assertEquals(List.of(10, 2), sizes, "12 alerts: one full batch of 10, then the rest");
    }

    @Test
    void eachAlertCarriesRuleSeverityKindAndTableAsStringAttributes() {
        eddy.invoke(eddy.handler(alertsEnvironment()), BATCH);

        Map<String, String> expected = new LinkedHashMap<>();
        expected.put(alertId(1, "crossed-80"), "crossed-80 CRITICAL UPDATED");
        expected.put(alertId(2, "hot"), "hot WARNING UPDATED");
        expected.put(alertId(3, "crossed-80"), "crossed-80 CRITICAL CREATED");
        expected.put(alertId(5, "failed"), "failed CRITICAL UPDATED");
        expected.put(alertId(6, "expired"), "expired INFO EXPIRED");
        expected.put(alertId(7, "sensor-deleted"), "sensor-deleted WARNING DELETED");
        expected.forEach((id, attributes) -> {
            LoopbackSnsServer.Entry entry = alert(id);
            assertEquals(attributes, entry.attribute("rule") + " " + entry.attribute("severity") + " "
                    + entry.attribute("kind"), id);
            assertEquals("RealTimeDataTable", entry.attribute("table"), id);
            assertEquals(java.util.Set.of("rule", "severity", "kind", "table", "eddy-id"),
                    entry.attributes().keySet(), id);
            assertEquals(id, entry.attribute("eddy-id"));
            entry.attributes().forEach((name, value) -> assertEquals("String", value.dataType(), id + " " + name));
        });
    }

    @Test
    void alertBodyHoldsRuleSeverityRenderedMessageAndTheExactChangeDocument() {
        eddy.invoke(eddy.handler(alertsEnvironment()), BATCH);

        JsonNode crossing = tree(alert(alertId(1, "crossed-80")).message());
        JsonNode expected = tree("{\"rule\":\"crossed-80\",\"severity\":\"CRITICAL\","
                + "\"message\":\"Sensor sensor-1 crossed 80: 79.5 -> 81.2\","
                + "\"change\":{\"kind\":\"UPDATED\",\"table\":\"RealTimeDataTable\","
                + "\"keys\":{\"id\":\"sensor-1\",\"timestamp\":1795521600},"
                + "\"old\":{\"id\":\"sensor-1\",\"timestamp\":1795521600,\"temperature\":79.5,\"status\":\"OK\",\"humidity\":41.10},"
                + "\"new\":{\"id\":\"sensor-1\",\"timestamp\":1795521600,\"temperature\":81.2,\"status\":\"OK\",\"humidity\":41.10},"
                + "\"changed\":[\"temperature\"],\"eventId\":\"" + eventId(BATCH, 1) + "\","
                + "\"sequenceNumber\":\"" + sequenceNumber(BATCH, 1) + "\",\"at\":\"2026-11-24T12:00:02Z\"}}");
        assertEquals(expected, crossing, "numbers exactly as the stream carried them (41.10 keeps its zero)");
    }

    @Test
    void messagesAreRenderedFromEachRulesTemplate() {
        eddy.invoke(eddy.handler(alertsEnvironment()), BATCH);

        Map<String, String> expected = new LinkedHashMap<>();
        expected.put(alertId(2, "hot"), "Sensor sensor-1 reads 83");
        expected.put(alertId(3, "crossed-80"), "Sensor sensor-2 crossed 80: <missing> -> 85.25");
        expected.put(alertId(5, "failed"), "sensor-4 is now FAILED (was OK)");
        expected.put(alertId(6, "expired"), "sensor-5 expired at 2026-11-24T12:00:07Z");
        expected.put(alertId(7, "sensor-deleted"), "sensor-6 was deleted");
        expected.put(alertId(10, "hot"), "Sensor sensor-9 reads 100.000000000000000000001");
        Map<String, String> actual = new LinkedHashMap<>();
        expected.keySet().forEach(id -> actual.put(id, tree(alert(id).message()).get("message").asText()));
        assertEquals(expected, actual, "a missing field ({old.temperature} of a create) renders visibly");
    }

    @Test
    void expiryAlertCarriesTheOldImageAndNoNewOne() {
        eddy.invoke(eddy.handler(alertsEnvironment()), BATCH);

        JsonNode change = tree(alert(alertId(6, "expired")).message()).get("change");
        assertEquals("EXPIRED", change.get("kind").asText());
        assertEquals(tree("{\"id\":\"sensor-5\",\"timestamp\":1795435200,\"temperature\":21,\"status\":\"OK\","
                + "\"expiresAt\":1795521605}"), change.get("old"));
        assertTrue(!change.has("new"), change.toString());
        assertEquals(tree("[]"), change.get("changed"));
    }

    @Test
    void replayedBatchPublishesEveryAlertExactlyOnceWithTheLedger() {
        String ledger = eddy.ledgerTable();
        Map<String, String> environment = alertsEnvironment("LEDGER_TABLE", ledger);
        String failing = alertId(FAILED_RECORD, "failed");
        // Fails on every attempt the publisher makes in the first invocation (3), then succeeds.
        eddy.sns.failEntries(e -> failing.equals(e.attribute("eddy-id")), "InternalError", false, 3);

        String first = eddy.invoke(eddy.handler(environment), BATCH);

        assertEquals(failureOf(sequenceNumber(BATCH, FAILED_RECORD)), first, "the record of the failed alert");
        List<String> allButFailing = new ArrayList<>(expectedAlerts());
        allButFailing.remove(failing);
        assertEquals(allButFailing, ids(eddy.published("#alert#")), "everything else went out");

        // Lambda retries from the reported record, in a new container: only the ledger remembers.
        assertEquals(NO_FAILURES, eddy.invoke(eddy.handler(environment), from(BATCH, FAILED_RECORD)));
        // And, as after a timeout or a crash, the whole batch once more.
        assertEquals(NO_FAILURES, eddy.invoke(eddy.handler(environment), BATCH));

        Map<String, Integer> once = new TreeMap<>();
        expectedAlerts().forEach(id -> once.put(id, 1));
        assertEquals(once, new TreeMap<>(eddy.deliveries()), "every alert exactly once over three invocations");
        assertEquals(failing, ids(eddy.published("#alert#")).get(allButFailing.size()), "the failed one came last");

        Map<String, Map<String, AttributeValue>> entries = eddy.items(ledger);
        assertEquals(once.keySet(), entries.keySet(), "the ledger holds every delivered alert");
        long floor = Instant.now().plusSeconds(24 * 3600).getEpochSecond();
        entries.forEach((id, item) -> assertTrue(Long.parseLong(item.get("expiresAt").n()) > floor,
                id + " outlives the stream's 24-hour retention: " + item));
    }

    @Test
    void withoutALedgerAReplayRepeatsAlertsAlreadyPublishedSoDeliveryIsAtLeastOnce() {
        Map<String, String> environment = alertsEnvironment();
        String failing = alertId(FAILED_RECORD, "failed");
        eddy.sns.failEntries(e -> failing.equals(e.attribute("eddy-id")), "InternalError", false, 3);

        assertEquals(failureOf(sequenceNumber(BATCH, FAILED_RECORD)), eddy.invoke(eddy.handler(environment), BATCH));
        assertEquals(NO_FAILURES, eddy.invoke(eddy.handler(environment), from(BATCH, FAILED_RECORD)));

        Map<String, Integer> afterRetry = new TreeMap<>();
        for (String id : expectedAlerts()) {
            int index = Integer.parseInt(id.substring(3, id.indexOf('#'))) - 1;
            // Alerts of the records after the failed one went out in the first invocation, and again in the retry.
            afterRetry.put(id, index > FAILED_RECORD ? 2 : 1);
        }
        assertEquals(afterRetry, new TreeMap<>(eddy.deliveries()), "nothing lost, later records' alerts repeated");

        assertEquals(NO_FAILURES, eddy.invoke(eddy.handler(environment), BATCH));

        Map<String, Integer> afterWholeReplay = new TreeMap<>();
        afterRetry.forEach((id, count) -> afterWholeReplay.put(id, count + 1));
        assertEquals(afterWholeReplay, new TreeMap<>(eddy.deliveries()),
                "a replay of the whole batch repeats the alerts of the earlier records too");
    }

    @Test
    void logsOfAFailedAndRetriedBatchNameNoAttributeValue() {
        String failing = alertId(FAILED_RECORD, "failed");
        eddy.sns.failEntries(e -> failing.equals(e.attribute("eddy-id")), "InternalError", false, 3);
        Map<String, String> environment = alertsEnvironment();
        environment.put("AWS_LAMBDA_LOG_LEVEL", "DEBUG");   // with the change journal, the most the function logs
        eddy.invoke(eddy.handler(environment), BATCH);
        eddy.invoke(eddy.handler(environment), from(BATCH, FAILED_RECORD));

        String logs = eddy.logs();
        assertTrue(logs.contains(sequenceNumber(BATCH, FAILED_RECORD)), "the failed record is logged: " + logs);
        assertTrue(logs.contains("\"message\":\"change\""), "the change journal is in the logs: " + logs);
        for (String value : List.of("sensor-1", "sensor-6", "gateway-1", "79.5", "81.2", "41.10", "85.25",
                "100.000000000000000000001")) {
            assertTrue(!logs.contains(value), "attribute value " + value + " leaked into the logs: " + logs);
        }
    }

    @Test
    void anAlertOnAnItemTooBigForOneMessageIsTruncatedVisiblyAndKeepsTheChangeReference() {
        // A real 300 KB item (DynamoDB takes up to 400 KB): its alert cannot carry it whole within SNS's 256 KiB.
        com.fasterxml.jackson.databind.node.ObjectNode big = (com.fasterxml.jackson.databind.node.ObjectNode)
                tree(BATCH).get("Records").get(3);
        ((com.fasterxml.jackson.databind.node.ObjectNode) big.get("dynamodb").get("NewImage"))
                .putObject("notes").put("S", "n".repeat(300_000));
        String event = "{\"Records\":[" + big + "]}";

        assertEquals(NO_FAILURES, eddy.invoke(eddy.handler(alertsEnvironment()), event));

        List<LoopbackSnsServer.Entry> alerts = eddy.published("#alert#");
        assertEquals(List.of(alertId(3, "hot"), alertId(3, "crossed-80")), ids(alerts));
        for (LoopbackSnsServer.Entry alert : alerts) {
            assertTrue(alert.message().getBytes(StandardCharsets.UTF_8).length <= 256 * 1024);
            JsonNode body = tree(alert.message());
            assertTrue(body.get("truncated").asBoolean(), body.toString());
            JsonNode change = body.get("change");
            assertEquals(tree("{\"id\":\"sensor-2\",\"timestamp\":1795521600}"), change.get("keys"));
            assertEquals("CREATED", change.get("kind").asText());
            assertEquals(eventId(BATCH, 3), change.get("eventId").asText());
            assertEquals(sequenceNumber(BATCH, 3), change.get("sequenceNumber").asText());
            assertEquals(tree("{\"truncated\":true}"), change.get("new"));
        }
        assertEquals("Sensor sensor-2 reads 85.25", tree(alerts.get(0).message()).get("message").asText());
    }

    @Test
    void aTopicThrottledBeyondTheRetriesFailsTheFirstAlertingRecordAndTheRetryDeliversEverythingOnce() {
        Map<String, String> environment = alertsEnvironment("LEDGER_TABLE", eddy.ledgerTable());
        eddy.sns.throttleNextCalls(3);

        String first = eddy.invoke(eddy.handler(environment), BATCH);

        assertEquals(failureOf(sequenceNumber(BATCH, 1)), first, "the first record with an alert");
        assertEquals(3, eddy.sns.requests().size(), "three attempts at the first batch; the second batch not tried");
        assertEquals(List.of(), eddy.published("#alert#"));

        assertEquals(NO_FAILURES, eddy.invoke(eddy.handler(environment), from(BATCH, 1)));

        assertEquals(expectedAlerts(), ids(eddy.published("#alert#")));
    }
}
