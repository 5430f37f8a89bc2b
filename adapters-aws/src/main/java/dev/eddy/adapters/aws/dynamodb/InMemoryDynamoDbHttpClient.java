package dev.eddy.adapters.aws.dynamodb;

import dev.eddy.adapters.aws.http.InMemoryHttpClient;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * An SDK HTTP client that <b>never opens a connection</b>: it answers the DynamoDB operations the
 * projection store and the delivery ledger use ({@code UpdateItem}, {@code DeleteItem},
 * {@code GetItem}, {@code BatchGetItem}, {@code BatchWriteItem}) in memory as DynamoDB answers them
 * when nothing is found or left: the batch operations with their empty {@code Responses},
 * {@code UnprocessedKeys} and {@code UnprocessedItems} objects (so that priming runs the code that
 * reads them), the others with an empty JSON object. Clients read that as success with nothing
 * returned (no item, nothing unprocessed). Any other operation is answered with a 400
 * {@code UnknownOperationException}. Nothing is stored.
 *
 * <p>It lets SnapStart priming run the store and the ledger through the SDK's marshalling, SigV4
 * signing and response parsing with no external effect. It is never the client of a store or a
 * ledger that handles a batch. Counts the requests it answered; thread-safe.
 */
public final class InMemoryDynamoDbHttpClient extends InMemoryHttpClient {
    private static final String TARGET_PREFIX = "DynamoDB_20120810.";
    private static final String JSON = "application/x-amz-json-1.0";
    private static final Set<String> ANSWERED = Set.of("UpdateItem", "DeleteItem", "GetItem", "BatchGetItem", "BatchWriteItem");

    private final AtomicLong requests = new AtomicLong();

    /** Requests answered as succeeded so far. */
    public long requests() {
        return requests.get();
    }

    @Override
    protected Answer answer(SdkHttpRequest request, byte[] body) {
        String target = request.firstMatchingHeader("X-Amz-Target").orElse("");
        String operation = target.startsWith(TARGET_PREFIX) ? target.substring(TARGET_PREFIX.length()) : target;
        if (!ANSWERED.contains(operation)) {
            return new Answer(400, JSON, "{\"__type\":\"com.amazonaws.dynamodb.v20120810#UnknownOperationException\","
                    + "\"message\":\"the in-memory DynamoDB client answers UpdateItem, DeleteItem, GetItem,"
                    + " BatchGetItem and BatchWriteItem only\"}");
        }
        requests.incrementAndGet();
        return new Answer(200, JSON, switch (operation) {
            case "BatchGetItem" -> "{\"Responses\":{" + firstTable(body) + ":[]},\"UnprocessedKeys\":{}}";
            case "BatchWriteItem" -> "{\"UnprocessedItems\":{}}";
            default -> "{}";
        });
    }

    /**
     * The first table named in a batch request's {@code RequestItems}, as the JSON string it is
     * written in (quotes and escapes included), to be written back as it is.
     */
    private static String firstTable(byte[] body) {
        String json = new String(body, StandardCharsets.UTF_8);
        String prefix = "{\"RequestItems\":{";
        if (!json.startsWith(prefix) || json.length() <= prefix.length() || json.charAt(prefix.length()) != '"') {
            throw new IllegalArgumentException("not a batch request: " + json);
        }
        int end = prefix.length() + 1;
        while (json.charAt(end) != '"') {
            end += json.charAt(end) == '\\' ? 2 : 1;
        }
        return json.substring(prefix.length(), end + 1);
    }
}
