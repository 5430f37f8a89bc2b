package dev.eddy.bootstrap.lambda;

import static dev.eddy.bootstrap.lambda.EddyUnderFaults.hotReadings;
import static dev.eddy.bootstrap.lambda.EddyUnderFaults.sequenceNumber;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eddy.adapters.aws.dynamodb.DynamoDbAdapters;
import dev.eddy.adapters.aws.sns.RetryPolicy;
import dev.eddy.adapters.aws.sns.SnsClients;
import dev.eddy.bootstrap.lambda.LambdaReplayDriver.Ending;
import dev.eddy.bootstrap.lambda.LambdaReplayDriver.Invocation;
import dev.eddy.bootstrap.lambda.LambdaReplayDriver.Replay;
import dev.eddy.testsupport.http.SilentHttpServer;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An endpoint that accepts connections and never answers: the SDK's configured timeouts end the
 * call, the record is reported, and the handler returns before the function's deadline (the
 * Terraform default of 30 s), so Lambda retries from the reported record instead of killing the
 * invocation.
 */
class SdkTimeoutTest {
    private static final int FUNCTION_TIMEOUT_MS = 30_000;

    @Test
    void aSilentSnsEndpointFailsTheRecordWithinThePublishersTimeoutsAndBeforeTheDeadline() throws IOException {
        try (SilentHttpServer silent = new SilentHttpServer(); EddyUnderFaults eddy = new EddyUnderFaults()) {
            eddy.snsAt(silent.endpoint()).set(Setting.CHANGE_TOPIC_ARN, null);
            List<ObjectNode> records = hotReadings(3);

            Replay replay = LambdaReplayDriver.with(0, false, FUNCTION_TIMEOUT_MS).replay(records, eddy.handler());

            Figures.write("aSilentSnsEndpointFailsTheRecordWithinThePublishersTimeoutsAndBeforeTheDeadline", replay, eddy);
            Invocation only = replay.invocations().get(0);
            assertEquals(Ending.PARTIAL_FAILURE, only.ending(), replay.toString());
            assertEquals(sequenceNumber(0), only.reported());
            // Publisher attempts x attempt timeout, plus its backoff (at most 1 s in all), plus set-up slack.
            long bound = RetryPolicy.DEFAULT.maxAttempts() * SnsClients.ATTEMPT_TIMEOUT.toMillis() + 1_000 + 2_000;
            assertTrue(only.millis() <= bound, "took " + only.millis() + " ms, bound " + bound);
            assertTrue(only.millis() >= SnsClients.ATTEMPT_TIMEOUT.toMillis(), "the call did wait for its timeout");
            assertEquals(sequences(records), replay.onFailure(), "nothing lost: all of it is in the on-failure destination");
            assertTrue(silent.connections() >= RetryPolicy.DEFAULT.maxAttempts(), "every attempt reached the server");
        }
    }

    @Test
    void aStalledDynamoDbWriteFailsTheRecordWithinTheApiCallTimeoutAndBeforeTheDeadline() {
        try (EddyUnderFaults eddy = new EddyUnderFaults()) {
            eddy.dynamo.stall("UpdateItem", 100, Duration.ofSeconds(8));
            List<ObjectNode> records = hotReadings(3);

            Replay replay = LambdaReplayDriver.with(0, false, FUNCTION_TIMEOUT_MS).replay(records, eddy.handler());

            Figures.write("aStalledDynamoDbWriteFailsTheRecordWithinTheApiCallTimeoutAndBeforeTheDeadline", replay, eddy);
            Invocation only = replay.invocations().get(0);
            assertEquals(Ending.PARTIAL_FAILURE, only.ending(), replay.toString());
            assertEquals(sequenceNumber(0), only.reported());
            long bound = DynamoDbAdapters.API_CALL_TIMEOUT.toMillis() + 2_000;
            assertTrue(only.millis() <= bound, "took " + only.millis() + " ms, bound " + bound);
            assertTrue(only.millis() >= DynamoDbAdapters.API_CALL_ATTEMPT_TIMEOUT.toMillis());
            assertTrue(eddy.published("event-0#alert#hot") == 0, "a failed record publishes nothing");
            assertEquals(sequences(records), replay.onFailure());
        }
    }

    /**
     * The ledger's own client: a ledger read that never answers is given up at each attempt's
     * limit, tried three times within the call's 5 s, and the record is reported well before the deadline.
     */
    @Test
    void aStalledLedgerReadFailsTheRecordWithinTheLedgersAttemptsAndBeforeTheDeadline() {
        try (EddyUnderFaults eddy = new EddyUnderFaults()) {
            eddy.dynamo.stall("BatchGetItem", 100, Duration.ofSeconds(8));
            List<ObjectNode> records = hotReadings(3);

            Replay replay = LambdaReplayDriver.with(0, false, FUNCTION_TIMEOUT_MS).replay(records, eddy.handler());

            Figures.write("aStalledLedgerReadFailsTheRecordWithinTheLedgersAttemptsAndBeforeTheDeadline", replay, eddy);
            Invocation only = replay.invocations().get(0);
            assertEquals(Ending.PARTIAL_FAILURE, only.ending(), replay.toString());
            assertEquals(sequenceNumber(0), only.reported());
            long attempt = DynamoDbAdapters.API_CALL_ATTEMPT_TIMEOUT.toMillis();
            // The call's 5 s, plus the record's projection writes before it and set-up slack.
            long bound = DynamoDbAdapters.API_CALL_TIMEOUT.toMillis() + 1_000;
            assertTrue(only.millis() <= bound, "took " + only.millis() + " ms, bound " + bound);
            assertTrue(only.millis() >= 3 * attempt, "three attempts, each waited for its limit: " + only.millis() + " ms");
            assertTrue(eddy.published("event-0#alert#hot") == 0, "nothing is published before the ledger is read");
            assertEquals(sequences(records), replay.onFailure());
        }
    }

    /**
     * One topic that never answers, a short function timeout (8 s) and the code's default margin
     * (3 s). Three attempts at that topic take about 9 s: before deliveries kept to the invocation's
     * time, Lambda killed the invocation and retried the whole batch, and the alerts published before
     * the kill, not yet in the ledger, went out again. Now the record is reported before the deadline,
     * the alerts are in the ledger, and no retry publishes them again.
     */
    @Test
    void aSilentTopicWithAShortTimeoutIsReportedBeforeTheDeadlineAndNoAlertIsRepeated() {
        try (EddyUnderFaults eddy = new EddyUnderFaults()) {
            eddy.sns.stallTopic(EddyUnderFaults.CHANGE_TOPIC);
            List<ObjectNode> records = hotReadings(3);

            Replay replay = LambdaReplayDriver.with(1, false, 8_000).replay(records, eddy.handler());

            Figures.write("aSilentTopicWithAShortTimeoutIsReportedBeforeTheDeadlineAndNoAlertIsRepeated", replay, eddy);
            assertEquals(2, replay.invocations().size(), replay.toString());
            for (Invocation invocation : replay.invocations()) {
                assertEquals(Ending.PARTIAL_FAILURE, invocation.ending(), replay.toString());
                assertEquals(sequenceNumber(0), invocation.reported());
            }
            for (int n = 0; n < records.size(); n++) {
                assertEquals(1, eddy.published("event-" + n + "#alert#hot"), "alert " + n + " once: " + replay);
            }
            assertEquals(sequences(records), replay.onFailure(), "nothing lost: all of it is in the on-failure destination");
            assertTrue(eddy.logs().contains("the invocation's time for publishing ran out"), "the reason says why");
        }
    }

    private static List<String> sequences(List<ObjectNode> records) {
        return records.stream().map(LambdaReplayDriver::sequenceNumber).toList();
    }
}
