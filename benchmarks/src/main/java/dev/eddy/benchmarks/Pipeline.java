package dev.eddy.benchmarks;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.eddy.adapters.aws.config.AlertsWiring;
import dev.eddy.adapters.aws.config.projection.ProjectionsParser;
import dev.eddy.adapters.aws.sns.InMemorySnsHttpClient;
import dev.eddy.adapters.aws.sns.RecordingSns;
import dev.eddy.adapters.aws.sns.SnsClients;
import dev.eddy.adapters.aws.sns.SnsNotificationPublisher;
import dev.eddy.adapters.aws.sns.SnsPublishBatchClient;
import dev.eddy.adapters.aws.stream.DynamodbEventMapper;
import dev.eddy.adapters.aws.stream.json.DynamodbEventJsonReader;
import dev.eddy.application.StreamRecord;
import dev.eddy.application.changeevent.ChangeDocuments;
import dev.eddy.application.pipeline.ChangeStep;
import dev.eddy.application.pipeline.Channel;
import dev.eddy.application.pipeline.Effects;
import dev.eddy.application.port.in.BatchOutcome;
import dev.eddy.application.port.in.ProcessChangeBatchCommand;
import dev.eddy.application.port.out.DeliveryLedger;
import dev.eddy.application.port.out.ProcessingEvents;
import dev.eddy.application.service.NotificationDelivery;
import dev.eddy.application.service.ProcessChangeBatchService;
import dev.eddy.domain.Change;
import dev.eddy.domain.projection.ProjectionResult;
import dev.eddy.domain.projection.ProjectionSpec;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.regions.Region;

/**
 * The in-process pipeline the benchmarks run, built from Eddy's real parts:
 * event bytes, then one of the readers, then {@link ProcessChangeBatchService} over the five alert
 * rules of {@code benchmarks/alert-rules.json} (RaiseAlertsStep with EventRulerMatcher) and two
 * projections computed with {@link ProjectionSpec#project} (latest state and an hourly aggregate;
 * no store, no I/O), then delivery through the real {@link SnsNotificationPublisher} and SDK
 * {@link SnsPublishBatchClient} (signing included) into {@link InMemorySnsHttpClient}.
 *
 * <p>Files are read from {@code EDDY_EVENTS_DIR} (default: the working directory, which
 * {@code run.sh} sets to {@code benchmarks/}); the rules from {@code alert-rules.json} there.
 */
final class Pipeline {
    static final String PROJECTIONS = "["
            + "{\"name\":\"latest-reading\",\"type\":\"latest\",\"partitionKey\":\"id\",\"attributes\":[\"temperature\",\"status\"]},"
            + "{\"name\":\"hourly-temperature\",\"type\":\"aggregate\",\"partitionKey\":\"id\","
            + "\"bucket\":{\"attribute\":\"timestamp\",\"size\":\"hour\"},\"values\":[\"temperature\"]}]";
    private static final String TOPIC = "arn:aws:sns:us-east-1:123456789012:eddy-alerts";
    private static final JsonFactory JSON = new JsonFactory();

    final byte[] event;
    final int records;
    final InMemorySnsHttpClient http = new InMemorySnsHttpClient();
    private final ProcessChangeBatchService service;
    private final ProjectionsComputed projections;
    private final ChangeStep alerts;
    private final PojoSerializer<DynamodbEvent> runtimeSerializer =
            LambdaEventSerializers.serializerFor(DynamodbEvent.class, Pipeline.class.getClassLoader());
    private final DynamodbEventMapper mapper = new DynamodbEventMapper();
    private final DynamodbEventJsonReader reader = new DynamodbEventJsonReader();
    private final SnsPublishBatchClient sns;
    /** The PublishBatch bodies the pipeline sends for this file, byte for byte. */
    private final byte[][] bodies;
    private final SignedRequests signedRequests;

    Pipeline(String file) {
        Path dir = Path.of(System.getenv().getOrDefault("EDDY_EVENTS_DIR", "."));
        try {
            event = Files.readAllBytes(dir.resolve(file));
            String rules = Files.readString(dir.resolve("alert-rules.json"), StandardCharsets.UTF_8);
            ChangeDocuments documents = new ChangeDocuments();
            alerts = AlertsWiring.alertStep(rules, documents)
                    .orElseThrow(() -> new IllegalStateException("alert-rules.json declares no rule"));
            projections = new ProjectionsComputed(ProjectionsParser.parse(PROJECTIONS));
            // The deployed function's SNS client configuration (SnsClients), over the in-memory HTTP client.
            sns = SnsClients.inMemory(Region.US_EAST_1, http);
            service = new ProcessChangeBatchService(List.of(alerts, projections),
                    new NotificationDelivery(SnsNotificationPublisher.create(sns, Map.of(Channel.ALERTS, TOPIC)), DeliveryLedger.NONE),
                    ProcessingEvents.NONE, Clock.systemUTC(), Duration.ofSeconds(3), false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir.resolve(file) + " (generate it: node generate-events.js)", e);
        }
        records = readFast().size();
        bodies = sentBodies().toArray(byte[][]::new);
        signedRequests = new SignedRequests(List.of(bodies), Instant.now());
    }

    /**
     * The PublishBatch bodies one run of the pipeline sends for this file, exactly: its alerts
     * delivered once through the same client configuration, with every body kept (the projections
     * send nothing). {@link #check} holds the benchmarked runs to the same count and bytes.
     */
    private List<byte[]> sentBodies() {
        List<byte[]> sent = new ArrayList<>();
        try (SnsPublishBatchClient recording = RecordingSns.inMemory(Region.US_EAST_1, new InMemorySnsHttpClient(), sent)) {
            BatchOutcome outcome = new ProcessChangeBatchService(List.of(alerts),
                    new NotificationDelivery(SnsNotificationPublisher.create(recording, Map.of(Channel.ALERTS, TOPIC)), DeliveryLedger.NONE),
                    ProcessingEvents.NONE, Clock.systemUTC(), Duration.ofSeconds(3), false)
                    .process(new ProcessChangeBatchCommand(readFast(), () -> Duration.ofMinutes(15)));
            if (outcome.failure().isPresent() || sent.isEmpty()) {
                throw new IllegalStateException("the benchmark batch sent no request: " + outcome);
            }
        }
        return sent;
    }

    /** The parse floor: every token of the event, nothing built. */
    long tokenScan() {
        long tokens = 0;
        try (JsonParser parser = JSON.createParser(event)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                tokens += token.id();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return tokens;
    }

    /** The naive read: the runtime's POJO deserialization, then the reference mapper. */
    List<StreamRecord> readNaive() {
        return mapper.map(runtimeSerializer.fromJson(new ByteArrayInputStream(event)));
    }

    /** The fast read: straight from the event's bytes into stream records. */
    List<StreamRecord> readFast() {
        return reader.read(event);
    }

    /**
     * The deployed handler's read: the event checked and split into records, then every record
     * read as it is taken. Answers the number of readable records, so that every one is read.
     */
    int readOnDemand() {
        int readable = 0;
        for (StreamRecord record : reader.readOnDemand(event)) {
            if (record instanceof StreamRecord.Readable) {
                readable++;
            }
        }
        return readable;
    }

    /**
     * SigV4's SHA-256 of the request bodies the pipeline sends for this file, and nothing else: a piece
     * of its work that the alerts, their message attributes, SNS's query protocol and the JDK fix,
     * whatever the code around it. Against {@link #tokenScan}, it bounds how close to the floor any
     * pipeline that sends the same signed PublishBatch requests can come. Answers a digest byte, so
     * that it is used.
     */
    long bodyHashes() {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            long sum = 0;
            for (byte[] body : bodies) {
                sum += sha256.digest(body)[0];
            }
            return sum;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The same requests written from the alerts' texts and signed with SigV4, and nothing else
     * ({@link SignedRequests}): what sending them adds to reading the event, done as cheaply as we know how.
     * Answers a byte of each signature, so that it is used.
     */
    long signedRequests() {
        return signedRequests.run();
    }

    /** The bytes {@link #bodyHashes} hashes. */
    long bodyBytes() {
        long bytes = 0;
        for (byte[] body : bodies) {
            bytes += body.length;
        }
        return bytes;
    }

    BatchOutcome process(List<StreamRecord> batch) {
        return service.process(new ProcessChangeBatchCommand(batch, () -> Duration.ofMinutes(15)));
    }

    /**
     * What the Node baseline's loop does, no more: the changes through the five rules, alerts
     * rendered (body and attributes), nothing published, no projections.
     */
    int alertsOnly(List<StreamRecord> batch) {
        int[] rendered = new int[1];
        Effects effects = notification -> rendered[0] += notification.body().length();
        for (StreamRecord record : batch) {
            if (record instanceof StreamRecord.Readable readable) {
                alerts.apply(readable.change(), effects);
            }
        }
        return rendered[0];
    }

    long projectionUpdates() {
        return projections.updates;
    }

    void close() {
        sns.close();
    }

    /** Checks one full run: every record succeeded and {@code alerts} entries went out. */
    void check(int expectedAlerts) {
        http.reset();
        List<StreamRecord> read = readFast();
        long readable = read.stream().filter(StreamRecord.Readable.class::isInstance).count();
        if (read.size() != readNaive().size() || readable != read.size() || readOnDemand() != readable) {
            throw new IllegalStateException("the reads disagree or a record is unreadable: " + read.size() + " records, "
                    + readable + " readable, " + readOnDemand() + " readable on demand");
        }
        for (List<StreamRecord> batch : List.of(readNaive(), read)) {
            long bytesBefore = http.bodyBytes();
            long requestsBefore = http.requests();
            BatchOutcome outcome = process(batch);
            if (outcome.failure().isPresent()) {
                throw new IllegalStateException("the benchmark batch failed: " + outcome);
            }
            if (http.requests() - requestsBefore != bodies.length || http.bodyBytes() - bytesBefore != bodyBytes()) {
                throw new IllegalStateException("sent " + (http.bodyBytes() - bytesBefore) + " body bytes in "
                        + (http.requests() - requestsBefore) + " requests, but bodyHashes hashes " + bodyBytes() + " in "
                        + bodies.length);
            }
        }
        if (expectedAlerts >= 0 && http.entries() != 2L * expectedAlerts) {
            throw new IllegalStateException("published " + http.entries() / 2 + " alerts per run, expected " + expectedAlerts);
        }
        if (http.requests() != 2L * ((expectedAlerts + 9) / 10) && expectedAlerts >= 0) {
            throw new IllegalStateException("made " + http.requests() / 2 + " PublishBatch calls per run, expected "
                    + (expectedAlerts + 9) / 10);
        }
        http.reset();
    }

    /** Two projections, computed and counted, never stored. */
    private static final class ProjectionsComputed implements ChangeStep {
        private final List<ProjectionSpec> specs;
        long updates;

        ProjectionsComputed(List<ProjectionSpec> specs) {
            this.specs = new ArrayList<>(specs);
        }

        @Override
        public String name() {
            return "projections-computed";
        }

        @Override
        public void apply(Change change, Effects effects) {
            for (ProjectionSpec spec : specs) {
                ProjectionResult result = spec.project(change);
                updates += result.updates().size();
            }
        }
    }
}
