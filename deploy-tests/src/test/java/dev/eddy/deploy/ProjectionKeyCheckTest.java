package dev.eddy.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plan warns about a projection not keyed by the source table's partition key: the records that
 * feed one of its items would come from several shards, and the sequence guard would drop some of
 * them as replays. The check compares with the table's own key (the dynamodb module's output), and
 * Terraform itself evaluates the assertion as written in main.tf ({@code terraform console}; skipped
 * where no binary is on the PATH).
 */
class ProjectionKeyCheckTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String TABLE_KEY = "module.dynamodb.partition_key";

    @TempDir
    Path scratch;

    private static JsonNode assertion() {
        return Terraform.oneBlock(Terraform.root().check("projections_keyed_by_the_source_partition_key"), "assert");
    }

    @Test
    void theCheckComparesWithTheKeyTheSourceTableIsCreatedWith() {
        assertTrue(HclExpression.inside(assertion().path("condition")).contains(TABLE_KEY), assertion().toString());
        Terraform dynamodb = Terraform.module("dynamodb");
        assertEquals("var.partition_key", HclExpression.inside(dynamodb.output("partition_key").path("value")));
        assertEquals("var.partition_key", HclExpression.inside(dynamodb.resource("aws_dynamodb_table", "this").path("hash_key")));
    }

    @Test
    void terraformWarnsOnlyAboutProjectionsKeyedByAnotherAttribute() throws Exception {
        assertEquals(true, evaluate("condition", projections("id")).asBoolean());
        // No partitionKey, a null one or one that is not text: the function names that problem at
        // start; this check leaves it alone, and must not fail the plan over it.
        assertEquals(true, evaluate("condition", projections((String) null)).asBoolean());
        ArrayNode odd = projections("id");
        odd.addObject().put("name", "null-key").putNull("partitionKey");
        odd.addObject().put("name", "map-key").putObject("partitionKey").put("a", "b");
        assertEquals(true, evaluate("condition", odd).asBoolean());
        odd.addObject().put("name", "number-key").put("partitionKey", 5);
        assertEquals(false, evaluate("condition", odd).asBoolean());
        String message = evaluate("error_message", odd).asText();
        assertTrue(message.startsWith("Not keyed by the source table's partition key, id: number-key (partitionKey 5). "), message);
        assertEquals(false, evaluate("condition", projections("id", "zone")).asBoolean());
        assertEquals(false, evaluate("condition", projections("timestamp")).asBoolean());

        message = evaluate("error_message", projections("id", "zone", null, "timestamp")).asText();
        assertTrue(message.startsWith("Not keyed by the source table's partition key, id: p1 (partitionKey zone), "
                + "p3 (partitionKey timestamp). "), message);
        assertFalse(message.contains("p0") || message.contains("p2"), message);
    }

    /**
     * The check block as written in main.tf, planned by Terraform over a stub of the table module
     * (no provider, so no network): a plan with a projection keyed otherwise succeeds with the
     * warning, and odd keys (null, a map) neither warn nor fail it.
     */
    @Test
    void thePlanWarnsAndNeverFailsOverAKey() throws Exception {
        Path terraform = TerraformBinary.find().orElse(null);
        Assumptions.assumeTrue(terraform != null, "no terraform binary on the PATH");
        Path stub = Files.createDirectories(scratch.resolve("dynamodb"));
        Files.writeString(stub.resolve("main.tf"), "output \"partition_key\" {\n  value = \"id\"\n}\n", StandardCharsets.UTF_8);
        Files.writeString(scratch.resolve("main.tf"), Terraform.root().variableDeclaration("projections")
                + "module \"dynamodb\" {\n  source = \"./dynamodb\"\n}\n"
                + Terraform.root().checkSource("projections_keyed_by_the_source_partition_key"), StandardCharsets.UTF_8);
        TerraformBinary.init(terraform, scratch);

        ArrayNode keyedOtherwise = projections("id", "zone");
        TerraformBinary.Result warned = plan(terraform, keyedOtherwise);
        assertEquals(0, warned.exitCode(), warned.stdout() + warned.stderr());
        // Terraform wraps a message at 78 columns: one space for every run of white space.
        String output = (warned.stdout() + warned.stderr()).replaceAll("\\s+", " ");
        assertTrue(output.contains("Check block assertion failed") && output.contains("p1 (partitionKey zone)"), output);

        ArrayNode odd = projections("id", null);
        odd.addObject().put("name", "null-key").putNull("partitionKey");
        odd.addObject().put("name", "map-key").putObject("partitionKey").put("a", "b");
        TerraformBinary.Result quiet = plan(terraform, odd);
        assertEquals(0, quiet.exitCode(), quiet.stdout() + quiet.stderr());
        assertFalse((quiet.stdout() + quiet.stderr()).contains("Check block assertion failed"), quiet.stdout());
    }

    private TerraformBinary.Result plan(Path terraform, ArrayNode projections) throws Exception {
        Files.writeString(scratch.resolve("values.tfvars.json"),
                MAPPER.writeValueAsString(MAPPER.createObjectNode().set("projections", projections)), StandardCharsets.UTF_8);
        return TerraformBinary.run(terraform, scratch, "",
                List.of("plan", "-input=false", "-no-color", "-refresh=false", "-var-file=values.tfvars.json"));
    }

    /** Projections named p0, p1 ... with these partition keys (null: none). */
    private static ArrayNode projections(String... keys) {
        ArrayNode projections = MAPPER.createArrayNode();
        for (int i = 0; i < keys.length; i++) {
            var projection = projections.addObject().put("name", "p" + i).put("type", "latest");
            if (keys[i] != null) {
                projection.put("partitionKey", keys[i]);
            }
        }
        return projections;
    }

    /** The assertion's argument as Terraform evaluates it, the table keyed by {@code id}. */
    private JsonNode evaluate(String argument, ArrayNode projections) throws Exception {
        Path terraform = TerraformBinary.find().orElse(null);
        Assumptions.assumeTrue(terraform != null, "no terraform binary on the PATH");
        return TerraformBinary.withRootVariable(terraform, scratch, "projections", projections,
                HclExpression.inside(assertion().path(argument)).replace(TABLE_KEY, "\"id\""));
    }
}
