package dev.eddy.adapters.aws.config.projection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.eddy.domain.projection.Bucket;
import dev.eddy.domain.projection.BucketSize;
import dev.eddy.domain.projection.DeleteSemantics;
import dev.eddy.domain.projection.EpochUnit;
import dev.eddy.domain.projection.LatestState;
import dev.eddy.domain.projection.ProjectionSpec;
import dev.eddy.domain.projection.RemovalPolicy;
import dev.eddy.domain.projection.RunningAggregate;
import dev.eddy.domain.projection.UpdateSemantics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProjectionsParserTest {
    private static final String README_EXAMPLE = """
            [{"name":"latest-reading","type":"latest","partitionKey":"id",
              "attributes":{"temperature":"temperature","status":"status"},"onDelete":"mark","onExpire":"mark"},
             {"name":"hourly-temperature","type":"aggregate","partitionKey":"id",
              "bucket":{"attribute":"timestamp","size":"hour"},"values":["temperature"]},
             {"name":"clicks-per-user-daily","type":"aggregate","partitionKey":"userId",
              "bucket":{"attribute":"clickedAt","size":"day","unit":"milliseconds"},"values":["clicks"]}]
            """;

    private static String problem(String json) {
        return assertThrows(InvalidProjectionsException.class, () -> ProjectionsParser.parse(json)).getMessage();
    }

    @Test
    void theReadmeExamplesParseToTheirProjections() {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("temperature", "temperature");
        attributes.put("status", "status");

        List<ProjectionSpec> projections = ProjectionsParser.parse(README_EXAMPLE);

        assertEquals(List.of(
                new LatestState("latest-reading", "id", attributes, RemovalPolicy.MARK, RemovalPolicy.MARK),
                new RunningAggregate("hourly-temperature", "id",
                        Optional.of(new Bucket("timestamp", BucketSize.HOUR, EpochUnit.SECONDS)), List.of("temperature"),
                        UpdateSemantics.DELTA, DeleteSemantics.KEEP),
                new RunningAggregate("clicks-per-user-daily", "userId",
                        Optional.of(new Bucket("clickedAt", BucketSize.DAY, EpochUnit.MILLISECONDS)), List.of("clicks"),
                        UpdateSemantics.DELTA, DeleteSemantics.KEEP)), projections);
    }

    @Test
    void optionsAndShorthandsParse() {
        List<ProjectionSpec> projections = ProjectionsParser.parse("""
                [{"name":"l","type":"latest","partitionKey":"id","attributes":["a","b"],"onDelete":"REMOVE"},
                 {"name":"t","type":"aggregate","partitionKey":"id","values":["v"],"onUpdate":"reading","onDelete":"retract"}]
                """);

        assertEquals(new LatestState("l", "id", Map.of("a", "a", "b", "b"), RemovalPolicy.REMOVE, RemovalPolicy.MARK),
                projections.get(0));
        assertEquals(new RunningAggregate("t", "id", Optional.empty(), List.of("v"), UpdateSemantics.READING,
                DeleteSemantics.RETRACT), projections.get(1));
    }

    @Test
    void blankMeansNoProjections() {
        assertEquals(List.of(), ProjectionsParser.parse(" "));
        assertEquals(List.of(), ProjectionsParser.parse("[]"));
    }

    @Test
    void everyBadProjectionIsReportedAtOnce() {
        InvalidProjectionsException e = org.junit.jupiter.api.Assertions.assertThrows(InvalidProjectionsException.class,
                () -> ProjectionsParser.parse("[{\"name\":\"a\",\"type\":\"sum\",\"partitionKey\":\"id\"},"
                        + "{\"name\":\"ok\",\"type\":\"latest\",\"partitionKey\":\"id\",\"attributes\":[\"t\"]},"
                        + "{\"name\":\"c\",\"type\":\"aggregate\",\"partitionKey\":\"id\",\"values\":[]}]"));
        assertEquals(List.of("PROJECTIONS[0] (a): type must be \"latest\" or \"aggregate\", got \"sum\"",
                "PROJECTIONS[2] (c): values must be a non-empty array of attribute names"), e.problems());
    }

    @Test
    void invalidConfigurationNamesTheProjectionAndTheProblem() {
        assertEquals("PROJECTIONS[0] (x): type must be \"latest\" or \"aggregate\", got \"sum\"",
                problem("[{\"name\":\"x\",\"type\":\"sum\",\"partitionKey\":\"id\"}]"));
        assertEquals("PROJECTIONS[0] (x): partitionKey is missing",
                problem("[{\"name\":\"x\",\"type\":\"latest\",\"attributes\":[\"a\"]}]"));
        assertEquals("PROJECTIONS[0] (x): unknown field \"partitionkey\"; known fields are "
                        + "[attributes, name, onDelete, onExpire, partitionKey, type]",
                problem("[{\"name\":\"x\",\"type\":\"latest\",\"partitionkey\":\"id\",\"attributes\":[\"a\"]}]"));
        assertEquals("PROJECTIONS[0]: unknown field \"nmae\"; known fields are "
                        + "[attributes, bucket, name, onDelete, onExpire, onUpdate, partitionKey, type, values]",
                problem("[{\"nmae\":\"x\",\"partitionKey\":\"id\"}]"));
        assertEquals("PROJECTIONS[1]: name is missing",
                problem("[{\"name\":\"x\",\"type\":\"latest\",\"partitionKey\":\"id\",\"attributes\":[\"a\"]},{\"type\":\"latest\"}]"));
        assertEquals("PROJECTIONS[0] (h): bucket: size must be one of [minute, hour, day], got \"week\"",
                problem("[{\"name\":\"h\",\"type\":\"aggregate\",\"partitionKey\":\"id\",\"values\":[\"v\"],"
                        + "\"bucket\":{\"attribute\":\"t\",\"size\":\"week\"}}]"));
        assertEquals("PROJECTIONS[0] (h): bucket: unit must be one of [seconds, milliseconds], got \"ns\"",
                problem("[{\"name\":\"h\",\"type\":\"aggregate\",\"partitionKey\":\"id\",\"values\":[\"v\"],"
                        + "\"bucket\":{\"attribute\":\"t\",\"size\":\"day\",\"unit\":\"ns\"}}]"));
        assertEquals("PROJECTIONS[1] (x): name x is used by an earlier projection",
                problem("[{\"name\":\"x\",\"type\":\"aggregate\",\"partitionKey\":\"id\",\"values\":[\"v\"]},"
                        + "{\"name\":\"x\",\"type\":\"aggregate\",\"partitionKey\":\"id\",\"values\":[\"w\"]}]"));
        assertEquals("PROJECTIONS[0] (x): unknown field \"value\"; known fields are "
                        + "[bucket, name, onDelete, onUpdate, partitionKey, type, values]",
                problem("[{\"name\":\"x\",\"type\":\"aggregate\",\"partitionKey\":\"id\",\"value\":[\"v\"]}]"));
        assertEquals("PROJECTIONS[0] (x): values must be a non-empty array of attribute names",
                problem("[{\"name\":\"x\",\"type\":\"aggregate\",\"partitionKey\":\"id\",\"values\":[]}]"));
        assertEquals("PROJECTIONS[0] (x): onExpire must be one of [remove, mark], got \"keep\"",
                problem("[{\"name\":\"x\",\"type\":\"latest\",\"partitionKey\":\"id\",\"attributes\":[\"a\"],\"onExpire\":\"keep\"}]"));
        assertEquals("PROJECTIONS[0] (x): target name updatedAt of a is reserved; reserved are "
                        + "[key, lastSequence, pk, projection, removed, removedAt, sk, source, updatedAt]",
                problem("[{\"name\":\"x\",\"type\":\"latest\",\"partitionKey\":\"id\",\"attributes\":{\"a\":\"updatedAt\"}}]"));
        assertEquals("PROJECTIONS[0] (a#b): name must not contain '#', which separates it from the key in pk",
                problem("[{\"name\":\"a#b\",\"type\":\"latest\",\"partitionKey\":\"id\",\"attributes\":[\"a\"]}]"));
        assertEquals("PROJECTIONS must be a JSON array of projections", problem("{\"name\":\"x\"}"));
    }

    @Test
    void malformedJsonIsNamedAsSuch() {
        String message = problem("[{\"name\":\"x\",");
        assertEquals(true, message.startsWith("PROJECTIONS is not valid JSON: "), message);
        String duplicate = problem("[{\"name\":\"x\",\"name\":\"y\"}]");
        assertEquals(true, duplicate.contains("Duplicate field 'name'"), duplicate);
        // Anything after the array is a mistake too (a paste gone wrong), not something to ignore.
        String trailing = problem("[] [{\"name\":\"x\"}]");
        assertEquals(true, trailing.startsWith("PROJECTIONS is not valid JSON: "), trailing);
        String trailingBrace = problem("[]}");
        assertEquals(true, trailingBrace.startsWith("PROJECTIONS is not valid JSON: "), trailingBrace);
    }
}
