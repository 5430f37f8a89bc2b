package dev.eddy.adapters.aws.stream;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamViewType;
import dev.eddy.application.RecordRef;
import dev.eddy.application.StreamRecord;
import dev.eddy.domain.Bytes;
import dev.eddy.domain.Item;
import dev.eddy.domain.Value;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DynamodbEventMapperMalformedTest {
    private final DynamodbEventMapper mapper = new DynamodbEventMapper();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
            no-dynamodb                          | dynamodb is missing
            unknown-event-name                   | eventName "UPSERT" is not INSERT, MODIFY or REMOVE
            no-sequence-number                   | dynamodb.SequenceNumber is missing
            sequence-number-not-digits           | dynamodb.SequenceNumber is not a decimal number
            no-event-source-arn                  | eventSourceARN is missing
            event-source-arn-of-another-service  | eventSourceARN "arn:aws:kinesis:eu-west-1:111122223333:stream/RealTimeDataTable" is not a DynamoDB stream ARN (arn:<partition>:dynamodb:<region>:<account>:table/<table>/stream/<label>)
            event-source-arn-without-table       | eventSourceARN "arn:aws:dynamodb:eu-west-1:111122223333:global-table/RealTimeDataTable" is not a DynamoDB stream ARN (arn:<partition>:dynamodb:<region>:<account>:table/<table>/stream/<label>)
            no-creation-time                     | dynamodb.ApproximateCreationDateTime is missing (or was 0 or not a number, which the Lambda runtime reads as missing)
            creation-time-zero                   | dynamodb.ApproximateCreationDateTime is missing (or was 0 or not a number, which the Lambda runtime reads as missing)
            creation-time-in-nanoseconds         | dynamodb.ApproximateCreationDateTime is beyond the year 2500 even read as milliseconds or microseconds
            no-keys                              | dynamodb.Keys is missing
            empty-keys                           | dynamodb.Keys is empty
            key-number-not-a-number              | Keys.timestamp: N value is not a number
            deep-number-not-a-number             | NewImage.readings[2].value: N value is not a number
            number-with-39-digits                | NewImage.total: N value has 39 significant digits; DynamoDB allows at most 38
            number-too-large                     | NewImage.big: N value is too large for DynamoDB (magnitude must be below 1E+126)
            number-too-small                     | NewImage.small: N value is too small for DynamoDB (magnitude must be at least 1E-130)
            number-literal-too-long              | NewImage.long: N value is not a DynamoDB number: 250 characters long
            number-set-element-not-a-number      | NewImage.levels[1]: NS element is not a number
            attribute-with-no-type               | NewImage.meta.inner: no type set (expected one of S, N, B, BOOL, NULL, L, M, SS, NS, BS)
            attribute-with-several-types         | NewImage.mixed: several types set (S, N); expected exactly one
            null-false                           | NewImage.gone: NULL must be true
            null-attribute-value                 | NewImage.missing: attribute value is null
            null-list-element                    | NewImage.items[1]: attribute value is null
            null-string-set-element              | NewImage.tags[0]: SS element is null
            bad-old-image-on-remove              | OldImage.config.limits[1]: several types set (BOOL, NULL); expected exactly one
            negative-size                        | dynamodb.SizeBytes is negative
            """)
    void malformedRecordIsUnreadableWithAPreciseProblem(String eventId, String problem) {
        Map<String, StreamRecord> records = byEventId(mapper.map(LambdaEvents.resource("malformed.json")));

        StreamRecord.Unreadable unreadable =
                assertInstanceOf(StreamRecord.Unreadable.class, records.get(eventId), eventId);
        assertEquals(problem, unreadable.problem());
    }

    @Test
    void recordWithoutEventNameOrEventIdIsUnreadableAndStillReferenced() {
        List<StreamRecord> records = mapper.map(LambdaEvents.resource("malformed.json"));
        StreamRecord noEventName = records.get(1);
        StreamRecord noEventId = records.get(5);

        assertAll(
                () -> assertEquals("eventName is missing", unreadable(noEventName).problem()),
                () -> assertEquals(new RecordRef("4800000000012345679001", "no-event-name"), noEventName.ref()),
                () -> assertEquals("eventID is missing", unreadable(noEventId).problem()),
                () -> assertEquals(new RecordRef("4800000000012345679004", null), noEventId.ref()));
    }

    @Test
    void everyMalformedRecordMapsToUnreadableInOrderAndNoneIsLost() {
        DynamodbEvent event = LambdaEvents.resource("malformed.json");

        List<StreamRecord> records = mapper.map(event);

        assertEquals(event.getRecords().size(), records.size());
        for (int i = 0; i < records.size(); i++) {
            StreamRecord record = records.get(i);
            assertInstanceOf(StreamRecord.Unreadable.class, record, "record " + i);
            assertEquals(event.getRecords().get(i).getEventID(), record.ref().eventId(), "record " + i);
        }
    }

    @Test
    void problemsNeverRepeatAttributeValues() {
        String text = LambdaEvents.resourceText("malformed.json");
        assertTrue(text.contains("SECRET"), "the payload carries marked values");

        List<String> leaking = mapper.map(LambdaEvents.resource("malformed.json")).stream()
                .map(DynamodbEventMapperMalformedTest::unreadable)
                .map(StreamRecord.Unreadable::problem)
                .filter(problem -> problem.contains("SECRET"))
                .collect(Collectors.toList());

        assertEquals(List.of(), leaking);
    }

    @Test
    void nullEventAndNullRecordListMapToNoRecords() {
        assertAll(
                () -> assertEquals(List.of(), mapper.map(null)),
                () -> assertEquals(List.of(), mapper.map(new DynamodbEvent())));
    }

    @Test
    void nullRecordInTheListIsUnreadableAndRendersAsNull() {
        DynamodbEvent event = new DynamodbEvent();
        event.setRecords(new ArrayList<>(Arrays.asList((DynamodbStreamRecord) null)));

        StreamRecord.Unreadable record = unreadable(mapper.map(event).get(0));

        assertAll(
                () -> assertEquals("record is null", record.problem()),
                () -> assertEquals(new RecordRef(null, null), record.ref()),
                () -> assertEquals("null", record.raw().toJson()));
    }

    @Test
    void binaryIsReadFromTheBufferWithoutMovingItsPosition() {
        ByteBuffer sliced = ByteBuffer.wrap(new byte[] {9, 9, 1, 2, 3, 9}, 2, 3);
        ByteBuffer direct = ByteBuffer.allocateDirect(2).put(new byte[] {7, 8}).flip().asReadOnlyBuffer();
        DynamodbEvent event = eventWith(Map.of(
                "id", new AttributeValue("sensor-1"),
                "blob", new AttributeValue().withB(sliced),
                "blobs", new AttributeValue().withBS(direct)));

        StreamRecord record = mapper.map(event).get(0);
        String json = record.raw().toJson();

        Item image = DynamodbEventMapperTest.readable(record).newImage().orElseThrow();
        assertAll(
                () -> assertEquals(new Value.Bin(Bytes.of(new byte[] {1, 2, 3})), image.get("blob").orElseThrow()),
                () -> assertEquals(new Value.BinarySet(Set.of(Bytes.of(new byte[] {7, 8}))),
                        image.get("blobs").orElseThrow()),
                () -> assertTrue(json.contains("\"blob\":{\"B\":\"AQID\"}"), json),
                () -> assertTrue(json.contains("\"blobs\":{\"BS\":[\"Bwg=\"]}"), json),
                () -> assertEquals(2, sliced.position()),
                () -> assertEquals(3, sliced.remaining()),
                () -> assertEquals(0, direct.position()),
                () -> assertEquals(2, direct.remaining()));
    }

    @Test
    void mapperNeverThrowsOnARecordOfNothing() {
        DynamodbStreamRecord empty = new DynamodbStreamRecord();
        empty.setDynamodb(new com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord());
        DynamodbEvent event = new DynamodbEvent();
        event.setRecords(List.of(new DynamodbStreamRecord(), empty));

        List<StreamRecord> records = mapper.map(event);

        assertAll(
                () -> assertEquals("dynamodb is missing", unreadable(records.get(0)).problem()),
                () -> assertEquals("eventName is missing", unreadable(records.get(1)).problem()),
                () -> assertEquals("{}", records.get(0).raw().toJson()),
                () -> assertEquals("{\"dynamodb\":{}}", records.get(1).raw().toJson()));
    }

    @Test
    void anUnreadableRecordDoesNotStopTheNextRecordFromBeingRead() {
        DynamodbEvent event = eventWith(Map.of("id", new AttributeValue("sensor-1")));
        DynamodbStreamRecord broken = new DynamodbStreamRecord();
        broken.setEventID("broken");
        List<DynamodbStreamRecord> records = new ArrayList<>();
        records.add(broken);
        records.addAll(event.getRecords());
        event.setRecords(records);

        List<StreamRecord> mapped = mapper.map(event);

        assertAll(
                () -> assertInstanceOf(StreamRecord.Unreadable.class, mapped.get(0)),
                () -> assertInstanceOf(StreamRecord.Readable.class, mapped.get(1)));
    }

    private static DynamodbEvent eventWith(Map<String, AttributeValue> newImage) {
        com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord dynamodb =
                new com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord();
        dynamodb.setApproximateCreationDateTime(new Date(1_764_000_000_000L));
        dynamodb.setKeys(Map.of("id", new AttributeValue("sensor-1")));
        dynamodb.setNewImage(new LinkedHashMap<>(newImage));
        dynamodb.setSequenceNumber("100");
        dynamodb.setSizeBytes(10L);
        dynamodb.setStreamViewType(StreamViewType.NEW_AND_OLD_IMAGES);
        DynamodbStreamRecord record = new DynamodbStreamRecord();
        record.setEventID("built");
        record.setEventName("INSERT");
        record.setEventSourceARN(
                "arn:aws:dynamodb:eu-west-1:111122223333:table/RealTimeDataTable/stream/2025-11-01T08:15:30.123");
        record.setDynamodb(dynamodb);
        DynamodbEvent event = new DynamodbEvent();
        event.setRecords(new ArrayList<>(List.of(record)));
        return event;
    }

    private static StreamRecord.Unreadable unreadable(StreamRecord record) {
        return assertInstanceOf(StreamRecord.Unreadable.class, record,
                () -> "expected an unreadable record, got " + record);
    }

    private static Map<String, StreamRecord> byEventId(List<StreamRecord> records) {
        Map<String, StreamRecord> byId = new LinkedHashMap<>();
        records.forEach(record -> byId.put(record.ref().eventId(), record));
        return byId;
    }
}
