package dev.eddy.adapters.aws.stream;

import dev.eddy.domain.Bytes;
import dev.eddy.domain.Item;
import dev.eddy.domain.Value;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Short names for expected domain values. */
final class Values {
    private Values() {
    }

    static Value s(String value) {
        return Value.of(value);
    }

    static Value n(String literal) {
        return Value.number(literal);
    }

    static Value b(String base64) {
        return new Value.Bin(Bytes.fromBase64(base64));
    }

    static Value bool(boolean value) {
        return Value.of(value);
    }

    static Value nul() {
        return Value.nul();
    }

    static Value list(Value... values) {
        return new Value.ListValue(List.of(values));
    }

    static Value map(Object... namesAndValues) {
        return new Value.MapValue(attributes(namesAndValues));
    }

    static Value ss(String... values) {
        return new Value.StringSet(new LinkedHashSet<>(Arrays.asList(values)));
    }

    static Value ns(String... literals) {
        Set<Value.Num> numbers = Arrays.stream(literals).map(Value.Num::parse)
                .collect(Collectors.toCollection(LinkedHashSet::new));
        return new Value.NumberSet(numbers);
    }

    static Value bs(String... base64) {
        Set<Bytes> bytes = Arrays.stream(base64).map(Bytes::fromBase64)
                .collect(Collectors.toCollection(LinkedHashSet::new));
        return new Value.BinarySet(bytes);
    }

    static Item item(Object... namesAndValues) {
        return Item.of(attributes(namesAndValues));
    }

    static Map<String, Value> attributes(Object... namesAndValues) {
        Map<String, Value> attributes = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            attributes.put((String) namesAndValues[i], (Value) namesAndValues[i + 1]);
        }
        return attributes;
    }
}
