package dev.eddy.adapters.aws.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.eddy.domain.json.JsonOutput;
import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Builds a Jackson tree from a JSON rendering, the tree its text would parse into: objects keep
 * their members in order, strings their characters, and a number is a {@link DecimalNode} of the
 * exact {@link BigDecimal} written, so its text is the one the rendering would have written
 * ({@code 80.0} stays {@code 80.0}, as event-ruler compares numbers by their text). One root value
 * per instance.
 */
final class JsonNodeOutput implements JsonOutput {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Deque<JsonNode> open = new ArrayDeque<>();
    private String pendingName;
    private JsonNode root;
    private boolean objectInArray;
    private int arrayElements;

    /** What was written; null before the first value. */
    JsonNode root() {
        return root;
    }

    /**
     * Whether some object was written as an element of an array: only then can event-ruler's array
     * consistency (fields matched together must come from the same element) change an outcome.
     */
    boolean objectInArray() {
        return objectInArray;
    }

    /** How many values were written as elements of arrays, at any depth. */
    int arrayElements() {
        return arrayElements;
    }

    @Override
    public JsonOutput beginObject() {
        objectInArray |= open.peek() instanceof ArrayNode;
        ObjectNode object = new ObjectNode(NODES);
        add(object);
        open.push(object);
        return this;
    }

    @Override
    public JsonOutput endObject() {
        open.pop();
        return this;
    }

    @Override
    public JsonOutput beginArray() {
        ArrayNode array = new ArrayNode(NODES);
        add(array);
        open.push(array);
        return this;
    }

    @Override
    public JsonOutput endArray() {
        open.pop();
        return this;
    }

    @Override
    public JsonOutput name(String name) {
        pendingName = name;
        return this;
    }

    @Override
    public JsonOutput value(String value) {
        return add(value == null ? NullNode.getInstance() : TextNode.valueOf(value));
    }

    @Override
    public JsonOutput value(BigDecimal value) {
        return add(value == null ? NullNode.getInstance() : DecimalNode.valueOf(value));
    }

    @Override
    public JsonOutput value(boolean value) {
        return add(BooleanNode.valueOf(value));
    }

    @Override
    public JsonOutput nullValue() {
        return add(NullNode.getInstance());
    }

    private JsonOutput add(JsonNode node) {
        JsonNode parent = open.peek();
        if (parent == null) {
            root = node;
        } else if (parent instanceof ObjectNode object) {
            object.set(pendingName, node);
        } else {
            ((ArrayNode) parent).add(node);
            arrayElements++;
        }
        return this;
    }
}
