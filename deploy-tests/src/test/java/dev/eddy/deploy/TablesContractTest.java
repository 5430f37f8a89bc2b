package dev.eddy.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eddy.adapters.aws.tables.EddyTables;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.UpdateTimeToLiveRequest;

/** The dynamodb module's tables are the ones {@link EddyTables} defines (and the local runtime creates). */
class TablesContractTest {
    private final Terraform root = Terraform.root();
    private final Terraform dynamodb = Terraform.module("dynamodb");

    /** Resolves {@code ${var.x}} to the module variable's default, as a plan without inputs would. */
    private String resolve(JsonNode value) {
        String text = value.asText();
        if (text.startsWith("${var.") && text.endsWith("}")) {
            return dynamodb.variableDefault(text.substring("${var.".length(), text.length() - 1)).asText();
        }
        return text;
    }

    /** What Terraform declares, in the shape of the code's definition: keys, attribute types, billing, stream. */
    private Map<String, String> terraformTable(String resource) {
        JsonNode table = dynamodb.resource("aws_dynamodb_table", resource);
        Map<String, String> shape = new TreeMap<>();
        shape.put("HASH", resolve(table.path("hash_key")));
        if (table.has("range_key")) {
            shape.put("RANGE", resolve(table.path("range_key")));
        }
        for (JsonNode attribute : Terraform.blocks(table, "attribute")) {
            shape.put("attribute " + resolve(attribute.path("name")), attribute.path("type").asText());
        }
        shape.put("billing", table.path("billing_mode").asText());
        shape.put("stream", table.path("stream_enabled").asBoolean(false) ? table.path("stream_view_type").asText() : "none");
        return shape;
    }

    private static Map<String, String> codeTable(CreateTableRequest request) {
        Map<String, String> shape = new TreeMap<>();
        request.keySchema().forEach(k -> shape.put(k.keyType() == KeyType.HASH ? "HASH" : "RANGE", k.attributeName()));
        request.attributeDefinitions().forEach(a -> shape.put("attribute " + a.attributeName(), a.attributeTypeAsString()));
        shape.put("billing", request.billingModeAsString());
        shape.put("stream", request.streamSpecification() != null && Boolean.TRUE.equals(request.streamSpecification().streamEnabled())
                ? request.streamSpecification().streamViewTypeAsString() : "none");
        return shape;
    }

    /** The TTL attribute Terraform enables on a table (resolving a dynamic block over one variable), or null. */
    private String terraformTtl(String resource) {
        JsonNode table = dynamodb.resource("aws_dynamodb_table", resource);
        List<JsonNode> ttl = Terraform.blocks(table, "ttl");
        if (!ttl.isEmpty()) {
            assertEquals(true, ttl.get(0).path("enabled").asBoolean(false), resource + " ttl must be enabled");
            return resolve(ttl.get(0).path("attribute_name"));
        }
        return null;
    }

    @Test
    void sourceTableHasTheCodesKeysStreamAndTtl() {
        assertEquals(codeTable(EddyTables.sourceTable().build()), terraformTable("this"));
        UpdateTimeToLiveRequest ttl = EddyTables.sourceTableTimeToLive(EddyTables.SOURCE_TABLE);
        assertEquals(ttl.timeToLiveSpecification().attributeName(), terraformTtl("this"));

        // The root passes its own defaults through: they must be the code's too.
        assertEquals("${var.table_name}", root.moduleCall("dynamodb").path("table_name").asText());
        assertEquals(EddyTables.SOURCE_TABLE, root.variableDefault("table_name").asText());
        assertEquals(EddyTables.SOURCE_TABLE, dynamodb.variableDefault("table_name").asText());
        assertEquals("${var.ttl_attribute}", root.moduleCall("dynamodb").path("ttl_attribute").asText());
        assertEquals(EddyTables.SOURCE_TTL_ATTRIBUTE, root.variableDefault("ttl_attribute").asText());
    }

    @Test
    void projectionTableHasTheCodesKeys() {
        assertEquals(codeTable(EddyTables.projectionTable("projections").build()), terraformTable("projection"));
    }

    @Test
    void ledgerTableHasTheCodesKeyAndTtl() {
        assertEquals(codeTable(EddyTables.ledgerTable("ledger").build()), terraformTable("ledger"));
        assertEquals(EddyTables.ledgerTableTimeToLive("ledger").timeToLiveSpecification().attributeName(), terraformTtl("ledger"));
    }
}
