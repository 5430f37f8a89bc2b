package dev.eddy.bootstrap.lambda;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse.BatchItemFailure;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eddy.adapters.aws.observability.JsonLogger;
import dev.eddy.adapters.aws.observability.Observability;
import dev.eddy.adapters.aws.stream.json.DynamodbEventJsonReader;
import dev.eddy.adapters.aws.stream.json.MalformedEventException;
import dev.eddy.application.RecordRef;
import dev.eddy.application.RecordsOnDemand;
import dev.eddy.application.StreamRecord;
import dev.eddy.application.pipeline.ChangeStep;
import dev.eddy.application.pipeline.EffectFailure;
import dev.eddy.application.pipeline.Effects;
import dev.eddy.domain.Change;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class StreamingHandlerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path MAPPER_FIXTURES = Path.of("..", "adapters-aws", "src", "test", "resources", "events");
    private static final String SEQ_1 = "111100000000012345678901";
    private static final String SEQ_2 = "111200000000012345678902";
    private static final String SEQ_3 = "111300000000012345678903";
    private static final String SEQ_4 = "111400000000012345678904";
    private static final String SEQ_5 = "111500000000012345678905";
    private static final String NO_FAILURES = "{\"batchItemFailures\":[]}";

    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final PrintStream stream = new PrintStream(output, true, StandardCharsets.UTF_8);

    /** Both handlers, as the composition root wires them, each over its own use case with these extra steps. */
    private final class Handlers {
        final StreamHandler pojo;
        final StreamingHandler streaming;

        Handlers(Map<String, String> environment, ChangeStep pojoStep, ChangeStep streamingStep) {
            this.pojo = batch(environment, pojoStep);
            this.streaming = new StreamingHandler(batch(environment, streamingStep));
        }
    }

    private StreamHandler batch(Map<String, String> environment, ChangeStep... extraSteps) {
        Configuration configuration = Configuration.from(environment);
        Observability observability = Observability.to(stream, Clock.systemUTC(), configuration.functionName(),
                configuration.logItemValues(), JsonLogger.Level.TRACE);
        EddyWiring wiring = new EddyWiring(configuration, observability, Clock.systemUTC());
        List<ChangeStep> steps = new ArrayList<>(wiring.steps());
        steps.addAll(Arrays.asList(extraSteps));
        return new StreamHandler(wiring.useCase(steps), wiring.mapper(), observability.logger());
    }

    private StreamingHandler streaming(ChangeStep... extraSteps) {
        return new StreamingHandler(batch(Map.of(), extraSteps));
    }

    private static String invoke(StreamingHandler handler, String eventJson) {
        return invoke(handler, eventJson.getBytes(StandardCharsets.UTF_8));
    }

    private static String invoke(StreamingHandler handler, byte[] event) {
        ByteArrayOutputStream response = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(event), response, new TestContext("request-1", 60_000));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return response.toString(StandardCharsets.UTF_8);
    }

    private static String failureOf(String sequenceNumber) {
        return "{\"batchItemFailures\":[{\"itemIdentifier\":\"" + sequenceNumber + "\"}]}";
    }

    private List<JsonNode> lines(String message) {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : output.toString(StandardCharsets.UTF_8).split("\n")) {
            try {
                JsonNode node = JSON.readTree(line);
                if (message.equals(node.path("message").asText())) {
                    lines.add(node);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("not a JSON line: " + line, e);
            }
        }
        return lines;
    }

    /** Remembers every change it sees; fails, retryably, the one with this sequence number. */
    private static final class RecordingStep implements ChangeStep {
        private final String failAt;
        private final List<Change> seen = new ArrayList<>();

        RecordingStep(String failAt) {
            this.failAt = failAt;
        }

        @Override
        public String name() {
            return "recording";
        }

        @Override
        public void apply(Change change, Effects effects) {
            seen.add(change);
            if (change.source().sequenceNumber().equals(failAt)) {
                throw EffectFailure.retryable("projection table throttled");
            }
        }

        List<String> sequenceNumbers() {
            return seen.stream().map(c -> c.source().sequenceNumber()).collect(Collectors.toList());
        }
    }

    @Test
    void fullSuccessReportsNoItemFailures() {
        String response = invoke(streaming(), RuntimeJson.sample("iot-batch.json"));

        assertEquals(NO_FAILURES, response);
        List<String> kinds = lines("change").stream().map(n -> n.get("kind").asText()).collect(Collectors.toList());
        assertEquals(List.of("CREATED", "CREATED", "UPDATED", "DELETED", "EXPIRED"), kinds);
        assertTrue(lines("change").stream().allMatch(n -> "request-1".equals(n.path("requestId").asText())));
    }

    @Test
    void failureInTheMiddleReportsThatRecordsSequenceNumberAndProcessesNothingAfterIt() {
        RecordingStep recording = new RecordingStep(SEQ_3);

        String response = invoke(streaming(recording), RuntimeJson.sample("iot-batch.json"));

        assertEquals(failureOf(SEQ_3), response);
        assertEquals(3, recording.seen.size(), "records 4 and 5 are left to the stream's retry");
        assertEquals(SEQ_3, lines("record failed").get(0).get("sequenceNumber").asText());
        assertFalse(output.toString(StandardCharsets.UTF_8).contains(SEQ_4));
    }

    @Test
    void emptyBatchReportsNoItemFailures() {
        String response = invoke(streaming(), RuntimeJson.resource("empty-batch.json"));

        assertEquals(NO_FAILURES, response);
        assertEquals(1, lines("batch finished").size());
    }

    @Test
    void unreadableRecordWithoutADeadLetterTopicIsReportedAndStopsTheBatch() {
        String response = invoke(streaming(), RuntimeJson.resource("unreadable-in-the-middle.json"));

        assertEquals(failureOf("111250000000012345678999"), response);
        assertEquals(1, lines("change").size(), "only the record before it was processed");
        JsonNode failed = lines("record failed").get(0);
        assertEquals("mapping", failed.get("stage").asText());
        assertTrue(failed.get("reason").asText().contains("eventName"), failed.toString());
    }

    /**
     * A binary that is not base64: the runtime's deserializer rejects the whole event, so the POJO
     * handler is never even called and Lambda retries the batch until the records expire. The
     * streaming handler processes the records before it and reports the bad one.
     */
    @Test
    void recordTheRuntimeCannotDeserializeIsIsolatedAndReported() {
        String sample = RuntimeJson.sample("iot-batch.json");
        String broken = sample.replace("\"AQIDBA==\"", "\"not*base64\"");
        assertFalse(broken.equals(sample), "the sample has a binary to break");
        assertThrows(RuntimeException.class, () -> RuntimeJson.event(broken), "the runtime rejects the event");
        RecordingStep recording = new RecordingStep(null);

        String response = invoke(streaming(recording), broken);

        JsonNode failed = lines("record failed").get(0);
        assertAll(
                () -> assertEquals(failureOf(SEQ_5), response),
                () -> assertEquals("mapping", failed.get("stage").asText()),
                () -> assertEquals("OldImage.firmware: B value is not valid base64", failed.get("reason").asText()),
                () -> assertEquals(List.of(SEQ_1, SEQ_2, SEQ_3, SEQ_4), recording.sequenceNumbers(),
                        "the records before the bad one were processed"));
    }

    @Test
    void payloadThatIsNoStreamEventIsLoggedAndRethrownSoLambdaRetriesIt() {
        StreamingHandler handler = streaming();

        MalformedEventException e = assertThrows(MalformedEventException.class,
                () -> invoke(handler, "{\"Records\":[{\"eventID\":SECRET"));

        JsonNode rejected = lines("event rejected; it is not a DynamoDB stream event").get(0);
        assertAll(
                () -> assertEquals("ERROR", rejected.get("level").asText()),
                () -> assertEquals("request-1", rejected.get("requestId").asText()),
                () -> assertEquals(e.getMessage(), rejected.get("problem").asText()),
                () -> assertFalse(output.toString(StandardCharsets.UTF_8).contains("SECRET")));
    }

    /** Records are read when the use case takes them, but the event is checked whole before the first one. */
    @Test
    void anEventWhoseLastRecordIsNotJsonIsRejectedBeforeAnyRecordIsProcessed() {
        String sample = RuntimeJson.sample("iot-batch.json");
        String broken = sample.replace("\"" + SEQ_5 + "\"", SEQ_5 + "x");
        assertFalse(broken.equals(sample), "the sample has the last record's sequence number to break");
        RecordingStep recording = new RecordingStep(null);

        assertThrows(MalformedEventException.class, () -> invoke(streaming(recording), broken));

        assertAll(
                () -> assertEquals(List.of(), recording.sequenceNumbers(), "no record was processed"),
                () -> assertEquals(List.of(), lines("change"), "no record was logged"),
                () -> assertEquals(1, lines("event rejected; it is not a DynamoDB stream event").size()));
    }

    @Test
    void responseBytesAreWhatTheRuntimeWritesForTheSameResponse() {
        assertAll(
                () -> assertEquals(RuntimeJson.response(new StreamsEventResponse(List.of())),
                        new String(StreamingHandler.response(Optional.empty()), StandardCharsets.UTF_8)),
                () -> assertEquals(RuntimeJson.response(new StreamsEventResponse(List.of(new BatchItemFailure("42")))),
                        new String(StreamingHandler.response(Optional.of(new RecordRef("42", "e"))),
                                StandardCharsets.UTF_8)),
                () -> assertEquals(RuntimeJson.response(new StreamsEventResponse(List.of(new BatchItemFailure(null)))),
                        new String(StreamingHandler.response(Optional.of(new RecordRef(null, null))),
                                StandardCharsets.UTF_8)));
    }

    /**
     * Up to {@link StreamingHandler#ONE_PASS_MAX_BYTES} an event is read whole; past it, on demand.
     * The same sample batch, padded past the line with a field the reader ignores, gives the same
     * changes and the same response either way.
     */
    @Test
    void readsASmallEventWholeAndALargeOneOnDemandIntoTheSameChanges() {
        String sample = RuntimeJson.read(RuntimeJson.SAMPLES.resolve("iot-batch.json"));
        byte[] small = sample.getBytes(StandardCharsets.UTF_8);
        byte[] atTheLine = padded(sample, StreamingHandler.ONE_PASS_MAX_BYTES);
        byte[] large = padded(sample, StreamingHandler.ONE_PASS_MAX_BYTES + 1);
        DynamodbEventJsonReader reader = new DynamodbEventJsonReader();

        List<StreamRecord> whole = StreamingHandler.records(reader, small);
        List<StreamRecord> wholeAtTheLine = StreamingHandler.records(reader, atTheLine);
        List<StreamRecord> onDemand = StreamingHandler.records(reader, large);

        assertFalse(whole instanceof RecordsOnDemand, "a small event is read whole");
        assertFalse(wholeAtTheLine instanceof RecordsOnDemand, "an event of exactly the line is read whole");
        assertTrue(onDemand instanceof RecordsOnDemand, "a larger event is read on demand");
        assertTrue(whole.size() > 1);
        assertEquals(changes(whole), changes(onDemand));
        assertEquals(changes(whole), changes(wholeAtTheLine));

        RecordingStep smallSteps = new RecordingStep(null);
        RecordingStep largeSteps = new RecordingStep(null);
        String smallResponse = invoke(new Handlers(Map.of(), new RecordingStep(null), smallSteps).streaming, small);
        String largeResponse = invoke(new Handlers(Map.of(), new RecordingStep(null), largeSteps).streaming, large);
        assertEquals(NO_FAILURES, smallResponse);
        assertEquals(smallResponse, largeResponse);
        assertEquals(smallSteps.seen, largeSteps.seen);
    }

    /** The event with an ignored top-level field that brings it to exactly {@code size} bytes. */
    private static byte[] padded(String event, int size) {
        String head = "{\"padding\":\"";
        String tail = "\"," + event.strip().substring(1);
        int fill = size - head.length() - tail.getBytes(StandardCharsets.UTF_8).length;
        byte[] padded = (head + "x".repeat(fill) + tail).getBytes(StandardCharsets.UTF_8);
        assertEquals(size, padded.length);
        return padded;
    }

    private static List<Change> changes(List<StreamRecord> records) {
        return records.stream().map(r -> ((StreamRecord.Readable) r).change()).collect(Collectors.toList());
    }

    /** The sample batch and every mapper fixture the runtime can deserialize, failing nowhere or at each record. */
    static Stream<String> eventsBothHandlersCanRead() throws IOException {
        List<String> events = new ArrayList<>();
        events.add(RuntimeJson.SAMPLES.resolve("iot-batch.json").toString());
        try (Stream<Path> files = Files.list(MAPPER_FIXTURES)) {
            files.filter(f -> f.toString().endsWith(".json"))
                    .filter(f -> !f.getFileName().toString().startsWith("runtime-rejects-"))
                    .sorted()
                    .forEach(f -> events.add(f.toString()));
        }
        return events.stream();
    }

    @ParameterizedTest
    @MethodSource("eventsBothHandlersCanRead")
    void bothHandlersGiveTheSameResponseAndProcessTheSameChanges(String path) {
        String event = RuntimeJson.read(Path.of(path));
        Set<String> failAt = new LinkedHashSet<>();
        failAt.add(null); // no failure
        for (JsonNode record : readTree(event).path("Records")) {
            failAt.add(record.path("dynamodb").path("SequenceNumber").asText(null));
        }
        for (String sequenceNumber : failAt) {
            RecordingStep pojoSteps = new RecordingStep(sequenceNumber);
            RecordingStep streamingSteps = new RecordingStep(sequenceNumber);
            Handlers handlers = new Handlers(Map.of(), pojoSteps, streamingSteps);

            String pojoResponse = RuntimeJson.response(handlers.pojo.handleRequest(RuntimeJson.event(event),
                    new TestContext("request-1", 60_000)));
            String streamingResponse = invoke(handlers.streaming, event);

            String what = path + " failing at " + sequenceNumber;
            assertEquals(pojoResponse, streamingResponse, what);
            assertEquals(pojoSteps.sequenceNumbers(), streamingSteps.sequenceNumbers(), what);
            assertEquals(toTheMillisecond(pojoSteps.seen), toTheMillisecond(streamingSteps.seen), what);
        }
    }

    /**
     * The runtime keeps whole milliseconds of a fractional creation time (the streaming reader
     * keeps it exact, see DynamodbEventJsonReader): compare at the reference's precision.
     */
    private static List<String> toTheMillisecond(List<Change> changes) {
        return changes.stream()
                .map(c -> c.toString().replace(c.source().approximateCreationTime().toString(),
                        c.source().approximateCreationTime().truncatedTo(ChronoUnit.MILLIS).toString()))
                .collect(Collectors.toList());
    }

    private static JsonNode readTree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
