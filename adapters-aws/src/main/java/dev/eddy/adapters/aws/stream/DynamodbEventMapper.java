package dev.eddy.adapters.aws.stream;

import static dev.eddy.adapters.aws.stream.RecordTexts.MAX_SHOWN_ARN;
import static dev.eddy.adapters.aws.stream.RecordTexts.MAX_SHOWN_NAME;
import static dev.eddy.adapters.aws.stream.RecordTexts.isDigits;
import static dev.eddy.adapters.aws.stream.RecordTexts.quoted;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.Identity;
import dev.eddy.application.RawRecord;
import dev.eddy.application.RecordRef;
import dev.eddy.application.StreamRecord;
import dev.eddy.domain.Change;
import dev.eddy.domain.InvalidValueException;
import dev.eddy.domain.Item;
import dev.eddy.domain.ItemKey;
import dev.eddy.domain.SourcePosition;
import dev.eddy.domain.StreamView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Maps a Lambda DynamoDB stream event, as the managed runtime deserialized it, to stream records:
 * each record either a domain {@link Change} ({@link StreamRecord.Readable}) or, when it cannot be
 * one, a {@link StreamRecord.Unreadable} that says precisely why. It never throws: one bad record
 * must not take the batch, or the shard, down with it. Problem texts name attribute paths and
 * types, never attribute values.
 *
 * <ul>
 *   <li>INSERT is {@link Change.Created}, MODIFY {@link Change.Updated}; REMOVE is
 *       {@link Change.Expired} when DynamoDB's TTL did it (user identity of type {@code Service},
 *       principal {@code dynamodb.amazonaws.com}), otherwise {@link Change.Deleted}.</li>
 *   <li>Images the stream view leaves out are empty Optionals, not errors.</li>
 *   <li>The table comes from the record's eventSourceARN; a missing SizeBytes counts as 0.</li>
 * </ul>
 *
 * <p>Stateless and thread-safe.
 */
public final class DynamodbEventMapper {
    private static final String TTL_IDENTITY_TYPE = "Service";
    private static final String TTL_PRINCIPAL = "dynamodb.amazonaws.com";

    public DynamodbEventMapper() {
        // Stateless.
    }

    /** One stream record per event record, in order. A null event or record list maps to none. */
    public List<StreamRecord> map(DynamodbEvent event) {
        if (event == null || event.getRecords() == null) {
            return List.of();
        }
        List<DynamodbStreamRecord> records = event.getRecords();
        List<StreamRecord> mapped = new ArrayList<>(records.size());
        TableNames tables = new TableNames();
        for (DynamodbStreamRecord record : records) {
            mapped.add(mapRecord(record, tables));
        }
        return mapped;
    }

    private static StreamRecord mapRecord(DynamodbStreamRecord record, TableNames tables) {
        RawRecord raw = new RawRecordJson(record);
        try {
            return read(record, raw, tables);
        } catch (InvalidValueException e) {
            // A domain invariant the checks above did not foresee; domain messages name no item values.
            return unreadable(record, e.getMessage(), raw);
        } catch (RuntimeException e) {
            // Last line of defence: a poison record must never escape as an exception and block the shard.
            return unreadable(record, "unexpected " + e.getClass().getSimpleName() + " while reading the record", raw);
        }
    }

    private static StreamRecord read(DynamodbStreamRecord record, RawRecord raw, TableNames tables) {
        if (record == null) {
            return new StreamRecord.Unreadable(new RecordRef(null, null), "record is null", raw);
        }
        com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord dynamodb = record.getDynamodb();
        if (dynamodb == null) {
            return unreadable(record, "dynamodb is missing", raw);
        }
        String eventName = record.getEventName();
        if (eventName == null) {
            return unreadable(record, "eventName is missing", raw);
        }
        Kind kind = Kind.of(eventName);
        if (kind == null) {
            return unreadable(record, "eventName " + quoted(eventName, MAX_SHOWN_NAME)
                    + " is not INSERT, MODIFY or REMOVE", raw);
        }
        String sequenceNumber = dynamodb.getSequenceNumber();
        if (sequenceNumber == null || sequenceNumber.isEmpty()) {
            return unreadable(record, "dynamodb.SequenceNumber is missing", raw);
        }
        if (!isDigits(sequenceNumber)) {
            return unreadable(record, "dynamodb.SequenceNumber is not a decimal number", raw);
        }
        if (record.getEventID() == null || record.getEventID().isBlank()) {
            return unreadable(record, "eventID is missing", raw);
        }
        String arn = record.getEventSourceARN();
        if (arn == null) {
            return unreadable(record, "eventSourceARN is missing", raw);
        }
        String table = tables.of(arn);
        if (table == null) {
            return unreadable(record, "eventSourceARN " + quoted(arn, MAX_SHOWN_ARN) + " is not a DynamoDB stream ARN"
                    + " (arn:<partition>:dynamodb:<region>:<account>:table/<table>/stream/<label>)", raw);
        }
        Date created = dynamodb.getApproximateCreationDateTime();
        if (created == null) {
            // The runtime reads 0 and non-numeric strings as no date at all.
            return unreadable(record, "dynamodb.ApproximateCreationDateTime is missing"
                    + " (or was 0 or not a number, which the Lambda runtime reads as missing)", raw);
        }
        Instant createdAt = CreationTimes.fromRuntimeDate(created);
        if (createdAt == null) {
            return unreadable(record, "dynamodb.ApproximateCreationDateTime is beyond the year 2500"
                    + " even read as milliseconds or microseconds", raw);
        }
        Map<String, AttributeValue> keys = dynamodb.getKeys();
        if (keys == null) {
            return unreadable(record, "dynamodb.Keys is missing", raw);
        }
        if (keys.isEmpty()) {
            return unreadable(record, "dynamodb.Keys is empty", raw);
        }
        Long size = dynamodb.getSizeBytes();
        if (size != null && size.longValue() < 0) {
            return unreadable(record, "dynamodb.SizeBytes is negative", raw);
        }
        SourcePosition source = new SourcePosition(record.getEventID(), table, sequenceNumber,
                createdAt, size == null ? 0L : size.longValue(), view(dynamodb.getStreamViewType()));
        ItemKey key;
        Optional<Item> newImage = Optional.empty();
        Optional<Item> oldImage = Optional.empty();
        String reading = "Keys";
        try {
            key = ItemKey.of(AttributeValues.readAttributes(keys));
            if (kind != Kind.REMOVE) {
                reading = "NewImage";
                newImage = image(dynamodb.getNewImage());
            }
            if (kind != Kind.INSERT) {
                reading = "OldImage";
                oldImage = image(dynamodb.getOldImage());
            }
        } catch (UnreadableAttribute e) {
            return unreadable(record, e.problemIn(reading), raw);
        }
        return new StreamRecord.Readable(change(kind, record.getUserIdentity(), source, key, oldImage, newImage), raw);
    }

    private static Change change(Kind kind, Identity identity, SourcePosition source, ItemKey key,
                                 Optional<Item> oldImage, Optional<Item> newImage) {
        return switch (kind) {
            case INSERT -> new Change.Created(source, key, newImage);
            case MODIFY -> new Change.Updated(source, key, oldImage, newImage);
            case REMOVE -> isTimeToLive(identity)
                    ? new Change.Expired(source, key, oldImage)
                    : new Change.Deleted(source, key, oldImage);
        };
    }

    private static boolean isTimeToLive(Identity identity) {
        return identity != null
                && TTL_IDENTITY_TYPE.equals(identity.getType())
                && TTL_PRINCIPAL.equals(identity.getPrincipalId());
    }

    private static Optional<Item> image(Map<String, AttributeValue> attributes) {
        return attributes == null ? Optional.empty() : Optional.of(Item.of(AttributeValues.readAttributes(attributes)));
    }

    private static StreamView view(String viewType) {
        if (viewType == null) {
            return StreamView.UNKNOWN;
        }
        switch (viewType) {
            case "KEYS_ONLY":
                return StreamView.KEYS_ONLY;
            case "NEW_IMAGE":
                return StreamView.NEW_IMAGE;
            case "OLD_IMAGE":
                return StreamView.OLD_IMAGE;
            case "NEW_AND_OLD_IMAGES":
                return StreamView.NEW_AND_OLD_IMAGES;
            default:
                return StreamView.UNKNOWN;
        }
    }

    private static StreamRecord.Unreadable unreadable(DynamodbStreamRecord record, String problem, RawRecord raw) {
        return new StreamRecord.Unreadable(ref(record), problem, raw);
    }

    private static RecordRef ref(DynamodbStreamRecord record) {
        if (record == null) {
            return new RecordRef(null, null);
        }
        String sequenceNumber = record.getDynamodb() == null ? null : record.getDynamodb().getSequenceNumber();
        return new RecordRef(sequenceNumber, record.getEventID());
    }

    /** The stream operations. */
    private enum Kind {
        INSERT, MODIFY, REMOVE;

        static Kind of(String eventName) {
            switch (eventName) {
                case "INSERT":
                    return INSERT;
                case "MODIFY":
                    return MODIFY;
                case "REMOVE":
                    return REMOVE;
                default:
                    return null;
            }
        }
    }

    /** Every record of a batch comes from the same stream: parse its ARN once. Not shared between calls. */
    private static final class TableNames {
        private String lastArn;
        private String lastTable;

        String of(String arn) {
            if (!arn.equals(lastArn)) {
                lastTable = StreamArns.tableName(arn);
                lastArn = arn;
            }
            return lastTable;
        }
    }
}
