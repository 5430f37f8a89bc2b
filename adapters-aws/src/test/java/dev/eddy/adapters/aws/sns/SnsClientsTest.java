package dev.eddy.adapters.aws.sns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.testsupport.sns.LoopbackSnsServer;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.endpoints.SnsEndpointParams;
import software.amazon.awssdk.services.sns.endpoints.SnsEndpointProvider;

class SnsClientsTest {

    /**
     * The production client takes its endpoint from the SDK's own settings: AWS_ENDPOINT_URL_SNS in
     * Lambda, or its system-property twin {@code aws.endpointUrlSns}, used here.
     */
    @Test
    void productionClientHonoursTheSdksServiceEndpointSetting() throws SnsCallException {
        List<String> properties = List.of("aws.endpointUrlSns", "aws.accessKeyId", "aws.secretAccessKey");
        try (LoopbackSnsServer server = LoopbackSnsServer.start()) {
            System.setProperty("aws.endpointUrlSns", server.endpoint().toString());
            System.setProperty("aws.accessKeyId", "test");
            System.setProperty("aws.secretAccessKey", "test");
            try (SnsPublishBatchClient client = SnsClients.create(Region.EU_WEST_1)) {
                client.publishBatch("arn:aws:sns:eu-west-1:123456789012:t",
                        List.of(new SnsPublishBatchClient.Entry("1", "via the SDK's endpoint setting", List.of())));
            }
            assertEquals("via the SDK's endpoint setting", server.published().get(0).message());
        } finally {
            properties.forEach(System::clearProperty);
        }
    }

    /**
     * Without an endpoint setting, every region's endpoint is the one the SDK's SnsClient resolves
     * with SNS's own endpoint rules (commercial, China, GovCloud, ISO partitions...).
     */
    @Test
    void everyRegionGetsTheEndpointTheSdksSnsRulesResolve() {
        SnsEndpointProvider rules = SnsEndpointProvider.defaultProvider();
        List<String> differ = new ArrayList<>();
        int checked = 0;
        for (Region region : Region.regions()) {
            if (region.isGlobalRegion() || region.id().startsWith("fips-") || region.id().endsWith("-fips")) {
                continue;
            }
            URI expected = rules.resolveEndpoint(SnsEndpointParams.builder().region(region).build()).join().url();
            URI ours = SnsClients.endpoint(region);
            checked++;
            if (!expected.equals(ours) && !expected.resolve("/").equals(ours.resolve("/"))) {
                differ.add(region.id() + ": SDK " + expected + ", ours " + ours);
            }
        }
        assertTrue(checked > 20, "regions checked: " + checked);
        assertEquals(List.of(), differ);
    }

    /**
     * FIPS and dual-stack, asked for with the SDK's settings ({@code AWS_USE_FIPS_ENDPOINT},
     * {@code AWS_USE_DUALSTACK_ENDPOINT}, here their system-property twins), give the endpoints SNS's
     * endpoint rules give, in every region whose partition offers them.
     */
    @Test
    void fipsAndDualStackSettingsGiveTheEndpointsTheSdksSnsRulesResolve() {
        SnsEndpointProvider rules = SnsEndpointProvider.defaultProvider();
        List<String> differ = new ArrayList<>();
        int checked = 0;
        for (boolean fips : new boolean[] {false, true}) {
            for (boolean dualStack : new boolean[] {false, true}) {
                if (!fips && !dualStack) {
                    continue;
                }
                System.setProperty("aws.useFipsEndpoint", String.valueOf(fips));
                System.setProperty("aws.useDualstackEndpoint", String.valueOf(dualStack));
                try {
                    for (Region region : Region.regions()) {
                        if (region.isGlobalRegion() || region.id().startsWith("fips-") || region.id().endsWith("-fips")) {
                            continue;
                        }
                        URI expected;
                        try {
                            expected = rules.resolveEndpoint(SnsEndpointParams.builder().region(region)
                                    .useFips(fips).useDualStack(dualStack).build()).join().url();
                        } catch (RuntimeException notOffered) {
                            continue; // the partition has no such endpoint
                        }
                        URI ours = SnsClients.endpoint(region);
                        checked++;
                        if (!expected.resolve("/").equals(ours.resolve("/"))) {
                            differ.add(region.id() + (fips ? " fips" : "") + (dualStack ? " dual-stack" : "") + ": SDK "
                                    + expected + ", ours " + ours);
                        }
                    }
                } finally {
                    System.clearProperty("aws.useFipsEndpoint");
                    System.clearProperty("aws.useDualstackEndpoint");
                }
            }
        }
        assertTrue(checked > 40, "region and setting pairs checked: " + checked);
        assertEquals(List.of(), differ);
        assertEquals(URI.create("https://sns-fips.us-east-1.amazonaws.com"), withFips(Region.US_EAST_1));
    }

    private static URI withFips(Region region) {
        System.setProperty("aws.useFipsEndpoint", "true");
        try {
            return SnsClients.endpoint(region);
        } finally {
            System.clearProperty("aws.useFipsEndpoint");
        }
    }
}
