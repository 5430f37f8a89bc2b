package dev.eddy.bootstrap.local;

import java.math.BigInteger;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The stream of one table: an ordered list of shards, each holding stream records in the DynamoDB Streams API
 * shape. One shard is open at a time; rolling closes it and opens a child whose parent is the closed shard, the
 * way DynamoDB splits its shards over time. Sequence numbers increase across the whole stream.
 *
 * <p>Records are kept for the life of the process (DynamoDB trims them after 24 hours).
 */
final class LocalStream {

    private static final DateTimeFormatter LABEL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS")
            .withZone(ZoneOffset.UTC);

    final String tableName;
    final String arn;
    final String label;
    final String viewType;
    final Instant created;
    final JsonNode keySchema;
    private final String region;
    private final int rolloverRecords;
    private final List<Shard> shards = new ArrayList<>();
    private long nextSequence;
    private boolean enabled = true;

    LocalStream(String region, String accountId, String tableName, String viewType, JsonNode keySchema,
                int rolloverRecords, Instant now, long firstSequence) {
        this.tableName = tableName;
        this.region = region;
        this.viewType = viewType;
        this.keySchema = keySchema;
        this.rolloverRecords = rolloverRecords;
        this.created = now;
        this.label = LABEL.format(now);
        this.arn = "arn:aws:dynamodb:" + region + ":" + accountId + ":table/" + tableName + "/stream/" + label;
        this.nextSequence = firstSequence;
        shards.add(new Shard(shardId(now), null, sequence(nextSequence)));
    }

    /** One shard: its records and sequence number range. */
    static final class Shard {
        final String id;
        final String parentId;
        final BigInteger start;
        final List<ObjectNode> records = new ArrayList<>();
        volatile BigInteger end;

        Shard(String id, String parentId, BigInteger start) {
            this.id = id;
            this.parentId = parentId;
            this.start = start;
        }

        boolean closed() {
            return end != null;
        }
    }

    static BigInteger sequence(long n) {
        return new BigInteger("1" + String.format(Locale.ROOT, "%020d", n));
    }

    synchronized boolean enabled() {
        return enabled;
    }

    /** Stops the stream: the open shard closes and no more records arrive. */
    synchronized void disable() {
        if (enabled) {
            closeOpenShard();
            enabled = false;
        }
    }

    /**
     * Appends one stream record; returns it. {@code identity} is null for writes by users, or the service identity
     * for time-to-live deletions.
     */
    synchronized ObjectNode append(String eventName, ObjectNode keys, JsonNode oldImage, JsonNode newImage,
                                   ObjectNode identity, Instant now) {
        if (!enabled) {
            throw new IllegalStateException("Stream " + arn + " is disabled");
        }
        Shard shard = openShard();
        BigInteger sequence = sequence(nextSequence++);
        ObjectNode record = Json.MAPPER.createObjectNode();
        record.put("eventID", UUID.randomUUID().toString().replace("-", ""));
        record.put("eventName", eventName);
        record.put("eventVersion", "1.1");
        record.put("eventSource", "aws:dynamodb");
        record.put("awsRegion", region);
        ObjectNode dynamodb = record.putObject("dynamodb");
        dynamodb.put("ApproximateCreationDateTime", now.getEpochSecond());
        dynamodb.set("Keys", keys);
        boolean wantsNew = viewType.equals("NEW_IMAGE") || viewType.equals("NEW_AND_OLD_IMAGES");
        boolean wantsOld = viewType.equals("OLD_IMAGE") || viewType.equals("NEW_AND_OLD_IMAGES");
        long size = Images.size(keys);
        if (wantsNew && newImage != null) {
            dynamodb.set("NewImage", newImage.deepCopy());
            size += Images.size(newImage);
        }
        if (wantsOld && oldImage != null) {
            dynamodb.set("OldImage", oldImage.deepCopy());
            size += Images.size(oldImage);
        }
        dynamodb.put("SequenceNumber", sequence.toString());
        dynamodb.put("SizeBytes", size);
        dynamodb.put("StreamViewType", viewType);
        if (identity != null) {
            record.set("userIdentity", identity);
        }
        shard.records.add(record);
        if (rolloverRecords > 0 && shard.records.size() >= rolloverRecords) {
            roll(now);
        }
        return record;
    }

    /** Closes the open shard and opens a child of it. */
    synchronized void roll(Instant now) {
        if (!enabled) {
            return;
        }
        Shard parent = openShard();
        closeOpenShard();
        shards.add(new Shard(shardId(now), parent.id, sequence(nextSequence)));
    }

    private void closeOpenShard() {
        Shard open = openShard();
        if (open.records.isEmpty()) {
            nextSequence++;
            open.end = open.start;
        } else {
            open.end = new BigInteger(open.records.get(open.records.size() - 1).get("dynamodb").get("SequenceNumber").asText());
        }
    }

    private Shard openShard() {
        return shards.get(shards.size() - 1);
    }

    synchronized List<Shard> shards() {
        return new ArrayList<>(shards);
    }

    synchronized Shard shard(String shardId) {
        for (Shard shard : shards) {
            if (shard.id.equals(shardId)) {
                return shard;
            }
        }
        return null;
    }

    /** Up to {@code limit} records of a shard from position {@code from}, as copies. */
    synchronized List<ObjectNode> read(Shard shard, int from, int limit) {
        List<ObjectNode> out = new ArrayList<>();
        for (int i = from; i < shard.records.size() && out.size() < limit; i++) {
            out.add(shard.records.get(i).deepCopy());
        }
        return out;
    }

    /** Number of records in a shard now. */
    synchronized int size(Shard shard) {
        return shard.records.size();
    }

    /** Whether a shard is closed. */
    synchronized boolean isClosed(Shard shard) {
        return shard.closed();
    }

    /** Position of the first record whose sequence number is at least (or, if {@code after}, above) the given one. */
    synchronized int position(Shard shard, BigInteger sequence, boolean after) {
        for (int i = 0; i < shard.records.size(); i++) {
            BigInteger s = new BigInteger(shard.records.get(i).get("dynamodb").get("SequenceNumber").asText());
            int cmp = s.compareTo(sequence);
            if (after ? cmp > 0 : cmp >= 0) {
                return i;
            }
        }
        return shard.records.size();
    }

    /** The StreamDescription of DescribeStream. */
    synchronized ObjectNode describe(int limit, String exclusiveStartShardId) {
        ObjectNode description = Json.MAPPER.createObjectNode();
        description.put("StreamArn", arn);
        description.put("StreamLabel", label);
        description.put("StreamStatus", enabled ? "ENABLED" : "DISABLED");
        description.put("StreamViewType", viewType);
        description.put("CreationRequestDateTime", created.toEpochMilli() / 1000.0);
        description.put("TableName", tableName);
        description.set("KeySchema", keySchema.deepCopy());
        ArrayNode out = description.putArray("Shards");
        boolean started = exclusiveStartShardId == null;
        String lastListed = null;
        int index = 0;
        for (; index < shards.size(); index++) {
            Shard shard = shards.get(index);
            if (!started) {
                started = shard.id.equals(exclusiveStartShardId);
                continue;
            }
            if (out.size() >= limit) {
                break;
            }
            ObjectNode s = out.addObject();
            s.put("ShardId", shard.id);
            if (shard.parentId != null) {
                s.put("ParentShardId", shard.parentId);
            }
            ObjectNode range = s.putObject("SequenceNumberRange");
            range.put("StartingSequenceNumber", shard.start.toString());
            if (shard.end != null) {
                range.put("EndingSequenceNumber", shard.end.toString());
            }
            lastListed = shard.id;
        }
        if (index < shards.size() && lastListed != null) {
            description.put("LastEvaluatedShardId", lastListed);
        }
        return description;
    }

    private static String shardId(Instant now) {
        return String.format(Locale.ROOT, "shardId-%020d-%08x", now.toEpochMilli(),
                ThreadLocalRandom.current().nextInt());
    }
}
