package dev.eddy.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The helper contract tests use to read Terraform: HashiCorp's parser's JSON as a Jackson tree. */
class HclJsonTest {

    @Test
    void eventSourceMappingReportsBatchItemFailures() {
        JsonNode main = HclJson.parse(Repository.terraform().resolve("modules/event-mapping/main.tf"));

        JsonNode mapping = main.at("/resource/aws_lambda_event_source_mapping/this/0");
        assertEquals("[\"ReportBatchItemFailures\"]", mapping.get("function_response_types").toString());
        assertEquals(true, mapping.get("bisect_batch_on_function_error").asBoolean());
    }

    @Test
    void moduleFilesAreParsedInNameOrder() {
        Map<Path, JsonNode> files = HclJson.parseModule(Repository.terraform().resolve("modules/lambda"));

        assertEquals(java.util.List.of("main.tf", "outputs.tf", "variables.tf", "versions.tf"),
                files.keySet().stream().map(p -> p.getFileName().toString()).toList());
        assertEquals("dev.eddy.bootstrap.lambda.StreamingHandler::handleRequest",
                files.values().stream().map(json -> json.at("/variable/handler/0/default"))
                        .filter(node -> !node.isMissingNode()).findFirst().orElseThrow().asText());
    }

    @Test
    void syntaxErrorNamesTheFile(@TempDir Path temp) throws Exception {
        Path broken = Files.writeString(temp.resolve("broken.tf"), "resource \"aws_sqs_queue\" \"q\" {\n  name = \n}\n");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HclJson.parse(broken));

        assertTrue(e.getMessage().contains("broken.tf"), e.getMessage());
    }
}
