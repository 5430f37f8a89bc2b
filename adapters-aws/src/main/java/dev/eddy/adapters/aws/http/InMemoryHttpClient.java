package dev.eddy.adapters.aws.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * An SDK HTTP client that <b>never opens a connection</b>: it reads each request's body, as a real
 * client would send it, and has {@link #answer} produce the response in memory. The base of the
 * in-memory SNS and DynamoDB clients that SnapStart priming and the benchmarks run the real adapters
 * and SDK clients over.
 */
public abstract class InMemoryHttpClient implements SdkHttpClient {
    /** The credentials the clients over an in-memory HTTP client sign with: a placeholder, never a secret. */
    public static final AwsCredentialsProvider PLACEHOLDER_CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("in-memory", "in-memory"));

    /** What the service answers, in memory. */
    public record Answer(int status, String contentType, String body) {
    }

    /** The response to one request; {@code body} is the request body's bytes (empty for none). */
    protected abstract Answer answer(SdkHttpRequest request, byte[] body);

    @Override
    public final ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() throws IOException {
                return response(answer(request.httpRequest(), body(request)));
            }

            @Override
            public void abort() {
                // Answers at once; nothing to abort.
            }
        };
    }

    /** A request's body as a real HTTP client would send it: its bytes, empty for none. */
    public static byte[] body(HttpExecuteRequest request) throws IOException {
        if (request.contentStreamProvider().isEmpty()) {
            return new byte[0];
        }
        try (InputStream in = request.contentStreamProvider().get().newStream()) {
            return in.readAllBytes();
        }
    }

    private static HttpExecuteResponse response(Answer answer) {
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        return HttpExecuteResponse.builder()
                .response(SdkHttpResponse.builder().statusCode(answer.status())
                        .putHeader("Content-Type", answer.contentType())
                        .putHeader("Content-Length", String.valueOf(bytes.length))
                        .putHeader("x-amzn-RequestId", "in-memory")
                        .build())
                .responseBody(AbortableInputStream.create(new ByteArrayInputStream(bytes)))
                .build();
    }

    @Override
    public String clientName() {
        return "InMemory";
    }

    @Override
    public void close() {
        // Nothing held.
    }
}
