package dev.eddy.bootstrap.lambda.e2e;

import static dev.eddy.bootstrap.lambda.e2e.Harness.CHANGE_TOPIC;
import static dev.eddy.bootstrap.lambda.e2e.Harness.DEAD_LETTER_TOPIC;
import static dev.eddy.bootstrap.lambda.e2e.Harness.NO_FAILURES;
import static dev.eddy.bootstrap.lambda.e2e.Harness.environment;
import static dev.eddy.bootstrap.lambda.e2e.Harness.event;
import static dev.eddy.bootstrap.lambda.e2e.Harness.eventId;
import static dev.eddy.bootstrap.lambda.e2e.Harness.failureOf;
import static dev.eddy.bootstrap.lambda.e2e.Harness.record;
import static dev.eddy.bootstrap.lambda.e2e.Harness.sequenceNumber;
import static dev.eddy.bootstrap.lambda.e2e.Harness.tree;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eddy.testsupport.dynamodb.DynaliteExtension;
import dev.eddy.testsupport.sns.LoopbackSnsServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A poison record in the middle of a batch: quarantined whole when a dead-letter topic is set, reported otherwise. */
class DeadLettersEndToEndTest {
    @RegisterExtension
    static final DynaliteExtension DYNAMODB = new DynaliteExtension();

    /** Record 1 has temperature {"N": "abc"}. */
    private static final String BATCH = event("unreadable-number-in-the-middle.json");

    private Harness eddy;

    @BeforeEach
    void start() {
        eddy = new Harness(DYNAMODB.dynalite());
    }

    @AfterEach
    void stop() {
        eddy.close();
    }

    private List<String> ids(String marker) {
        List<String> ids = new ArrayList<>();
        eddy.published(marker).forEach(e -> ids.add(e.attribute("eddy-id")));
        return ids;
    }

    @Test
    void unreadableRecordGoesWholeToTheDeadLetterTopicAndTheBatchGoesOn() {
        String response = eddy.invoke(eddy.handler(environment("CHANGE_TOPIC_ARN", CHANGE_TOPIC,
                "DEAD_LETTER_TOPIC_ARN", DEAD_LETTER_TOPIC)), BATCH);

        assertEquals(NO_FAILURES, response, "the poison record does not hold the shard");
        assertEquals(List.of(eventId(BATCH, 0) + "#change", eventId(BATCH, 2) + "#change"), ids("#change"),
                "the records around it were processed");
        List<LoopbackSnsServer.Entry> deadLetters = eddy.published("#dead-letter");
        assertEquals(1, deadLetters.size());
        LoopbackSnsServer.Entry deadLetter = deadLetters.get(0);
        assertEquals(eventId(BATCH, 1) + "#dead-letter", deadLetter.attribute("eddy-id"));
        assertEquals("mapping", deadLetter.attribute("stage"));
        assertTrue(eddy.sns.requests().stream().anyMatch(r -> DEAD_LETTER_TOPIC.equals(r.topicArn())
                && r.entries().stream().anyMatch(e -> e.message().equals(deadLetter.message()))),
                "sent to the dead-letter topic");

        JsonNode body = tree(deadLetter.message());
        assertEquals("mapping", body.get("stage").asText());
        assertEquals(eventId(BATCH, 1), body.get("eventId").asText());
        assertEquals(sequenceNumber(BATCH, 1), body.get("sequenceNumber").asText());
        String reason = body.get("reason").asText();
        assertTrue(reason.contains("NewImage") && reason.contains("temperature"), "names where: " + reason);
        assertTrue(!reason.contains("abc"), "names no value: " + reason);
        assertEquals(record(BATCH, 1), body.get("record"), "the whole original record");
    }

    @Test
    void withoutADeadLetterTopicTheUnreadableRecordIsReportedAndNothingAfterItIsDone() {
        String response = eddy.invoke(eddy.handler(environment("CHANGE_TOPIC_ARN", CHANGE_TOPIC)), BATCH);

        assertEquals(failureOf(sequenceNumber(BATCH, 1)), response);
        assertEquals(List.of(eventId(BATCH, 0) + "#change"), ids("#change"));
        assertEquals(List.of(), ids("#dead-letter"));
    }

    @Test
    void withTheLedgerAReplayedBatchDeadLettersThePoisonRecordOnce() {
        java.util.Map<String, String> environment = environment("CHANGE_TOPIC_ARN", CHANGE_TOPIC,
                "DEAD_LETTER_TOPIC_ARN", DEAD_LETTER_TOPIC, "LEDGER_TABLE", eddy.ledgerTable());

        assertEquals(NO_FAILURES, eddy.invoke(eddy.handler(environment), BATCH));
        assertEquals(NO_FAILURES, eddy.invoke(eddy.handler(environment), BATCH));

        assertEquals(List.of(eventId(BATCH, 1) + "#dead-letter"), ids("#dead-letter"));
        assertEquals(List.of(eventId(BATCH, 0) + "#change", eventId(BATCH, 2) + "#change"), ids("#change"));
    }

    @Test
    void aDeadLetterThatCannotBeDeliveredFailsItsRecordInstead() {
        eddy.sns.failEntries(e -> (eventId(BATCH, 1) + "#dead-letter").equals(e.attribute("eddy-id")),
                "InternalError", false, 3);

        String response = eddy.invoke(eddy.handler(environment("CHANGE_TOPIC_ARN", CHANGE_TOPIC,
                "DEAD_LETTER_TOPIC_ARN", DEAD_LETTER_TOPIC)), BATCH);

        assertEquals(failureOf(sequenceNumber(BATCH, 1)), response, "never dropped silently");
        assertEquals(List.of(), ids("#dead-letter"));
    }
}
