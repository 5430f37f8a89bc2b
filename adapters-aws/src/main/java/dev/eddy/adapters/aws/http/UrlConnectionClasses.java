package dev.eddy.adapters.aws.http;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * The URL-connection HTTP client's request set-up, as seen by SnapStart priming: what the function's
 * clients do before they connect, done ahead, <b>without connecting</b>.
 */
public final class UrlConnectionClasses {
    private UrlConnectionClasses() {
    }

    /**
     * Prepares a signed-size POST, as the function's clients send them, to a loopback address, over
     * http and https, with a client of its own, then aborts it unsent. Preparing opens no socket: it
     * builds the JDK's {@code HttpURLConnection} (or its https twin) and sets its timeouts and
     * headers, which loads and initialises their classes. Without this, the first batch after a
     * restore did that work on its first real request, at 0.145 vCPU (docs/performance.md, round 9).
     */
    public static void load() {
        load("127.0.0.1:9");
    }

    /** The same, to this host and port (tests point it at a server that counts connections). */
    static void load(String hostAndPort) {
        byte[] body = {'{', '}'};
        try (SdkHttpClient http = UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(1))
                .socketTimeout(Duration.ofSeconds(1))
                .build()) {
            for (String scheme : new String[] {"http", "https"}) {
                ExecutableHttpRequest request = http.prepareRequest(HttpExecuteRequest.builder()
                        .request(SdkHttpFullRequest.builder()
                                .method(SdkHttpMethod.POST)
                                .uri(URI.create(scheme + "://" + hostAndPort + "/"))
                                .putHeader("Content-Type", "application/x-amz-json-1.0")
                                .putHeader("Content-Length", Integer.toString(body.length))
                                .build())
                        .contentStreamProvider(() -> new ByteArrayInputStream(body))
                        .build());
                request.abort();
            }
        }
    }
}
