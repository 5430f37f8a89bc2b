package dev.eddy.adapters.aws.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.application.pipeline.EffectFailure;
import dev.eddy.application.projection.ApplyProjectionsStep;
import dev.eddy.application.projection.ProjectionEvents;
import dev.eddy.domain.projection.LatestState;
import dev.eddy.domain.projection.RemovalPolicy;
import dev.eddy.testsupport.dynamodb.Dynalite;
import dev.eddy.testsupport.dynamodb.DynamoDbFaultServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The real client against a server on 127.0.0.1 that answers the way DynamoDB fails. */
class DynamoDbProjectionStoreFaultTest {

    private static EffectFailure applyAgainst(DynamoDbFaultServer server) {
        try (DynamoDbClient client = Dynalite.configure(DynamoDbClient.builder(), server.endpoint())
                .overrideConfiguration(c -> c.retryStrategy(RetryMode.STANDARD).apiCallTimeout(Duration.ofSeconds(10)))
                .build()) {
            ApplyProjectionsStep step = new ApplyProjectionsStep(List.of(new LatestState("latest", "id",
                    Map.of("temperature", "temperature"), RemovalPolicy.MARK, RemovalPolicy.MARK)),
                    new DynamoDbProjectionStore(client, "Projections"), ProjectionEvents.NONE);
            return assertThrows(EffectFailure.class, () -> step.apply(
                    SensorChanges.created(1, SensorChanges.reading("s1", SensorChanges.HOUR, "20")), n -> { }));
        }
    }

    @Test
    void throttlingAfterTheSdkRetriesFailsTheRecordRetryably() {
        try (DynamoDbFaultServer server = DynamoDbFaultServer.throttling()) {
            EffectFailure failure = applyAgainst(server);

            assertTrue(failure.retryable(), failure.getMessage());
            assertTrue(failure.getMessage().contains("ProvisionedThroughputExceededException"), failure.getMessage());
            assertEquals(List.of("DynamoDB_20120810.UpdateItem", "DynamoDB_20120810.UpdateItem",
                    "DynamoDB_20120810.UpdateItem"), server.targets(), "STANDARD retry mode: three attempts");
        }
    }

    @Test
    void serverErrorsFailTheRecordRetryably() {
        try (DynamoDbFaultServer server = DynamoDbFaultServer.internalError()) {
            EffectFailure failure = applyAgainst(server);

            assertTrue(failure.retryable(), failure.getMessage());
            assertTrue(failure.getMessage().contains("HTTP 500"), failure.getMessage());
        }
    }

    @Test
    void validationErrorsFailTheRecordPermanently() {
        try (DynamoDbFaultServer server = DynamoDbFaultServer.validation("Item size has exceeded the maximum allowed size")) {
            EffectFailure failure = applyAgainst(server);

            assertFalse(failure.retryable(), failure.getMessage());
            assertEquals(1, server.targets().size(), "a validation error is not retried");
        }
    }
}
