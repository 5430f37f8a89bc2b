package dev.eddy.adapters.aws.dynamodb;

import dev.eddy.domain.Bytes;
import dev.eddy.domain.Value;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Domain values to SDK attribute values, for writing projection items. */
final class AttributeValues {

    static AttributeValue of(Value value) {
        if (value instanceof Value.Str s) {
            return AttributeValue.fromS(s.value());
        }
        if (value instanceof Value.Num n) {
            return number(n.value());
        }
        if (value instanceof Value.Bin b) {
            return AttributeValue.fromB(bytes(b.value()));
        }
        if (value instanceof Value.Bool b) {
            return AttributeValue.fromBool(b.value());
        }
        if (value instanceof Value.Null) {
            return AttributeValue.fromNul(true);
        }
        if (value instanceof Value.ListValue l) {
            List<AttributeValue> values = new ArrayList<>(l.values().size());
            l.values().forEach(v -> values.add(of(v)));
            return AttributeValue.fromL(values);
        }
        if (value instanceof Value.MapValue m) {
            Map<String, AttributeValue> values = new LinkedHashMap<>();
            m.values().forEach((k, v) -> values.put(k, of(v)));
            return AttributeValue.fromM(values);
        }
        if (value instanceof Value.StringSet ss) {
            return AttributeValue.fromSs(List.copyOf(ss.values()));
        }
        if (value instanceof Value.NumberSet ns) {
            List<String> numbers = new ArrayList<>(ns.values().size());
            ns.values().forEach(n -> numbers.add(n.value().toString()));
            return AttributeValue.fromNs(numbers);
        }
        if (value instanceof Value.BinarySet bs) {
            List<SdkBytes> values = new ArrayList<>(bs.values().size());
            bs.values().forEach(b -> values.add(bytes(b)));
            return AttributeValue.fromBs(values);
        }
        throw new IllegalArgumentException("unknown value type " + value.typeDescriptor());
    }

    static AttributeValue number(BigDecimal number) {
        return AttributeValue.fromN(number.toString());
    }

    private static SdkBytes bytes(Bytes bytes) {
        return SdkBytes.fromByteArrayUnsafe(bytes.toArray());
    }

    private AttributeValues() {
    }
}
