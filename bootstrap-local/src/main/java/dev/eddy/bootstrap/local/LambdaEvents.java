package dev.eddy.bootstrap.local;

import java.io.ByteArrayInputStream;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Identity;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;

/**
 * Turns DynamoDB Streams records (as the SDK reads them from GetRecords) into the event Lambda hands a function:
 * the same JSON Lambda sends, read into {@link DynamodbEvent} by Lambda's own serializer, as the Java runtime does.
 *
 * <p>The Streams API and the Lambda event differ in small ways this class takes care of: the Lambda event adds
 * {@code eventSourceARN} (the stream ARN), and spells userIdentity's fields {@code principalId}/{@code type} where
 * the Streams API has {@code PrincipalId}/{@code Type}.
 */
public final class LambdaEvents {

    private static final PojoSerializer<DynamodbEvent> SERIALIZER =
            LambdaEventSerializers.serializerFor(DynamodbEvent.class, LambdaEvents.class.getClassLoader());

    private LambdaEvents() {
    }

    /** The Lambda event JSON for a batch of stream records of one stream. */
    public static ObjectNode eventJson(List<Record> records, String streamArn, String region) {
        ObjectNode event = Json.MAPPER.createObjectNode();
        ArrayNode list = event.putArray("Records");
        for (Record record : records) {
            list.add(recordJson(record, streamArn, region));
        }
        return event;
    }

    /** One record in the Lambda event shape. */
    public static ObjectNode recordJson(Record record, String streamArn, String region) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("eventID", record.eventID());
        out.put("eventName", record.eventNameAsString());
        out.put("eventVersion", "1.1");
        out.put("eventSource", "aws:dynamodb");
        out.put("awsRegion", record.awsRegion() != null ? record.awsRegion() : region);
        StreamRecord stream = record.dynamodb();
        ObjectNode dynamodb = out.putObject("dynamodb");
        if (stream.approximateCreationDateTime() != null) {
            dynamodb.put("ApproximateCreationDateTime", stream.approximateCreationDateTime().getEpochSecond());
        }
        if (stream.hasKeys()) {
            dynamodb.set("Keys", item(stream.keys()));
        }
        if (stream.hasNewImage()) {
            dynamodb.set("NewImage", item(stream.newImage()));
        }
        if (stream.hasOldImage()) {
            dynamodb.set("OldImage", item(stream.oldImage()));
        }
        dynamodb.put("SequenceNumber", stream.sequenceNumber());
        if (stream.sizeBytes() != null) {
            dynamodb.put("SizeBytes", stream.sizeBytes());
        }
        dynamodb.put("StreamViewType", stream.streamViewTypeAsString());
        Identity identity = record.userIdentity();
        if (identity != null) {
            ObjectNode user = out.putObject("userIdentity");
            user.put("type", identity.type());
            user.put("principalId", identity.principalId());
        }
        out.put("eventSourceARN", streamArn);
        return out;
    }

    /** Reads Lambda event JSON into the event object, with the serializer the Lambda Java runtime uses. */
    public static DynamodbEvent read(byte[] eventJson) {
        return SERIALIZER.fromJson(new ByteArrayInputStream(eventJson));
    }

    private static ObjectNode item(Map<String, AttributeValue> item) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        item.forEach((name, value) -> out.set(name, value(value)));
        return out;
    }

    private static ObjectNode value(AttributeValue value) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        switch (value.type()) {
            case S:
                out.put("S", value.s());
                break;
            case N:
                out.put("N", value.n());
                break;
            case B:
                out.put("B", base64(value.b()));
                break;
            case SS:
                value.ss().forEach(out.putArray("SS")::add);
                break;
            case NS:
                value.ns().forEach(out.putArray("NS")::add);
                break;
            case BS: {
                ArrayNode set = out.putArray("BS");
                value.bs().forEach(b -> set.add(base64(b)));
                break;
            }
            case M:
                out.set("M", item(value.m()));
                break;
            case L: {
                ArrayNode list = out.putArray("L");
                value.l().forEach(v -> list.add(value(v)));
                break;
            }
            case BOOL:
                out.put("BOOL", value.bool());
                break;
            case NUL:
                out.put("NULL", true);
                break;
            default:
                throw new IllegalArgumentException("Attribute value of a type this SDK does not know: " + value.type());
        }
        return out;
    }

    private static String base64(SdkBytes bytes) {
        return Base64.getEncoder().encodeToString(bytes.asByteArray());
    }
}
