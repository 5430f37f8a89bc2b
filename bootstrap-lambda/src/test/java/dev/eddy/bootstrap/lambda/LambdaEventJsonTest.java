package dev.eddy.bootstrap.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse.BatchItemFailure;
import java.util.List;
import org.junit.jupiter.api.Test;

class LambdaEventJsonTest {

    @Test
    void readsTheSampleEventExactlyAsTheLambdaRuntimeDoes() throws Exception {
        String json = RuntimeJson.sample("iot-batch.json");

        DynamodbEvent ours = LambdaEventJson.read(json);
        DynamodbEvent runtime = RuntimeJson.event(json);

        assertEquals(5, ours.getRecords().size());
        for (int i = 0; i < runtime.getRecords().size(); i++) {
            assertEquals(runtime.getRecords().get(i), ours.getRecords().get(i), "record " + i);
        }
        assertEquals(runtime, ours);
    }

    @Test
    void readsCreationTimesWithTheRuntimesArithmetic() throws Exception {
        String json = "{\"Records\":[{\"eventID\":\"1\",\"dynamodb\":{\"ApproximateCreationDateTime\":1.6357344071234567E9,"
                + "\"SequenceNumber\":\"1\"}},{\"eventID\":\"2\",\"dynamodb\":{\"ApproximateCreationDateTime\":1480642020000}},"
                + "{\"eventID\":\"3\",\"dynamodb\":{\"ApproximateCreationDateTime\":0}}]}";

        assertEquals(RuntimeJson.event(json), LambdaEventJson.read(json));
    }

    @Test
    void writesTheResponseAsTheRuntimeDoes() {
        StreamsEventResponse failed = new StreamsEventResponse(List.of(new BatchItemFailure("42")));
        StreamsEventResponse succeeded = new StreamsEventResponse(List.of());

        assertEquals(RuntimeJson.response(failed), LambdaEventJson.write(failed));
        assertEquals(RuntimeJson.response(succeeded), LambdaEventJson.write(succeeded));
    }
}
