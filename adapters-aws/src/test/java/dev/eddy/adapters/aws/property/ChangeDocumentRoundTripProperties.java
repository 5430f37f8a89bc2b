package dev.eddy.adapters.aws.property;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eddy.adapters.aws.property.AttributeTrees.Node;
import dev.eddy.adapters.aws.stream.DynamodbEventMapper;
import dev.eddy.application.StreamRecord;
import dev.eddy.domain.document.ChangeDocument;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Random attribute trees (every DynamoDB type, nesting up to 8 deep, empty strings and binaries,
 * 38-digit numbers, exponents at both ends of DynamoDB's range, unicode names with surrogate pairs
 * and JSON escapes) written as a Lambda stream event, read by the runtime's serializer, mapped by
 * {@link DynamodbEventMapper}, rendered as the {@link ChangeDocument} and parsed back with Jackson
 * (numbers as BigDecimal): every value must come back exactly. Malformed events must map to an
 * {@link StreamRecord.Unreadable} with a clear problem, never an exception.
 */
class ChangeDocumentRoundTripProperties {
    private static final String ARN = "arn:aws:dynamodb:eu-west-1:123456789012:table/RealTimeDataTable/stream/2026-11-01T00:00:00.000";
    private static final ObjectMapper EXACT = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final PojoSerializer<DynamodbEvent> RUNTIME =
            LambdaEventSerializers.serializerFor(DynamodbEvent.class, ChangeDocumentRoundTripProperties.class.getClassLoader());
    private final DynamodbEventMapper mapper = new DynamodbEventMapper();

    @Provide
    Arbitrary<Long> seeds() {
        return Arbitraries.longs();
    }

    @Property(tries = 1000)
    void everyValueOfARandomItemRoundTripsExactlyThroughTheChangeDocument(@ForAll("seeds") long seed) throws IOException {
        AttributeTrees trees = new AttributeTrees(new Random(seed));
        Map<String, Node> oldImage = trees.image(new Random(seed).nextInt(6), 1);
        Map<String, Node> newImage = trees.image(1 + new Random(seed + 1).nextInt(8), 1);
        ObjectNode record = record("MODIFY", "1" + Long.toUnsignedString(seed).replace('-', '0') + "0000", oldImage, newImage);

        List<StreamRecord> mapped = mapper.map(runtimeRead(record));

        assertEquals(1, mapped.size());
        StreamRecord only = mapped.get(0);
        assertTrue(only instanceof StreamRecord.Readable,
                () -> "a valid item must map; got " + ((StreamRecord.Unreadable) only).problem());
        String json = ChangeDocument.of(((StreamRecord.Readable) only).change()).json();
        JsonNode document = EXACT.readTree(json);
        assertNull(AttributeTrees.difference("new", plain(newImage), document.get("new")), json);
        assertNull(AttributeTrees.difference("old", plain(oldImage), document.get("old")), json);
        assertEquals("UPDATED", document.get("kind").asText());
        Statistics.label("deepest").collect(trees.maxDepth);
        trees.typeCounts.keySet().forEach(type -> Statistics.label("types").collect(type));
    }

    /** The four malformations the issue names, each in a random otherwise valid record. */
    enum Malformation { MISSING_DYNAMODB, UNKNOWN_EVENT_NAME, NULL_SEQUENCE_NUMBER, UNPARSEABLE_NUMBER }

    private static final List<String> NOT_NUMBERS =
            List.of("abc", "1..2", "--1", "", " ", "0x1F", "1e", "NaN", "Infinity", "-Infinity", "1,5", "\u0661\u0662", "1E+99999999999", "+-0");

    @Property(tries = 1000)
    void malformedEventsMapToAClearUnreadableRecordAndNeverThrow(@ForAll Malformation malformation,
                                                                 @ForAll("seeds") long seed) {
        Random random = new Random(seed);
        AttributeTrees trees = new AttributeTrees(random);
        Map<String, Node> newImage = trees.image(1 + random.nextInt(5), 1);
        String notANumber = NOT_NUMBERS.get(random.nextInt(NOT_NUMBERS.size()));
        ObjectNode record = record("INSERT", "4" + Math.abs(seed % 1_000_000_000L) + "000000000000", Map.of(), newImage);
        record.remove("OldImage");
        String expected;
        switch (malformation) {
            case MISSING_DYNAMODB:
                record.remove("dynamodb");
                expected = "dynamodb is missing";
                break;
            case UNKNOWN_EVENT_NAME:
                record.put("eventName", random.nextBoolean() ? "UPSERT" : trees.string(1 + random.nextInt(5)));
                expected = "eventName";
                break;
            case NULL_SEQUENCE_NUMBER:
                ((ObjectNode) record.get("dynamodb")).putNull("SequenceNumber");
                expected = "SequenceNumber is missing";
                break;
            case UNPARSEABLE_NUMBER:
            default:
                // Deep in the image: a map holding a list holding the bad number.
                ObjectNode bad = AttributeTrees.JSON.createObjectNode();
                bad.putObject("M").putObject("inner").putArray("L").addObject().put("N", notANumber);
                ((ObjectNode) record.get("dynamodb").get("NewImage")).set("bad", bad);
                expected = "NewImage.bad";
                break;
        }

        List<StreamRecord> mapped = mapper.map(runtimeRead(record));

        assertEquals(1, mapped.size());
        assertTrue(mapped.get(0) instanceof StreamRecord.Unreadable, malformation + " must be unreadable");
        StreamRecord.Unreadable unreadable = (StreamRecord.Unreadable) mapped.get(0);
        assertTrue(unreadable.problem().contains(expected), unreadable.problem() + " should say " + expected);
        assertFalse(unreadable.problem().contains("NullPointer"), unreadable.problem());
        if (malformation == Malformation.UNPARSEABLE_NUMBER && notANumber.length() >= 3) {
            assertFalse(unreadable.problem().contains(notANumber), "the problem must not repeat the value: " + unreadable.problem());
        }
        assertTrue(unreadable.raw().toJson().startsWith("{"), "the raw record is kept for the dead letter");
        Statistics.label("malformation").collect(malformation);
    }

    @Example
    void numbersWrittenInAnotherScriptsDigitsAreUnreadable() {
        ObjectNode record = record("INSERT", "5000000000000000000001", Map.of(), Map.of());
        record.with("dynamodb").with("NewImage").putObject("reading").put("N", "\u0661\u0662");

        StreamRecord mapped = mapper.map(runtimeRead(record)).get(0);

        assertTrue(mapped instanceof StreamRecord.Unreadable, "Arabic-Indic digits are not a DynamoDB number");
        assertEquals("NewImage.reading: N value is not a number",
                ((StreamRecord.Unreadable) mapped).problem());
    }

    private static DynamodbEvent runtimeRead(ObjectNode record) {
        ObjectNode event = AttributeTrees.JSON.createObjectNode();
        event.putArray("Records").add(record);
        return RUNTIME.fromJson(new java.io.ByteArrayInputStream(event.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private static ObjectNode record(String eventName, String sequence, Map<String, Node> oldImage, Map<String, Node> newImage) {
        ObjectNode record = AttributeTrees.JSON.createObjectNode();
        record.put("eventID", "property-" + sequence);
        record.put("eventName", eventName);
        record.put("eventVersion", "1.1");
        record.put("eventSource", "aws:dynamodb");
        record.put("awsRegion", "eu-west-1");
        ObjectNode dynamodb = record.putObject("dynamodb");
        dynamodb.put("ApproximateCreationDateTime", 1795521600);
        ObjectNode keys = dynamodb.putObject("Keys");
        keys.putObject("id").put("S", "sensor-1");
        keys.putObject("timestamp").put("N", "1795521600");
        ObjectNode oldTyped = dynamodb.putObject("OldImage");
        oldImage.forEach((name, node) -> oldTyped.set(name, node.typed()));
        ObjectNode newTyped = dynamodb.putObject("NewImage");
        newImage.forEach((name, node) -> newTyped.set(name, node.typed()));
        dynamodb.put("SequenceNumber", sequence);
        dynamodb.put("SizeBytes", 100);
        dynamodb.put("StreamViewType", "NEW_AND_OLD_IMAGES");
        record.put("eventSourceARN", ARN);
        return record;
    }

    private static Map<String, Object> plain(Map<String, Node> image) {
        Map<String, Object> plain = new java.util.LinkedHashMap<>();
        image.forEach((name, node) -> plain.put(name, node.plain()));
        return plain;
    }
}
