package dev.eddy.adapters.aws.sns;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.eddy.testsupport.sns.LoopbackSnsServer;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;

class SnsClientsTest {

    /**
     * The production client takes its endpoint from the SDK's own settings: AWS_ENDPOINT_URL_SNS in
     * Lambda, or its system-property twin {@code aws.endpointUrlSns}, used here.
     */
    @Test
    void productionClientHonoursTheSdksServiceEndpointSetting() {
        List<String> properties = List.of("aws.endpointUrlSns", "aws.accessKeyId", "aws.secretAccessKey");
        try (LoopbackSnsServer server = LoopbackSnsServer.start()) {
            System.setProperty("aws.endpointUrlSns", server.endpoint().toString());
            System.setProperty("aws.accessKeyId", "test");
            System.setProperty("aws.secretAccessKey", "test");
            try (SnsClient client = SnsClients.create(Region.EU_WEST_1)) {
                client.publish(b -> b.topicArn("arn:aws:sns:eu-west-1:123456789012:t").message("via the SDK's endpoint setting"));
            }
            assertEquals("via the SDK's endpoint setting", server.published().get(0).message());
        } finally {
            properties.forEach(System::clearProperty);
        }
    }
}
