package dev.eddy.adapters.aws.stream;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.Identity;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import dev.eddy.application.RawRecord;
import dev.eddy.domain.json.JsonWriter;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * Renders a stream record back into the Lambda event's JSON shape, typed DynamoDB JSON included.
 * Writes what is there, and leaves out what is missing, so malformed records render too: an
 * attribute value with no type renders as {@code {}}, one with several types renders all of them.
 *
 * <p>ApproximateCreationDateTime renders as the number the record carried (epoch seconds for
 * DynamoDB Streams), recovered from the runtime's {@link Date} exactly as the runtime itself would
 * serialize it back.
 */
final class RawRecordJson implements RawRecord {
    private final DynamodbStreamRecord record;

    RawRecordJson(DynamodbStreamRecord record) {
        this.record = record;
    }

    @Override
    public String toJson() {
        return render(record);
    }

    @Override
    public String toString() {
        return "RawRecord[" + (record == null ? "null" : record.getEventID()) + "]";
    }

    static String render(DynamodbStreamRecord record) {
        JsonWriter json = new JsonWriter(new StringBuilder(512));
        if (record == null) {
            return json.nullValue().toString();
        }
        json.beginObject();
        member(json, "eventID", record.getEventID());
        member(json, "eventName", record.getEventName());
        member(json, "eventVersion", record.getEventVersion());
        member(json, "eventSource", record.getEventSource());
        member(json, "awsRegion", record.getAwsRegion());
        member(json, "eventSourceARN", record.getEventSourceARN());
        Identity identity = record.getUserIdentity();
        if (identity != null) {
            json.name("userIdentity").beginObject();
            member(json, "type", identity.getType());
            member(json, "principalId", identity.getPrincipalId());
            json.endObject();
        }
        StreamRecord dynamodb = record.getDynamodb();
        if (dynamodb != null) {
            json.name("dynamodb").beginObject();
            Date created = dynamodb.getApproximateCreationDateTime();
            if (created != null) {
                json.name("ApproximateCreationDateTime");
                seconds(json, created.getTime());
            }
            attributes(json, "Keys", dynamodb.getKeys());
            attributes(json, "NewImage", dynamodb.getNewImage());
            attributes(json, "OldImage", dynamodb.getOldImage());
            member(json, "SequenceNumber", dynamodb.getSequenceNumber());
            if (dynamodb.getSizeBytes() != null) {
                json.name("SizeBytes").value(dynamodb.getSizeBytes().longValue());
            }
            member(json, "StreamViewType", dynamodb.getStreamViewType());
            json.endObject();
        }
        return json.endObject().toString();
    }

    /** The runtime made millis of the number by multiplying it by 1000: divide back, exactly. */
    private static void seconds(JsonWriter json, long runtimeMillis) {
        if (runtimeMillis % 1000 == 0) {
            json.value(runtimeMillis / 1000);
        } else {
            json.rawValue(BigDecimal.valueOf(runtimeMillis, 3).stripTrailingZeros().toPlainString());
        }
    }

    private static void member(JsonWriter json, String name, String value) {
        if (value != null) {
            json.name(name).value(value);
        }
    }

    private static void attributes(JsonWriter json, String name, Map<String, AttributeValue> attributes) {
        if (attributes != null) {
            json.name(name);
            map(json, attributes);
        }
    }

    private static void map(JsonWriter json, Map<String, AttributeValue> attributes) {
        json.beginObject();
        for (Map.Entry<String, AttributeValue> entry : attributes.entrySet()) {
            json.name(String.valueOf(entry.getKey()));
            value(json, entry.getValue());
        }
        json.endObject();
    }

    private static void value(JsonWriter json, AttributeValue value) {
        if (value == null) {
            json.nullValue();
            return;
        }
        json.beginObject();
        member(json, "S", value.getS());
        member(json, "N", value.getN());
        if (value.getB() != null) {
            json.name("B").value(base64(value.getB()));
        }
        if (value.getBOOL() != null) {
            json.name("BOOL").value(value.getBOOL().booleanValue());
        }
        if (value.getNULL() != null) {
            json.name("NULL").value(value.getNULL().booleanValue());
        }
        if (value.getL() != null) {
            json.name("L").beginArray();
            for (AttributeValue element : value.getL()) {
                value(json, element);
            }
            json.endArray();
        }
        if (value.getM() != null) {
            json.name("M");
            map(json, value.getM());
        }
        strings(json, "SS", value.getSS());
        strings(json, "NS", value.getNS());
        if (value.getBS() != null) {
            json.name("BS").beginArray();
            for (ByteBuffer element : value.getBS()) {
                json.value(element == null ? null : base64(element));
            }
            json.endArray();
        }
        json.endObject();
    }

    private static void strings(JsonWriter json, String name, List<String> values) {
        if (values != null) {
            json.name(name).beginArray();
            for (String element : values) {
                json.value(element);
            }
            json.endArray();
        }
    }

    /** Encodes the buffer's remaining bytes without moving its position. */
    private static String base64(ByteBuffer buffer) {
        ByteBuffer encoded = Base64.getEncoder().encode(buffer.duplicate());
        return new String(encoded.array(), encoded.arrayOffset(), encoded.remaining(),
                StandardCharsets.ISO_8859_1);
    }
}
