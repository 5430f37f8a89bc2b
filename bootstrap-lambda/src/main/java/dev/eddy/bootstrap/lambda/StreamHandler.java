package dev.eddy.bootstrap.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse.BatchItemFailure;
import dev.eddy.adapters.aws.observability.JsonLogger;
import dev.eddy.adapters.aws.observability.Observability;
import dev.eddy.adapters.aws.observability.StandardStreams;
import dev.eddy.application.RecordRef;
import dev.eddy.application.StreamRecord;
import dev.eddy.application.TimeBudget;
import dev.eddy.application.port.in.BatchOutcome;
import dev.eddy.application.port.in.ProcessChangeBatchCommand;
import dev.eddy.application.port.in.ProcessChangeBatchUseCase;
import dev.eddy.application.port.in.RecordFailure;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.crac.Core;
import org.crac.Resource;

/**
 * The Lambda entry point for a DynamoDB stream event source mapping with ReportBatchItemFailures.
 * It maps the event, runs the batch use case once, and reports the first failed record's
 * sequence number (the stream retries from there), or nothing when the whole batch succeeded.
 */
public final class StreamHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {
    /** Set by Lambda during init: {@code on-demand}, {@code provisioned-concurrency} or {@code snap-start}. */
    static final String INITIALIZATION_TYPE = "AWS_LAMBDA_INITIALIZATION_TYPE";

    private final ProcessChangeBatchUseCase useCase;
    private final Function<DynamodbEvent, List<StreamRecord>> mapper;
    private final JsonLogger logger;
    /** SnapStart priming, registered with CRaC by the composition root; held here, as CRaC may hold it weakly. */
    private final Priming priming;
    /** Opens the function's connections ahead of its first batch ({@link EddyWiring#connectionWarmUp}). */
    private final Supplier<List<String>> connections;

    /** The composition root: reads the environment once, when Lambda creates the handler. */
    public StreamHandler() {
        this(starting(System.getenv(), StandardStreams.out(), Core.getGlobalContext()));
    }

    private StreamHandler(StreamHandler wired) {
        this(wired.useCase, wired.mapper, wired.logger, wired.priming, wired.connections);
    }

    /** A handler over ready-made parts. */
    public StreamHandler(ProcessChangeBatchUseCase useCase, Function<DynamodbEvent, List<StreamRecord>> mapper,
                         JsonLogger logger) {
        this(useCase, mapper, logger, null, List::of);
    }

    StreamHandler(ProcessChangeBatchUseCase useCase, Function<DynamodbEvent, List<StreamRecord>> mapper,
                  JsonLogger logger, Priming priming, Supplier<List<String>> connections) {
        this.useCase = Objects.requireNonNull(useCase, "useCase");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.logger = Objects.requireNonNull(logger, "logger");
        this.priming = priming;
        this.connections = Objects.requireNonNull(connections, "connections");
    }

    /**
     * Wires the handler from an environment, logging to {@code out}.
     *
     * @throws ConfigurationException when a setting is wrong; it is logged first
     */
    static StreamHandler fromEnvironment(Map<String, String> environment, PrintStream out) {
        return fromEnvironment(environment, out, Core.getGlobalContext());
    }

    /**
     * Wires the handler and registers its SnapStart priming with {@code checkpoints} (CRaC's global
     * context in Lambda; inert on a JVM without CRaC).
     */
    static StreamHandler fromEnvironment(Map<String, String> environment, PrintStream out,
                                         org.crac.Context<Resource> checkpoints) {
        Configuration configuration;
        try {
            configuration = Configuration.from(environment);
        } catch (ConfigurationException e) {
            new JsonLogger(out, Clock.systemUTC()).error("invalid configuration")
                    .names("problems", e.problems()).write();
            throw e;
        }
        Observability observability = Observability.to(out, Clock.systemUTC(), configuration.functionName(),
                configuration.logItemValues(), configuration.logLevel());
        warnAboutTheLogLevel(configuration, observability.logger());
        StreamHandler handler;
        try {
            handler = new EddyWiring(configuration, observability, Clock.systemUTC()).handler();
        } catch (ConfigurationException e) {
            // The features' own checks (rules, filter, projections): logged like the settings' problems.
            observability.logger().error("invalid configuration").names("problems", e.problems()).write();
            throw e;
        }
        checkpoints.register(handler.priming);
        return handler;
    }

    /**
     * Warns at start about a log level that defeats another setting: above INFO, Lambda drops Eddy's
     * metrics (it filters by each line's "level", and files an EMF document, which has none, as INFO);
     * below DEBUG, LOG_ITEM_VALUES has nothing to put values in. The warning is written at the level
     * itself when that is above WARN, or Lambda would drop it too.
     */
    static void warnAboutTheLogLevel(Configuration configuration, JsonLogger logger) {
        JsonLogger.Level level = configuration.logLevel();
        JsonLogger.Level warning = level.compareTo(JsonLogger.Level.WARN) > 0 ? level : JsonLogger.Level.WARN;
        if (level.compareTo(JsonLogger.Level.INFO) > 0) {
            logger.line(warning, "log level drops metrics")
                    .field("logLevel", level.name())
                    .field("detail", "Eddy's metrics are EMF log lines without a level, which Lambda files as INFO "
                            + "and drops above INFO; set the function's application log level to INFO, DEBUG or TRACE")
                    .write();
        }
        if (configuration.logItemValues() && level.compareTo(JsonLogger.Level.DEBUG) > 0) {
            logger.line(warning, "LOG_ITEM_VALUES has no effect at this log level")
                    .field("logLevel", level.name())
                    .field("detail", "attribute values go in the change journal's lines, which are DEBUG; "
                            + "set the function's application log level to DEBUG or TRACE to see them")
                    .write();
        }
    }

    /**
     * What Lambda's start does through the no-arg constructor: {@link #fromEnvironment} and then
     * {@link #warmUp} through the runtime's event, the way this handler reads.
     */
    static StreamHandler starting(Map<String, String> environment, PrintStream out,
                                  org.crac.Context<Resource> checkpoints) {
        StreamHandler handler = fromEnvironment(environment, out, checkpoints);
        warmUp(handler, Priming.Reading.RUNTIME_EVENT, environment);
        return handler;
    }

    /**
     * Warms {@code handler} up when Lambda initializes it for an on-demand or provisioned start
     * ({@value #INITIALIZATION_TYPE} is {@code on-demand} or {@code provisioned-concurrency}), in two
     * parts:
     * <ol>
     *   <li>a short run of its SnapStart priming ({@link Priming#warmUp}), with no external effect;</li>
     *   <li>the first request of its SNS client and of its ledger's DynamoDB client, made now and with
     *       no effect ({@link EddyWiring#connectionWarmUp}): an empty PublishBatch, which SNS rejects,
     *       and a read of an id no notification has, so that credentials, signing, DNS and the
     *       connections (TLS on AWS) are done, the connections kept alive for a first batch that
     *       follows within seconds.</li>
     * </ol>
     * An on-demand init runs on a full vCPU, while the first invocation runs on the memory size's
     * share of one (0.145 at 256 MB), so the first batch's class loading, compiling and connecting
     * cost several times less here; with provisioned concurrency, init has no such burst but is off
     * the request path. A SnapStart function ({@code snap-start}) is primed at its checkpoint
     * instead, where no connection may be opened; outside Lambda nothing runs. Warming up only warms:
     * a problem, even a class that fails to load, is logged as a warning and the start goes on.
     *
     * @return what the priming's run did, or empty when the warm-up did not run
     */
    static Optional<Priming.Summary> warmUp(StreamHandler handler, Priming.Reading reading,
                                            Map<String, String> environment) {
        String type = environment.get(INITIALIZATION_TYPE);
        if (handler.priming == null || !("on-demand".equals(type) || "provisioned-concurrency".equals(type))) {
            return Optional.empty();
        }
        // Priming reports what it could not do, a class that failed to load included; it does not throw.
        Priming.Summary summary = handler.priming.warmUp(reading, Priming.WARM_UP_ROUNDS, Priming.WARM_UP_PUBLISH_CALLS);
        if (!summary.inMemoryProblems().isEmpty()) {
            handler.logger.warn("init warm-up did not complete; the first batch will load what it needs")
                    .names("problems", summary.inMemoryProblems()).write();
        }
        List<String> connectionProblems;
        try {
            connectionProblems = handler.connections.get();
        } catch (RuntimeException | LinkageError e) {
            connectionProblems = List.of(e.getClass().getName() + ": " + e.getMessage());
        }
        if (!connectionProblems.isEmpty()) {
            handler.logger.warn("init connection warm-up did not go as expected; the first batch will connect itself")
                    .names("problems", connectionProblems).write();
        }
        return Optional.of(summary);
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        logger.requestId(context.getAwsRequestId());
        List<BatchItemFailure> failures = firstFailure(mapper.apply(event), context)
                .map(failed -> List.of(new BatchItemFailure(failed.sequenceNumber())))
                .orElse(List.of());
        return new StreamsEventResponse(failures);
    }

    /**
     * Runs the batch use case once over records already read: the first failed record (the stream
     * retries from its sequence number), or empty when the whole batch succeeded. Shared with
     * {@link StreamingHandler}, which reads the records from the raw event itself.
     */
    Optional<RecordRef> firstFailure(List<StreamRecord> records, Context context) {
        TimeBudget budget = () -> Duration.ofMillis(context.getRemainingTimeInMillis());
        BatchOutcome outcome;
        try {
            outcome = useCase.process(new ProcessChangeBatchCommand(records, budget));
        } catch (RuntimeException e) {
            // A bug or a broken port: Lambda retries the whole batch, so nothing is lost. Say so.
            logger.error("batch aborted; the whole batch will be retried")
                    .field("records", records.size())
                    .field("errorType", e.getClass().getName())
                    .write();
            throw e;
        }
        return outcome.failure().map(RecordFailure::record);
    }

    JsonLogger logger() {
        return logger;
    }

    /** The SnapStart priming the composition root registered; null for a handler over ready-made parts. */
    Priming priming() {
        return priming;
    }
}
