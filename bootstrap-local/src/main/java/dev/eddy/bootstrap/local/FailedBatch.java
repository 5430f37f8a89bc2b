package dev.eddy.bootstrap.local;

import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What the local on-failure destination received for records the mapping gave up on: the invocation record in
 * Lambda's on-failure shape ({@code requestContext}, {@code responseContext}, {@code DDBStreamBatchInfo}), which,
 * as in Lambda, describes the records without holding them, plus, for local debugging, the records themselves in
 * the Lambda event shape.
 */
public final class FailedBatch {

    /** Why the records were given up: Lambda's {@code requestContext.condition}. */
    public enum Condition { RetryAttemptsExhausted, RecordAgeExceeded }

    private final ObjectNode destinationRecord;
    private final List<ObjectNode> records;

    FailedBatch(ObjectNode destinationRecord, List<ObjectNode> records) {
        this.destinationRecord = destinationRecord;
        this.records = List.copyOf(records);
    }

    /** The on-failure record as Lambda would send it to the destination, as JSON text. */
    public String json() {
        return Json.text(destinationRecord);
    }

    public Condition condition() {
        return Condition.valueOf(destinationRecord.path("requestContext").path("condition").asText());
    }

    public String shardId() {
        return batchInfo("shardId");
    }

    public String startSequenceNumber() {
        return batchInfo("startSequenceNumber");
    }

    public String endSequenceNumber() {
        return batchInfo("endSequenceNumber");
    }

    public int batchSize() {
        return destinationRecord.path("DDBStreamBatchInfo").path("batchSize").asInt();
    }

    /** The records given up, in the Lambda event shape (local addition; Lambda's destination record has none). */
    public List<String> recordsJson() {
        return records.stream().map(Json::text).collect(java.util.stream.Collectors.toList());
    }

    private String batchInfo(String field) {
        return destinationRecord.path("DDBStreamBatchInfo").path(field).asText();
    }

    @Override
    public String toString() {
        return json();
    }
}
