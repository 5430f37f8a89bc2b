package dev.eddy.adapters.aws.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.testsupport.http.CountingHttpServer;
import java.io.ByteArrayInputStream;
import java.net.URI;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * Preparing the HTTP client's requests for SnapStart priming opens no connection: a server on the
 * address it prepares for sees none; the same request, sent, reaches it (so the server would see it).
 */
class UrlConnectionClassesTest {

    @Test
    void preparingRequestsOpensNoConnection() throws Exception {
        try (CountingHttpServer server = new CountingHttpServer("200 OK")) {
            String address = server.hostAndPort();

            UrlConnectionClasses.load(address);
            Thread.sleep(200);
            assertEquals(0, server.connections(), "preparing opened no connection");

            // The control: the same request, sent, does reach the server.
            try (SdkHttpClient http = UrlConnectionHttpClient.builder().build()) {
                int status = http.prepareRequest(HttpExecuteRequest.builder()
                        .request(SdkHttpFullRequest.builder().method(SdkHttpMethod.POST).uri(URI.create("http://" + address + "/"))
                                .putHeader("Content-Length", "2").build())
                        .contentStreamProvider(() -> new ByteArrayInputStream(new byte[] {'{', '}'}))
                        .build()).call().httpResponse().statusCode();
                assertEquals(200, status);
            }
            assertTrue(server.connections() > 0, "a sent request reaches the server");
        }
    }
}
