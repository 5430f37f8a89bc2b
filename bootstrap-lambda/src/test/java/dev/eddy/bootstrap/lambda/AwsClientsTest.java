package dev.eddy.bootstrap.lambda;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The clients given from outside (the local runtime): the ledger's client goes where the DynamoDB client goes. */
class AwsClientsTest {

    @Test
    void aGivenDynamoDbClientWithoutAnEndpointLeavesTheLedgerNowhereToGoAndSaysSo() {
        Configuration configuration = Configuration.from(Map.of("AWS_REGION", "eu-west-1", "LEDGER_TABLE", "ledger"));
        try (DynamoDbClient regional = DynamoDbClient.builder().region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b"))).build()) {
            AwsClients clients = new AwsClients(configuration, null, regional);

            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, clients::ledger);

            assertTrue(e.getMessage().startsWith("the given DynamoDB client needs an endpoint override"), e.getMessage());
        }
    }
}
