package dev.eddy.adapters.aws.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A real PrintStream over memory, read back as JSON lines. */
final class CapturedLines {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** Every line, parsed; fails when a line is not exactly one JSON object. */
    List<JsonNode> lines() {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : text().split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            try {
                JsonNode node = JSON.readTree(line);
                if (!node.isObject()) {
                    throw new AssertionError("not a JSON object: " + line);
                }
                nodes.add(node);
            } catch (java.io.IOException e) {
                throw new UncheckedIOException("not a JSON line: " + line, e);
            }
        }
        return nodes;
    }

    List<JsonNode> logLines() {
        return lines().stream().filter(n -> !n.has("_aws")).toList();
    }

    List<JsonNode> metricLines() {
        return lines().stream().filter(n -> n.has("_aws")).toList();
    }
}
