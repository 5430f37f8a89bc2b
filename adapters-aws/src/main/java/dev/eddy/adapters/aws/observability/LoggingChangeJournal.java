package dev.eddy.adapters.aws.observability;

import dev.eddy.application.port.out.ChangeJournal;
import dev.eddy.domain.Change;
import dev.eddy.domain.Diff;
import dev.eddy.domain.FieldChange;
import dev.eddy.domain.ImageRole;
import dev.eddy.domain.SourcePosition;
import dev.eddy.domain.json.JsonWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Logs one DEBUG line per change: kind, table, event id, sequence number, the key's attribute names,
 * the names of the fields an update changed, and the images the record lacks. Attribute values
 * (key, images, changed values) only when {@code logItemValues} is on.
 *
 * <p>DEBUG, because a line per record is most of what a function logs (about 356 bytes a record,
 * against about 1.7 KB a batch for the summary and the metrics) and CloudWatch Logs bills every
 * byte: at the default level INFO the journal costs nothing, not even the building of its lines.
 */
final class LoggingChangeJournal implements ChangeJournal {
    private final JsonLogger logger;
    private final boolean logItemValues;

    LoggingChangeJournal(JsonLogger logger, boolean logItemValues) {
        this.logger = Objects.requireNonNull(logger, "logger");
        this.logItemValues = logItemValues;
    }

    @Override
    public void record(Change change) {
        if (!logger.enabled(JsonLogger.Level.DEBUG)) {
            return;
        }
        SourcePosition source = change.source();
        JsonLogger.Line line = logger.debug("change")
                .field("kind", change.kind().name())
                .field("table", source.table())
                .record(source.eventId(), source.sequenceNumber())
                .names("keyAttributes", change.key().attributes().keySet());
        Optional<Diff> diff = change instanceof Change.Updated updated ? updated.diff() : Optional.empty();
        diff.ifPresent(d -> line.names("changedFields", d.fieldNames()));
        List<String> missing = new ArrayList<>(2);
        for (ImageRole role : change.missingImages()) {
            missing.add(role.name());
        }
        if (!missing.isEmpty()) {
            line.names("missingImages", missing);
        }
        if (logItemValues) {
            JsonWriter key = new JsonWriter();
            ValueJson.writeAttributes(key, change.key().attributes());
            line.rawField("key", key.toString());
            change.oldImage().ifPresent(image -> line.rawField("oldImage", ValueJson.item(image)));
            change.newImage().ifPresent(image -> line.rawField("newImage", ValueJson.item(image)));
            diff.ifPresent(d -> line.rawField("changes", changes(d)));
        }
        line.write();
    }

    private static String changes(Diff diff) {
        JsonWriter json = new JsonWriter().beginObject();
        for (Map.Entry<String, FieldChange> entry : diff.changed().entrySet()) {
            json.name(entry.getKey()).beginObject().name("old");
            ValueJson.write(json, entry.getValue().oldValue());
            json.name("new");
            ValueJson.write(json, entry.getValue().newValue());
            json.endObject();
        }
        return json.endObject().toString();
    }
}
