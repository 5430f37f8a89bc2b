package dev.eddy.adapters.aws.observability;

import dev.eddy.domain.json.JsonWriter;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Collection;
import java.util.Objects;

/**
 * Writes one JSON object per line: {@code timestamp}, {@code level}, {@code message},
 * {@code requestId}, then the fields of the line (such as {@code eventId} and
 * {@code sequenceNumber}). Callers never pass attribute values unless LOG_ITEM_VALUES is on.
 *
 * <p>Lines below the logger's minimum level are not built at all. The minimum is the function's
 * log level (Lambda's {@code AWS_LAMBDA_LOG_LEVEL}); Lambda would drop such lines anyway, after
 * they cost the function their CPU time.
 *
 * <p>One invocation at a time runs in a Lambda execution environment, so the request id is
 * simply set at the start of each invocation.
 */
public final class JsonLogger {
    /** How serious a line is: Lambda's six log levels, least serious first. */
    public enum Level { TRACE, DEBUG, INFO, WARN, ERROR, FATAL }

    private final PrintStream out;
    private final Clock clock;
    private final Level minimum;
    private volatile String requestId;

    /** A logger that writes lines of every level. */
    public JsonLogger(PrintStream out, Clock clock) {
        this(out, clock, Level.TRACE);
    }

    /** A logger that writes lines of {@code minimum} and more serious levels only. */
    public JsonLogger(PrintStream out, Clock clock, Level minimum) {
        this.out = Objects.requireNonNull(out, "out");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.minimum = Objects.requireNonNull(minimum, "minimum");
    }

    /** Whether lines of {@code level} are written. */
    public boolean enabled(Level level) {
        return level.compareTo(minimum) >= 0;
    }

    /** Sets the request id written on every line from now on (the Lambda invocation's). */
    public void requestId(String requestId) {
        this.requestId = requestId;
    }

    public Line debug(String message) {
        return line(Level.DEBUG, message);
    }

    public Line info(String message) {
        return line(Level.INFO, message);
    }

    public Line warn(String message) {
        return line(Level.WARN, message);
    }

    public Line error(String message) {
        return line(Level.ERROR, message);
    }

    /** A line of {@code level}; below the minimum level, one that builds and writes nothing. */
    public Line line(Level level, String message) {
        return new Line(enabled(level) ? level : null, message);
    }

    /**
     * Writes an already-rendered JSON object as one line, whatever the minimum level (used for EMF
     * metric documents, which have no level: Lambda files them as INFO).
     */
    void emit(String jsonObject) {
        out.println(jsonObject);
    }

    Clock clock() {
        return clock;
    }

    /**
     * One log line being built. Nothing is written until {@link #write()}; below the logger's
     * minimum level, nothing is built either.
     */
    public final class Line {
        private final JsonWriter json;

        /** @param level the line's level, or null for a line below the minimum */
        private Line(Level level, String message) {
            if (level == null) {
                json = null;
                return;
            }
            json = new JsonWriter().beginObject()
                    .name("timestamp").value(clock.instant().toString())
                    .name("level").value(level.name())
                    .name("message").value(message)
                    .name("requestId").value(requestId);
        }

        public Line field(String name, String value) {
            if (json != null) {
                json.name(name).value(value);
            }
            return this;
        }

        public Line field(String name, long value) {
            if (json != null) {
                json.name(name).value(value);
            }
            return this;
        }

        public Line field(String name, boolean value) {
            if (json != null) {
                json.name(name).value(value);
            }
            return this;
        }

        /** A list of names (attribute names, field names), as a JSON array of strings. */
        public Line names(String name, Collection<String> values) {
            if (json == null) {
                return this;
            }
            json.name(name).beginArray();
            for (String value : values) {
                json.value(value);
            }
            json.endArray();
            return this;
        }

        /** A field whose value is already JSON. */
        public Line rawField(String name, String jsonValue) {
            if (json != null) {
                json.name(name).rawValue(jsonValue);
            }
            return this;
        }

        /** The event id and sequence number of the record the line is about. */
        public Line record(String eventId, String sequenceNumber) {
            return field("eventId", eventId).field("sequenceNumber", sequenceNumber);
        }

        public void write() {
            if (json != null) {
                json.endObject();
                out.println(json.toString());
            }
        }
    }
}
