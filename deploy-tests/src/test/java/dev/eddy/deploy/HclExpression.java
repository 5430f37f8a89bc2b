package dev.eddy.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Terraform expressions that hcl2json leaves as {@code "${...}"} text, looked into with the same
 * real parser: {@link #value} re-parses an expression as an attribute (hcl2json turns literal
 * objects and tuples into JSON), {@link #ast} gives the parser's syntax tree
 * (deploy-tests/src/test/node/expression-ast.js), and {@link #evaluate} evaluates the small part of
 * the language the contract tests meet: literals, tuples, references, {@code for} over a tuple,
 * comparisons, logic and {@code length}.
 */
final class HclExpression {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    static final String AST_SCRIPT = "deploy-tests/src/test/node/expression-ast.js";

    private HclExpression() {
    }

    /** The expression inside {@code "${...}"}, or empty when the value is not one interpolation. */
    static Optional<String> interpolation(JsonNode value) {
        if (value == null || !value.isTextual()) {
            return Optional.empty();
        }
        String text = value.asText();
        return text.startsWith("${") && text.endsWith("}") ? Optional.of(text.substring(2, text.length() - 1))
                : Optional.empty();
    }

    /** The expression inside a value that must be one {@code "${...}"}; fails the test otherwise. */
    static String inside(JsonNode value) {
        return interpolation(value).orElseThrow(() -> new AssertionError("not one ${...} expression: " + value));
    }

    /** {@code expression} as hcl2json renders the value of {@code v = expression}. */
    static JsonNode value(String expression) {
        try {
            Path dir = Files.createTempDirectory("eddy-hcl-expression");
            Path file = dir.resolve("expression.tf");
            Files.writeString(file, "v = " + expression + "\n", StandardCharsets.UTF_8);
            try {
                return HclJson.parse(file).get("v");
            } finally {
                Files.delete(file);
                Files.delete(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a temporary .tf file", e);
        }
    }

    /** The parser's syntax tree of one expression (without the {@code ${ }}). */
    static JsonNode ast(String expression) {
        NodeScript.Result result = NodeScript.run(AST_SCRIPT, List.of(expression));
        if (result.exitCode() != 0) {
            throw new IllegalArgumentException("cannot parse the expression " + expression + ":\n" + result.output());
        }
        try {
            return MAPPER.readTree(result.stdout()).get(0);
        } catch (IOException e) {
            throw new UncheckedIOException("expression-ast.js printed no JSON for " + expression, e);
        }
    }

    /** The argument of a call {@code name(argument)}; fails when the expression is anything else. */
    static String callArgument(String expression, String function) {
        JsonNode tree = ast(expression);
        if (!"function".equals(tree.path("type").asText()) || !function.equals(tree.at("/meta/name").asText())
                || tree.path("children").size() != 1) {
            throw new AssertionError("expected a call " + function + "(...) with one argument, got " + expression);
        }
        return tree.get("children").get(0).at("/meta/value").asText();
    }

    /**
     * Evaluates a syntax tree: string, number and bool literals, tuples, one-part templates,
     * references through {@code references} (e.g. {@code local.x}, a {@code for} variable),
     * {@code [for v in collection : value]}, parentheses, comparisons of numbers (and with {@code null}),
     * {@code ||}, {@code &&}, {@code !}, and the functions {@code length}, {@code floor} and {@code coalesce}.
     * Anything else (a reference {@code references} does not know, another function, an operand left as text)
     * evaluates to its source text in {@code "${...}"}, as hcl2json shows it.
     */
    static JsonNode evaluate(JsonNode node, Function<String, JsonNode> references) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        String type = node.path("type").asText();
        JsonNode children = node.path("children");
        switch (type) {
            case "literalValue":
                String literal = node.at("/meta/value").asText();
                switch (node.at("/meta/type").asText()) {
                    case "string":
                        return json.textNode(literal);
                    case "number":
                        return json.numberNode(new java.math.BigDecimal(literal));
                    case "bool":
                        return json.booleanNode(Boolean.parseBoolean(literal));
                    default:
                        return json.nullNode();
                }
            case "template":
            case "templateWrap":
                if (children.size() == 1) {
                    return evaluate(children.get(0), references);
                }
                return opaque(node);
            case "tuple":
                ArrayNode tuple = json.arrayNode();
                children.forEach(child -> tuple.add(evaluate(child, references)));
                return tuple;
            case "scopeTraversal":
                JsonNode referenced = references.apply(node.at("/meta/fullAccessor").asText());
                return referenced == null ? opaque(node) : referenced;
            case "for":
                if (!node.at("/meta/keyVar").asText().isEmpty() || !node.at("/meta/conditionalExpression").asText().isEmpty()
                        || !"[".equals(node.at("/meta/openRangeValue").asText())) {
                    return opaque(node);
                }
                JsonNode collection = evaluate(children.get(0), references);
                if (!collection.isArray()) {
                    return opaque(node);
                }
                String variable = node.at("/meta/valVar").asText();
                ArrayNode result = json.arrayNode();
                for (JsonNode element : collection) {
                    result.add(evaluate(children.get(1), name -> name.equals(variable) ? element : references.apply(name)));
                }
                return result;
            case "binaryOp":
                return binary(node, evaluate(children.get(0), references), evaluate(children.get(1), references));
            case "unaryOp":
                JsonNode operand = evaluate(children.get(0), references);
                return "logicalNot".equals(node.at("/meta/operator").asText()) && operand.isBoolean()
                        ? json.booleanNode(!operand.booleanValue()) : opaque(node);
            case "function":
                return call(node, children, references);
            case "":
                // A parenthesized expression.
                return children.size() == 1 ? evaluate(children.get(0), references) : opaque(node);
            default:
                return opaque(node);
        }
    }

    /** {@code length} of a tuple or object, {@code floor} of a number, {@code coalesce}; any other call is opaque. */
    private static JsonNode call(JsonNode node, JsonNode children, Function<String, JsonNode> references) {
        List<JsonNode> arguments = new ArrayList<>();
        children.forEach(child -> arguments.add(evaluate(child, references)));
        if (arguments.stream().anyMatch(HclExpression::isOpaque)) {
            return opaque(node);
        }
        JsonNodeFactory json = JsonNodeFactory.instance;
        JsonNode first = arguments.isEmpty() ? null : arguments.get(0);
        switch (node.at("/meta/name").asText()) {
            case "length":
                return arguments.size() == 1 && (first.isArray() || first.isObject()) ? json.numberNode(first.size()) : opaque(node);
            case "floor":
                return arguments.size() == 1 && first.isNumber()
                        ? json.numberNode(first.decimalValue().setScale(0, RoundingMode.FLOOR)) : opaque(node);
            case "coalesce":
                return arguments.stream().filter(argument -> !argument.isNull()).findFirst().orElse(opaque(node));
            default:
                return opaque(node);
        }
    }

    private static boolean isOpaque(JsonNode value) {
        return value.isTextual() && value.asText().startsWith("${");
    }

    /** Comparisons and logic over evaluated operands; anything else, or an operand left opaque, is opaque. */
    private static JsonNode binary(JsonNode node, JsonNode left, JsonNode right) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        String operator = node.at("/meta/operator").asText();
        if (left.isBoolean() && right.isBoolean()) {
            switch (operator) {
                case "logicalOr":
                    return json.booleanNode(left.booleanValue() || right.booleanValue());
                case "logicalAnd":
                    return json.booleanNode(left.booleanValue() && right.booleanValue());
                default:
                    break;
            }
        }
        if (isOpaque(left) || isOpaque(right)) {
            return opaque(node);
        }
        if ((left.isNull() || right.isNull()) && (operator.equals("equal") || operator.equals("notEqual"))) {
            return json.booleanNode((left.isNull() && right.isNull()) == operator.equals("equal"));
        }
        if (left.isNumber() && right.isNumber()) {
            int order = left.decimalValue().compareTo(right.decimalValue());
            switch (operator) {
                case "equal":
                    return json.booleanNode(order == 0);
                case "notEqual":
                    return json.booleanNode(order != 0);
                case "greaterThan":
                    return json.booleanNode(order > 0);
                case "greaterThanOrEqual":
                    return json.booleanNode(order >= 0);
                case "lessThan":
                    return json.booleanNode(order < 0);
                case "lessThanOrEqual":
                    return json.booleanNode(order <= 0);
                default:
                    break;
            }
        }
        return opaque(node);
    }

    private static JsonNode opaque(JsonNode node) {
        return JsonNodeFactory.instance.textNode("${" + node.at("/meta/value").asText() + "}");
    }
}
