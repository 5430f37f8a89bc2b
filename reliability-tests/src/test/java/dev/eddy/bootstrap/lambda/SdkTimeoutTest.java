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

    private static List<String> sequences(List<ObjectNode> records) {
        return records.stream().map(LambdaReplayDriver::sequenceNumber).toList();
    }
}
