package dev.eddy.adapters.aws.credentials;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.eddy.testsupport.http.CountingHttpServer;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Loading the chain's classes for SnapStart priming asks no provider for credentials: the container
 * and instance-metadata endpoints, pointed at loopback servers, see no connection; the same chain,
 * asked for credentials, does reach the container endpoint (so the servers would see it).
 */
class DefaultCredentialsChainTest {
    private static final List<String> PROPERTIES = List.of("aws.containerCredentialsFullUri", "aws.ec2MetadataServiceEndpoint",
            "aws.accessKeyId", "aws.secretAccessKey", "aws.profile", "aws.configFile", "aws.sharedCredentialsFile");

    @Test
    void loadingTheClassesAsksNoProviderForCredentials() throws Exception {
        try (CountingHttpServer container = new CountingHttpServer("500 Nope");
             CountingHttpServer metadata = new CountingHttpServer("500 Nope")) {
            System.setProperty("aws.containerCredentialsFullUri", container.url("/credentials"));
            System.setProperty("aws.ec2MetadataServiceEndpoint", metadata.url(""));
            System.setProperty("aws.configFile", "/nonexistent/eddy-test-config");
            System.setProperty("aws.sharedCredentialsFile", "/nonexistent/eddy-test-credentials");

            DefaultCredentialsChain.loadClasses();
            Thread.sleep(200);
            assertEquals(0, container.connections(), "the container endpoint was not called");
            assertEquals(0, metadata.connections(), "the instance metadata endpoint was not called");

            // The control: the same chain, asked, reaches the container endpoint (and gets a 500),
            // unless this machine's environment hands the chain credentials before it gets there.
            assumeTrue(System.getenv("AWS_ACCESS_KEY_ID") == null && System.getenv("AWS_WEB_IDENTITY_TOKEN_FILE") == null,
                    "the environment holds credentials: the control cannot reach the container endpoint");
            try (DefaultCredentialsProvider chain = DefaultCredentialsProvider.builder().build()) {
                assertThrows(SdkClientException.class, chain::resolveCredentials);
            }
            assertTrue(container.connections() > 0, "asking the chain does reach the container endpoint");
        } finally {
            PROPERTIES.forEach(System::clearProperty);
        }
    }
}
