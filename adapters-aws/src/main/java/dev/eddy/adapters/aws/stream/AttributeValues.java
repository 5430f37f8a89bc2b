package dev.eddy.adapters.aws.stream;

import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import dev.eddy.domain.Bytes;
import dev.eddy.domain.InvalidValueException;
import dev.eddy.domain.Value;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the Lambda event model's {@link AttributeValue} (typed DynamoDB JSON, as the runtime
 * deserialized it) into domain {@link Value}s, at any depth.
 *
 * <p>Problems raise {@link UnreadableAttribute}, whose text names the attribute path and type but
 * never the value: problems get logged.
 */
final class AttributeValues {
    private AttributeValues() {
    }

    /** DynamoDB's type descriptors. */
    private enum Type { S, N, B, BOOL, NULL, L, M, SS, NS, BS }

    /** Reads a whole image or key: attribute name to value. */
    static Map<String, Value> readAttributes(Map<String, AttributeValue> attributes) {
        Map<String, Value> values = new LinkedHashMap<>(capacityFor(attributes.size()));
        for (Map.Entry<String, AttributeValue> entry : attributes.entrySet()) {
            String name = entry.getKey();
            try {
                if (name == null) {
                    throw new UnreadableAttribute("attribute name is missing");
                }
                values.put(name, read(entry.getValue()));
            } catch (UnreadableAttribute e) {
                throw e.inMember(name);
            }
        }
        return values;
    }

    static Value read(AttributeValue attribute) {
        if (attribute == null) {
            throw new UnreadableAttribute("attribute value is null");
        }
        return switch (onlyType(attribute)) {
            case S -> Value.of(attribute.getS());
            case N -> number(attribute.getN(), "N value");
            case B -> new Value.Bin(bytes(attribute.getB(), "B value"));
            case BOOL -> Value.of(attribute.getBOOL().booleanValue());
            case NULL -> {
                if (!attribute.getNULL().booleanValue()) {
                    throw new UnreadableAttribute("NULL must be true");
                }
                yield Value.nul();
            }
            case L -> list(attribute.getL());
            case M -> new Value.MapValue(readAttributes(attribute.getM()));
            case SS -> stringSet(attribute.getSS());
            case NS -> numberSet(attribute.getNS());
            case BS -> binarySet(attribute.getBS());
        };
    }

    /** The one type descriptor set on the value; a value with none or several is unreadable. */
    private static Type onlyType(AttributeValue attribute) {
        Type found = null;
        int count = 0;
        if (attribute.getS() != null) {
            found = Type.S;
            count++;
        }
        if (attribute.getN() != null) {
            found = Type.N;
            count++;
        }
        if (attribute.getB() != null) {
            found = Type.B;
            count++;
        }
        if (attribute.getBOOL() != null) {
            found = Type.BOOL;
            count++;
        }
        if (attribute.getNULL() != null) {
            found = Type.NULL;
            count++;
        }
        if (attribute.getL() != null) {
            found = Type.L;
            count++;
        }
        if (attribute.getM() != null) {
            found = Type.M;
            count++;
        }
        if (attribute.getSS() != null) {
            found = Type.SS;
            count++;
        }
        if (attribute.getNS() != null) {
            found = Type.NS;
            count++;
        }
        if (attribute.getBS() != null) {
            found = Type.BS;
            count++;
        }
        if (count == 1) {
            return found;
        }
        if (count == 0) {
            throw new UnreadableAttribute("no type set (expected one of S, N, B, BOOL, NULL, L, M, SS, NS, BS)");
        }
        throw new UnreadableAttribute("several types set (" + typesSet(attribute) + "); expected exactly one");
    }

    private static String typesSet(AttributeValue a) {
        StringBuilder types = new StringBuilder();
        appendIf(types, a.getS() != null, "S");
        appendIf(types, a.getN() != null, "N");
        appendIf(types, a.getB() != null, "B");
        appendIf(types, a.getBOOL() != null, "BOOL");
        appendIf(types, a.getNULL() != null, "NULL");
        appendIf(types, a.getL() != null, "L");
        appendIf(types, a.getM() != null, "M");
        appendIf(types, a.getSS() != null, "SS");
        appendIf(types, a.getNS() != null, "NS");
        appendIf(types, a.getBS() != null, "BS");
        return types.toString();
    }

    private static void appendIf(StringBuilder types, boolean set, String type) {
        if (set) {
            if (types.length() > 0) {
                types.append(", ");
            }
            types.append(type);
        }
    }

    private static Value.ListValue list(List<AttributeValue> elements) {
        List<Value> values = new ArrayList<>(elements.size());
        for (int i = 0; i < elements.size(); i++) {
            try {
                values.add(read(elements.get(i)));
            } catch (UnreadableAttribute e) {
                throw e.inElement(i);
            }
        }
        return new Value.ListValue(values);
    }

    /** Empty sets cannot exist in DynamoDB, but public samples carry them: they read as empty sets. */
    private static Value.StringSet stringSet(List<String> elements) {
        Set<String> values = new LinkedHashSet<>(capacityFor(elements.size()));
        for (int i = 0; i < elements.size(); i++) {
            String element = elements.get(i);
            if (element == null) {
                throw new UnreadableAttribute("SS element is null").inElement(i);
            }
            values.add(element);
        }
        return new Value.StringSet(values);
    }

    private static Value.NumberSet numberSet(List<String> elements) {
        Set<Value.Num> values = new LinkedHashSet<>(capacityFor(elements.size()));
        for (int i = 0; i < elements.size(); i++) {
            try {
                values.add(number(elements.get(i), "NS element"));
            } catch (UnreadableAttribute e) {
                throw e.inElement(i);
            }
        }
        return new Value.NumberSet(values);
    }

    private static Value.BinarySet binarySet(List<ByteBuffer> elements) {
        Set<Bytes> values = new LinkedHashSet<>(capacityFor(elements.size()));
        for (int i = 0; i < elements.size(); i++) {
            try {
                values.add(bytes(elements.get(i), "BS element"));
            } catch (UnreadableAttribute e) {
                throw e.inElement(i);
            }
        }
        return new Value.BinarySet(values);
    }

    /** Reads the buffer's remaining bytes without moving its position: the event keeps its content. */
    private static Bytes bytes(ByteBuffer buffer, String what) {
        if (buffer == null) {
            throw new UnreadableAttribute(what + " is null");
        }
        ByteBuffer view = buffer.duplicate();
        byte[] content = new byte[view.remaining()];
        view.get(content);
        return Bytes.of(content);
    }

    private static Value.Num number(String literal, String what) {
        if (literal == null) {
            throw new UnreadableAttribute(what + " is null");
        }
        if (literal.length() > NumberLiterals.MAX_LENGTH) {
            throw new UnreadableAttribute(NumberLiterals.tooLong(what, literal.length()));
        }
        try {
            return Value.Num.parse(literal);
        } catch (InvalidValueException e) {
            throw new UnreadableAttribute(what + " " + NumberLiterals.whyNotANumber(literal));
        }
    }

    private static int capacityFor(int size) {
        return size < 3 ? size + 1 : (int) (size / 0.75f) + 1;
    }
}
