package dev.eddy.testsupport.dynamodb;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A server on 127.0.0.1 that answers every DynamoDB request (JSON 1.0 protocol) with one fixed error,
 * the way DynamoDB does: status, {@code x-amzn-ErrorType} header and a {@code __type} body, except
 * the operations given a success with {@link #succeeding}. Point a real client at {@link #endpoint()}
 * to test throttling and server errors. Records every request: its {@code X-Amz-Target}, its body
 * and the client's port. Stops on {@link #close()}; its threads are daemons.
 */
public final class DynamoDbFaultServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor;
    private final List<String> targets = new ArrayList<>();
    private final List<Request> requests = new ArrayList<>();
    private final Map<String, String> successes = new ConcurrentHashMap<>();
    private final int status;
    private final String type;
    private final String message;

    private DynamoDbFaultServer(int status, String type, String message) throws IOException {
        this.status = status;
        this.type = type;
        this.message = message;
        server = HttpServer.create(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "dynamodb-fault-server");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::answer);
        server.start();
    }

    /** Answers every request with 400 ProvisionedThroughputExceededException, as DynamoDB does when throttling. */
    public static DynamoDbFaultServer throttling() {
        return answering(400, "ProvisionedThroughputExceededException", "The level of configured provisioned throughput for the table was exceeded.");
    }

    /** Answers every request with 500 InternalServerError. */
    public static DynamoDbFaultServer internalError() {
        return answering(500, "InternalServerError", "Internal server error");
    }

    /** Answers every request with 400 ValidationException, e.g. for an item over the size limit. */
    public static DynamoDbFaultServer validation(String message) {
        return answering(400, "ValidationException", message);
    }

    /** Answers every request with this status and DynamoDB error type (the short name, without namespace). */
    public static DynamoDbFaultServer answering(int status, String type, String message) {
        try {
            return new DynamoDbFaultServer(status, type, message);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot start the fault server on 127.0.0.1", e);
        }
    }

    /** One request received: its {@code X-Amz-Target}, its body, the port the client sent it from. */
    public record Request(String target, String body, int clientPort) {
    }

    /**
     * Answers this operation (such as {@code BatchGetItem}) with 200 and this JSON body instead of
     * the error, as DynamoDB answers one that succeeds.
     */
    public DynamoDbFaultServer succeeding(String operation, String json) {
        successes.put("DynamoDB_20120810." + operation, json);
        return this;
    }

    /** Every request received, in order. */
    public synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The X-Amz-Target of each request received, such as {@code DynamoDB_20120810.UpdateItem}. */
    public synchronized List<String> targets() {
        return List.copyOf(targets);
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String target = String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
            synchronized (this) {
                targets.add(target);
                requests.add(new Request(target, request, exchange.getRemoteAddress().getPort()));
            }
            String success = successes.get(target);
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
            exchange.getResponseHeaders().add("x-amzn-RequestId", "fault-" + targets.size());
            if (success != null) {
                byte[] body = success.getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
                return;
            }
            String fullType = "com.amazonaws.dynamodb.v20120810#" + type;
            byte[] body = ("{\"__type\":\"" + fullType + "\",\"message\":\"" + message.replace("\"", "'") + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("x-amzn-ErrorType", type);
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
