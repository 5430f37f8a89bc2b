package dev.eddy.bootstrap.local;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * The records behind an on-failure record, read back from the stream while it still holds them.
 *
 * <p>When the event source mapping gives up on records (after {@code maximum_retry_attempts}, or past the
 * maximum record age), Lambda sends its on-failure destination a record that names them without holding them:
 * {@code DDBStreamBatchInfo} gives the stream, the shard, the first and last sequence numbers and the count. The
 * stream keeps the records 24 hours. This reads them back (GetShardIterator {@code AT_SEQUENCE_NUMBER} at the first,
 * then GetRecords up to the last) and gives them as the event Lambda hands the function, so that they can be
 * inspected ({@code replay}) or sent through the deployed function again ({@code aws lambda invoke}), where the
 * delivery ledger and the projections' sequence guard keep a second pass from repeating an effect.
 */
final class FailedRecords {

    /** Empty GetRecords pages in a row after which the records up to the last are taken to be gone. */
    static final int MAX_EMPTY_PAGES = 5;
    private static final Pattern STREAM_ARN =
            Pattern.compile("arn:aws[a-z-]*:dynamodb:([a-z0-9-]+):\\d{12}:table/[A-Za-z0-9_.-]+/stream/.+");
    private static final Pattern SEQUENCE_NUMBER = Pattern.compile("\\d{1,40}");

    private FailedRecords() {
    }

    /**
     * The stream records an on-failure record names: one shard, from {@code first} to {@code last}, and when the
     * first was written, when the record says ({@code approximateArrivalOfFirstRecord}).
     */
    record Range(String streamArn, String region, String shardId, BigInteger first, BigInteger last, int batchSize,
                 Optional<Instant> firstWritten) {

        /** DynamoDB Streams keeps a record this long after it was written. */
        static final Duration RETENTION = Duration.ofHours(24);

        /** When the stream lets go of the first record, if the on-failure record says when it was written. */
        Optional<Instant> heldUntil() {
            return firstWritten.map(written -> written.plus(RETENTION));
        }

        /**
         * The range named by an on-failure record's {@code DDBStreamBatchInfo}.
         *
         * @throws LocalRuntimeException naming what is missing or wrong
         */
        static Range of(JsonNode onFailureRecord) {
            JsonNode info = onFailureRecord.path("DDBStreamBatchInfo");
            if (!info.isObject()) {
                throw new LocalRuntimeException("not an on-failure record of a DynamoDB stream: it has no DDBStreamBatchInfo"
                        + hint(onFailureRecord));
            }
            String streamArn = text(info, "streamArn");
            var arn = STREAM_ARN.matcher(streamArn);
            if (!arn.matches()) {
                throw new LocalRuntimeException("DDBStreamBatchInfo.streamArn is not a DynamoDB stream ARN: \"" + streamArn + "\"");
            }
            String shardId = text(info, "shardId");
            BigInteger first = sequence(info, "startSequenceNumber");
            BigInteger last = sequence(info, "endSequenceNumber");
            if (first.compareTo(last) > 0) {
                throw new LocalRuntimeException("DDBStreamBatchInfo.startSequenceNumber " + first
                        + " is after its endSequenceNumber " + last);
            }
            JsonNode batchSize = info.path("batchSize");
            if (!batchSize.canConvertToInt() || batchSize.asInt() < 1) {
                throw new LocalRuntimeException("DDBStreamBatchInfo.batchSize must be a positive number, got " + batchSize);
            }
            return new Range(streamArn, arn.group(1), shardId, first, last, batchSize.asInt(),
                    instant(info.path("approximateArrivalOfFirstRecord").asText("")));
        }

        private static Optional<Instant> instant(String text) {
            try {
                return text.isEmpty() ? Optional.empty() : Optional.of(Instant.parse(text));
            } catch (DateTimeParseException e) {
                return Optional.empty(); // only shown to the operator; the records are found by sequence number
            }
        }

        /** What the value looks like instead, for the shapes an operator is likely to pass by mistake. */
        private static String hint(JsonNode value) {
            if (value.has("Messages") || value.has("Body")) {
                return " (this looks like an SQS message: give its Body, e.g. jq -r '.Messages[0].Body')";
            }
            if (value.path("Records").path(0).has("body")) {
                return " (this looks like a Lambda SQS event: give one record's body, e.g. jq -r '.Records[0].body')";
            }
            if (value.isTextual()) {
                return " (this is a JSON string: its text is the record, which jq -r writes out)";
            }
            return "";
        }

        private static String text(JsonNode info, String field) {
            JsonNode value = info.path(field);
            if (!value.isTextual() || value.asText().isBlank()) {
                throw new LocalRuntimeException("DDBStreamBatchInfo." + field + " is missing");
            }
            return value.asText();
        }

        private static BigInteger sequence(JsonNode info, String field) {
            String value = text(info, field);
            if (!SEQUENCE_NUMBER.matcher(value).matches()) {
                throw new LocalRuntimeException("DDBStreamBatchInfo." + field + " is not a sequence number: \"" + value + "\"");
            }
            return new BigInteger(value);
        }
    }

    private static LocalRuntimeException noLongerHeld(Range range, String why) {
        return new LocalRuntimeException("the stream no longer holds the records from sequence number " + range.first()
                + " to " + range.last() + " of " + range.shardId() + ": they are older than its 24-hour retention, and"
                + " the on-failure record is all that is left of them (" + why + ")");
    }

    /** The records read back, as the Lambda event, and what differs from what the on-failure record announced. */
    record Read(ObjectNode event, int records, List<String> warnings) {
    }

    /**
     * Reads the range's records from the stream. Records that end before the range's last sequence number, or
     * that are fewer than it announced, are read all the same and said so in {@link Read#warnings()}; so are
     * the later records of a range whose first ones are past the stream's retention.
     *
     * @throws LocalRuntimeException when the stream no longer holds any record of the range (past its retention),
     *                               the stream or shard does not exist, or the stream stops serving the shard midway
     */
    static Read read(DynamoDbStreamsClient streams, Range range) {
        return read(streams, range, 1000);
    }

    /** Whether the client's endpoint is on this machine (loopback), as a local {@code run}'s is. */
    static boolean local(DynamoDbStreamsClient streams) {
        java.util.Optional<java.net.URI> endpoint;
        try {
            endpoint = streams.serviceClientConfiguration().endpointOverride();
        } catch (RuntimeException e) {
            return false; // a client that does not say where it goes
        }
        return endpoint.map(FailedRecords::loopback).orElse(false);
    }

    /** Whether {@code endpoint} names a loopback host, without a DNS lookup. */
    static boolean loopback(java.net.URI endpoint) {
        String host = endpoint.getHost();
        if (host == null) {
            return false;
        }
        host = host.toLowerCase(java.util.Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return host.equals("localhost") || host.endsWith(".localhost") || host.startsWith("127.")
                || host.equals("::1") || host.equals("0:0:0:0:0:0:0:1");
    }

    /** As {@link #read(DynamoDbStreamsClient, Range)}, asking GetRecords for at most {@code pageLimit} records a call. */
    static Read read(DynamoDbStreamsClient streams, Range range, int pageLimit) {
        String iterator;
        String trimmed = null;
        try {
            iterator = streams.getShardIterator(b -> b.streamArn(range.streamArn()).shardId(range.shardId())
                    .shardIteratorType(ShardIteratorType.AT_SEQUENCE_NUMBER).sequenceNumber(range.first().toString()))
                    .shardIterator();
        } catch (TrimmedDataAccessException e) {
            // The first record is past the retention; the later ones of the range may not be yet: read what is left.
            trimmed = e.getMessage();
            try {
                iterator = streams.getShardIterator(b -> b.streamArn(range.streamArn()).shardId(range.shardId())
                        .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            } catch (ResourceNotFoundException gone) {
                throw noLongerHeld(range, trimmed);
            }
        } catch (ResourceNotFoundException e) {
            throw new LocalRuntimeException("no stream " + range.streamArn() + " with shard " + range.shardId()
                    + " (wrong account, region or endpoint; the table was deleted; or the shard is past the stream's"
                    + " 24-hour retention" + (local(streams) ? "; or, at this local endpoint, the stream of a `run` that"
                    + " has since stopped: a local `run` keeps its stream in memory: re-drive while the same run is"
                    + " alive" : "") + "): " + e.getMessage());
        }
        List<Record> records = new ArrayList<>();
        int emptyPages = 0;
        boolean reachedLast = false;
        while (iterator != null && !reachedLast && emptyPages < MAX_EMPTY_PAGES) {
            String current = iterator;
            GetRecordsResponse page;
            try {
                page = streams.getRecords(b -> b.shardIterator(current).limit(pageLimit));
            } catch (TrimmedDataAccessException | ExpiredIteratorException e) {
                throw new LocalRuntimeException("the stream stopped serving " + range.shardId() + " after "
                        + records.size() + " record(s): " + e.getMessage());
            }
            emptyPages = page.records().isEmpty() ? emptyPages + 1 : 0;
            for (Record record : page.records()) {
                BigInteger sequence = new BigInteger(record.dynamodb().sequenceNumber());
                if (sequence.compareTo(range.first()) < 0) {
                    continue;   // from the oldest record the stream holds, up to the range
                }
                int order = sequence.compareTo(range.last());
                if (order > 0) {
                    reachedLast = true;
                    break;
                }
                records.add(record);
                reachedLast = order == 0;
            }
            iterator = page.nextShardIterator();
        }
        if (trimmed != null && records.isEmpty()) {
            throw noLongerHeld(range, trimmed);
        }
        if (records.isEmpty() || trimmed == null
                && !new BigInteger(records.get(0).dynamodb().sequenceNumber()).equals(range.first())) {
            throw new LocalRuntimeException("the stream returned no record at sequence number " + range.first() + " of "
                    + range.shardId() + " (the first it returned: "
                    + (records.isEmpty() ? "none" : records.get(0).dynamodb().sequenceNumber()) + ")");
        }
        String lastRead = records.get(records.size() - 1).dynamodb().sequenceNumber();
        List<String> warnings = new ArrayList<>();
        if (trimmed != null) {
            warnings.add("the stream no longer holds the range's records before sequence number "
                    + records.get(0).dynamodb().sequenceNumber() + " (past its 24-hour retention; the on-failure record"
                    + " is all that is left of them): read from there");
        }
        if (!new BigInteger(lastRead).equals(range.last())) {
            warnings.add("the records end at sequence number " + lastRead + ", before the announced last "
                    + range.last() + (iterator == null ? " (the shard is closed)" : "") + ": " + records.size()
                    + " record(s) read");
        }
        if (records.size() != range.batchSize()) {
            warnings.add("read " + records.size() + " record(s); the on-failure record announced " + range.batchSize());
        }
        return new Read(LambdaEvents.eventJson(records, range.streamArn(), range.region()), records.size(),
                List.copyOf(warnings));
    }
}
