package dev.eddy.adapters.aws.stream;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eddy.application.StreamRecord;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DynamodbEventMapperRawRecordTest {
    /** Records whose JSON the runtime itself does not keep whole: it reads 0 as no date, and saturates nanoseconds. */
    private static final Set<String> LOSSY_IN_THE_RUNTIME = Set.of("creation-time-zero", "creation-time-in-nanoseconds");

    private final DynamodbEventMapper mapper = new DynamodbEventMapper();
    private final ObjectMapper json = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {"insert-every-type.json", "removes.json", "view-types.json", "modifies.json",
            "table-names.json", "empty-sets.json", "malformed.json"})
    void rawRecordRendersTheOriginalRecord(String file) throws IOException {
        JsonNode originals = json.readTree(LambdaEvents.resourceText(file)).get("Records");
        List<StreamRecord> records = mapper.map(LambdaEvents.resource(file));

        List<Executable> checks = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            JsonNode original = originals.get(i);
            if (LOSSY_IN_THE_RUNTIME.contains(original.path("eventID").asText())) {
                continue;
            }
            JsonNode rendered = json.readTree(records.get(i).raw().toJson());
            checks.add(() -> assertEquals(original, rendered, original.path("eventID").asText()));
        }
        assertAll(checks);
    }

    @ParameterizedTest
    @ValueSource(strings = {"insert-every-type.json", "removes.json", "view-types.json", "modifies.json",
            "table-names.json", "empty-sets.json", "malformed.json", "creation-times.json"})
    void rawRecordReadsBackToTheSameResult(String file) {
        List<StreamRecord> records = mapper.map(LambdaEvents.resource(file));

        List<Executable> checks = new ArrayList<>();
        for (StreamRecord record : records) {
            StreamRecord again = mapper.map(LambdaEvents.json("{\"Records\":[" + record.raw().toJson() + "]}")).get(0);
            checks.add(() -> assertSameResult(record, again));
        }
        assertAll(checks);
    }

    private static void assertSameResult(StreamRecord expected, StreamRecord actual) {
        assertEquals(expected.ref(), actual.ref());
        if (expected instanceof StreamRecord.Readable readable) {
            assertEquals(readable.change(), assertInstanceOf(StreamRecord.Readable.class, actual).change());
        } else {
            assertEquals(((StreamRecord.Unreadable) expected).problem(),
                    assertInstanceOf(StreamRecord.Unreadable.class, actual).problem());
        }
    }
}
