package dev.eddy.adapters.aws.stream.json;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.application.RecordRef;
import dev.eddy.application.StreamRecord;
import dev.eddy.domain.Bytes;
import dev.eddy.domain.Change;
import dev.eddy.domain.ChangeKind;
import dev.eddy.domain.Item;
import dev.eddy.domain.StreamView;
import dev.eddy.domain.Value;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The streaming reader on its own: what it does where the reference path cannot read the event
 * at all, or reads it differently on purpose. Equality with the reference elsewhere is the
 * differential test's job.
 */
class DynamodbEventJsonReaderTest {
    private static final String ARN =
            "arn:aws:dynamodb:eu-west-1:111122223333:table/RealTimeDataTable/stream/2025-11-01T08:15:30.123";

    private final DynamodbEventJsonReader reader = new DynamodbEventJsonReader();

    /** A well-formed record; {@code dynamodbExtra} is spliced into its dynamodb object, {@code image} is its NewImage. */
    private static String record(String eventId, String sequenceNumber, String dynamodbExtra, String image) {
        return "{\"eventID\":\"" + eventId + "\",\"eventName\":\"INSERT\",\"eventVersion\":\"1.1\","
                + "\"eventSource\":\"aws:dynamodb\",\"awsRegion\":\"eu-west-1\",\"eventSourceARN\":\"" + ARN + "\","
                + "\"dynamodb\":{" + dynamodbExtra + (dynamodbExtra.isEmpty() ? "" : ",")
                + "\"Keys\":{\"id\":{\"S\":\"sensor-1\"}},"
                + "\"NewImage\":" + image + ","
                + "\"SequenceNumber\":\"" + sequenceNumber + "\",\"SizeBytes\":26,"
                + "\"StreamViewType\":\"NEW_AND_OLD_IMAGES\"}}";
    }

    private static String record(String eventId, String sequenceNumber) {
        return record(eventId, sequenceNumber, "\"ApproximateCreationDateTime\":1764000000",
                "{\"id\":{\"S\":\"sensor-1\"},\"value\":{\"N\":\"21.5\"}}");
    }

    private static String withTime(String eventId, String creationTime) {
        return record(eventId, "100", creationTime, "{\"id\":{\"S\":\"sensor-1\"}}");
    }

    private static String withImage(String eventId, String image) {
        return record(eventId, "200", "\"ApproximateCreationDateTime\":1764000000", image);
    }

    private static byte[] event(String... records) {
        return ("{\"Records\":[" + String.join(",", records) + "]}").getBytes(StandardCharsets.UTF_8);
    }

    private List<StreamRecord> read(String... records) {
        return reader.read(event(records));
    }

    private static Change readable(StreamRecord record) {
        return assertInstanceOf(StreamRecord.Readable.class, record,
                () -> "expected a readable record, got " + record).change();
    }

    private static String problem(StreamRecord record) {
        return assertInstanceOf(StreamRecord.Unreadable.class, record,
                () -> "expected an unreadable record, got " + record).problem();
    }

    @Test
    void anAttributeNameOfNearly64KbIsReadWhereTheRuntimeRejectsTheWholeEvent() {
        // DynamoDB takes attribute names up to 64 KB; Jackson's default limit on a name is 50,000.
        String name = "n".repeat(60_000);
        String unicodeName = "\u20ac".repeat(21_000); // 63,000 bytes in UTF-8
        byte[] event = event(record("first", "1"),
                withImage("long-name", "{\"id\":{\"S\":\"sensor-1\"},\"" + name + "\":{\"S\":\"v\"},\""
                        + unicodeName + "\":{\"N\":\"1\"}}"),
                record("third", "3"));

        assertThrows(RuntimeException.class, () -> RuntimePath.map(event), "the runtime rejects the whole event");
        // The same event after an escaped top-level name, which the byte reader leaves to Jackson whole.
        byte[] byJackson = ("{\"\\u0061\":0," + new String(event, StandardCharsets.UTF_8).substring(1))
                .getBytes(StandardCharsets.UTF_8);
        for (List<StreamRecord> records : List.of(reader.read(event), reader.readOnDemand(event), reader.read(byJackson),
                reader.readOnDemand(byJackson))) {
            assertEquals(3, records.size());
            Change change = readable(records.get(1));
            assertEquals(java.util.Optional.of(Value.of("v")), change.newImage().orElseThrow().get(name));
            assertEquals(java.util.Optional.of(Value.number("1")), change.newImage().orElseThrow().get(unicodeName));
            readable(records.get(2));
        }
    }

    @Test
    void badBase64MakesOnlyItsRecordUnreadableWhereTheRuntimeRejectsTheWholeEvent() {
        byte[] event = event(record("first", "1"),
                withImage("bad-base64", "{\"id\":{\"S\":\"sensor-1\"},\"blob\":{\"B\":\"not*base64!\"}}"),
                record("third", "3"));

        assertThrows(RuntimeException.class, () -> RuntimePath.map(event), "the runtime rejects the whole event");
        List<StreamRecord> records = reader.read(event);

        assertAll(
                () -> assertEquals(3, records.size()),
                () -> assertEquals(ChangeKind.CREATED, readable(records.get(0)).kind()),
                () -> assertEquals("NewImage.blob: B value is not valid base64", problem(records.get(1))),
                () -> assertEquals(new RecordRef("200", "bad-base64"), records.get(1).ref()),
                () -> assertEquals(ChangeKind.CREATED, readable(records.get(2)).kind()));
    }

    /**
     * JSON allows a name to escape a lone surrogate, and the runtime reads it; Jackson's byte parser,
     * which canonicalizes names, refuses it, and the byte offsets the raw records need come only from
     * that parser. No DynamoDB attribute name can hold a lone surrogate (names are UTF-8), so such an
     * event is not one Lambda delivers: it fails whole, as the class comment says.
     */
    @Test
    void anAttributeNameEscapingALoneSurrogateFailsTheEventWholeThoughTheRuntimeReadsIt() {
        byte[] event = event(record("first", "1"),
                withImage("lone-surrogate", "{\"\\ud800\":{\"S\":\"x\"},\"id\":{\"S\":\"sensor-1\"}}"),
                record("third", "3"));

        assertEquals(3, RuntimePath.map(event).size());
        MalformedEventException read = assertThrows(MalformedEventException.class, () -> reader.read(event));
        assertTrue(read.getMessage().startsWith("event is not valid JSON: JsonParseException"), read.getMessage());
        assertThrows(MalformedEventException.class, () -> reader.readOnDemand(event));
    }

    @Test
    void unknownStreamViewTypeMakesOnlyItsRecordUnreadableWhereTheRuntimeRejectsTheWholeEvent() {
        String unknownView = record("unknown-view", "2").replace("NEW_AND_OLD_IMAGES", "NEW_AND_OLD");
        byte[] event = event(record("first", "1"), unknownView, record("third", "3"));

        assertThrows(RuntimeException.class, () -> RuntimePath.map(event), "the runtime rejects the whole event");
        List<StreamRecord> records = reader.read(event);

        assertAll(
                () -> assertEquals(ChangeKind.CREATED, readable(records.get(0)).kind()),
                () -> assertEquals("dynamodb.StreamViewType \"NEW_AND_OLD\" is not KEYS_ONLY, NEW_IMAGE, OLD_IMAGE"
                        + " or NEW_AND_OLD_IMAGES", problem(records.get(1))),
                () -> assertEquals(ChangeKind.CREATED, readable(records.get(2)).kind()));
    }

    @Test
    void theRuntimeFixturesThatRejectTheWholeEventReadAsOneUnreadableRecordEach() {
        List<StreamRecord> badBase64 = reader.read(RuntimePath.resource("runtime-rejects-bad-base64.json"));
        List<StreamRecord> unknownView = reader.read(RuntimePath.resource("runtime-rejects-unknown-view-type.json"));

        assertAll(
                () -> assertEquals(1, badBase64.size()),
                () -> assertEquals("NewImage.blob: B value is not valid base64", problem(badBase64.get(0))),
                () -> assertEquals(1, unknownView.size()),
                () -> assertTrue(problem(unknownView.get(0)).startsWith("dynamodb.StreamViewType \""),
                        problem(unknownView.get(0))));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            "ApproximateCreationDateTime":1479499740                                                            | 2016-11-18T20:09:00Z
            "ApproximateCreationDateTime":1.635734407123456789E9                                                | 2021-11-01T02:40:07.123456789Z
            "ApproximateCreationDateTime":1635734407.000000001                                                  | 2021-11-01T02:40:07.000000001Z
            "ApproximateCreationDateTime":1480642020000                                                         | 2016-12-02T01:27:00Z
            "ApproximateCreationDateTime":1764000000123,"ApproximateCreationDateTimePrecision":"MILLISECOND"    | 2025-11-24T16:00:00.123Z
            "ApproximateCreationDateTimePrecision":"MICROSECOND","ApproximateCreationDateTime":1764000000123456 | 2025-11-24T16:00:00.123456Z
            "ApproximateCreationDateTime":1764000000123456                                                      | 2025-11-24T16:00:00.123456Z
            "ApproximateCreationDateTime":1764000000123.5,"ApproximateCreationDateTimePrecision":"MILLISECOND"  | 2025-11-24T16:00:00.1235Z
            "ApproximateCreationDateTime":9300000000000000                                                      | 2264-09-14T21:20:00Z
            "ApproximateCreationDateTime":1764000000,"ApproximateCreationDateTimePrecision":"MILLISECOND"       | 1970-01-21T10:00:00Z
            "ApproximateCreationDateTime":"1479499740"                                                          | 2016-11-18T20:09:00Z
            "ApproximateCreationDateTime":-1                                                                    | 1969-12-31T23:59:59Z
            """)
    void creationTimeIsReadExactlyInEveryFormWithThePrecisionDecidingTheUnit(String field, String expected) {
        Instant time = readable(read(withTime("t", field)).get(0)).source().approximateCreationTime();

        assertEquals(Instant.parse(expected), time);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            "SizeBytes":1                                                                                      | dynamodb.ApproximateCreationDateTime is missing
            "ApproximateCreationDateTime":null                                                                 | dynamodb.ApproximateCreationDateTime is missing
            "ApproximateCreationDateTime":0                                                                    | dynamodb.ApproximateCreationDateTime is 0, which is no time at all
            "ApproximateCreationDateTime":0.0                                                                  | dynamodb.ApproximateCreationDateTime is 0, which is no time at all
            "ApproximateCreationDateTime":"soon"                                                               | dynamodb.ApproximateCreationDateTime is not a number
            "ApproximateCreationDateTime":{"at":1}                                                             | dynamodb.ApproximateCreationDateTime is not a number
            "ApproximateCreationDateTime":1E-50                                                                | dynamodb.ApproximateCreationDateTime has more than 40 decimal places
            "ApproximateCreationDateTime":1764000000123456789                                                  | dynamodb.ApproximateCreationDateTime is beyond the year 2500 even read as milliseconds or microseconds
            "ApproximateCreationDateTime":123456789012345678901234567890                                       | dynamodb.ApproximateCreationDateTime is beyond the year 2500 even read as milliseconds or microseconds
            "ApproximateCreationDateTime":1764000000123456,"ApproximateCreationDateTimePrecision":"MILLISECOND" | dynamodb.ApproximateCreationDateTime is beyond the year 2500 read as milliseconds
            "ApproximateCreationDateTime":1764000000,"ApproximateCreationDateTimePrecision":"NANOSECOND"       | dynamodb.ApproximateCreationDateTimePrecision "NANOSECOND" is not MILLISECOND or MICROSECOND
            """)
    void creationTimeThatIsNoTimeMakesItsRecordUnreadableSayingWhy(String field, String expected) {
        assertEquals(expected, problem(read(withTime("t", field)).get(0)));
    }

    /**
     * Exponents far beyond any time or DynamoDB number: answered at once, on the byte reader's path
     * and on Jackson's (an escaped top-level name sends the event there). Moving the point of
     * {@code 1E+99999999} used to compute 10^99999996 and hold the shard for good.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            "ApproximateCreationDateTime":1E+99999999,"ApproximateCreationDateTimePrecision":"MILLISECOND"  | dynamodb.ApproximateCreationDateTime is beyond the year 2500 read as milliseconds
            "ApproximateCreationDateTime":-1E+99999999,"ApproximateCreationDateTimePrecision":"MICROSECOND" | dynamodb.ApproximateCreationDateTime is beyond the year 2500 read as microseconds
            "ApproximateCreationDateTime":1E+99999999                                                       | dynamodb.ApproximateCreationDateTime is beyond the year 2500 even read as milliseconds or microseconds
            "ApproximateCreationDateTime":1.5E+21,"ApproximateCreationDateTimePrecision":"MILLISECOND"      | dynamodb.ApproximateCreationDateTime is beyond the year 2500 read as milliseconds
            """)
    @Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void hugeExponentsAreAnsweredAtOnceOnBothPaths(String field, String expected) {
        byte[] plain = event(withTime("t", field));
        byte[] byJackson = ("{\"\\u0061\":0," + new String(plain, StandardCharsets.UTF_8).substring(1))
                .getBytes(StandardCharsets.UTF_8);

        assertEquals(expected, problem(reader.read(plain).get(0)));
        assertEquals(expected, problem(reader.read(byJackson).get(0)));
        assertEquals(expected, problem(reader.readOnDemand(plain).get(0)));
    }

    /**
     * Where the reference reads a creation time too, but words the problem differently on purpose
     * (it ignores the precision field and reads 0 or not a number as missing): the record is
     * unreadable on both paths, on the byte reader's, on Jackson's and on demand, with its identity
     * although the SequenceNumber comes after the time, and the streaming reader names the case.
     */
    private void assertUnreadableOnBothPathsWithItsIdentity(String field, String expected) {
        byte[] plain = event(withTime("t", field));
        byte[] byJackson = ("{\"\\u0061\":0," + new String(plain, StandardCharsets.UTF_8).substring(1))
                .getBytes(StandardCharsets.UTF_8);
        RecordRef identity = new RecordRef("100", "t");

        StreamRecord reference = RuntimePath.map(plain).get(0);
        assertInstanceOf(StreamRecord.Unreadable.class, reference, () -> "the reference reads " + reference);
        assertEquals(identity, reference.ref());
        for (List<StreamRecord> read : List.of(reader.read(plain), reader.read(byJackson), reader.readOnDemand(plain))) {
            assertAll(() -> assertEquals(expected, problem(read.get(0))),
                    () -> assertEquals(identity, read.get(0).ref()));
        }
    }

    /** 1 + 2147483647 integer digits overflowed an int and skipped the check that answers before any arithmetic. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            "ApproximateCreationDateTime":1E+2147483647,"ApproximateCreationDateTimePrecision":"MILLISECOND"  | dynamodb.ApproximateCreationDateTime is beyond the year 2500 read as milliseconds
            "ApproximateCreationDateTime":-1E+2147483647,"ApproximateCreationDateTimePrecision":"MICROSECOND" | dynamodb.ApproximateCreationDateTime is beyond the year 2500 read as microseconds
            """)
    void creationTimeWithTheLargestExponentAndAPrecisionIsBeyond2500(String field, String expected) {
        assertUnreadableOnBothPathsWithItsIdentity(field, expected);
    }

    /**
     * Exponents beyond the int range, which BigDecimal cannot hold as a scale: the time's own
     * problem, never an exception that drops what the record says after it. (The reference, on a
     * double, reads them as beyond 2500 or 0; {@link DynamodbEventJsonReaderDifferentialTest} has
     * the cases worded alike.)
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            "ApproximateCreationDateTime":1.5E-2147483647                                                    | dynamodb.ApproximateCreationDateTime has more than 40 decimal places
            "ApproximateCreationDateTime":-1E-2147483648                                                     | dynamodb.ApproximateCreationDateTime has more than 40 decimal places
            "ApproximateCreationDateTime":0E-2147483648                                                      | dynamodb.ApproximateCreationDateTime has more than 40 decimal places
            "ApproximateCreationDateTime":0.0E+2147483648                                                    | dynamodb.ApproximateCreationDateTime is 0, which is no time at all
            "ApproximateCreationDateTime":1E+2147483648,"ApproximateCreationDateTimePrecision":"MILLISECOND" | dynamodb.ApproximateCreationDateTime is beyond the year 2500 read as milliseconds
            "ApproximateCreationDateTime":-2.5e79499740123,"ApproximateCreationDateTimePrecision":"MICROSECOND" | dynamodb.ApproximateCreationDateTime is beyond the year 2500 read as microseconds
            """)
    void creationTimeWithAnExponentBeyondTheIntRangeIsTheTimesOwnProblem(String field, String expected) {
        assertUnreadableOnBothPathsWithItsIdentity(field, expected);
    }

    /**
     * BigDecimal reads the digits of other scripts; the reference, on a double, does not, and neither
     * do the N values (see {@code NumberLiterals}). A time written so is not a number, not 2016.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"\"\u0661\u0664\u0667\u0669\u0664\u0669\u0669\u0667\u0664\u0660\"",
        "\"\u0967\u096a\u096d\u096f\u096a\u096f\u096f\u096d\u096a\u0966\"", "\" 14794997\uff14\uff10\""})
    void creationTimeStringInAnotherScriptsDigitsIsNotANumber(String time) {
        assertUnreadableOnBothPathsWithItsIdentity("\"ApproximateCreationDateTime\":" + time,
                "dynamodb.ApproximateCreationDateTime is not a number");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1E+99999999", "-1E+99999999", "1E-99999999"})
    @Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void hugeExponentsInNumbersAreAnsweredAtOnceOnBothPaths(String number) {
        byte[] plain = event(withImage("n", "{\"id\":{\"S\":\"sensor-1\"},\"v\":{\"N\":\"" + number + "\"}}"));
        byte[] byJackson = ("{\"\\u0061\":0," + new String(plain, StandardCharsets.UTF_8).substring(1))
                .getBytes(StandardCharsets.UTF_8);

        String problem = problem(reader.read(plain).get(0));
        assertTrue(problem.startsWith("NewImage.v: N value"), problem);
        assertEquals(problem, problem(reader.read(byJackson).get(0)));
    }

    @Test
    void rawRecordIsTheEventsOwnBytesWithItsLayoutAndLiterals() {
        String pretty = "{\n  \"eventID\" : \"pretty\", \"eventName\" : \"INSERT\",\n  \"eventSourceARN\" : \"" + ARN
                + "\",\n  \"dynamodb\" : { \"ApproximateCreationDateTime\" : 1.635734407123456789E9,\n"
                + "    \"Keys\" : { \"Küche \\u2603\" : { \"N\" : \"1.50\" } },\n"
                + "    \"SequenceNumber\" : \"7\", \"ApproximateCreationDateTimePrecision\" : null } }";
        String compact = record("compact", "8");
        String text = "{ \"Records\" : [ " + pretty + " ,\n" + compact + ", null ] }";

        List<StreamRecord> records = reader.read(text.getBytes(StandardCharsets.UTF_8));

        assertAll(
                () -> assertEquals(pretty, records.get(0).raw().toJson()),
                () -> assertEquals(compact, records.get(1).raw().toJson()),
                () -> assertEquals("null", records.get(2).raw().toJson()),
                () -> assertEquals(Value.number("1.5"), readable(records.get(0)).key().get("Küche \u2603").orElseThrow()));
    }

    @Test
    void recordThatIsNotAnObjectIsUnreadableAndTheRestOfTheBatchMaps() {
        List<StreamRecord> records = read("null", "42", "\"text\"", "[1,{\"a\":[]}]", record("last", "9"));

        assertAll(
                () -> assertEquals("record is null", problem(records.get(0))),
                () -> assertEquals(new RecordRef(null, null), records.get(0).ref()),
                () -> assertEquals("record is not a JSON object", problem(records.get(1))),
                () -> assertEquals("42", records.get(1).raw().toJson()),
                () -> assertEquals("\"text\"", records.get(2).raw().toJson()),
                () -> assertEquals("[1,{\"a\":[]}]", records.get(3).raw().toJson()),
                () -> assertEquals("last", readable(records.get(4)).source().eventId()));
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', textBlock = """
            "eventName":{"op":"INSERT"}                                 | eventName is not a string
            "eventID":["x"]                                             | eventID is not a string
            "userIdentity":"dynamodb"                                   | userIdentity is not a JSON object
            "dynamodb":[1]                                              | dynamodb is not a JSON object
            """)
    void fieldOfTheWrongJsonTypeMakesOnlyItsRecordUnreadable(String field, String expected) {
        String broken = record("broken", "5").replaceFirst("^\\{", "{" + field.replace("$", "\\$") + ",");
        // the broken field comes first, the good one after it: the record is still unreadable
        List<StreamRecord> records = read(broken, record("next", "6"));

        assertAll(
                () -> assertEquals(expected, problem(records.get(0))),
                () -> assertEquals("next", readable(records.get(1)).source().eventId()));
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', textBlock = """
            {"id":{"S":"a"},"x":{"S":"1"},"x":{"S":"2"}}                 | NewImage.x: attribute name appears more than once
            {"id":{"S":"a"},"x":{"S":"1","S":"2"}}                       | NewImage.x: a type descriptor appears more than once; expected exactly one
            {"id":{"S":"a"},"x":{"M":{"y":{"L":[{"B":7}]}}}}              | NewImage.x.y[0]: B value is not a base64 string
            {"id":{"S":"a"},"x":{"L":{"S":"no list"}}}                    | NewImage.x: L value is not a JSON array
            {"id":{"S":"a"},"x":{"BOOL":"yes"}}                           | NewImage.x: BOOL value is not true or false
            {"id":{"S":"a"},"x":{"SS":["a",{"S":"b"}]}}                   | NewImage.x[1]: SS element is not a string
            {"id":{"S":"a"},"x":{"BS":["AAE=","AA=E"]}}                   | NewImage.x[1]: BS element is not valid base64
            {"id":{"S":"a"},"x":{"M":{"y":[]}}}                           | NewImage.x.y: attribute value is not a JSON object
            """)
    void attributeTheRuntimeWouldResolveOrRejectMakesOnlyItsRecordUnreadable(String image, String expected) {
        List<StreamRecord> records = read(withImage("odd", image), record("next", "6"));

        assertAll(
                () -> assertEquals(expected, problem(records.get(0))),
                () -> assertEquals("next", readable(records.get(1)).source().eventId()));
    }

    @Test
    void everyAttributeTypeReadsAtDepth() {
        String image = "{\"id\":{\"S\":\"a\"},\"deep\":{\"L\":[{\"M\":{\"bin\":{\"B\":\"AQID\"},"
                + "\"sets\":{\"L\":[{\"SS\":[\"x\",\"x\",\"y\"]},{\"NS\":[\"1.5\",\"1.50\",\"2\"]},{\"BS\":[\"AA==\",\"AQ\"]}]},"
                + "\"flags\":{\"L\":[{\"BOOL\":true},{\"NULL\":true},{\"N\":7}]}}}]}}";

        Item item = readable(read(withImage("deep", image)).get(0)).newImage().orElseThrow();

        Value expected = new Value.ListValue(List.of(new Value.MapValue(java.util.Map.of(
                "bin", new Value.Bin(Bytes.of(new byte[] {1, 2, 3})),
                "sets", new Value.ListValue(List.of(
                        new Value.StringSet(java.util.Set.of("x", "y")),
                        new Value.NumberSet(java.util.Set.of(Value.number("1.5"), Value.number("2"))),
                        new Value.BinarySet(java.util.Set.of(Bytes.of(new byte[] {0}), Bytes.of(new byte[] {1}))))),
                "flags", new Value.ListValue(List.of(Value.of(true), Value.nul(), Value.number("7")))))));
        assertEquals(expected, item.get("deep").orElseThrow());
    }

    @Test
    void nestingThirtyTwoLevelsDeepReads() {
        String image = "{\"id\":{\"S\":\"a\"},\"x\":" + "{\"L\":[".repeat(32) + "{\"S\":\"bottom\"}" + "]}".repeat(32) + "}";

        Value value = readable(read(withImage("deep", image)).get(0)).newImage().orElseThrow().get("x").orElseThrow();

        for (int i = 0; i < 32; i++) {
            value = ((Value.ListValue) value).values().get(0);
        }
        assertEquals(Value.of("bottom"), value);
    }

    @Test
    void problemsNeverRepeatAttributeValues() {
        List<StreamRecord> records = read(
                withImage("a", "{\"id\":{\"S\":\"a\"},\"x\":{\"N\":\"SECRET-1\"}}"),
                withImage("b", "{\"id\":{\"S\":\"a\"},\"x\":{\"B\":\"SECRET*2\"}}"),
                withImage("c", "{\"id\":{\"S\":\"a\"},\"x\":{\"NS\":[\"1\",\"SECRET 3\"]}}"),
                withImage("d", "{\"id\":{\"S\":\"a\"},\"x\":{\"S\":\"SECRET-4\",\"N\":\"5\"}}"));

        List<String> problems = records.stream().map(DynamodbEventJsonReaderTest::problem).collect(Collectors.toList());

        assertEquals(4, problems.size());
        assertFalse(problems.stream().anyMatch(p -> p.contains("SECRET")), problems.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "not json", "[]", "42", "{}", "{\"records\":[]}", "{\"Records\":{}}",
        "{\"Records\":null}", "{\"Records\":[],\"Records\":[]}", "{\"Records\":[]} trailing",
        "{\"Records\":[{\"eventID\":\"SECRET\"", "{\"Records\":[{\"eventID\":SECRET}]}"})
    void payloadThatIsNoStreamEventFailsWholeWithAClearMessageThatQuotesNothing(String payload) {
        MalformedEventException e = assertThrows(MalformedEventException.class,
                () -> reader.read(payload.getBytes(StandardCharsets.UTF_8)));

        assertAll(
                () -> assertTrue(e.getMessage().startsWith("event") || e.getMessage().startsWith("\"Records\""),
                        e.getMessage()),
                () -> assertFalse(e.getMessage().contains("SECRET"), e.getMessage()));
    }

    @Test
    void byteOrderMarkIsSkippedAndRawRecordsStillSliceTheRightBytes() {
        String record = record("bom", "1");
        byte[] text = ("{\"Records\":[" + record + "]}").getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[text.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(text, 0, withBom, 3, text.length);

        List<StreamRecord> records = reader.read(withBom);

        assertAll(
                () -> assertEquals("bom", readable(records.get(0)).source().eventId()),
                () -> assertEquals(record, records.get(0).raw().toJson()));
    }

    @Test
    void eventInAnotherEncodingThanUtf8FailsWhole() {
        byte[] utf16 = ("{\"Records\":[" + record("utf16", "1") + "]}").getBytes(StandardCharsets.UTF_16BE);

        MalformedEventException e = assertThrows(MalformedEventException.class, () -> reader.read(utf16));

        assertEquals("event is not UTF-8 JSON", e.getMessage());
    }

    /** DynamoDB allows 32 levels; far deeper JSON is refused by the parser's own limit, whole, never by a crash. */
    @ParameterizedTest
    @ValueSource(ints = {200, 5000})
    void absurdNestingIsReadOrRefusedWholeButNeverOverflowsTheStack(int levels) {
        String image = "{\"id\":{\"S\":\"a\"},\"x\":" + "{\"L\":[".repeat(levels) + "{\"S\":\"bottom\"}"
                + "]}".repeat(levels) + "}";
        byte[] event = event(withImage("deep", image));

        if (levels <= 200) {
            assertEquals(ChangeKind.CREATED, readable(reader.read(event).get(0)).kind());
        } else {
            MalformedEventException e = assertThrows(MalformedEventException.class, () -> reader.read(event));
            assertTrue(e.getMessage().startsWith("event is not valid JSON"), e.getMessage());
        }
    }

    @Test
    void emptyRecordsAndUnknownTopLevelFieldsReadAsNoRecords() {
        byte[] event = "{\"window\":{\"start\":1},\"Records\":[],\"isFinalInvokeForWindow\":false}"
                .getBytes(StandardCharsets.UTF_8);

        assertEquals(List.of(), reader.read(event));
    }

    @Test
    void streamAndBytesReadTheSame() throws IOException {
        byte[] event = RuntimePath.resource("removes.json");

        List<StreamRecord> fromStream = reader.read(new ByteArrayInputStream(event));
        List<StreamRecord> fromBytes = reader.read(event);

        assertEquals(fromBytes.size(), fromStream.size());
        for (int i = 0; i < fromBytes.size(); i++) {
            assertEquals(readable(fromBytes.get(i)), readable(fromStream.get(i)));
            assertEquals(fromBytes.get(i).raw().toJson(), fromStream.get(i).raw().toJson());
        }
    }

    @Test
    void removeByTheTimeToLiveServiceIsExpiredAndAnyOtherRemoveIsDeleted() {
        String remove = record("r", "1").replace("\"eventName\":\"INSERT\"", "\"eventName\":\"REMOVE\"");
        String ttl = remove.replaceFirst("^\\{",
                "{\"userIdentity\":{\"principalId\":\"dynamodb.amazonaws.com\",\"type\":\"Service\"},");
        String user = remove.replaceFirst("^\\{",
                "{\"userIdentity\":{\"type\":\"Service\",\"principalId\":\"lambda.amazonaws.com\"},");

        List<StreamRecord> records = read(ttl, user, remove);

        assertAll(
                () -> assertEquals(ChangeKind.EXPIRED, readable(records.get(0)).kind()),
                () -> assertEquals(ChangeKind.DELETED, readable(records.get(1)).kind()),
                () -> assertEquals(ChangeKind.DELETED, readable(records.get(2)).kind()),
                () -> assertEquals(StreamView.NEW_AND_OLD_IMAGES, readable(records.get(0)).source().view()));
    }
}
