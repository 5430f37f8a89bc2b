package dev.eddy.adapters.aws.observability;

import dev.eddy.application.port.out.ChangeJournal;
import dev.eddy.application.projection.ProjectionEvents;
import dev.eddy.application.port.out.ProcessingEvents;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Objects;

/**
 * The function's logs and metrics, ready to wire: a JSON line logger, the {@link ProcessingEvents}
 * that log and publish EMF metrics, the {@link ChangeJournal} that logs one DEBUG line per change, and
 * the {@link ProjectionEvents} that log what projections skip. All of them write to the same stream.
 */
public final class Observability {
    private final JsonLogger logger;
    private final ProcessingEvents events;
    private final ChangeJournal journal;
    private final ProjectionEvents projectionEvents;

    private Observability(JsonLogger logger, String functionName, boolean logItemValues) {
        this.logger = logger;
        this.events = new LoggingProcessingEvents(logger, functionName);
        this.journal = new LoggingChangeJournal(logger, logItemValues);
        this.projectionEvents = new LoggingProjectionEvents(logger);
    }

    /** Writes to standard output, where Lambda collects logs and EMF metrics. */
    public static Observability toStandardOutput(String functionName, boolean logItemValues, JsonLogger.Level minimum) {
        return to(StandardStreams.out(), Clock.systemUTC(), functionName, logItemValues, minimum);
    }

    /**
     * @param functionName  the FunctionName dimension of every metric
     * @param logItemValues whether change lines carry attribute values (LOG_ITEM_VALUES)
     * @param minimum       the least serious level written (the function's log level); the change
     *                      journal's lines are DEBUG, the metrics are written at every level
     */
    public static Observability to(PrintStream out, Clock clock, String functionName, boolean logItemValues,
                                   JsonLogger.Level minimum) {
        Objects.requireNonNull(functionName, "functionName");
        return new Observability(new JsonLogger(out, clock, minimum), functionName, logItemValues);
    }

    public JsonLogger logger() {
        return logger;
    }

    public ProcessingEvents events() {
        return events;
    }

    public ChangeJournal journal() {
        return journal;
    }

    public ProjectionEvents projectionEvents() {
        return projectionEvents;
    }
}
