package dev.eddy.adapters.aws.config.projection;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.eddy.domain.projection.Bucket;
import dev.eddy.domain.projection.BucketSize;
import dev.eddy.domain.projection.DeleteSemantics;
import dev.eddy.domain.projection.EpochUnit;
import dev.eddy.domain.projection.LatestState;
import dev.eddy.domain.projection.ProjectionSpec;
import dev.eddy.domain.projection.RemovalPolicy;
import dev.eddy.domain.projection.RunningAggregate;
import dev.eddy.domain.projection.UpdateSemantics;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the PROJECTIONS setting: a JSON array of projections.
 *
 * <pre>
 * [
 *   {"name": "latest-reading", "type": "latest", "partitionKey": "id",
 *    "attributes": {"temperature": "temperature", "status": "status"},
 *    "onDelete": "mark", "onExpire": "mark"},
 *   {"name": "hourly-temperature", "type": "aggregate", "partitionKey": "id",
 *    "bucket": {"attribute": "timestamp", "size": "hour"}, "values": ["temperature"]},
 *   {"name": "clicks-per-user-daily", "type": "aggregate", "partitionKey": "userId",
 *    "bucket": {"attribute": "clickedAt", "size": "day", "unit": "milliseconds"}, "values": ["clicks"]}
 * ]
 * </pre>
 *
 * <ul>
 *   <li>Every projection: {@code name} (unique, no {@code #}), {@code type} ({@code latest} or
 *       {@code aggregate}), {@code partitionKey} (a source attribute).</li>
 *   <li>{@code latest}: {@code attributes}, an object source name to target name, or an array of names
 *       kept as they are; {@code onDelete} and {@code onExpire}: {@code mark} (default) or
 *       {@code remove}.</li>
 *   <li>{@code aggregate}: {@code values}, numeric attributes; optional {@code bucket} with
 *       {@code attribute}, {@code size} ({@code minute}, {@code hour}, {@code day}) and {@code unit}
 *       ({@code seconds}, the default, or {@code milliseconds}); {@code onUpdate}: {@code delta}
 *       (default) or {@code reading}; {@code onDelete}: {@code keep} (default) or {@code retract}.
 *       Expiries never change aggregates.</li>
 * </ul>
 * Unknown fields, duplicate names and bad values are errors that name the projection and the problem.
 */
public final class ProjectionsParser {
    /**
     * The mapper, built on first use: a function without PROJECTIONS builds none (Jackson databind
     * is hundreds of classes to load at a cold start). Duplicate fields and anything after the array
     * are errors, as in ALERT_RULES.
     */
    private static final class Json {
        static final ObjectMapper MAPPER = JsonMapper.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
    }

    private static final Set<String> COMMON = Set.of("name", "type", "partitionKey");
    private static final Set<String> LATEST = Set.of("attributes", "onDelete", "onExpire");
    private static final Set<String> AGGREGATE = Set.of("bucket", "values", "onUpdate", "onDelete");
    private static final Set<String> BUCKET = Set.of("attribute", "size", "unit");
    /** Every field some projection may have: a name outside it is a typo whatever the type. */
    private static final Set<String> ANY_TYPE;

    static {
        Set<String> any = new HashSet<>(LATEST);
        any.addAll(AGGREGATE);
        ANY_TYPE = Set.copyOf(any);
    }

    /** Parses the setting; empty or blank means no projections. */
    public static List<ProjectionSpec> parse(String json) {
        if (json == null || json.isBlank()) {
            return List.of();
        }
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidProjectionsException("PROJECTIONS is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isArray()) {
            throw new InvalidProjectionsException("PROJECTIONS must be a JSON array of projections", null);
        }
        List<ProjectionSpec> projections = new ArrayList<>();
        Set<String> names = new HashSet<>();
        List<InvalidProjectionsException> problems = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            JsonNode node = root.get(i);
            String where = "PROJECTIONS[" + i + "]";
            try {
                if (!node.isObject()) {
                    throw invalid(where, "must be an object");
                }
                if (node.hasNonNull("name") && node.get("name").isTextual()) {
                    where += " (" + node.get("name").asText() + ")";
                }
                ProjectionSpec projection = one(node, where);
                if (!names.add(projection.name())) {
                    throw invalid(where, "name " + projection.name() + " is used by an earlier projection");
                }
                projections.add(projection);
            } catch (InvalidProjectionsException e) {
                // Every bad projection is reported at once, each with its first problem.
                problems.add(e);
            }
        }
        if (!problems.isEmpty()) {
            throw InvalidProjectionsException.ofEach(problems);
        }
        return List.copyOf(projections);
    }

    private static ProjectionSpec one(JsonNode node, String where) {
        // A misspelt field ("partitionkey") is named as such, before a required field seems missing.
        JsonNode declared = node.get("type");
        String typeName = declared != null && declared.isTextual() ? declared.asText() : "";
        fields(node, where, typeName.equals("latest") ? LATEST : typeName.equals("aggregate") ? AGGREGATE : ANY_TYPE);
        String name = text(node, "name", where);
        if (name.contains("#")) {
            throw invalid(where, "name must not contain '#', which separates it from the key in pk");
        }
        String type = text(node, "type", where);
        String partitionKey = text(node, "partitionKey", where);
        try {
            switch (type) {
                case "latest":
                    fields(node, where, LATEST);
                    return new LatestState(name, partitionKey, attributes(node.get("attributes"), where),
                            choice(node, "onDelete", RemovalPolicy.class, RemovalPolicy.MARK, where),
                            choice(node, "onExpire", RemovalPolicy.class, RemovalPolicy.MARK, where));
                case "aggregate":
                    fields(node, where, AGGREGATE);
                    return new RunningAggregate(name, partitionKey, bucket(node.get("bucket"), where),
                            names(node.get("values"), where, "values"),
                            choice(node, "onUpdate", UpdateSemantics.class, UpdateSemantics.DELTA, where),
                            choice(node, "onDelete", DeleteSemantics.class, DeleteSemantics.KEEP, where));
                default:
                    throw invalid(where, "type must be \"latest\" or \"aggregate\", got \"" + type + "\"");
            }
        } catch (IllegalArgumentException e) {
            throw new InvalidProjectionsException(where + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, String> attributes(JsonNode node, String where) {
        if (node == null || node.isNull()) {
            throw invalid(where, "attributes is missing: an object of source to target names, or an array of names");
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        if (node.isArray()) {
            for (String name : names(node, where, "attributes")) {
                attributes.put(name, name);
            }
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                if (!field.getValue().isTextual() || field.getValue().asText().isBlank()) {
                    throw invalid(where, "attributes." + field.getKey() + " must be a target attribute name");
                }
                attributes.put(field.getKey(), field.getValue().asText());
            }
        } else {
            throw invalid(where, "attributes must be an object of source to target names, or an array of names");
        }
        if (attributes.isEmpty()) {
            throw invalid(where, "attributes is empty");
        }
        return attributes;
    }

    private static Optional<Bucket> bucket(JsonNode node, String where) {
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        String at = where + ": bucket";
        if (!node.isObject()) {
            throw invalid(at, "must be an object with attribute, size and optionally unit");
        }
        fields(node, at, Set.of());
        return Optional.of(new Bucket(text(node, "attribute", at),
                choice(node, "size", BucketSize.class, null, at),
                choice(node, "unit", EpochUnit.class, EpochUnit.SECONDS, at)));
    }

    private static List<String> names(JsonNode node, String where, String field) {
        if (node == null || !node.isArray() || node.isEmpty()) {
            throw invalid(where, field + " must be a non-empty array of attribute names");
        }
        List<String> names = new ArrayList<>();
        for (JsonNode name : node) {
            if (!name.isTextual() || name.asText().isBlank()) {
                throw invalid(where, field + " must hold attribute names (strings), found " + name.getNodeType().name().toLowerCase(Locale.ROOT));
            }
            names.add(name.asText());
        }
        return names;
    }

    private static void fields(JsonNode node, String where, Set<String> specific) {
        Iterator<String> names = node.fieldNames();
        boolean bucket = where.endsWith(": bucket");
        while (names.hasNext()) {
            String field = names.next();
            boolean known = bucket ? BUCKET.contains(field) : COMMON.contains(field) || specific.contains(field);
            if (!known) {
                List<String> allowed = new ArrayList<>(bucket ? BUCKET : COMMON);
                allowed.addAll(specific);
                allowed.sort(null);
                throw invalid(where, "unknown field \"" + field + "\"; known fields are " + allowed);
            }
        }
    }

    private static String text(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw invalid(where, field + " is missing");
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw invalid(where, field + " must be a non-empty string");
        }
        return value.asText();
    }

    private static <E extends Enum<E>> E choice(JsonNode node, String field, Class<E> type, E fallback, String where) {
        JsonNode value = node.get(field);
        List<String> allowed = new ArrayList<>();
        for (E constant : type.getEnumConstants()) {
            allowed.add(constant.name().toLowerCase(Locale.ROOT));
        }
        if (value == null || value.isNull()) {
            if (fallback == null) {
                throw invalid(where, field + " is missing; one of " + allowed);
            }
            return fallback;
        }
        if (value.isTextual()) {
            for (E constant : type.getEnumConstants()) {
                if (constant.name().equalsIgnoreCase(value.asText())) {
                    return constant;
                }
            }
        }
        throw invalid(where, field + " must be one of " + allowed + ", got " + value);
    }

    private static InvalidProjectionsException invalid(String where, String problem) {
        return new InvalidProjectionsException(where + ": " + problem, null);
    }

    private ProjectionsParser() {
    }
}
