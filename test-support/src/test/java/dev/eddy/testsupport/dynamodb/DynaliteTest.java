package dev.eddy.testsupport.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

class DynaliteTest {

    @Test
    void startsServesATableAndStopsOnClose() throws IOException {
        java.net.URI endpoint;
        try (Dynalite dynalite = Dynalite.start()) {
            endpoint = dynalite.endpoint();
            dynalite.createTable("Things", "pk", "sk");
            DynamoDbClient client = dynalite.client();
            client.putItem(r -> r.tableName("Things").item(Map.of("pk", AttributeValue.fromS("a"), "sk", AttributeValue.fromS("b"))));

            assertEquals(TableStatus.ACTIVE, client.describeTable(r -> r.tableName("Things")).table().tableStatus());
            assertEquals(List.of("Things"), client.listTables().tableNames());
            assertEquals(1, client.scan(r -> r.tableName("Things")).count());
        }
        try (DynamoDbClient late = Dynalite.configure(DynamoDbClient.builder(), endpoint).build()) {
            assertThrows(SdkClientException.class, late::listTables, "nothing listens after close");
        }
        assertThrows(IOException.class, () -> new Socket("127.0.0.1", endpoint.getPort()).close());
    }

    @Test
    void findsTheRepoRootWithPackageJsonAndMvnw() {
        assertTrue(java.nio.file.Files.isDirectory(Dynalite.repoRoot().resolve("node_modules/dynalite")),
                "npm ci has installed dynalite at " + Dynalite.repoRoot());
    }
}
