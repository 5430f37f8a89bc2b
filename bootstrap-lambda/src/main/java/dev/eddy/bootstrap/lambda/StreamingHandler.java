package dev.eddy.bootstrap.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.eddy.adapters.aws.observability.StandardStreams;
import dev.eddy.adapters.aws.stream.json.DynamodbEventJsonReader;
import dev.eddy.adapters.aws.stream.json.MalformedEventException;
import dev.eddy.application.RecordRef;
import dev.eddy.application.StreamRecord;
import dev.eddy.domain.json.JsonWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.crac.Core;
import org.crac.Resource;

/**
 * The fast Lambda entry point: the same function as {@link StreamHandler} (same composition
 * root, configuration, use case, logs and metrics), but it reads the raw event bytes itself with
 * {@link DynamodbEventJsonReader} instead of letting the runtime build {@code DynamodbEvent}
 * POJOs, and writes the partial-batch response itself:
 * {@code {"batchItemFailures":[{"itemIdentifier":"<sequence number>"}]}}, or an empty list.
 *
 * <p>Besides speed, it isolates a bad record that the runtime's deserializer would reject the
 * whole event for (a binary that is not base64, an unknown StreamViewType): that record alone is
 * unreadable and handled like any other. A payload that is not a stream event at all is logged
 * and rethrown before any record is processed, so Lambda retries the invocation, as it does when
 * the runtime cannot deserialize.
 *
 * <p>It also keeps a large batch small in memory: an event over {@link #ONE_PASS_MAX_BYTES} is
 * checked and split into records up front, and each record is read into a change only when the use
 * case takes it ({@link DynamodbEventJsonReader#readOnDemand(byte[])}), so a record's change becomes
 * garbage once its window of notifications is delivered, instead of the whole batch's changes living
 * until the end. A smaller event, the usual one, is read whole in one pass
 * ({@link DynamodbEventJsonReader#read(byte[])}), which is about a third cheaper than checking first
 * and reading after.
 */
public final class StreamingHandler implements RequestStreamHandler {
    /**
     * The largest event read whole. 1 MiB is ten 100-record batches (Terraform's default batch size)
     * of 1 KB items; its changes take a few MiB of a 256 MB function's heap. Larger events, up to
     * Lambda's 6 MB, are read on demand.
     */
    static final int ONE_PASS_MAX_BYTES = 1 << 20;

    private final StreamHandler batch;
    private final DynamodbEventJsonReader reader;

    /** The composition root, the same as {@link StreamHandler}'s: reads the environment once. */
    public StreamingHandler() {
        this(warmedBatch(System.getenv(), StandardStreams.out(), Core.getGlobalContext()));
    }

    /** What Lambda's start does through the no-arg constructor, from the given environment. */
    static StreamingHandler starting(Map<String, String> environment, PrintStream out,
                                     org.crac.Context<Resource> checkpoints) {
        return new StreamingHandler(warmedBatch(environment, out, checkpoints));
    }

    /** The composition root, then {@link StreamHandler#warmUp} through the raw bytes, the way this handler reads. */
    private static StreamHandler warmedBatch(Map<String, String> environment, PrintStream out,
                                             org.crac.Context<Resource> checkpoints) {
        StreamHandler batch = StreamHandler.fromEnvironment(environment, out, checkpoints);
        StreamHandler.warmUp(batch, Priming.Reading.STREAMING, environment);
        return batch;
    }

    /** A handler that runs batches through {@code batch}'s use case and logger. */
    StreamingHandler(StreamHandler batch) {
        this.batch = Objects.requireNonNull(batch, "batch");
        this.reader = new DynamodbEventJsonReader();
    }

    /** The batch handler it reads events for. */
    StreamHandler batch() {
        return batch;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        batch.logger().requestId(context.getAwsRequestId());
        List<StreamRecord> records;
        try {
            records = records(reader, input.readAllBytes());
        } catch (MalformedEventException e) {
            batch.logger().error("event rejected; it is not a DynamoDB stream event")
                    .field("problem", e.getMessage())
                    .write();
            throw e;
        }
        output.write(response(batch.firstFailure(records, context)));
    }

    /**
     * The event's records: read whole when the event is at most {@link #ONE_PASS_MAX_BYTES}, else
     * read on demand. The same records either way.
     *
     * @throws MalformedEventException when the bytes are not a stream event at all
     */
    static List<StreamRecord> records(DynamodbEventJsonReader reader, byte[] event) {
        return event.length <= ONE_PASS_MAX_BYTES ? reader.read(event) : reader.readOnDemand(event);
    }

    /**
     * {@code {"batchItemFailures":[{"itemIdentifier":"..."}]}}, as the runtime serializes a
     * StreamsEventResponse. A failed record without a sequence number is reported as {@code {}}
     * (the runtime leaves a null identifier out), which Lambda takes as a failure of the whole
     * batch: nothing is skipped.
     */
    static byte[] response(Optional<RecordRef> failed) {
        JsonWriter json = new JsonWriter().beginObject().name("batchItemFailures").beginArray();
        failed.ifPresent(record -> {
            json.beginObject();
            if (record.sequenceNumber() != null) {
                json.name("itemIdentifier").value(record.sequenceNumber());
            }
            json.endObject();
        });
        return json.endArray().endObject().toString().getBytes(StandardCharsets.UTF_8);
    }
}
