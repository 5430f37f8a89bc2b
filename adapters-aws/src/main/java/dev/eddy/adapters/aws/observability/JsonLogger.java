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
 * <p>One invocation at a time runs in a Lambda execution environment, so the request id is
 * simply set at the start of each invocation.
 */
public final class JsonLogger {
    /** How serious a line is. */
    public enum Level { DEBUG, INFO, WARN, ERROR }

    private final PrintStream out;
    private final Clock clock;
    private volatile String requestId;

    public JsonLogger(PrintStream out, Clock clock) {
        this.out = Objects.requireNonNull(out, "out");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Sets the request id written on every line from now on (the Lambda invocation's). */
    public void requestId(String requestId) {
        this.requestId = requestId;
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

    public Line line(Level level, String message) {
        return new Line(level, message);
    }

    /** Writes an already-rendered JSON object as one line (used for EMF metric documents). */
    void emit(String jsonObject) {
        out.println(jsonObject);
    }

    Clock clock() {
        return clock;
    }

    /** One log line being built. Nothing is written until {@link #write()}. */
    public final class Line {
        private final JsonWriter json = new JsonWriter();

        private Line(Level level, String message) {
            json.beginObject()
                    .name("timestamp").value(clock.instant().toString())
                    .name("level").value(level.name())
                    .name("message").value(message)
                    .name("requestId").value(requestId);
        }

        public Line field(String name, String value) {
            json.name(name).value(value);
            return this;
        }

        public Line field(String name, long value) {
            json.name(name).value(value);
            return this;
        }

        public Line field(String name, boolean value) {
            json.name(name).value(value);
            return this;
        }

        /** A list of names (attribute names, field names), as a JSON array of strings. */
        public Line names(String name, Collection<String> values) {
            json.name(name).beginArray();
            for (String value : values) {
                json.value(value);
            }
            json.endArray();
            return this;
        }

        /** A field whose value is already JSON. */
        public Line rawField(String name, String jsonValue) {
            json.name(name).rawValue(jsonValue);
            return this;
        }

        /** The event id and sequence number of the record the line is about. */
        public Line record(String eventId, String sequenceNumber) {
            return field("eventId", eventId).field("sequenceNumber", sequenceNumber);
        }

        public void write() {
            json.endObject();
            out.println(json.toString());
        }
    }
}
