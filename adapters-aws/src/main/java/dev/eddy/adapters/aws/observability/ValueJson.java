package dev.eddy.adapters.aws.observability;

import dev.eddy.domain.Bytes;
import dev.eddy.domain.Item;
import dev.eddy.domain.Value;
import dev.eddy.domain.json.JsonWriter;
import java.util.Map;

/** Renders values as DynamoDB JSON ({@code {"N":"21.5"}}): unambiguous, and what users know from the console. */
final class ValueJson {
    private ValueJson() {
    }

    static void writeAttributes(JsonWriter json, Map<String, Value> attributes) {
        json.beginObject();
        for (Map.Entry<String, Value> entry : attributes.entrySet()) {
            json.name(entry.getKey());
            write(json, entry.getValue());
        }
        json.endObject();
    }

    static String item(Item item) {
        JsonWriter json = new JsonWriter();
        writeAttributes(json, item.attributes());
        return json.toString();
    }

    static String value(Value value) {
        JsonWriter json = new JsonWriter();
        write(json, value);
        return json.toString();
    }

    static void write(JsonWriter json, Value value) {
        json.beginObject().name(value.typeDescriptor());
        if (value instanceof Value.Str s) {
            json.value(s.value());
        } else if (value instanceof Value.Num n) {
            json.value(n.value().toString());
        } else if (value instanceof Value.Bin b) {
            json.value(base64(b.value()));
        } else if (value instanceof Value.Bool b) {
            json.value(b.value());
        } else if (value instanceof Value.Null) {
            json.value(true);
        } else if (value instanceof Value.ListValue l) {
            json.beginArray();
            for (Value element : l.values()) {
                write(json, element);
            }
            json.endArray();
        } else if (value instanceof Value.MapValue m) {
            writeAttributes(json, m.values());
        } else if (value instanceof Value.StringSet ss) {
            json.beginArray();
            for (String s : ss.values()) {
                json.value(s);
            }
            json.endArray();
        } else if (value instanceof Value.NumberSet ns) {
            json.beginArray();
            for (Value.Num n : ns.values()) {
                json.value(n.value().toString());
            }
            json.endArray();
        } else if (value instanceof Value.BinarySet bs) {
            json.beginArray();
            for (Bytes b : bs.values()) {
                json.value(base64(b));
            }
            json.endArray();
        } else {
            throw new IllegalArgumentException("unknown value type " + value.typeDescriptor());
        }
        json.endObject();
    }

    private static String base64(Bytes bytes) {
        return bytes.base64();
    }
}
