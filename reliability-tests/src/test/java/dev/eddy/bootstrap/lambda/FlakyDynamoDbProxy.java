package dev.eddy.bootstrap.lambda;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A DynamoDB endpoint on 127.0.0.1 that forwards every request to a real one (dynalite) unless a
 * scripted fault says otherwise: the next n requests of an operation get a DynamoDB error (as
 * DynamoDB sends it: status, {@code x-amzn-ErrorType}, {@code __type}), or no answer for a while.
 * {@link DynamoDbFaultServer} answers everything with one error; this one lets a fault pass, so
 * that a retry can succeed.
 */
final class FlakyDynamoDbProxy implements AutoCloseable {
    private static final Set<String> NOT_FORWARDED = Set.of("host", "content-length", "connection", "expect", "upgrade",
            "transfer-encoding");

    private final HttpServer server;
    private final ExecutorService executor;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final URI target;
    private final List<Fault> faults = new ArrayList<>();
    private final List<String> operations = new ArrayList<>();
    private final List<String> faulted = new ArrayList<>();
    private int conditionalCheckFailures;

    private static final class Fault {
        final String operation;
        int remaining;
        final int status;
        final String type;
        final long delayMillis;

        Fault(String operation, int times, int status, String type, long delayMillis) {
            this.operation = operation;
            this.remaining = times;
            this.status = status;
            this.type = type;
            this.delayMillis = delayMillis;
        }
    }

    FlakyDynamoDbProxy(URI target) {
        this.target = target;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on 127.0.0.1", e);
        }
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "flaky-dynamodb-proxy");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The next {@code times} requests of {@code operation} (e.g. "UpdateItem") get HTTP 400 throttling. */
    synchronized FlakyDynamoDbProxy throttle(String operation, int times) {
        return fail(operation, times, 400, "ProvisionedThroughputExceededException");
    }

    /** The next {@code times} requests of {@code operation} get this status and error type. */
    synchronized FlakyDynamoDbProxy fail(String operation, int times, int status, String type) {
        faults.add(new Fault(operation, times, status, type, 0));
        return this;
    }

    /** The next {@code times} requests of {@code operation} get no answer for {@code delay}, then a 500. */
    synchronized FlakyDynamoDbProxy stall(String operation, int times, Duration delay) {
        faults.add(new Fault(operation, times, 500, "InternalServerError", delay.toMillis()));
        return this;
    }

    /** The operation of every request received, in order. */
    synchronized List<String> operations() {
        return List.copyOf(operations);
    }

    /** The operations that got a scripted fault, in order. */
    synchronized List<String> faulted() {
        return List.copyOf(faulted);
    }

    /** How many forwarded requests the real endpoint answered with ConditionalCheckFailedException. */
    synchronized int conditionalCheckFailures() {
        return conditionalCheckFailures;
    }

    synchronized long count(String operation) {
        return operations.stream().filter(operation::equals).count();
    }

    private synchronized Fault take(String operation) {
        operations.add(operation);
        for (Fault f : faults) {
            if (f.remaining > 0 && f.operation.equals(operation)) {
                f.remaining--;
                faulted.add(operation);
                return f;
            }
        }
        return null;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String amzTarget = String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
            String operation = amzTarget.substring(amzTarget.indexOf('.') + 1);
            Fault fault = take(operation);
            if (fault != null) {
                if (fault.delayMillis > 0) {
                    try {
                        Thread.sleep(fault.delayMillis);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                byte[] error = ("{\"__type\":\"com.amazonaws.dynamodb.v20120810#" + fault.type
                        + "\",\"message\":\"scripted fault\"}").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
                exchange.getResponseHeaders().add("x-amzn-ErrorType", fault.type);
                exchange.getResponseHeaders().add("x-amzn-RequestId", "scripted-fault");
                exchange.sendResponseHeaders(fault.status, error.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(error);
                }
                return;
            }
            HttpRequest.Builder forward = HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().getPath()))
                    .timeout(Duration.ofSeconds(10))
                    .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                    values.forEach(v -> forward.header(name, v));
                }
            });
            HttpResponse<byte[]> response;
            try {
                response = client.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            response.headers().map().forEach((name, values) -> {
                if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                    values.forEach(v -> exchange.getResponseHeaders().add(name, v));
                }
            });
            byte[] answer = response.body();
            if (response.statusCode() == 400 && new String(answer, StandardCharsets.UTF_8).contains("ConditionalCheckFailed")) {
                synchronized (this) {
                    conditionalCheckFailures++;
                }
            }
            exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
