package dev.eddy.adapters.aws.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
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
        try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            AtomicInteger connections = new AtomicInteger();
            Thread acceptor = new Thread(() -> {
                while (!server.isClosed()) {
                    try (Socket client = server.accept()) {
                        connections.incrementAndGet();
                        client.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".getBytes());
                    } catch (IOException e) {
                        // Closed by the test.
                    }
                }
            }, "counting-http-server");
            acceptor.setDaemon(true);
            acceptor.start();
            String address = "127.0.0.1:" + server.getLocalPort();

            UrlConnectionClasses.load(address);
            Thread.sleep(200);
            assertEquals(0, connections.get(), "preparing opened no connection");

            // The control: the same request, sent, does reach the server.
            try (SdkHttpClient http = UrlConnectionHttpClient.builder().build()) {
                int status = http.prepareRequest(HttpExecuteRequest.builder()
                        .request(SdkHttpFullRequest.builder().method(SdkHttpMethod.POST).uri(URI.create("http://" + address + "/"))
                                .putHeader("Content-Length", "2").build())
                        .contentStreamProvider(() -> new ByteArrayInputStream(new byte[] {'{', '}'}))
                        .build()).call().httpResponse().statusCode();
                assertEquals(200, status);
            }
            assertTrue(connections.get() > 0, "a sent request reaches the server");
        }
    }
}
