package dev.eddy.bootstrap.lambda;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse.BatchItemFailure;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.Identity;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eddy.domain.json.JsonWriter;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a saved Lambda DynamoDB stream event into the {@link DynamodbEvent} the managed runtime
 * would hand the handler, and writes the batch response as the runtime would return it. For
 * {@link ReplayMain}: the runtime's own serializer (aws-lambda-java-serialization) is a 3.8 MB
 * jar the function itself does not need, while Jackson is already in it.
 *
 * <p>It follows the runtime's field names ({@code Records}, {@code eventID}, {@code dynamodb},
 * {@code Keys}, ...) and its quirks: {@code ApproximateCreationDateTime} is read as seconds, times
 * 1000, truncated; a zero or non-numeric time is no time at all.
 */
final class LambdaEventJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private LambdaEventJson() {
    }

    static DynamodbEvent read(String json) throws JsonProcessingException {
        JsonNode root = JSON.readTree(json);
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("a DynamoDB stream event is a JSON object with \"Records\"");
        }
        DynamodbEvent event = new DynamodbEvent();
        JsonNode records = root.get("Records");
        if (records != null && records.isArray()) {
            List<DynamodbStreamRecord> list = new ArrayList<>(records.size());
            for (JsonNode record : records) {
                list.add(record(record));
            }
            event.setRecords(list);
        }
        return event;
    }

    /** {@code {"batchItemFailures":[{"itemIdentifier":"..."}]}}. */
    static String write(StreamsEventResponse response) {
        JsonWriter json = new JsonWriter().beginObject().name("batchItemFailures").beginArray();
        if (response.getBatchItemFailures() != null) {
            for (BatchItemFailure failure : response.getBatchItemFailures()) {
                json.beginObject().name("itemIdentifier").value(failure.getItemIdentifier()).endObject();
            }
        }
        return json.endArray().endObject().toString();
    }

    private static DynamodbStreamRecord record(JsonNode node) {
        DynamodbStreamRecord record = new DynamodbStreamRecord();
        record.setEventID(text(node, "eventID"));
        record.setEventName(text(node, "eventName"));
        record.setEventVersion(text(node, "eventVersion"));
        record.setEventSource(text(node, "eventSource"));
        record.setAwsRegion(text(node, "awsRegion"));
        record.setEventSourceARN(text(node, "eventSourceARN"));
        JsonNode identity = node.get("userIdentity");
        if (identity != null && identity.isObject()) {
            Identity id = new Identity();
            id.setType(text(identity, "type"));
            id.setPrincipalId(text(identity, "principalId"));
            record.setUserIdentity(id);
        }
        JsonNode dynamodb = node.get("dynamodb");
        if (dynamodb != null && dynamodb.isObject()) {
            record.setDynamodb(streamRecord(dynamodb));
        }
        return record;
    }

    private static StreamRecord streamRecord(JsonNode node) {
        StreamRecord record = new StreamRecord();
        JsonNode created = node.get("ApproximateCreationDateTime");
        if (created != null && created.isNumber() && created.asDouble() != 0) {
            record.setApproximateCreationDateTime(new Date((long) (created.asDouble() * 1000)));
        }
        record.setKeys(attributes(node.get("Keys")));
        record.setNewImage(attributes(node.get("NewImage")));
        record.setOldImage(attributes(node.get("OldImage")));
        record.setSequenceNumber(text(node, "SequenceNumber"));
        JsonNode size = node.get("SizeBytes");
        if (size != null && size.isNumber()) {
            record.setSizeBytes(size.asLong());
        }
        JsonNode view = node.get("StreamViewType");
        if (view != null && view.isTextual()) {
            record.setStreamViewType(
                    com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamViewType.fromValue(view.asText()));
        }
        return record;
    }

    private static Map<String, AttributeValue> attributes(JsonNode node) {
        if (node == null || !node.isObject()) {
            return null;
        }
        Map<String, AttributeValue> map = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            map.put(field.getKey(), value(field.getValue()));
        }
        return map;
    }

    private static AttributeValue value(JsonNode node) {
        AttributeValue value = new AttributeValue();
        if (node == null || !node.isObject()) {
            return value;
        }
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode v = field.getValue();
            switch (field.getKey()) {
                case "S" -> value.setS(v.asText());
                case "N" -> value.setN(v.asText());
                case "B" -> value.setB(bytes(v));
                case "BOOL" -> value.setBOOL(v.asBoolean());
                case "NULL" -> value.setNULL(v.asBoolean());
                case "SS" -> value.setSS(strings(v));
                case "NS" -> value.setNS(strings(v));
                case "BS" -> {
                    List<ByteBuffer> list = new ArrayList<>();
                    v.forEach(element -> list.add(bytes(element)));
                    value.setBS(list);
                }
                case "L" -> {
                    List<AttributeValue> list = new ArrayList<>();
                    v.forEach(element -> list.add(value(element)));
                    value.setL(list);
                }
                case "M" -> value.setM(attributes(v));
                default -> {
                    // unknown type descriptors are ignored, as the runtime's serializer does
                }
            }
        }
        return value;
    }

    private static List<String> strings(JsonNode array) {
        List<String> list = new ArrayList<>();
        array.forEach(element -> list.add(element.asText()));
        return list;
    }

    private static ByteBuffer bytes(JsonNode node) {
        return ByteBuffer.wrap(Base64.getDecoder().decode(node.asText()));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
