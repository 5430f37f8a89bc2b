package dev.eddy.adapters.aws.dynamodb;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * An SDK HTTP client that <b>never opens a connection</b>: it answers the DynamoDB operations the
 * projection store and the delivery ledger use ({@code UpdateItem}, {@code DeleteItem},
 * {@code GetItem}, {@code BatchGetItem}, {@code BatchWriteItem}) in memory with an empty JSON
 * object, which the SDK reads as success with nothing returned (no item, nothing unprocessed).
 * Any other operation is answered with a 400 {@code UnknownOperationException}. Nothing is stored.
 *
 * <p>It lets SnapStart priming run the store and the ledger through the SDK's marshalling, SigV4
 * signing and response parsing with no external effect. It is never the client of a store or a
 * ledger that handles a batch. Counts the requests it answered; thread-safe.
 */
public final class InMemoryDynamoDbHttpClient implements SdkHttpClient {
    private static final String TARGET_PREFIX = "DynamoDB_20120810.";
    private static final Set<String> ANSWERED = Set.of("UpdateItem", "DeleteItem", "GetItem", "BatchGetItem", "BatchWriteItem");

    private final AtomicLong requests = new AtomicLong();

    /** Requests answered as succeeded so far. */
    public long requests() {
        return requests.get();
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() throws IOException {
                if (request.contentStreamProvider().isPresent()) {
                    try (InputStream in = request.contentStreamProvider().get().newStream()) {
                        in.transferTo(OutputStream.nullOutputStream()); // read as a real client would send it
                    }
                }
                String target = request.httpRequest().firstMatchingHeader("X-Amz-Target").orElse("");
                String operation = target.startsWith(TARGET_PREFIX) ? target.substring(TARGET_PREFIX.length()) : target;
                if (!ANSWERED.contains(operation)) {
                    return response(400, "{\"__type\":\"com.amazonaws.dynamodb.v20120810#UnknownOperationException\","
                            + "\"message\":\"the in-memory DynamoDB client answers UpdateItem, DeleteItem, GetItem,"
                            + " BatchGetItem and BatchWriteItem only\"}");
                }
                requests.incrementAndGet();
                return response(200, "{}");
            }

            @Override
            public void abort() {
                // Answers at once; nothing to abort.
            }
        };
    }

    private static HttpExecuteResponse response(int status, String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return HttpExecuteResponse.builder()
                .response(SdkHttpResponse.builder().statusCode(status)
                        .putHeader("Content-Type", "application/x-amz-json-1.0")
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
