package dev.eddy.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * One Terraform module (every .tf file of a directory) as parsed by HashiCorp's parser through
 * {@link HclJson}, with lookups across its files. Values are hcl2json's: literals as JSON, any
 * other expression as its source text in {@code "${...}"} (see {@link HclExpression}).
 */
final class Terraform {
    private final Path dir;
    private final Map<Path, JsonNode> files;

    private Terraform(Path dir, Map<Path, JsonNode> files) {
        this.dir = dir;
        this.files = files;
    }

    /** The root module, deploy/terraform. */
    public static Terraform root() {
        return at(Repository.terraform());
    }

    /** A module under deploy/terraform/modules, e.g. {@code module("lambda")}. */
    public static Terraform module(String name) {
        return at(Repository.terraform().resolve("modules").resolve(name));
    }

    /** Parsed once per test run: the files do not change while tests read them. */
    public static Terraform at(Path dir) {
        return CACHE.computeIfAbsent(dir.toAbsolutePath().normalize(), d -> new Terraform(d, HclJson.parseModule(d)));
    }

    private static final Map<Path, Terraform> CACHE = new java.util.concurrent.ConcurrentHashMap<>();

    public Path dir() {
        return dir;
    }

    /** The body of {@code resource "type" "name"}; fails naming what is missing. */
    public JsonNode resource(String type, String name) {
        return block("resource", type, name);
    }

    /** The body of {@code data "type" "name"}. */
    public JsonNode data(String type, String name) {
        return block("data", type, name);
    }

    /** The body of {@code module "name"} (the call: its arguments). */
    public JsonNode moduleCall(String name) {
        return block("module", name);
    }

    /** The body of {@code output "name"}. */
    public JsonNode output(String name) {
        return block("output", name);
    }

    /** The body of {@code check "name"}. */
    public JsonNode check(String name) {
        return block("check", name);
    }

    /**
     * The source text of {@code check "name"} in this module's main.tf, from its first line to its closing
     * brace, for a scratch configuration that {@code terraform plan} runs it in.
     */
    public String checkSource(String name) {
        String main;
        try {
            main = java.nio.file.Files.readString(dir.resolve("main.tf"), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        int start = main.indexOf("check \"" + name + "\" {");
        if (start < 0) {
            throw new AssertionError("no check \"" + name + "\" in " + dir.resolve("main.tf"));
        }
        return main.substring(start, main.indexOf("\n}\n", start) + 3);
    }

    /** The body of {@code variable "name"}. */
    public JsonNode variable(String name) {
        return block("variable", name);
    }

    /**
     * {@code variable "name"} declared with its type as written here, for a scratch configuration
     * that {@code terraform console} evaluates this module's expressions in.
     */
    public String variableDeclaration(String name) {
        return "variable \"" + name + "\" {\n  type = " + HclExpression.inside(variable(name).path("type")) + "\n}\n";
    }

    /** The default of {@code variable "name"}; fails if the variable or its default is missing. */
    public JsonNode variableDefault(String name) {
        JsonNode value = block("variable", name).get("default");
        if (value == null) {
            throw new AssertionError("variable \"" + name + "\" in " + dir + " has no default");
        }
        return value;
    }

    /** {@code local.name}, from whichever locals block defines it. */
    public JsonNode local(String name) {
        for (JsonNode file : files.values()) {
            for (JsonNode locals : iterable(file.path("locals"))) {
                if (locals.has(name)) {
                    return locals.get(name);
                }
            }
        }
        throw new AssertionError("no local \"" + name + "\" in " + dir);
    }

    /** Every resource of a type, by name. */
    public List<String> resourceNames(String type) {
        List<String> names = new ArrayList<>();
        for (JsonNode file : files.values()) {
            file.path("resource").path(type).fieldNames().forEachRemaining(names::add);
        }
        return names;
    }

    private JsonNode block(String... labels) {
        for (JsonNode file : files.values()) {
            JsonNode node = file;
            for (String label : labels) {
                node = node.path(label);
            }
            if (node.isArray() && node.size() == 1) {
                return node.get(0);
            }
            if (node.isArray()) {
                throw new AssertionError(String.join(" ", labels) + " is declared " + node.size() + " times in " + dir);
            }
        }
        throw new AssertionError("no " + String.join(" ", labels) + " in " + dir);
    }

    /** A block nested in a body (an array of bodies in hcl2json), or no bodies. */
    public static List<JsonNode> blocks(JsonNode body, String name) {
        List<JsonNode> list = new ArrayList<>();
        iterable(body.path(name)).forEach(list::add);
        return list;
    }

    /** The one nested block {@code name}; fails if there is not exactly one. */
    public static JsonNode oneBlock(JsonNode body, String name) {
        List<JsonNode> list = blocks(body, name);
        if (list.size() != 1) {
            throw new AssertionError("expected one \"" + name + "\" block, found " + list.size() + " in " + body);
        }
        return list.get(0);
    }

    private static Iterable<JsonNode> iterable(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return List.of();
        }
        if (node.isArray()) {
            return node::elements;
        }
        Iterator<JsonNode> one = List.of(node).iterator();
        return () -> one;
    }

    static JsonNode missing() {
        return MissingNode.getInstance();
    }
}
