package dev.eddy.bootstrap.lambda;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import dev.eddy.adapters.aws.config.AlertsWiring;
import dev.eddy.adapters.aws.config.InvalidConfigurationException;
import dev.eddy.adapters.aws.config.projection.ProjectionsParser;
import dev.eddy.adapters.aws.credentials.DefaultCredentialsChain;
import dev.eddy.adapters.aws.dynamodb.DynamoDbAdapters;
import dev.eddy.adapters.aws.dynamodb.DynamoDbLedgerClient;
import dev.eddy.adapters.aws.dynamodb.InMemoryDynamoDbHttpClient;
import dev.eddy.adapters.aws.http.TlsRecordCipher;
import dev.eddy.adapters.aws.http.UrlConnectionClasses;
import dev.eddy.adapters.aws.observability.Observability;
import dev.eddy.adapters.aws.sns.InMemorySnsHttpClient;
import dev.eddy.adapters.aws.sns.SnsClients;
import dev.eddy.adapters.aws.sns.SnsNotificationPublisher;
import dev.eddy.adapters.aws.sns.SnsPublishBatchClient;
import dev.eddy.adapters.aws.stream.DynamodbEventMapper;
import dev.eddy.application.StreamRecord;
import dev.eddy.application.changeevent.ChangeDocuments;
import dev.eddy.application.pipeline.ChangeStep;
import dev.eddy.application.pipeline.Channel;
import dev.eddy.application.port.in.BatchOutcome;
import dev.eddy.application.port.in.ProcessChangeBatchCommand;
import dev.eddy.application.port.in.ProcessChangeBatchUseCase;
import dev.eddy.application.port.out.DeliveryLedger;
import dev.eddy.application.port.out.NotificationPublisher;
import dev.eddy.application.port.out.ProcessingEvents;
import dev.eddy.application.projection.ApplyProjectionsStep;
import dev.eddy.application.service.LogChangeStep;
import dev.eddy.application.service.NotificationDelivery;
import dev.eddy.application.service.ProcessChangeBatchService;
import dev.eddy.domain.projection.ProjectionSpec;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * What the function is made of, from its configuration: the steps, in order; a publisher per
 * configured channel; the delivery ledger. Everything is built here, once, at start, so that a
 * wrong setting fails the start with a message naming it, before any record is read.
 *
 * <p>To add a use case: build its step in {@link #buildSteps()}. A step whose only effects are
 * notifications also goes in {@code effectFreeSteps}, so that SnapStart priming runs it through the
 * in-memory SNS client; a step that reaches a store itself must not (priming has no external effect).
 * Notifications on a new {@link Channel} need the channel's setting ({@link Setting#topicOf}); the
 * publishers are then built from {@link Configuration#topics()} with no change here.
 */
final class EddyWiring {
    /** The time a synthetic batch is told it has left beyond the safety margin: ample, as nothing in it waits. */
    private static final Duration PRIMING_BUDGET = Duration.ofMinutes(1);
    /**
     * The most the connection warm-up may take: a stalled SNS must not hold an init, which Lambda
     * limits to 10 seconds. A TLS connection and one rejected request take tens of milliseconds.
     */
    static final Duration CONNECTION_WARM_UP_LIMIT = Duration.ofSeconds(1);
    private final Configuration configuration;
    private final Observability observability;
    private final Clock clock;
    private final AwsClients aws;
    private final Function<Map<Channel, String>, NotificationPublisher> publisherFactory;
    /** Whether the channels publish through the function's own SNS client (not the local runtime's publisher). */
    private final boolean snsPublishers;
    /** The topic of each channel that has one; empty when none has. */
    private Map<Channel, String> topics = Map.of();
    private final ChangeDocuments documents = new ChangeDocuments();
    private final List<String> problems = new ArrayList<>();
    /** Steps whose only effect is {@code Effects.notify}: what SnapStart priming may run. */
    private final List<ChangeStep> effectFreeSteps = new ArrayList<>();
    private final List<ProjectionSpec> projectionSpecs = new ArrayList<>();
    private final List<ChangeStep> steps;
    private final Map<Channel, NotificationPublisher> publishers;
    private final DeliveryLedger ledger;

    /** @throws ConfigurationException naming every setting that is wrong */
    EddyWiring(Configuration configuration, Observability observability, Clock clock) {
        this(configuration, observability, clock, new AwsClients(configuration));
    }

    EddyWiring(Configuration configuration, Observability observability, Clock clock, AwsClients aws) {
        this(configuration, observability, clock, aws, null);
    }

    /**
     * @param publisherFactory builds the one publisher for the channels that have a topic (channel to topic
     *                         ARN); null for the SNS publisher. The local runtime passes its own.
     */
    EddyWiring(Configuration configuration, Observability observability, Clock clock, AwsClients aws,
               Function<Map<Channel, String>, NotificationPublisher> publisherFactory) {
        this.configuration = Objects.requireNonNull(configuration, "configuration");
        this.observability = Objects.requireNonNull(observability, "observability");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.aws = Objects.requireNonNull(aws, "aws");
        this.snsPublishers = publisherFactory == null;
        this.publisherFactory = publisherFactory != null ? publisherFactory
                : topics -> SnsNotificationPublisher.create(this.aws.sns(), topics);
        this.steps = buildSteps();
        this.publishers = buildPublishers();
        this.ledger = buildLedger();
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }
    }

    /** The steps every change goes through, in order. */
    List<ChangeStep> steps() {
        return steps;
    }

    private List<ChangeStep> buildSteps() {
        List<ChangeStep> built = new ArrayList<>();
        built.add(new LogChangeStep(observability.journal()));
        String topic = configuration.alertTopicArn().orElse(null);
        attempt(() -> AlertsWiring.alertStep(configuration.alertRules().orElse(null), topic, documents))
                .flatMap(step -> step).ifPresent(step -> {
                    built.add(step);
                    effectFreeSteps.add(step);
                });
        attempt(() -> AlertsWiring.changeEventStep(configuration.changeTopicArn().orElse(null),
                configuration.changeEventFilter().orElse(null), documents))
                .flatMap(step -> step).ifPresent(step -> {
                    built.add(step);
                    effectFreeSteps.add(step);
                });
        projectionStep().ifPresent(built::add);
        return List.copyOf(built);
    }

    private Optional<ChangeStep> projectionStep() {
        Optional<List<ProjectionSpec>> specs = attempt(() -> ProjectionsParser.parse(configuration.projections().orElse(null)));
        if (specs.isEmpty()) {
            return Optional.empty();
        }
        boolean hasProjections = !specs.get().isEmpty();
        Optional<String> table = configuration.projectionTable();
        if (hasProjections && table.isEmpty()) {
            problems.add(Setting.PROJECTIONS.variable() + " declares projections but " + Setting.PROJECTION_TABLE.variable()
                    + " is not set: they would have no table to write to");
            return Optional.empty();
        }
        if (!hasProjections) {
            table.ifPresent(name -> problems.add(Setting.PROJECTION_TABLE.variable() + " is set to \"" + name + "\" but "
                    + Setting.PROJECTIONS.variable() + " declares no projection"));
            return Optional.empty();
        }
        projectionSpecs.addAll(specs.get());
        return Optional.of(new ApplyProjectionsStep(specs.get(),
                DynamoDbAdapters.projectionStore(aws.dynamoDb(), table.get()), observability.projectionEvents()));
    }

    /** The publisher of each channel that has a topic; notifications for the others fail, naming their setting. */
    Map<Channel, NotificationPublisher> publishers() {
        return publishers;
    }

    private Map<Channel, NotificationPublisher> buildPublishers() {
        Map<Channel, NotificationPublisher> built = new EnumMap<>(Channel.class);
        Map<Channel, String> configured = configuration.topics();
        if (!configured.isEmpty()) {
            this.topics = Map.copyOf(configured);
            NotificationPublisher publisher = publisherFactory.apply(configured);
            configured.keySet().forEach(channel -> built.put(channel, publisher));
        }
        return built;
    }

    DeliveryLedger ledger() {
        return ledger;
    }

    private DeliveryLedger buildLedger() {
        return configuration.ledgerTable()
                .map(table -> DynamoDbAdapters.deliveryLedger(aws.ledger(), table))
                .orElse(DeliveryLedger.NONE);
    }

    Function<DynamodbEvent, List<StreamRecord>> mapper() {
        return new DynamodbEventMapper()::map;
    }

    ProcessChangeBatchUseCase useCase() {
        return useCase(steps());
    }

    /** The batch use case over these steps, with the configured channels, ledger and time margin. */
    ProcessChangeBatchUseCase useCase(List<ChangeStep> steps) {
        return useCase(steps, publishers(), ledger(), observability.events());
    }

    /** The batch use case over these steps and ports, with the configured time margin. */
    private ProcessChangeBatchUseCase useCase(List<ChangeStep> steps, Map<Channel, NotificationPublisher> publishers,
                                              DeliveryLedger ledger, ProcessingEvents events) {
        ChannelRouter router = new ChannelRouter(publishers);
        return new ProcessChangeBatchService(steps, new NotificationDelivery(router, ledger), events, clock,
                configuration.timeoutSafetyMargin(), router.handles(Channel.DEAD_LETTERS));
    }

    StreamHandler handler() {
        Function<DynamodbEvent, List<StreamRecord>> mapper = mapper();
        return new StreamHandler(useCase(), mapper, observability.logger(), priming(mapper), connectionWarmUp());
    }

    /**
     * For an on-demand start's init ({@link StreamHandler#warmUp}): the first request of each of the
     * function's own clients, made then and with no effect, so that the first batch finds the
     * credentials resolved, the code run and, when it follows within seconds, the connections open:
     * <ul>
     *   <li>SNS: an empty PublishBatch, which SNS rejects ({@link SnsPublishBatchClient#warmUpConnection}),
     *       to the first topic of alerts, change events and dead letters that is set. None without a
     *       topic, or with the local runtime's publisher (there is no SNS client).</li>
     *   <li>The delivery ledger, when {@code LEDGER_TABLE} is set: a read of one id that no
     *       notification has ({@link DynamoDbLedgerClient#warmUpConnection}).</li>
     * </ul>
     * Each may take {@link #CONNECTION_WARM_UP_LIMIT}; they run side by side ({@link #sideBySide}), so
     * that init waits for the slower, not for both. Never before a snapshot.
     *
     * @return the warm-up: what did not go as expected, naming the service and its topic or table;
     *         empty when all did
     */
    Supplier<List<String>> connectionWarmUp() {
        List<ConnectionWarmUp> warmUps = new ArrayList<>();
        if (snsPublishers) {
            for (Channel channel : Channel.values()) {
                String topic = topics.get(channel);
                if (topic != null) {
                    SnsPublishBatchClient sns = aws.sns();
                    warmUps.add(new ConnectionWarmUp("SNS, topic " + topic,
                            () -> sns.warmUpConnection(topic, CONNECTION_WARM_UP_LIMIT)));
                    break;
                }
            }
        }
        configuration.ledgerTable().ifPresent(table -> {
            DynamoDbLedgerClient ledgerClient = aws.ledger();
            warmUps.add(new ConnectionWarmUp("DynamoDB, ledger table " + table,
                    () -> ledgerClient.warmUpConnection(table, CONNECTION_WARM_UP_LIMIT)));
        });
        return () -> sideBySide(warmUps, CONNECTION_WARM_UP_LIMIT.multipliedBy(2));
    }

    /**
     * One connection warm-up: the service, as a warning names it, and the call, which answers what
     * did not go as expected.
     */
    record ConnectionWarmUp(String service, Supplier<Optional<String>> call) {
        ConnectionWarmUp {
            Objects.requireNonNull(service, "service");
            Objects.requireNonNull(call, "call");
        }
    }

    /**
     * Runs {@code warmUps} at once, each on a daemon thread of its own, and waits for them, but no
     * longer than {@code patience} from the start: each is bounded by its own limit, so this takes
     * about the longest of them. Reports, in their order and each naming its service:
     * <ul>
     *   <li>what a warm-up found unexpected;</li>
     *   <li>what it threw, when that is an exception or a class that failed to link (warming up only
     *       warms); any other error, out of memory say, is thrown here, as if it had run on this thread;</li>
     *   <li>a warm-up still running when the patience ends, which is left to its own limit;</li>
     *   <li>the warm-ups not waited for, when this thread is interrupted (its interrupt is kept).</li>
     * </ul>
     */
    static List<String> sideBySide(List<ConnectionWarmUp> warmUps, Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        List<WarmUpRun> runs = new ArrayList<>(warmUps.size());
        for (ConnectionWarmUp warmUp : warmUps) {
            WarmUpRun run = new WarmUpRun(warmUp);
            Thread thread = new Thread(run, "eddy-connection-warm-up-" + runs.size());
            thread.setDaemon(true);
            run.thread = thread;
            runs.add(run);
            thread.start();
        }
        boolean interrupted = false;
        for (WarmUpRun run : runs) {
            long left = deadline - System.nanoTime();
            if (interrupted || left <= 0) {
                break;
            }
            try {
                run.thread.join(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                interrupted = true;
            }
        }
        List<String> problems = new ArrayList<>();
        for (WarmUpRun run : runs) {
            String service = run.warmUp.service();
            if (!run.done) {
                problems.add(service + (interrupted ? ": not waited for, the start was interrupted"
                        : ": did not finish within " + patience.toMillis() + " ms; left to its own limit"));
            } else if (run.thrown instanceof Error error && !(error instanceof LinkageError)) {
                throw error;
            } else if (run.thrown != null) {
                problems.add(service + ": " + run.thrown.getClass().getName() + ": " + run.thrown.getMessage());
            } else {
                run.problem.ifPresent(problem -> problems.add(service + ": " + problem));
            }
        }
        return problems;
    }

    /** One warm-up on its thread: what it answered or threw, published by {@code done}. */
    private static final class WarmUpRun implements Runnable {
        private final ConnectionWarmUp warmUp;
        private Thread thread;
        private Optional<String> problem = Optional.empty();
        private Throwable thrown;
        private volatile boolean done;

        WarmUpRun(ConnectionWarmUp warmUp) {
            this.warmUp = warmUp;
        }

        @Override
        public void run() {
            try {
                Optional<String> answered = warmUp.call().get();
                problem = answered == null ? Optional.empty() : answered;
            } catch (Throwable t) {
                // Handed to the starting thread, which reports it or throws it (sideBySide).
                thrown = t;
            } finally {
                done = true;
            }
        }
    }

    /**
     * SnapStart priming (and an on-demand start's warm-up) through this function's use case over
     * ports that answer in memory ({@link #processInMemory}).
     */
    Priming priming(Function<DynamodbEvent, List<StreamRecord>> mapper) {
        return new Priming(mapper, this::processInMemory, observability.logger());
    }

    /**
     * Processes batches through a use case built as the function's ({@link #useCase(List)}), but none
     * of whose ports is the function's: the change log renders its lines into a discarding stream; the
     * effect-free steps (alerts, change events) run as they are; the projections update a store whose
     * SDK client's HTTP client answers in memory; every channel with a topic publishes through Eddy's
     * SNS publisher and PublishBatch client over an HTTP client that answers in memory; the ledger, when
     * configured, reads and writes through its own client over the in-memory DynamoDB HTTP client;
     * processing events are discarded. The clients are built for this call and closed after it, never
     * shared. Every batch is processed, and all of them again until the SNS client has made at least
     * {@code minPublishCalls} PublishBatch calls ({@link Priming#PUBLISH_CALLS} for a snapshot), so
     * that C1 compiles the per-call code too, not only the per-entry loops: 40 calls left the first
     * batch after a restore about 20 ms slower (docs/performance.md, round 5). Before that, it loads the
     * credentials chain's classes, prepares an HTTP request without sending it, and, when the function has
     * an AWS client, runs TLS's record cipher in memory ({@link TlsRecordCipher#warmUp}).
     */
    private Priming.Answered processInMemory(List<List<StreamRecord>> batches, int minPublishCalls) {
        // The function's clients build the default credentials chain on their first call; load its classes now.
        DefaultCredentialsChain.loadClasses();
        // And they set up their first HTTP connection then; prepare one, unsent, now.
        UrlConnectionClasses.load();
        // At the function's log level, so that priming runs the logging the batches will run, and no more.
        Observability discarded = Observability.to(new PrintStream(OutputStream.nullOutputStream()), clock,
                configuration.functionName(), configuration.logItemValues(), configuration.logLevel());
        InMemorySnsHttpClient snsHttp = new InMemorySnsHttpClient();
        InMemoryDynamoDbHttpClient dynamoDbHttp = new InMemoryDynamoDbHttpClient();
        Optional<String> projectionTable = configuration.projectionTable().filter(table -> !projectionSpecs.isEmpty());
        Optional<String> ledgerTable = configuration.ledgerTable();
        if (!topics.isEmpty() || projectionTable.isPresent() || ledgerTable.isPresent()) {
            // Their requests and replies cross TLS, whose records C1 would otherwise compile in the first batch.
            TlsRecordCipher.warmUp();
        }
        // Like the function, which builds each client only for the features that need it: SNS's for
        // topics, the SDK's DynamoDB client for projections, the ledger's for a ledger.
        try (SnsPublishBatchClient sns = topics.isEmpty() ? null : SnsClients.inMemory(aws.region(), snsHttp);
             DynamoDbClient dynamoDb = projectionTable.isPresent()
                     ? DynamoDbAdapters.inMemoryClient(aws.region(), dynamoDbHttp) : null;
             DynamoDbLedgerClient ledgerClient = ledgerTable.isPresent()
                     ? DynamoDbAdapters.inMemoryLedgerClient(aws.region(), dynamoDbHttp) : null) {
            List<ChangeStep> steps = new ArrayList<>();
            steps.add(new LogChangeStep(discarded.journal()));
            steps.addAll(effectFreeSteps);
            projectionTable.ifPresent(table -> steps.add(new ApplyProjectionsStep(projectionSpecs,
                    DynamoDbAdapters.projectionStore(dynamoDb, table), discarded.projectionEvents())));
            Map<Channel, NotificationPublisher> publishers = new EnumMap<>(Channel.class);
            if (!topics.isEmpty()) {
                NotificationPublisher publisher = SnsNotificationPublisher.create(sns, topics);
                topics.keySet().forEach(channel -> publishers.put(channel, publisher));
            }
            DeliveryLedger ledger = ledgerTable
                    .map(table -> DynamoDbAdapters.deliveryLedger(ledgerClient, table))
                    .orElse(DeliveryLedger.NONE);
            ProcessChangeBatchUseCase useCase = useCase(steps, publishers, ledger, discarded.events());
            // The use case keeps its safety margin free; give the synthetic batches time beyond it.
            Duration budget = configuration.timeoutSafetyMargin().plus(PRIMING_BUDGET);
            int processed = 0;
            long callsBefore = -1;
            // Again while calls are short of minPublishCalls, but only while passes make calls at all: the
            // synthetic records may raise no notification (rules or a filter that never match them).
            for (int pass = 0; pass < Priming.MAX_PASSES && (pass == 0
                    || (snsHttp.requests() > callsBefore && snsHttp.requests() < minPublishCalls)); pass++) {
                callsBefore = snsHttp.requests();
                for (List<StreamRecord> batch : batches) {
                    BatchOutcome outcome = useCase.process(new ProcessChangeBatchCommand(batch, () -> budget));
                    if (!outcome.succeeded() || outcome.quarantined() > 0 || outcome.processed() != batch.size()) {
                        throw new IllegalStateException("a synthetic batch did not succeed whole: " + outcome);
                    }
                    processed++;
                }
            }
            return new Priming.Answered(processed, snsHttp.requests(), snsHttp.entries(), dynamoDbHttp.requests());
        }
    }

    /** Runs a feature's own validation, turning its configuration error into a start-up problem. */
    private <T> Optional<T> attempt(Supplier<T> build) {
        try {
            return Optional.of(build.get());
        } catch (InvalidConfigurationException e) {
            // InvalidProjectionsException (PROJECTIONS) among them.
            problems.addAll(e.problems());
            return Optional.empty();
        }
    }
}
