package dev.eddy.bootstrap.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.testsupport.dynamodb.DynamoDbFaultServer;
import dev.eddy.testsupport.http.SilentHttpServer;
import dev.eddy.testsupport.sns.LoopbackSnsServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import dev.eddy.adapters.aws.observability.JsonLogger;
import dev.eddy.adapters.aws.observability.Observability;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.crac.Context;
import org.crac.Resource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SnapStart priming runs a synthetic batch through mapping, rules and rendering with no external
 * effect: the loopback SNS and the DynamoDB server (projections and the ledger point at it) get no
 * request, and nothing is logged. The same records handled for real do reach both servers, so
 * the servers are wired and counting.
 */
class PrimingTest {
    private static final String RULES = "[{\"name\":\"hot\",\"severity\":\"WARNING\",\"message\":\"{keys.id} reads {new.temperature}\","
            + "\"pattern\":{\"new\":{\"temperature\":[{\"numeric\":[\">\",80]}]}}},"
            + "{\"name\":\"expired\",\"severity\":\"INFO\",\"message\":\"{keys.id} expired\",\"pattern\":{\"kind\":[\"EXPIRED\"]}}]";
    private static final String PROJECTIONS = "[{\"name\":\"latest\",\"type\":\"latest\",\"partitionKey\":\"id\",\"attributes\":[\"temperature\",\"status\"]},"
            + "{\"name\":\"hourly\",\"type\":\"aggregate\",\"partitionKey\":\"id\","
            + "\"bucket\":{\"attribute\":\"timestamp\",\"size\":\"hour\"},\"values\":[\"temperature\"]}]";
    private static final List<String> PROPERTIES = List.of("aws.endpointUrlSns", "aws.endpointUrlDynamoDb",
            "aws.accessKeyId", "aws.secretAccessKey");

    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final PrintStream stream = new PrintStream(output, true, StandardCharsets.UTF_8);
    private LoopbackSnsServer sns;
    private DynamoDbFaultServer dynamoDb;

    /** A CRaC context that only records what is registered with it. */
    private static final class RecordingContext extends Context<Resource> {
        final List<Resource> registered = new ArrayList<>();

        @Override
        public void beforeCheckpoint(Context<? extends Resource> context) {
            throw new UnsupportedOperationException("the test calls the resources itself");
        }

        @Override
        public void afterRestore(Context<? extends Resource> context) {
            throw new UnsupportedOperationException("the test calls the resources itself");
        }

        @Override
        public void register(Resource resource) {
            registered.add(resource);
        }
    }

    @BeforeEach
    void startServers() {
        sns = LoopbackSnsServer.start();
        // Fails every call but a read: the ledger's connection warm-up, at an on-demand start, is answered.
        dynamoDb = DynamoDbFaultServer.internalError().succeeding("BatchGetItem", "{\"Responses\":{\"ledger\":[]}}");
        System.setProperty("aws.endpointUrlSns", sns.endpoint().toString());
        System.setProperty("aws.endpointUrlDynamoDb", dynamoDb.endpoint().toString());
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
    }

    @AfterEach
    void stopServers() {
        PROPERTIES.forEach(System::clearProperty);
        sns.close();
        dynamoDb.close();
    }

    private static Map<String, String> everyFeature() {
        Map<String, String> environment = new HashMap<>();
        environment.put("AWS_REGION", "us-east-1");
        environment.put("AWS_LAMBDA_FUNCTION_NAME", "eddy-priming-test");
        environment.put("ALERT_RULES", RULES);
        environment.put("ALERT_TOPIC_ARN", "arn:aws:sns:us-east-1:123456789012:alerts");
        environment.put("CHANGE_TOPIC_ARN", "arn:aws:sns:us-east-1:123456789012:changes");
        environment.put("PROJECTIONS", PROJECTIONS);
        environment.put("PROJECTION_TABLE", "projections");
        environment.put("LEDGER_TABLE", "ledger");
        return environment;
    }

    /** Every feature but the DynamoDB ones: alerts and change events, over the loopback SNS. */
    private static Map<String, String> snsFeatures() {
        Map<String, String> environment = everyFeature();
        environment.remove("PROJECTIONS");
        environment.remove("PROJECTION_TABLE");
        environment.remove("LEDGER_TABLE");
        return environment;
    }

    /** Wires a handler from {@code environment} and runs the priming it registered, with the log emptied first. */
    private Priming.Summary primedAtCheckpoint(Map<String, String> environment) {
        RecordingContext checkpoints = new RecordingContext();
        StreamHandler.fromEnvironment(environment, stream, checkpoints);
        output.reset();
        return ((Priming) checkpoints.registered.get(0)).prime();
    }

    private static String primingEvent() {
        try (InputStream in = Priming.class.getResourceAsStream(Priming.EVENT)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void compositionRootRegistersItsPrimingWithCrac() {
        RecordingContext checkpoints = new RecordingContext();
        StreamHandler handler = StreamHandler.fromEnvironment(everyFeature(), stream, checkpoints);

        assertEquals(1, checkpoints.registered.size(), "one resource registered");
        assertInstanceOf(Priming.class, checkpoints.registered.get(0));
        assertSame(handler.priming(), checkpoints.registered.get(0), "the handler holds what it registered");
    }

    @Test
    void primingRunsTheSyntheticBatchWithoutAnyExternalEffect() throws Exception {
        RecordingContext checkpoints = new RecordingContext();
        StreamHandler handler = StreamHandler.fromEnvironment(everyFeature(), stream, checkpoints);
        output.reset();
        Priming priming = (Priming) checkpoints.registered.get(0);

        priming.beforeCheckpoint(checkpoints);
        Priming.Summary summary = priming.prime();
        priming.afterRestore(checkpoints);

        // It did prime: both readers (the streaming one whole and on demand), then the use case, in memory.
        assertEquals(12, summary.records(), "four synthetic records, read whole, on demand and from the runtime's event");
        assertEquals(12, summary.changes());
        int perPass = Priming.ROUNDS * 3;
        assertTrue(summary.batchesInMemory() >= perPass && summary.batchesInMemory() % perPass == 0,
                "every round's batches processed in whole passes: " + summary);
        int passes = summary.batchesInMemory() / perPass;
        assertTrue(passes > 1 && passes <= Priming.MAX_PASSES,
                "processed again until about " + Priming.PUBLISH_CALLS + " PublishBatch calls were made: " + passes + " passes");
        assertTrue(summary.publishCallsInMemory() >= Priming.PUBLISH_CALLS, summary.toString());
        assertEquals(0, summary.publishedInMemory() % summary.batchesInMemory(), "the same entries per batch: " + summary);
        assertTrue(summary.publishedInMemory() / summary.batchesInMemory() >= 4,
                "a change event per change, plus alerts, published through the SNS publisher and client: " + summary);
        assertEquals(List.of(), summary.inMemoryProblems());
        assertTrue(summary.storageRequestsInMemory() >= 2L * summary.batchesInMemory(),
                "projection updates applied and the ledger's two calls made per batch, in memory: " + summary);
        // And nothing left the process, nothing was logged.
        assertEquals(List.of(), sns.requests(), "SNS requests during priming");
        assertEquals(List.of(), dynamoDb.targets(), "DynamoDB requests during priming (projections, ledger)");
        assertEquals("", output.toString(StandardCharsets.UTF_8), "log output during priming");

        // The same records handled for real do reach DynamoDB (the ledger and projections point at it).
        handler.handleRequest(RuntimeJson.event(primingEvent()), new TestContext("request-1", 60_000));
        assertFalse(dynamoDb.targets().isEmpty(), "the handler reaches DynamoDB when it handles a batch: "
                + output.toString(StandardCharsets.UTF_8));
    }

    @Test
    void withALedgerAndNoProjectionsPrimingRunsTheLedgersTwoCallsInMemory() {
        Map<String, String> environment = everyFeature();
        environment.remove("PROJECTIONS");
        environment.remove("PROJECTION_TABLE");
        Priming.Summary summary = primedAtCheckpoint(environment);

        // Per batch of n notifications: ceil(n/100) BatchGetItem + ceil(n/25) BatchWriteItem, as the ledger makes them.
        assertTrue(summary.batchesInMemory() > 0 && summary.publishedInMemory() > 0, "priming raised notifications: " + summary);
        long n = summary.publishedInMemory() / summary.batchesInMemory();
        assertEquals(summary.batchesInMemory() * ((n + 99) / 100 + (n + 24) / 25), summary.storageRequestsInMemory(),
                "ledger calls answered in memory: " + summary);
        assertEquals(List.of(), summary.inMemoryProblems());
        assertEquals(List.of(), dynamoDb.targets(), "DynamoDB requests during priming");
        assertEquals(List.of(), sns.requests(), "SNS requests during priming");
    }

    @Test
    void theSameRecordsHandledForRealArePublished() throws Exception {
        Map<String, String> environment = snsFeatures();
        RecordingContext checkpoints = new RecordingContext();
        StreamHandler handler = StreamHandler.fromEnvironment(environment, stream, checkpoints);
        ((Priming) checkpoints.registered.get(0)).beforeCheckpoint(checkpoints);
        assertEquals(List.of(), sns.requests(), "SNS requests during priming");

        handler.handleRequest(RuntimeJson.event(primingEvent()), new TestContext("request-1", 60_000));
        assertFalse(sns.requests().isEmpty(), "the handler publishes when it handles a batch");
    }

    @Test
    void anOnDemandStartWarmsUpThroughItsOwnReaderWithoutAnyExternalEffect() throws Exception {
        Map<String, String> environment = everyFeature();
        environment.put(StreamHandler.INITIALIZATION_TYPE, "on-demand");
        RecordingContext checkpoints = new RecordingContext();
        StreamHandler handler = StreamHandler.fromEnvironment(environment, stream, checkpoints);
        output.reset();

        for (Priming.Reading reading : List.of(Priming.Reading.STREAMING, Priming.Reading.RUNTIME_EVENT)) {
            Priming.Summary summary = StreamHandler.warmUp(handler, reading, environment).orElseThrow();

            assertEquals(4, summary.records(), reading + ": the four synthetic records, through one reader");
            assertEquals(4, summary.changes(), reading.toString());
            assertTrue(summary.batchesInMemory() >= Priming.WARM_UP_ROUNDS, "every round's batch processed: " + summary);
            assertTrue(summary.publishCallsInMemory() >= Priming.WARM_UP_PUBLISH_CALLS, summary.toString());
            assertTrue(summary.publishedInMemory() >= 4L * summary.batchesInMemory(), "published in memory: " + summary);
            assertTrue(summary.storageRequestsInMemory() > 0, "projections and ledger called in memory: " + summary);
            assertEquals(List.of(), summary.inMemoryProblems());
        }
        assertOnlyConnectionWarmUps(2, "one per warm-up");
        assertOnlyLedgerConnectionWarmUps(2, "one per warm-up");
        assertEquals("", output.toString(StandardCharsets.UTF_8), "log output during the warm-up");

        handler.handleRequest(RuntimeJson.event(primingEvent()), new TestContext("request-1", 60_000));
        assertFalse(dynamoDb.targets().isEmpty(), "the handler reaches DynamoDB when it handles a batch");
    }

    @Test
    void onlyAnOnDemandOrProvisionedStartWarmsUp() {
        StreamHandler handler = StreamHandler.fromEnvironment(everyFeature(), stream, new RecordingContext());
        Map<String, Boolean> warms = new java.util.LinkedHashMap<>();
        warms.put("on-demand", true);
        warms.put("provisioned-concurrency", true);
        warms.put("snap-start", false); // primed at the checkpoint instead
        warms.put("", false);
        warms.put("On-Demand", false);
        warms.put(null, false); // outside Lambda
        warms.forEach((type, expected) -> {
            Map<String, String> environment = new HashMap<>();
            if (type != null) {
                environment.put(StreamHandler.INITIALIZATION_TYPE, type);
            }
            int before = sns.requests().size();
            assertEquals(expected, StreamHandler.warmUp(handler, Priming.Reading.STREAMING, environment).isPresent(),
                    "warms up at " + StreamHandler.INITIALIZATION_TYPE + "=" + type);
            assertEquals(expected ? 1 : 0, sns.requests().size() - before,
                    "connection warm-ups at " + StreamHandler.INITIALIZATION_TYPE + "=" + type);
        });
        Map<String, String> onDemand = Map.of(StreamHandler.INITIALIZATION_TYPE, "on-demand");
        StreamHandler unprimed = new StreamHandler(command -> {
            throw new AssertionError("not run");
        }, event -> List.of(), handler.logger());
        assertEquals(Optional.empty(), StreamHandler.warmUp(unprimed, Priming.Reading.STREAMING, onDemand),
                "a handler over ready-made parts has no priming to warm up with");
    }

    @Test
    void eachHandlerWarmsUpThroughTheReaderItUses() {
        Map<String, String> onDemand = everyFeature();
        onDemand.put(StreamHandler.INITIALIZATION_TYPE, "on-demand");
        Map<String, String> snapStart = everyFeature();
        snapStart.put(StreamHandler.INITIALIZATION_TYPE, "snap-start");

        assertEquals(Optional.of(Priming.Reading.STREAMING),
                StreamingHandler.starting(onDemand, stream, new RecordingContext()).batch().priming().warmedUpWith());
        assertEquals(Optional.of(Priming.Reading.RUNTIME_EVENT),
                StreamHandler.starting(onDemand, stream, new RecordingContext()).priming().warmedUpWith());
        assertEquals(Optional.empty(),
                StreamingHandler.starting(snapStart, stream, new RecordingContext()).batch().priming().warmedUpWith());
        assertEquals(Optional.empty(),
                StreamHandler.starting(snapStart, stream, new RecordingContext()).priming().warmedUpWith());
        assertOnlyConnectionWarmUps(2, "one per on-demand start, none at snap-start");
        assertOnlyLedgerConnectionWarmUps(2, "one per on-demand start, none at snap-start");
    }

    @Test
    void aWarmedUpHandlerPublishesWhatOneThatDidNotWarmUpPublishes() throws Exception {
        Map<String, String> environment = snsFeatures();
        Map<String, String> onDemand = new HashMap<>(environment);
        onDemand.put(StreamHandler.INITIALIZATION_TYPE, "on-demand");
        byte[] event = primingEvent().getBytes(StandardCharsets.UTF_8);

        StreamingHandler warmed = StreamingHandler.starting(onDemand, stream, new RecordingContext());
        assertEquals(Optional.of(Priming.Reading.STREAMING), warmed.batch().priming().warmedUpWith());
        assertOnlyConnectionWarmUps(1, "the on-demand start's");
        ByteArrayOutputStream warmedResponse = new ByteArrayOutputStream();
        warmed.handleRequest(new java.io.ByteArrayInputStream(event), warmedResponse, new TestContext("request-1", 60_000));
        List<LoopbackSnsServer.Entry> warmedPublished = List.copyOf(sns.published());
        sns.reset();

        StreamingHandler cold = StreamingHandler.starting(environment, stream, new RecordingContext());
        assertEquals(Optional.empty(), cold.batch().priming().warmedUpWith());
        ByteArrayOutputStream coldResponse = new ByteArrayOutputStream();
        cold.handleRequest(new java.io.ByteArrayInputStream(event), coldResponse, new TestContext("request-1", 60_000));

        assertTrue(warmedPublished.size() >= 4, "alerts and change events published: " + warmedPublished);
        assertEquals(sns.published(), warmedPublished, "the same notifications, ids, bodies and attributes");
        assertEquals(coldResponse.toString(StandardCharsets.UTF_8), warmedResponse.toString(StandardCharsets.UTF_8));
        assertEquals("{\"batchItemFailures\":[]}", warmedResponse.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aWarmUpThatFailsIsLoggedAsAWarningAndTheStartGoesOn() {
        Map<String, Throwable> failures = new java.util.LinkedHashMap<>();
        failures.put("in-memory run: java.lang.IllegalStateException: in-memory SNS refused",
                new IllegalStateException("in-memory SNS refused"));
        // A class that does not load is no RuntimeException; the start must go on all the same.
        failures.put("in-memory run: java.lang.NoClassDefFoundError: software/amazon/Missing",
                new NoClassDefFoundError("software/amazon/Missing"));
        failures.forEach((problem, failure) -> {
            output.reset();
            Priming failing = new Priming(event -> {
                throw new AssertionError("the streaming warm-up does not map runtime events");
            }, (batches, minPublishCalls) -> {
                if (failure instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw (Error) failure;
            }, new JsonLogger(stream, Clock.systemUTC()));
            StreamHandler handler = new StreamHandler(command -> {
                throw new AssertionError("not run");
            }, event -> List.of(), new JsonLogger(stream, Clock.systemUTC()), failing, () -> {
                if (failure instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw (Error) failure;
            });

            Priming.Summary summary = StreamHandler.warmUp(handler, Priming.Reading.STREAMING,
                    Map.of(StreamHandler.INITIALIZATION_TYPE, "on-demand")).orElseThrow();

            assertEquals(List.of(problem), summary.inMemoryProblems());
            String log = output.toString(StandardCharsets.UTF_8);
            assertTrue(log.contains("\"level\":\"WARN\"") && log.contains("init warm-up did not complete")
                    && log.contains(problem), log);
            String connectionProblem = failure.getClass().getName() + ": " + failure.getMessage();
            assertTrue(log.contains("init connection warm-up did not go as expected") && log.contains(connectionProblem), log);
        });
    }

    /**
     * The SNS requests so far are all the on-demand start's connection warm-up: {@code count} empty
     * PublishBatch calls to the alert topic, which the loopback server rejects as SNS does, so
     * nothing was published.
     */
    private void assertOnlyConnectionWarmUps(int count, String why) {
        List<LoopbackSnsServer.Request> requests = sns.requests();
        assertEquals(count, requests.size(), "SNS requests during the warm-up, " + why + ": " + requests);
        for (LoopbackSnsServer.Request request : requests) {
            assertEquals("PublishBatch", request.action());
            assertEquals("arn:aws:sns:us-east-1:123456789012:alerts", request.topicArn());
            assertEquals(List.of(), request.entries(), "an empty batch");
        }
        assertEquals(List.of(), sns.published(), "nothing published during the warm-up");
    }

    /**
     * The DynamoDB requests so far are all the ledger's connection warm-up: {@code count} reads of
     * the one id no notification has, from the ledger table; no write, nothing else.
     */
    private void assertOnlyLedgerConnectionWarmUps(int count, String why) {
        List<DynamoDbFaultServer.Request> requests = dynamoDb.requests();
        assertEquals(count, requests.size(), "DynamoDB requests during the warm-up, " + why + ": " + requests);
        for (DynamoDbFaultServer.Request request : requests) {
            assertEquals("DynamoDB_20120810.BatchGetItem", request.target());
            assertTrue(request.body().startsWith("{\"RequestItems\":{\"ledger\":{\"Keys\":[{\"id\":{\"S\":\"eddy:connection-warm-up\"}}]"),
                    request.body());
        }
    }

    @Test
    void anOnDemandStartOpensTheLedgersConnectionItsFirstBatchReadsOver() throws Exception {
        Map<String, String> environment = snsFeatures();
        environment.put("LEDGER_TABLE", "ledger");
        environment.put(StreamHandler.INITIALIZATION_TYPE, "on-demand");

        StreamingHandler handler = StreamingHandler.starting(environment, stream, new RecordingContext());

        assertOnlyLedgerConnectionWarmUps(1, "the start's");
        assertEquals("", output.toString(StandardCharsets.UTF_8), "DynamoDB answered the read: nothing to say");
        int warmUpPort = dynamoDb.requests().get(0).clientPort();
        handler.handleRequest(new java.io.ByteArrayInputStream(primingEvent().getBytes(StandardCharsets.UTF_8)),
                new ByteArrayOutputStream(), new TestContext("request-1", 60_000));
        List<DynamoDbFaultServer.Request> requests = dynamoDb.requests();
        assertTrue(requests.size() > 1, "the batch read the ledger: " + requests);
        assertEquals(warmUpPort, requests.get(1).clientPort(),
                "the first batch's ledger read goes over the connection the start opened; client ports: "
                        + requests.stream().map(DynamoDbFaultServer.Request::clientPort).toList());
    }

    @Test
    void theConnectionWarmUpsRunSideBySideSoTwoSilentServicesHoldTheStartForOneLimitNotTwo() throws Exception {
        Map<String, String> environment = snsFeatures();
        environment.put("LEDGER_TABLE", "ledger");
        environment.put(StreamHandler.INITIALIZATION_TYPE, "on-demand");
        try (SilentHttpServer silentSns = new SilentHttpServer(); SilentHttpServer silentDynamoDb = new SilentHttpServer()) {
            System.setProperty("aws.endpointUrlSns", silentSns.endpoint().toString());
            System.setProperty("aws.endpointUrlDynamoDb", silentDynamoDb.endpoint().toString());

            StreamingHandler.starting(environment, stream, new RecordingContext());

            assertEquals(1, silentSns.arrivals().size(), "one empty PublishBatch");
            assertEquals(1, silentDynamoDb.arrivals().size(), "one ledger read");
            long apartMillis = Math.abs(silentSns.arrivals().get(0) - silentDynamoDb.arrivals().get(0)) / 1_000_000;
            assertTrue(apartMillis < EddyWiring.CONNECTION_WARM_UP_LIMIT.toMillis() / 2,
                    "both requests were waiting at once, not one after the other's limit: " + apartMillis + " ms apart");
            String log = output.toString(StandardCharsets.UTF_8);
            assertTrue(log.contains("init connection warm-up did not go as expected")
                    && log.contains("SNS, topic arn:aws:sns:us-east-1:123456789012:alerts")
                    && log.contains("DynamoDB, ledger table ledger"), log);
        }
    }

    @Test
    void aConnectionWarmUpThatThrowsIsReportedNamingItsServiceAndTheOthersStillRun() {
        List<String> problems = EddyWiring.sideBySide(List.of(
                new EddyWiring.ConnectionWarmUp("SNS, topic t", () -> {
                    throw new IllegalStateException("no credentials");
                }),
                new EddyWiring.ConnectionWarmUp("DynamoDB, ledger table l", () -> Optional.of("timed out")),
                new EddyWiring.ConnectionWarmUp("quiet", Optional::empty)), Duration.ofSeconds(2));

        assertEquals(List.of("SNS, topic t: java.lang.IllegalStateException: no credentials",
                "DynamoDB, ledger table l: timed out"), problems);
    }

    @Test
    void aConnectionWarmUpThatOutrunsThePatienceIsReportedNamingItsServiceAndLeftRunning() {
        CountDownLatch release = new CountDownLatch(1);
        long start = System.nanoTime();
        try {
            List<String> problems = EddyWiring.sideBySide(List.of(
                    new EddyWiring.ConnectionWarmUp("SNS, topic t", () -> {
                        try {
                            // Ends by itself too, so that a start that waited for it fails the test instead of hanging it.
                            release.await(10, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return Optional.empty();
                    }),
                    new EddyWiring.ConnectionWarmUp("DynamoDB, ledger table l", Optional::empty)), Duration.ofMillis(300));

            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(List.of("SNS, topic t: did not finish within 300 ms; left to its own limit"), problems);
            assertTrue(tookMillis < 3_000, "the start waited " + tookMillis + " ms, not until the warm-up ended");
        } finally {
            release.countDown();
        }
    }

    @Test
    void anErrorOtherThanALinkageErrorInAConnectionWarmUpIsThrownAsIfOnTheStartingThread() {
        OutOfMemoryError error = new OutOfMemoryError("test");

        OutOfMemoryError thrown = assertThrows(OutOfMemoryError.class, () -> EddyWiring.sideBySide(List.of(
                new EddyWiring.ConnectionWarmUp("SNS, topic t", () -> {
                    throw error;
                })), Duration.ofSeconds(2)));

        assertSame(error, thrown);
    }

    @Test
    void aLedgerConnectionWarmUpThatDynamoDbRefusesIsAWarningAndTheStartGoesOn() {
        Map<String, String> environment = snsFeatures();
        environment.put("LEDGER_TABLE", "ledger");
        environment.put(StreamHandler.INITIALIZATION_TYPE, "on-demand");
        try (DynamoDbFaultServer refusing = DynamoDbFaultServer.answering(400, "ResourceNotFoundException",
                "Requested resource not found")) {
            System.setProperty("aws.endpointUrlDynamoDb", refusing.endpoint().toString());

            StreamingHandler.starting(environment, stream, new RecordingContext());

            String log = output.toString(StandardCharsets.UTF_8);
            assertTrue(log.contains("\"level\":\"WARN\"") && log.contains("init connection warm-up did not go as expected")
                    && log.contains("DynamoDB, ledger table ledger: ResourceNotFoundException (HTTP 400): Requested resource not found"),
                    log);
            assertEquals(1, refusing.requests().size(), "one read, not retried at init");
        }
        assertOnlyConnectionWarmUps(1, "the start's; the SNS warm-up is not held up by the ledger's");
    }

    @Test
    void anOnDemandStartOpensTheConnectionItsFirstBatchPublishesOver() throws Exception {
        Map<String, String> environment = snsFeatures();
        environment.put(StreamHandler.INITIALIZATION_TYPE, "on-demand");

        StreamingHandler handler = StreamingHandler.starting(environment, stream, new RecordingContext());

        assertOnlyConnectionWarmUps(1, "the start's");
        assertEquals("", output.toString(StandardCharsets.UTF_8), "SNS rejected the empty batch, as expected: nothing to say");
        int warmUpPort = sns.requests().get(0).clientPort();
        handler.handleRequest(new java.io.ByteArrayInputStream(primingEvent().getBytes(StandardCharsets.UTF_8)),
                new ByteArrayOutputStream(), new TestContext("request-1", 60_000));
        List<LoopbackSnsServer.Request> requests = sns.requests();
        assertTrue(requests.size() > 1 && !sns.published().isEmpty(), "the batch published: " + requests.size() + " requests");
        assertEquals(warmUpPort, requests.get(1).clientPort(),
                "the first batch's first request goes over the connection the start opened; client ports: "
                        + requests.stream().map(LoopbackSnsServer.Request::clientPort).toList());
    }

    @Test
    void aConnectionWarmUpThatSnsRefusesIsAWarningAndTheStartGoesOn() throws Exception {
        Map<String, String> environment = snsFeatures();
        environment.put(StreamHandler.INITIALIZATION_TYPE, "on-demand");
        sns.failNextCallsWith500(1);

        StreamingHandler handler = StreamingHandler.starting(environment, stream, new RecordingContext());

        String log = output.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("\"level\":\"WARN\"") && log.contains("init connection warm-up did not go as expected")
                && log.contains("SNS, topic arn:aws:sns:us-east-1:123456789012:alerts: 500 InternalError"), log);
        ByteArrayOutputStream response = new ByteArrayOutputStream();
        handler.handleRequest(new java.io.ByteArrayInputStream(primingEvent().getBytes(StandardCharsets.UTF_8)),
                response, new TestContext("request-1", 60_000));
        assertEquals("{\"batchItemFailures\":[]}", response.toString(StandardCharsets.UTF_8));
        assertFalse(sns.published().isEmpty(), "the first batch connects and publishes itself");
    }

    @Test
    void theConnectionWarmUpGoesToTheFirstTopicSetAndNeverThroughTheLocalRuntimesPublisher() {
        Map<String, String> environment = everyFeature();
        environment.remove("ALERT_RULES");
        environment.remove("ALERT_TOPIC_ARN");
        environment.put("DEAD_LETTER_TOPIC_ARN", "arn:aws:sns:us-east-1:123456789012:dead-letters");
        Configuration configuration = Configuration.from(environment);
        Observability observability = Observability.to(stream, Clock.systemUTC(), "eddy-priming-test", false,
                JsonLogger.Level.TRACE);

        assertEquals(List.of(), new EddyWiring(configuration, observability, Clock.systemUTC()).connectionWarmUp().get());
        assertEquals(List.of("arn:aws:sns:us-east-1:123456789012:changes"),
                sns.requests().stream().map(LoopbackSnsServer.Request::topicArn).toList(), "change events before dead letters");

        sns.reset();
        assertEquals(List.of(), new EddyWiring(configuration, observability, Clock.systemUTC(), new AwsClients(configuration),
                topics -> (notifications, budget) -> {
                    throw new AssertionError("not called");
                }).connectionWarmUp().get());
        assertEquals(List.of(), sns.requests(), "the local runtime's publisher is no SNS client: nothing to warm up");
    }

    @Test
    void withoutATopicThereIsNoConnectionToWarmUp() {
        Map<String, String> environment = everyFeature();
        environment.remove("ALERT_RULES");
        environment.remove("ALERT_TOPIC_ARN");
        environment.remove("CHANGE_TOPIC_ARN");
        environment.put(StreamHandler.INITIALIZATION_TYPE, "on-demand");

        StreamingHandler.starting(environment, stream, new RecordingContext());

        assertEquals(List.of(), sns.requests());
        assertEquals("", output.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aPrimingThatFailsAtTheCheckpointIsLoggedAsAWarningAndTheSnapshotIsTakenAllTheSame() {
        Priming failing = new Priming(new dev.eddy.adapters.aws.stream.DynamodbEventMapper()::map,
                (batches, minPublishCalls) -> {
                    throw new NoClassDefFoundError("software/amazon/Missing");
                }, new JsonLogger(stream, Clock.systemUTC()));

        failing.beforeCheckpoint(new RecordingContext());

        String log = output.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("\"level\":\"WARN\"") && log.contains("SnapStart priming did not complete")
                && log.contains("java.lang.NoClassDefFoundError: software/amazon/Missing"), log);
    }

    @Test
    void whenTheSyntheticRecordsRaiseNoNotificationPrimingMakesOnePass() {
        // Only a dead-letter topic: every synthetic record succeeds, so nothing is ever published.
        Map<String, String> environment = new HashMap<>();
        environment.put("AWS_REGION", "us-east-1");
        environment.put("AWS_LAMBDA_FUNCTION_NAME", "eddy-priming-test");
        environment.put("DEAD_LETTER_TOPIC_ARN", "arn:aws:sns:us-east-1:123456789012:dead-letters");
        Priming.Summary summary = primedAtCheckpoint(environment);

        assertEquals(List.of(), summary.inMemoryProblems());
        assertEquals(Priming.ROUNDS * 3, summary.batchesInMemory(), "one pass, not " + Priming.MAX_PASSES + ": " + summary);
        assertEquals(0, summary.publishCallsInMemory());
        assertEquals(List.of(), sns.requests());
        assertEquals("", output.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aLargeSafetyMarginLeavesTheSyntheticBatchesTimeToRun() {
        Map<String, String> environment = everyFeature();
        environment.put("TIMEOUT_SAFETY_MARGIN_MS", "900000");
        Priming.Summary summary = primedAtCheckpoint(environment);

        assertEquals(List.of(), summary.inMemoryProblems());
        assertTrue(summary.publishCallsInMemory() >= Priming.PUBLISH_CALLS, summary.toString());
        assertEquals("", output.toString(StandardCharsets.UTF_8));
    }
}
