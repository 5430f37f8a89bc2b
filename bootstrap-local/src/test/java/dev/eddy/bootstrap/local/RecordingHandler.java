package dev.eddy.bootstrap.local;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;

/** A handler that records every event it gets and answers as told. */
final class RecordingHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {

    final List<DynamodbEvent> events = new CopyOnWriteArrayList<>();
    final List<Integer> remainingTimes = new CopyOnWriteArrayList<>();
    private final BiFunction<DynamodbEvent, Integer, StreamsEventResponse> behaviour;

    /** {@code behaviour} gets the event and the invocation number (0-based). */
    RecordingHandler(BiFunction<DynamodbEvent, Integer, StreamsEventResponse> behaviour) {
        this.behaviour = behaviour;
    }

    static RecordingHandler succeeding() {
        return new RecordingHandler((event, n) -> StreamsEventResponse.builder().withBatchItemFailures(List.of()).build());
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        int invocation = events.size();
        events.add(event);
        remainingTimes.add(context.getRemainingTimeInMillis());
        return behaviour.apply(event, invocation);
    }

    /** The ids (partition key) of each invocation's records. */
    List<List<String>> batches() {
        List<List<String>> batches = new ArrayList<>();
        for (DynamodbEvent event : events) {
            batches.add(ids(event));
        }
        return batches;
    }

    static List<String> ids(DynamodbEvent event) {
        return event.getRecords().stream().map(RecordingHandler::id).collect(Collectors.toList());
    }

    static String id(DynamodbEvent.DynamodbStreamRecord record) {
        return record.getDynamodb().getKeys().get("id").getS();
    }

    /** Every id delivered, in delivery order (a retried record appears again). */
    List<String> allIds() {
        return batches().stream().flatMap(List::stream).collect(Collectors.toList());
    }
}
