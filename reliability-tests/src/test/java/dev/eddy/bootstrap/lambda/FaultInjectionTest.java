package dev.eddy.bootstrap.lambda;

import static dev.eddy.bootstrap.lambda.EddyUnderFaults.hotReadings;
import static dev.eddy.bootstrap.lambda.EddyUnderFaults.reading;
import static dev.eddy.bootstrap.lambda.EddyUnderFaults.sensorOf;
import static dev.eddy.bootstrap.lambda.EddyUnderFaults.sequenceNumber;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eddy.bootstrap.lambda.LambdaReplayDriver.Ending;
import dev.eddy.bootstrap.lambda.LambdaReplayDriver.Replay;
import dev.eddy.testsupport.sns.LoopbackSnsServer;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Faults injected under the handler as {@link EddyWiring} builds it, each batch replayed with the
 * retries Lambda would make ({@link LambdaReplayDriver}). Every test checks the contract of
 * docs/reliability.md: alerts and change events once (ledger), projections exactly once, dead
 * letters once; and that no record is lost.
 */
class FaultInjectionTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BATCH = 12;

    private EddyUnderFaults eddy;
    private String testName;
    /** Dead-lettered records whose steps did run (a delivery failed, not the record): their projections count. */
    private Set<Integer> projectedThoughDeadLettered = Set.of();

    @org.junit.jupiter.api.BeforeEach
    void name(org.junit.jupiter.api.TestInfo info) {
        testName = info.getTestMethod().map(java.lang.reflect.Method::getName).orElse("?");
    }

    @AfterEach
    void stop() {
        if (eddy != null) {
            try {
                java.nio.file.Files.writeString(java.nio.file.Path.of("target", "last-logs.txt"), eddy.logs());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            eddy.close();
        }
    }

    private EddyUnderFaults eddy() {
        eddy = new EddyUnderFaults();
        return eddy;
    }

    @Test
    void snsThrottlingIsRetriedUntilEveryAlertAndChangeEventIsPublishedOnce() {
        EddyUnderFaults eddy = eddy();
        eddy.sns.throttleNextCalls(5);
        List<ObjectNode> records = hotReadings(BATCH);

        Replay replay = LambdaReplayDriver.lambdaDefaults().replay(records, eddy.handler());

        assertTrue(replay.retries() >= 1, "throttling beyond the publisher's 3 attempts costs a Lambda retry\n" + replay);
        assertContract(records, replay, Set.of(), false);
    }

    @Test
    void sns500sAreRetriedUntilEveryEffectHappenedOnce() {
        EddyUnderFaults eddy = eddy();
        eddy.sns.failNextCallsWith500(7);
        List<ObjectNode> records = hotReadings(BATCH);

        Replay replay = LambdaReplayDriver.lambdaDefaults().replay(records, eddy.handler());

        assertTrue(replay.retries() >= 1, replay.toString());
        assertContract(records, replay, Set.of(), false);
    }

    @Test
    void partialPublishBatchFailuresResendOnlyTheFailedEntries() {
        EddyUnderFaults eddy = eddy();
        // Record 5's alert fails (server side, retryable) four times: one more than the publisher's attempts.
        eddy.sns.failEntries(e -> "event-5#alert#hot".equals(e.attribute("eddy-id")), "InternalError", false, 4);
        List<ObjectNode> records = hotReadings(BATCH);

        Replay replay = LambdaReplayDriver.lambdaDefaults().replay(records, eddy.handler());

        assertEquals(Ending.PARTIAL_FAILURE, replay.invocations().get(0).ending(), replay.toString());
        assertEquals(sequenceNumber(5), replay.invocations().get(0).reported(), "the batch stops at record 5\n" + replay);
        assertContract(records, replay, Set.of(), false);
    }

    @Test
    void aDeliveryFailureInALaterWindowStopsThereAndTheRetryRepeatsNoEffect() {
        EddyUnderFaults eddy = eddy();
        // 150 records raise 300 notifications (an alert and a change event each): delivery windows of
        // 100 notifications hold 50 records, so record 75's alert is in the second window of three.
        int records = 150;
        eddy.sns.failEntries(e -> "event-75#alert#hot".equals(e.attribute("eddy-id")), "InternalError", false, 4);
        List<ObjectNode> batch = hotReadings(records);

        Replay replay = LambdaReplayDriver.lambdaDefaults().replay(batch, eddy.handler());

        assertEquals(Ending.PARTIAL_FAILURE, replay.invocations().get(0).ending(), replay.toString());
        assertEquals(sequenceNumber(75), replay.invocations().get(0).reported(), "the batch stops at record 75\n" + replay);
        assertEquals(1, replay.retries(), replay.toString());
        assertContract(batch, replay, Set.of(), false);
        // Windowed: record 120 (third window) was not processed before the failure, so its alert went
        // out on the retry, after record 75's; delivered at the end of the batch, it would have gone
        // out on the first invocation, before.
        List<String> order = eddy.sns.published().stream().map(e -> e.attribute("eddy-id")).toList();
        assertTrue(order.indexOf("event-120#alert#hot") > order.indexOf("event-75#alert#hot"),
                "records after the failed window are processed on the retry only\n" + replay);
        assertTrue(order.indexOf("event-10#alert#hot") < order.indexOf("event-75#alert#hot"),
                "the first window was delivered before the failure");
    }

    @Test
    void senderFaultOnOneEntryFailsItsRecordUntilTheOnFailureDestinationTakesIt() {
        EddyUnderFaults eddy = eddy();
        // SNS rejects record 4's alert for good (a sender fault): a permanent delivery failure.
        eddy.sns.failEntries(e -> "event-4#alert#hot".equals(e.attribute("eddy-id")), "InvalidParameter", true, 100);
        List<ObjectNode> records = hotReadings(BATCH);

        Replay replay = LambdaReplayDriver.lambdaDefaults().replay(records, eddy.handler());

        assertEquals(LambdaReplayDriver.DEFAULT_MAXIMUM_RETRY_ATTEMPTS, replay.retries(), replay.toString());
        assertEquals(records.subList(4, BATCH).stream().map(LambdaReplayDriver::sequenceNumber).toList(), replay.onFailure());
        assertContract(records, replay, Set.of(), false);
    }

    @Test
    void senderFaultOnOneEntryWithDeadLettersQuarantinesItsRecordAndTheRestFlows() throws IOException {
        EddyUnderFaults eddy = eddy().withDeadLetters();
        eddy.sns.failEntries(e -> "event-4#alert#hot".equals(e.attribute("eddy-id")), "InvalidParameter", true, 100);
        List<ObjectNode> records = hotReadings(BATCH);

        Replay replay = LambdaReplayDriver.lambdaDefaults().replay(records, eddy.handler());

        assertEquals(0, replay.retries(), "a permanent delivery failure costs no retry\n" + replay);
        projectedThoughDeadLettered = Set.of(4);
        assertContract(records, replay, Set.of(4), true);
        JsonNode deadLetter = JSON.readTree(eddy.messages("event-4#dead-letter").get(0).message());
        assertEquals("delivery", deadLetter.get("stage").asText());
        assertTrue(deadLetter.get("reason").asText().contains("InvalidParameter"), deadLetter.toString());
        assertEquals(1, eddy.published("event-4#change"), "the record's other effects happened once");
    }

    @Test
    void snsConnectionResetsAreRetriedUntilEveryEffectHappenedOnce() {
        EddyUnderFaults eddy = eddy();
        eddy.sns.dropNextConnections(4);
        List<ObjectNode> records = hotReadings(BATCH);

        Replay replay = LambdaReplayDriver.lambdaDefaults().replay(records, eddy.handler());

        assertTrue(replay.retries() >= 1, replay.toString());
        assertContract(records, replay, Set.of(), false);
    }

    @Test
    void anSnsAnswerLostAfterPublishingRepeatsThoseNotificationsWithTheSameEddyIdButProjectsOnce() {
        EddyUnderFaults eddy = eddy();
        // SNS publishes the first PublishBatch and its answer never arrives. No client can tell that from a
        // request lost on the way, so the batch is sent again: at least once, with the same eddy-ids.
        eddy.sns.publishThenDropNextBatches(1);
        List<ObjectNode> records = hotReadings(BATCH);

        Replay replay = LambdaReplayDriver.lambdaDefaults().replay(records, eddy.handler());

        Figures.write(testName, replay, eddy);
        assertTrue(replay.accountsFor(sequences(records)), "every record is accounted for exactly once\n" + replay);
        LoopbackSnsServer.Request lost = eddy.sns.requests("PublishBatch").stream()
                .filter(r -> !r.entries().isEmpty()).findFirst().orElseThrow();
        Set<String> repeated = lost.entries().stream().map(e -> e.attribute("eddy-id")).collect(Collectors.toSet());
        assertEquals(lost.entries().size(), repeated.size());
        Map<String, List<String>> bodies = eddy.sns.published().stream().collect(Collectors.groupingBy(
                e -> e.attribute("eddy-id"), Collectors.mapping(LoopbackSnsServer.Entry::message, Collectors.toList())));
        for (int n = 0; n < records.size(); n++) {
            for (String id : List.of("event-" + n + "#alert#hot", "event-" + n + "#change")) {
                List<String> sent = bodies.getOrDefault(id, List.of());
                assertEquals(repeated.contains(id) ? 2 : 1, sent.size(), id + "\n" + replay);
                assertEquals(1, new HashSet<>(sent).size(), "a repeat is the same message: " + id);
            }
        }
        assertProjectedOnce(records, replay, Set.of());
    }

    @Test
    void dynamoDbThrottlingOfProjectionWritesAndLedgerCallsLosesAndRepeatsNothing() {
        EddyUnderFaults eddy = eddy();
        // More than the SDK's 3 attempts each: the record fails and Lambda retries it.
        eddy.dynamo.throttle("UpdateItem", 4).throttle("BatchGetItem", 3).throttle("BatchWriteItem", 1);
        List<ObjectNode> records = hotReadings(BATCH);

        Replay replay = LambdaReplayDriver.lambdaDefaults().replay(records, eddy.handler());

        assertEquals(8, eddy.dynamo.faulted().size(), "every scripted fault was met");
        assertTrue(replay.retries() >= 2, replay.toString());
        assertContract(records, replay, Set.of(), false);
    }

    @Test
    void replayedProjectionWritesFailTheirConditionAndCountOnce() {
        EddyUnderFaults eddy = eddy();
        // Record 9's alert fails beyond the publisher's retries. Projections are written as records are
        // processed, notifications at the end: records 9..11 are projected, then reported, then replayed.
        eddy.sns.failEntries(e -> "event-9#alert#hot".equals(e.attribute("eddy-id")), "InternalError", false, 3);
        List<ObjectNode> records = hotReadings(BATCH);

        Replay replay = LambdaReplayDriver.lambdaDefaults().replay(records, eddy.handler());

        assertEquals(1, replay.retries(), replay.toString());
        assertEquals(3, eddy.dynamo.conditionalCheckFailures(), "records 9, 10, 11 were replayed, and their guard held");
        assertContract(records, replay, Set.of(), false);
    }

    @Test
    void aTimeoutMidBatchReportsTheRestAndTheRetryFinishesIt() {
        EddyUnderFaults eddy = eddy();
        // In the first invocation each look at the clock finds one more second gone, down to 2 s: the
        // 9th record sees 2 s left, below the 3 s margin, and the delivery after it has those 2 s.
        // Later invocations have plenty of time.
        AtomicInteger looks = new AtomicInteger();
        LambdaReplayDriver driver = LambdaReplayDriver.lambdaDefaults().contexts(invocation ->
                invocation == 1 ? new DroppingTimeContext(10_000, 1_000, looks) : new LambdaReplayDriver.DeadlineContext("retry", 60_000));

        List<ObjectNode> records = hotReadings(BATCH);
        Replay replay = driver.replay(records, eddy.handler());

        assertEquals(Ending.PARTIAL_FAILURE, replay.invocations().get(0).ending());
        assertEquals(sequenceNumber(8), replay.invocations().get(0).reported(), replay.toString());
        assertEquals(Ending.SUCCESS, replay.invocations().get(1).ending());
        assertEquals(1, replay.retries());
        assertContract(records, replay, Set.of(), false);
    }

    @Test
    void aCrashBetweenPublishAndLedgerWriteRepeatsNotificationsWithTheSameEddyIdButProjectsOnce() {
        EddyUnderFaults eddy = eddy().set(Setting.TIMEOUT_SAFETY_MARGIN_MS, "500");
        // The function dies while its ledger write hangs, after SNS accepted the batch's notifications
        // and before the ledger knows; Lambda retries the batch. A delivery keeps to the time the
        // function is told it has, so the death is modelled as a kill at 3 s of an invocation told it
        // has a minute (a crash of the runtime, not its timeout).
        eddy.dynamo.stall("BatchWriteItem", 3, java.time.Duration.ofSeconds(2));
        List<ObjectNode> records = hotReadings(6);

        Replay replay = LambdaReplayDriver.with(5, false, 3_000).contexts(invocation ->
                new LambdaReplayDriver.DeadlineContext("invocation-" + invocation, invocation == 1 ? 60_000 : 3_000))
                .replay(records, eddy.handler());

        assertEquals(Ending.TIMEOUT, replay.invocations().get(0).ending(), replay.toString());
        assertEquals(Ending.SUCCESS, replay.invocations().get(1).ending(), replay.toString());
        for (int n = 0; n < records.size(); n++) {
            List<LoopbackSnsServer.Entry> alerts = eddy.messages("event-" + n + "#alert#hot");
            assertEquals(2, alerts.size(), "at least once: repeated after the crash");
            assertEquals(alerts.get(0).message(), alerts.get(1).message(), "the repeat is the same message");
            assertEquals(2, eddy.published("event-" + n + "#change"));
        }
        Figures.write(testName, replay, eddy);
        assertProjectedOnce(records, replay, Set.of());
        assertTrue(replay.accountsFor(sequences(records)));
        // A third delivery (the ledger now written) repeats nothing.
        LambdaReplayDriver.lambdaDefaults().replay(records, eddy.handler());
        assertEquals(2, eddy.published("event-0#alert#hot"));
        assertProjectedOnce(records, replay, Set.of());
    }

    @Test
    void aPoisonRecordMidBatchIsDeadLetteredWholeAndTheRestFlows() throws IOException {
        EddyUnderFaults eddy = eddy().withDeadLetters();
        List<ObjectNode> records = hotReadings(BATCH);
        records.set(6, poison(6));

        Replay replay = LambdaReplayDriver.lambdaDefaults().replay(records, eddy.handler());

        assertEquals(0, replay.retries(), "a poison record costs no retry\n" + replay);
        assertContract(records, replay, Set.of(6), true);
        JsonNode deadLetter = JSON.readTree(eddy.messages("event-6#dead-letter").get(0).message());
        assertEquals(records.get(6), deadLetter.get("record"), "the whole original record");
        assertEquals("mapping", deadLetter.get("stage").asText());
        assertTrue(deadLetter.get("reason").asText().contains("temperature"), deadLetter.toString());
    }

    @Test
    void aProjectionDynamoDbRefusesIsDeadLetteredWhileItsAlertAndChangeEventStillGoOutOnce() throws IOException {
        EddyUnderFaults eddy = eddy().withDeadLetters();
        List<ObjectNode> records = hotReadings(BATCH);
        // A partition key DynamoDB refuses (over 2,048 bytes with the projection's prefix): ValidationException.
        records.set(6, reading(6, "sensor-" + "x".repeat(2040), "99"));

        Replay replay = LambdaReplayDriver.lambdaDefaults().replay(records, eddy.handler());

        assertEquals(0, replay.retries(), "a permanent projection failure costs no retry\n" + replay);
        assertContract(records, replay, Set.of(6), true);
        assertEquals(1, eddy.published("event-6#alert#hot"), "its alert is not lost with its projection");
        assertEquals(1, eddy.published("event-6#change"), "nor is its change event");
        JsonNode deadLetter = JSON.readTree(eddy.messages("event-6#dead-letter").get(0).message());
        assertEquals(records.get(6), deadLetter.get("record"), "the whole original record");
        assertEquals("projections", deadLetter.get("stage").asText());
        assertTrue(deadLetter.get("reason").asText().contains("ValidationException"), deadLetter.toString());

        LambdaReplayDriver.lambdaDefaults().replay(records, eddy.handler());
        assertEquals(1, eddy.published("event-6#alert#hot"), "a redelivery repeats nothing");
        assertEquals(1, eddy.published("event-6#dead-letter"));
    }

    @Test
    void aPoisonRecordMidBatchWithoutDeadLettersEndsInTheOnFailureDestination() {
        EddyUnderFaults eddy = eddy();
        List<ObjectNode> records = hotReadings(BATCH);
        records.set(6, poison(6));

        Replay replay = LambdaReplayDriver.lambdaDefaults().replay(records, eddy.handler());

        assertEquals(LambdaReplayDriver.DEFAULT_MAXIMUM_RETRY_ATTEMPTS, replay.retries(), replay.toString());
        assertEquals(sequences(records.subList(6, BATCH)), replay.onFailure());
        assertContract(records, replay, Set.of(6), false);
    }

    @Test
    void aFailedDeadLetterPublishFailsTheRecordAndTheRetryDeadLettersItOnce() {
        EddyUnderFaults eddy = eddy().withDeadLetters();
        eddy.sns.failEntries(e -> "event-3#dead-letter".equals(e.attribute("eddy-id")), "InternalError", false, 3);
        List<ObjectNode> records = hotReadings(BATCH);
        records.set(3, poison(3));

        Replay replay = LambdaReplayDriver.lambdaDefaults().replay(records, eddy.handler());

        assertEquals(sequenceNumber(3), replay.invocations().get(0).reported(), replay.toString());
        assertEquals(1, replay.retries());
        assertContract(records, replay, Set.of(3), true);
    }

    @Test
    void aFunctionErrorIsBisectedAndRetriedWithoutRepeatingEffects() {
        EddyUnderFaults eddy = eddy();
        List<ObjectNode> records = hotReadings(BATCH);
        AtomicInteger calls = new AtomicInteger();
        StreamHandler real = eddy.handler();
        // The first invocation dies (as the runtime would on an Error), after doing nothing.
        Replay replay = LambdaReplayDriver.lambdaDefaults().replay(records, (event, context) -> {
            if (calls.incrementAndGet() == 1) {
                throw new OutOfMemoryError("simulated");
            }
            return real.handleRequest(event, context);
        });

        assertEquals(Ending.FUNCTION_ERROR, replay.invocations().get(0).ending());
        assertEquals(BATCH / 2, replay.invocations().get(1).sent().size(), "bisected");
        assertContract(records, replay, Set.of(), false);
    }

    @Test
    void aRecordWithoutSequenceNumberFailsTheWholeBatchWithoutDeadLettersAndIsDeadLetteredWithThem() {
        EddyUnderFaults eddy = eddy();
        List<ObjectNode> records = hotReadings(6);
        ((ObjectNode) records.get(3).get("dynamodb")).putNull("SequenceNumber");

        Replay replay = LambdaReplayDriver.lambdaDefaults().replay(records, eddy.handler());

        // The handler reports a null item identifier: Lambda fails the whole batch, every time.
        assertEquals(Ending.INVALID_FAILURE_ID, replay.invocations().get(0).ending(), replay.toString());
        assertEquals(6, replay.onFailure().size());
        assertEquals(1, eddy.published("event-0#alert#hot"), "records before it were processed once over 6 invocations");
        assertContract(records, replay, Set.of(3), false);

        EddyUnderFaults withDeadLetters = new EddyUnderFaults().withDeadLetters();
        try {
            Replay quarantined = LambdaReplayDriver.lambdaDefaults().replay(records, withDeadLetters.handler());
            assertEquals(0, quarantined.retries(), quarantined.toString());
            assertEquals(1, withDeadLetters.published("event-3#dead-letter"));
        } finally {
            withDeadLetters.close();
        }
    }

    @Test
    void onlyLogItemValuesPutsAttributeValuesInTheLogs() {
        EddyUnderFaults eddy = eddy().set(Setting.LOG_ITEM_VALUES, "true");
        List<ObjectNode> records = hotReadings(3);

        LambdaReplayDriver.lambdaDefaults().replay(records, eddy.handler());

        assertTrue(eddy.logs().contains("sensor-1"), "the check in assertContract can see values when they are there");
    }

    // --- the contract -----------------------------------------------------------------------------

    /**
     * (1) Every checkpointed record had its effects exactly as the contract says: one alert and one
     * change event per readable record, its reading counted once in the projection, one dead letter
     * per checkpointed poison record. No eddy-id was published twice. (2) Every record was
     * checkpointed or went to the on-failure destination.
     */
    private void assertContract(List<ObjectNode> records, Replay replay, Set<Integer> poison, boolean deadLetters) {
        Figures.write(testName, replay, eddy);
        assertTrue(replay.accountsFor(sequences(records)), "every record is accounted for exactly once\n" + replay);
        String logs = eddy.logs();
        assertFalse(logs.isEmpty());
        assertFalse(logs.contains("sensor-") || logs.contains("ninety-nine"), "logs carry no attribute values");
        Set<String> checkpointed = new HashSet<>(replay.checkpointed());
        for (int n = 0; n < records.size(); n++) {
            boolean done = checkpointed.contains(sequenceNumber(n));
            if (poison.contains(n)) {
                assertEquals(done && deadLetters ? 1 : 0, eddy.published("event-" + n + "#dead-letter"), "dead letter of " + n);
                assertFalse(done && !deadLetters, "a poison record without dead letters is never checkpointed");
                continue;
            }
            if (done) {
                assertEquals(1, eddy.published("event-" + n + "#alert#hot"), "alert of record " + n + "\n" + replay);
                assertEquals(1, eddy.published("event-" + n + "#change"), "change event of record " + n);
            }
            // A record left to the on-failure destination may have had some effects, each at most once
            // (checked below for every eddy-id).
        }
        Map<String, Long> ids = eddy.sns.published().stream()
                .collect(Collectors.groupingBy(e -> e.attribute("eddy-id"), Collectors.counting()));
        ids.forEach((id, count) -> assertEquals(1L, count, id + " published more than once"));
        assertProjectedOnce(records, replay, poison);
    }

    private void assertProjectedOnce(List<ObjectNode> records, Replay replay, Set<Integer> poison) {
        Set<String> checkpointed = new HashSet<>(replay.checkpointed());
        Map<String, Long> counts = new HashMap<>();
        Map<String, BigDecimal> sums = new HashMap<>();
        for (int n = 0; n < records.size(); n++) {
            boolean projected = !poison.contains(n) || projectedThoughDeadLettered.contains(n);
            if (!projected || !checkpointed.contains(sequenceNumber(n))) {
                continue;
            }
            String sensor = sensorOf(n);
            counts.merge(sensor, 1L, Long::sum);
            sums.merge(sensor, new BigDecimal(records.get(n).at("/dynamodb/NewImage/temperature/N").asText()), BigDecimal::add);
        }
        // Records left to the on-failure destination may have been projected (once) before the batch stopped.
        Map<String, Long> mayBe = new HashMap<>();
        for (String sequence : replay.onFailure()) {
            if (sequence == null) {
                continue;
            }
            int n = Integer.parseInt(sequence.substring(sequence.length() - 4)) - 1000;
            if (!poison.contains(n)) {
                mayBe.merge(sensorOf(n), 1L, Long::sum);
            }
        }
        for (String sensor : counts.keySet()) {
            EddyUnderFaults.Aggregate aggregate = eddy.aggregate(sensor);
            assertNotNull(aggregate, sensor);
            long extra = mayBe.getOrDefault(sensor, 0L);
            assertTrue(aggregate.count() >= counts.get(sensor) && aggregate.count() <= counts.get(sensor) + extra,
                    "readings of " + sensor + " counted once: " + aggregate + " for " + counts.get(sensor) + "\n" + replay);
            if (extra == 0) {
                assertEquals(0, sums.get(sensor).compareTo(aggregate.sum()), "sum of " + sensor);
            }
        }
    }

    private static List<String> sequences(List<ObjectNode> records) {
        return records.stream().map(LambdaReplayDriver::sequenceNumber).toList();
    }

    /** A record whose temperature is not a number: the mapper can never read it. */
    private static ObjectNode poison(int n) {
        ObjectNode record = reading(n, sensorOf(n), "99");
        ((ObjectNode) record.at("/dynamodb/NewImage/temperature")).put("N", "ninety-nine");
        return record;
    }

    /** A context whose remaining time drops by {@code step} at every look, down to 2 s. */
    static final class DroppingTimeContext extends LambdaReplayDriver.DeadlineContext {
        private final int start;
        private final int step;
        private final AtomicInteger looks;

        DroppingTimeContext(int start, int step, AtomicInteger looks) {
            super("dropping", start);
            this.start = start;
            this.step = step;
            this.looks = looks;
        }

        @Override
        public int getRemainingTimeInMillis() {
            return Math.max(2_000, start - step * looks.getAndIncrement());
        }
    }
}
