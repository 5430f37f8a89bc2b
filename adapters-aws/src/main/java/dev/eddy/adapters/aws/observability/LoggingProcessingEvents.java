package dev.eddy.adapters.aws.observability;

import dev.eddy.application.RecordRef;
import dev.eddy.application.pipeline.Channel;
import dev.eddy.application.port.in.BatchOutcome;
import dev.eddy.application.port.in.RecordFailure;
import dev.eddy.application.port.out.ProcessingEvents;
import dev.eddy.domain.Change;
import dev.eddy.domain.ChangeKind;
import dev.eddy.domain.json.JsonWriter;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Logs what happens to a batch and publishes its metrics as CloudWatch Embedded Metric Format.
 *
 * <p>Counts accumulate while the batch runs; {@link #batchFinished} writes them out: one EMF line
 * holding every batch metric with dimension {@code FunctionName}, plus one line per change kind
 * seen for {@code Records} with dimensions {@code FunctionName} and {@code ChangeKind} (an EMF
 * document carries one value per dimension, so each kind needs its own document). That is at
 * most five lines per batch, whatever its size.
 */
final class LoggingProcessingEvents implements ProcessingEvents {
    private final JsonLogger logger;
    private final String functionName;
    private final Map<ChangeKind, Integer> recordsByKind = new EnumMap<>(ChangeKind.class);
    private final Map<Channel, Integer> published = new EnumMap<>(Channel.class);
    /** degraded warnings since the last batch's metrics; kept over an aborted batch, as publications are. */
    private int degraded;

    LoggingProcessingEvents(JsonLogger logger, String functionName) {
        this.logger = Objects.requireNonNull(logger, "logger");
        this.functionName = Objects.requireNonNull(functionName, "functionName");
    }

    /**
     * Forgets the records an aborted batch counted: the stream delivers them again and they are
     * counted then. Publications are kept: they did happen (a retry may skip them by the ledger),
     * so they are counted with the next batch instead of not at all.
     */
    @Override
    public void batchStarted() {
        recordsByKind.clear();
    }

    @Override
    public void changeProcessed(Change change) {
        recordsByKind.merge(change.kind(), 1, Integer::sum);
    }

    @Override
    public void recordFailed(RecordFailure failure) {
        RecordRef ref = failure.record();
        logger.line(failure.retryable() ? JsonLogger.Level.WARN : JsonLogger.Level.ERROR, "record failed")
                .record(ref.eventId(), ref.sequenceNumber())
                .field("stage", failure.stage())
                .field("reason", failure.reason())
                .field("errorType", failure.errorType())
                .field("retryable", failure.retryable())
                .write();
    }

    @Override
    public void recordQuarantined(RecordRef record, String reason) {
        logger.warn("record quarantined")
                .record(record.eventId(), record.sequenceNumber())
                .field("reason", reason)
                .write();
    }

    @Override
    public void delivered(Channel channel, int count) {
        published.merge(channel, count, Integer::sum);
    }

    @Override
    public void degraded(String reason) {
        degraded++;
        logger.warn("degraded").field("reason", reason).write();
    }

    @Override
    public void batchFinished(BatchOutcome outcome, int records, Duration duration, Optional<Duration> oldestAge) {
        try {
            JsonLogger.Line line = logger.info("batch finished")
                    .field("records", records)
                    .field("processed", outcome.processed())
                    .field("quarantined", outcome.quarantined())
                    .field("durationMs", duration.toMillis());
            oldestAge.ifPresent(age -> line.field("oldestRecordAgeMs", age.toMillis()));
            outcome.failure().ifPresent(f -> line.field("failedSequenceNumber", f.record().sequenceNumber()));
            line.write();
            logger.emit(batchMetrics(outcome, duration, oldestAge));
            for (Map.Entry<ChangeKind, Integer> entry : recordsByKind.entrySet()) {
                logger.emit(recordsMetric(entry.getKey(), entry.getValue()));
            }
        } finally {
            recordsByKind.clear();
            published.clear();
            degraded = 0;
        }
    }

    private String batchMetrics(BatchOutcome outcome, Duration duration, Optional<Duration> oldestAge) {
        JsonWriter json = header(false);
        json.beginObject().name("Name").value(EmfMetricNames.RECORDS_FAILED).name("Unit").value(EmfMetricNames.UNIT_COUNT).endObject();
        json.beginObject().name("Name").value(EmfMetricNames.RECORDS_QUARANTINED).name("Unit").value(EmfMetricNames.UNIT_COUNT).endObject();
        json.beginObject().name("Name").value(EmfMetricNames.ALERTS_PUBLISHED).name("Unit").value(EmfMetricNames.UNIT_COUNT).endObject();
        json.beginObject().name("Name").value(EmfMetricNames.CHANGE_EVENTS_PUBLISHED).name("Unit").value(EmfMetricNames.UNIT_COUNT).endObject();
        json.beginObject().name("Name").value(EmfMetricNames.DEGRADED).name("Unit").value(EmfMetricNames.UNIT_COUNT).endObject();
        json.beginObject().name("Name").value(EmfMetricNames.BATCH_DURATION).name("Unit").value(EmfMetricNames.UNIT_MILLISECONDS).endObject();
        if (oldestAge.isPresent()) {
            json.beginObject().name("Name").value(EmfMetricNames.OLDEST_RECORD_AGE).name("Unit").value(EmfMetricNames.UNIT_MILLISECONDS).endObject();
        }
        json.endArray().endObject().endArray().endObject();
        json.name(EmfMetricNames.DIMENSION_FUNCTION_NAME).value(functionName);
        json.name(EmfMetricNames.RECORDS_FAILED).value(outcome.failure().isPresent() ? 1 : 0);
        json.name(EmfMetricNames.RECORDS_QUARANTINED).value(outcome.quarantined());
        json.name(EmfMetricNames.ALERTS_PUBLISHED).value(published.getOrDefault(Channel.ALERTS, 0));
        json.name(EmfMetricNames.CHANGE_EVENTS_PUBLISHED).value(published.getOrDefault(Channel.CHANGE_EVENTS, 0));
        json.name(EmfMetricNames.DEGRADED).value(degraded);
        json.name(EmfMetricNames.BATCH_DURATION).value(duration.toMillis());
        oldestAge.ifPresent(age -> json.name(EmfMetricNames.OLDEST_RECORD_AGE).value(Math.max(0, age.toMillis())));
        return json.endObject().toString();
    }

    private String recordsMetric(ChangeKind kind, int count) {
        JsonWriter json = header(true);
        json.beginObject().name("Name").value(EmfMetricNames.RECORDS).name("Unit").value(EmfMetricNames.UNIT_COUNT).endObject();
        json.endArray().endObject().endArray().endObject();
        json.name(EmfMetricNames.DIMENSION_FUNCTION_NAME).value(functionName);
        json.name(EmfMetricNames.DIMENSION_CHANGE_KIND).value(kind.name());
        json.name(EmfMetricNames.RECORDS).value(count);
        return json.endObject().toString();
    }

    /** Opens the document up to the inside of the Metrics array. */
    private JsonWriter header(boolean byKind) {
        JsonWriter json = new JsonWriter().beginObject()
                .name("_aws").beginObject()
                .name("Timestamp").value(logger.clock().millis())
                .name("CloudWatchMetrics").beginArray().beginObject()
                .name("Namespace").value(EmfMetricNames.NAMESPACE)
                .name("Dimensions").beginArray().beginArray()
                .value(EmfMetricNames.DIMENSION_FUNCTION_NAME);
        if (byKind) {
            json.value(EmfMetricNames.DIMENSION_CHANGE_KIND);
        }
        return json.endArray().endArray().name("Metrics").beginArray();
    }
}
