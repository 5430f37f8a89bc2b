package dev.eddy.adapters.aws.property;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

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
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Random attribute trees (every DynamoDB type, nesting up to 8 deep, empty strings and binaries,
 * 38-digit numbers, exponents at both ends of DynamoDB's range, unicode names with surrogate pairs
 * and JSON escapes) written as a Lambda stream event, read by the runtime's serializer, mapped by
 * {@link DynamodbEventMapper}, rendered as the {@link ChangeDocument} and parsed back with Jackson
 * (numbers as BigDecimal): every value must come back exactly. Malformed events must map to an
 * {@link StreamRecord.Unreadable} with a clear problem, never an exception.
 *
 * <p>Plain JUnit: each property loops over {@code eddy.properties.tries} cases (default 1000). Case
 * {@code i} draws everything from a {@link SplittableRandom} seeded with the {@code i+1}-th long of a
 * {@code SplittableRandom(baseSeed)}; the base seed is {@code eddy.properties.seed} or, by default, a
 * fresh random one. A failure names the base seed and the case index, and
 * {@code -Deddy.properties.seed=<seed> -Deddy.properties.case=<index>} replays just that case. What was
 * generated is counted, written to {@code target/property-reports/<property>.txt} and checked for
 * coverage when at least {@value #COVERAGE_MIN_TRIES} cases ran.
 */
class ChangeDocumentRoundTripProperties {
    private static final String ARN = "arn:aws:dynamodb:eu-west-1:123456789012:table/RealTimeDataTable/stream/2026-11-01T00:00:00.000";
    private static final ObjectMapper EXACT = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final PojoSerializer<DynamodbEvent> RUNTIME =
            LambdaEventSerializers.serializerFor(DynamodbEvent.class, ChangeDocumentRoundTripProperties.class.getClassLoader());
    /** Fewer cases than this (a replay, a quick run) are not expected to cover everything. */
    static final int COVERAGE_MIN_TRIES = 200;
    /** Every tenth case also carries a list/map chain nested down to {@link AttributeTrees#MAX_DEPTH}. */
    private static final int DEEP_EVERY = 10;
    private final DynamodbEventMapper mapper = new DynamodbEventMapper();

    /** One case of a property, drawing everything from {@code random} and counting into {@code counts}. */
    @FunctionalInterface
    interface Case {
        void run(int index, SplittableRandom random, SortedMap<String, Long> counts) throws IOException;
    }

    /** The cases that ran and what they generated; {@code replay} is true when only one case ran. */
    record Run(long baseSeed, int cases, boolean replay, SortedMap<String, Long> counts) {
        long count(String what) {
            return counts.getOrDefault(what, 0L);
        }

        boolean expectsCoverage() {
            return !replay && cases >= COVERAGE_MIN_TRIES;
        }
    }

    /** Runs {@code property} over the configured cases; a failure names the seed and case to replay it. */
    static Run check(String property, Case body) {
        String seedProperty = System.getProperty("eddy.properties.seed");
        long baseSeed = seedProperty == null || seedProperty.isBlank() ? new SplittableRandom().nextLong() : Long.decode(seedProperty.trim());
        int tries = Integer.getInteger("eddy.properties.tries", 1000);
        Integer only = Integer.getInteger("eddy.properties.case");
        SortedMap<String, Long> counts = new TreeMap<>();
        SplittableRandom seeds = new SplittableRandom(baseSeed);
        int first = only == null ? 0 : only;
        int last = only == null ? tries - 1 : only;
        for (int skipped = 0; skipped < first; skipped++) {
            seeds.nextLong();
        }
        int ran = 0;
        for (int index = first; index <= last; index++) {
            long caseSeed = seeds.nextLong();
            try {
                body.run(index, new SplittableRandom(caseSeed), counts);
            } catch (AssertionError | RuntimeException | IOException failure) {
                counts.put("failedCase", (long) index);
                report(property, new Run(baseSeed, ran, only != null, counts));
                fail(property + " failed at case " + index + " of base seed " + baseSeed + " (case seed " + caseSeed
                        + "); replay with -Deddy.properties.seed=" + baseSeed + " -Deddy.properties.case=" + index
                        + ": " + failure, failure);
            }
            ran++;
        }
        counts.put("cases", (long) ran);
        counts.put("values", counts.entrySet().stream().filter(e -> e.getKey().startsWith("type.")).mapToLong(Map.Entry::getValue).sum());
        Run run = new Run(baseSeed, ran, only != null, counts);
        report(property, run);
        return run;
    }

    private static void report(String property, Run run) {
        StringBuilder text = new StringBuilder();
        text.append("property=").append(property).append('\n');
        text.append("baseSeed=").append(run.baseSeed()).append('\n');
        text.append("replay=").append(run.replay()).append('\n');
        run.counts().forEach((what, count) -> text.append(what).append('=').append(count).append('\n'));
        try {
            Path dir = Path.of("target", "property-reports");
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(property + ".txt"), text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the property report", e);
        }
    }

    private static String seedOf(Run run) {
        return " (base seed " + run.baseSeed() + ", counts " + run.counts() + ")";
    }

    @Test
    void everyValueOfARandomItemRoundTripsExactlyThroughTheChangeDocument() {
        Run run = check("everyValueOfARandomItemRoundTripsExactlyThroughTheChangeDocument", (index, random, counts) -> {
            AttributeTrees trees = new AttributeTrees(random, counts);
            Map<String, Node> oldImage = trees.image(random.nextInt(6), 1);
            Map<String, Node> newImage = trees.image(1 + random.nextInt(8), 1);
            if (index % DEEP_EVERY == 0) {
                String name = trees.name();
                if (!newImage.containsKey(name)) {
                    newImage.put(name, trees.deepChain(1));
                }
            }
            ObjectNode record = record("MODIFY", "1" + Long.toUnsignedString(random.nextLong()) + "0000", oldImage, newImage);

            List<StreamRecord> mapped = mapper.map(runtimeRead(record));

            assertEquals(1, mapped.size());
            StreamRecord only = mapped.get(0);
            assertTrue(only instanceof StreamRecord.Readable,
                    () -> "a valid item must map; got " + ((StreamRecord.Unreadable) only).problem());
            String json = ChangeDocument.of(((StreamRecord.Readable) only).change()).json();
            JsonNode document = EXACT.readTree(json);
            String newDifference = AttributeTrees.difference("new", plain(newImage), document.get("new"));
            assertNull(newDifference, () -> newDifference + " in " + json);
            String oldDifference = AttributeTrees.difference("old", plain(oldImage), document.get("old"));
            assertNull(oldDifference, () -> oldDifference + " in " + json);
            assertEquals("UPDATED", document.get("kind").asText());
            counts.merge("maxDepth", (long) trees.maxDepth, Math::max);
        });

        if (run.expectsCoverage()) {
            for (String type : AttributeTrees.TYPES) {
                assertTrue(run.count("type." + type) > 0, "type " + type + " never generated" + seedOf(run));
            }
            assertTrue(run.count("maxDepth") >= 5, "nesting never reached depth 5" + seedOf(run));
            for (String kind : List.of("string.empty", "binary.empty", "number.zero", "number.digits38", "number.exponentMax",
                    "number.exponentMin", "literal.plain", "literal.toString", "literal.engineering", "name.surrogatePair",
                    "name.jsonEscape", "string.surrogatePair")) {
                assertTrue(run.count(kind) > 0, kind + " never generated" + seedOf(run));
            }
        }
    }

    /** The four malformations the issue names, each in a random otherwise valid record. */
    enum Malformation { MISSING_DYNAMODB, UNKNOWN_EVENT_NAME, NULL_SEQUENCE_NUMBER, UNPARSEABLE_NUMBER }

    private static final List<String> NOT_NUMBERS =
            List.of("abc", "1..2", "--1", "", " ", "0x1F", "1e", "NaN", "Infinity", "-Infinity", "1,5", "\u0661\u0662", "1E+99999999999", "+-0");

    @Test
    void malformedEventsMapToAClearUnreadableRecordAndNeverThrow() {
        Malformation[] malformations = Malformation.values();
        Run run = check("malformedEventsMapToAClearUnreadableRecordAndNeverThrow", (index, random, counts) -> {
            Malformation malformation = malformations[random.nextInt(malformations.length)];
            AttributeTrees trees = new AttributeTrees(random, counts);
            Map<String, Node> newImage = trees.image(1 + random.nextInt(5), 1);
            int notANumberIndex = random.nextInt(NOT_NUMBERS.size());
            String notANumber = NOT_NUMBERS.get(notANumberIndex);
            ObjectNode record = record("INSERT", "4" + Math.abs(random.nextLong() % 1_000_000_000L) + "000000000000", Map.of(), newImage);
            record.remove("OldImage");
            String expected;
            switch (malformation) {
                case MISSING_DYNAMODB:
                    record.remove("dynamodb");
                    expected = "dynamodb is missing";
                    break;
                case UNKNOWN_EVENT_NAME:
                    boolean upsert = random.nextBoolean();
                    record.put("eventName", upsert ? "UPSERT" : trees.string(1 + random.nextInt(5)));
                    counts.merge(upsert ? "eventName.UPSERT" : "eventName.random", 1L, Long::sum);
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
                    counts.merge("notANumber." + notANumberIndex, 1L, Long::sum);
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
            counts.merge("malformation." + malformation, 1L, Long::sum);
        });

        if (run.expectsCoverage()) {
            for (Malformation malformation : malformations) {
                assertTrue(run.count("malformation." + malformation) > 0, malformation + " never generated" + seedOf(run));
            }
            for (int i = 0; i < NOT_NUMBERS.size(); i++) {
                assertTrue(run.count("notANumber." + i) > 0, "bad number '" + NOT_NUMBERS.get(i) + "' never tried" + seedOf(run));
            }
            assertTrue(run.count("eventName.UPSERT") > 0 && run.count("eventName.random") > 0,
                    "both kinds of unknown eventName must be tried" + seedOf(run));
        }
    }

    @Test
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
