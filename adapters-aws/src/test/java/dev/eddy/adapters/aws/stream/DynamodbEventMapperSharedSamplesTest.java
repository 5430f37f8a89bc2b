package dev.eddy.adapters.aws.stream;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eddy.application.StreamRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Maps every public sample stream payload in {@code <repo root>/../shared/events} (collected from
 * AWS libraries and tools, see SOURCES.md there) exactly as the runtime would deliver it. Each record
 * must be readable, unless the sample is known to be unreadable on purpose (template placeholders,
 * made-up ARNs, no creation time). Skipped when the samples are not beside the repository.
 */
class DynamodbEventMapperSharedSamplesTest {
    private static final String NOT_A_STREAM_ARN = "is not a DynamoDB stream ARN";
    private static final String NO_CREATION_TIME = "dynamodb.ApproximateCreationDateTime is missing";

    /** Per sample, per record: the change kind, or the start of the deliberate problem. */
    private static final Map<String, List<String>> EXPECTED = Map.of(
            "Ankcorn-dynamodb-streams-test__README_NEW_AND_OLD_IMAGES_REMOVE_manual-delete.json", List.of("DELETED"),
            "aws-lambda-dotnet__dynamodb-event_TTL-REMOVE.json", List.of("CREATED", "EXPIRED"),
            "aws-lambda-dotnet__dynamodb-with-ms-event.json", List.of("CREATED", "EXPIRED"),
            "aws-lambda-go__dynamodb-event.json", List.of("CREATED", "CREATED"),
            "aws-lambda-java-libs__dynamo_event.json", List.of("CREATED", "UPDATED", "DELETED"),
            "aws-lambda-java-libs__dynamo_time_window_event.json", List.of(NO_CREATION_TIME, NO_CREATION_TIME),
            "aws-sam-cli__DynamoDBUpdate.json", List.of(NOT_A_STREAM_ARN, NOT_A_STREAM_ARN, NOT_A_STREAM_ARN),
            "powertools-lambda-python__dynamoStreamEvent.json", List.of(NOT_A_STREAM_ARN, NOT_A_STREAM_ARN));

    private final DynamodbEventMapper mapper = new DynamodbEventMapper();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void everySharedSampleRecordIsReadableOrDeliberatelyUnreadable() throws IOException {
        List<Path> samples = streamSamples(sharedEvents());
        assertFalse(samples.isEmpty(), "no stream event samples found");

        List<Executable> checks = new ArrayList<>();
        for (Path sample : samples) {
            String name = sample.getFileName().toString();
            List<StreamRecord> records = mapper.map(LambdaEvents.file(sample));
            List<String> outcomes = records.stream().map(DynamodbEventMapperSharedSamplesTest::outcome)
                    .collect(Collectors.toList());
            List<String> expected = EXPECTED.getOrDefault(name,
                    records.stream().map(r -> "readable").collect(Collectors.toList()));
            checks.add(() -> assertEquals(expected, matched(expected, outcomes), name + ": " + outcomes));
        }
        assertAll(checks);
    }

    @Test
    void millisecondCreationTimeInTheDotnetSampleReadsAsTheRightInstant() {
        Path sample = sharedEvents().resolve("aws-lambda-dotnet__dynamodb-with-ms-event.json");
        Assumptions.assumeTrue(Files.isRegularFile(sample), () -> "sample absent: " + sample);

        List<StreamRecord> records = mapper.map(LambdaEvents.file(sample));

        assertAll(
                () -> assertEquals(Instant.parse("2016-12-02T01:27:00Z"),
                        DynamodbEventMapperTest.readable(records.get(0)).source().approximateCreationTime()),
                () -> assertEquals(Instant.parse("2016-12-02T01:27:00Z"),
                        DynamodbEventMapperTest.readable(records.get(1)).source().approximateCreationTime()));
    }

    /** Each outcome, rewritten to its expectation when it matches it, so a mismatch shows both whole. */
    private static List<String> matched(List<String> expected, List<String> outcomes) {
        List<String> result = new ArrayList<>(outcomes.size());
        for (int i = 0; i < outcomes.size(); i++) {
            String outcome = outcomes.get(i);
            String want = i < expected.size() ? expected.get(i) : null;
            boolean matches = want != null && ("readable".equals(want)
                    ? !outcome.startsWith("unreadable: ")
                    : outcome.equals(want) || outcome.startsWith("unreadable: ") && outcome.contains(want));
            result.add(matches ? want : outcome);
        }
        return result;
    }

    private static String outcome(StreamRecord record) {
        if (record instanceof StreamRecord.Readable readable) {
            return readable.change().kind().name();
        }
        return "unreadable: " + ((StreamRecord.Unreadable) record).problem();
    }

    /** Payloads whose records come from DynamoDB streams; responses and failure-destination records are not. */
    private List<Path> streamSamples(Path directory) throws IOException {
        List<Path> samples = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().collect(Collectors.toList())) {
                JsonNode records = json.readTree(file.toFile()).path("Records");
                if (records.isArray() && records.size() > 0 && records.get(0).has("dynamodb")) {
                    samples.add(file);
                }
            }
        }
        return samples;
    }

    /**
     * {@code <repo root>/../shared/events}; from a git worktree, beside the main checkout. The system
     * property {@code eddy.shared.events} overrides both.
     */
    static Path sharedEvents() {
        String override = System.getProperty("eddy.shared.events");
        if (override != null && !override.isBlank()) {
            Path path = Path.of(override);
            Assumptions.assumeTrue(Files.isDirectory(path), () -> "eddy.shared.events is not a directory: " + path);
            return path;
        }
        Path root = repositoryRoot();
        List<Path> candidates = new ArrayList<>();
        candidates.add(root.resolve("../shared/events").normalize());
        mainCheckoutOfWorktree(root).ifPresent(main -> candidates.add(main.resolve("../shared/events").normalize()));
        for (Path candidate : candidates) {
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return Assumptions.abort("shared sample events are not beside the repository; looked in " + candidates);
    }

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path at = dir; at != null; at = at.getParent()) {
            if (Files.isRegularFile(at.resolve("mvnw")) && Files.isDirectory(at.resolve(".mvn"))) {
                return at;
            }
        }
        return dir;
    }

    /** A worktree's .git is a file naming its git dir, whose commondir leads to the main checkout's .git. */
    private static Optional<Path> mainCheckoutOfWorktree(Path root) {
        Path dotGit = root.resolve(".git");
        if (!Files.isRegularFile(dotGit)) {
            return Optional.empty();
        }
        try {
            String pointer = Files.readString(dotGit).trim();
            if (!pointer.startsWith("gitdir:")) {
                return Optional.empty();
            }
            Path gitDir = root.resolve(pointer.substring("gitdir:".length()).trim());
            Path commonDir = gitDir.resolve(Files.readString(gitDir.resolve("commondir")).trim()).normalize();
            return Optional.ofNullable(commonDir.getParent());
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
