package dev.eddy.testsupport.sns;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.Timer;
import java.util.TimerTask;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * An SNS endpoint on 127.0.0.1 (a free port) that speaks SNS's awsQuery protocol, for tests
 * with the real SDK client: form-encoded {@code Action=Publish} and {@code Action=PublishBatch}
 * requests, XML replies in SNS's shapes.
 *
 * <p>It records every request ({@link #requests()}) and every entry it accepted
 * ({@link #published()}), and checks batches as SNS does: at most 10 entries, distinct ids matching
 * {@code [A-Za-z0-9_-]{1,80}}, at most 256 KiB in all. Faults can be scripted:
 * <ul>
 *   <li>{@link #failEntries}: fail chosen entries in the result ({@code Failed} members);</li>
 *   <li>{@link #throttleNextCalls}: HTTP 400 {@code Throttling} errors;</li>
 *   <li>{@link #failNextCallsWith500}: HTTP 500 {@code InternalError};</li>
 *   <li>{@link #dropNextConnections}: close the connection without any response;</li>
 *   <li>{@link #publishThenDropNextBatches}: accept a PublishBatch's entries, then close the
 *       connection without a response, as when SNS published and its answer was lost;</li>
 *   <li>{@link #stallTopic}: hold every call to one topic without an answer until the client gives
 *       up, as a topic whose service does not answer, while the others answer at once.</li>
 * </ul>
 * A faulty call records its request, but accepts nothing, except under {@link #publishThenDropNextBatches},
 * whose point is that SNS did.
 *
 * <p>Close it when done. All its threads are daemons, so a forgotten server never keeps a JVM
 * alive, and it stops itself after {@link #MAX_LIFETIME}.
 *
 * <p>{@link #dropNextConnections} closes the connection without a status line, which the client
 * sees as an I/O error like a reset; the JDK's HTTP server gives no access to the socket to send a
 * real TCP RST.
 */
public final class LoopbackSnsServer implements AutoCloseable {
    private static final String NS = "http://sns.amazonaws.com/doc/2010-03-31/";
    private static final Pattern ENTRY_ID = Pattern.compile("[A-Za-z0-9_-]{1,80}");
    private static final int MAX_BATCH_BYTES = 256 * 1024;

    /** A message attribute as sent. */
    public record Attribute(String dataType, String value) {
    }

    /** One message of a request: for Publish, {@code id} is null. */
    public record Entry(String id, String message, Map<String, Attribute> attributes) {
        /** The attribute's value, or null. */
        public String attribute(String name) {
            Attribute a = attributes.get(name);
            return a == null ? null : a.value();
        }
    }

    /**
     * One request as received, with the client's port: two requests with the same port came over the
     * same connection.
     */
    public record Request(String action, String topicArn, List<Entry> entries, int clientPort) {
    }

    private record EntryFault(Predicate<Entry> which, String code, boolean senderFault, AtomicInteger remaining) {
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    private final List<Entry> published = Collections.synchronizedList(new ArrayList<>());
    private final List<EntryFault> entryFaults = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger throttles = new AtomicInteger();
    private final AtomicInteger serverErrors = new AtomicInteger();
    private final AtomicInteger drops = new AtomicInteger();
    private final AtomicInteger publishThenDrops = new AtomicInteger();
    private final Set<String> stalledTopics = Collections.synchronizedSet(new HashSet<>());
    private final AtomicInteger messageIds = new AtomicInteger();
    private final Timer watchdog = new Timer("loopback-sns-watchdog", true);

    /** How long a server lives at most, even if nobody closes it. */
    public static final Duration MAX_LIFETIME = Duration.ofMinutes(10);

    private LoopbackSnsServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Starts a server on 127.0.0.1 and a free port. */
    public static LoopbackSnsServer start() {
        // As many threads as calls in progress: a stalled call must not hold up the others.
        ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "loopback-sns");
            thread.setDaemon(true);
            return thread;
        });
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        } catch (IOException e) {
            executor.shutdownNow();
            throw new UncheckedIOException("cannot start the loopback SNS server: " + e.getMessage(), e);
        }
        LoopbackSnsServer sns = new LoopbackSnsServer(server, executor);
        server.createContext("/", sns::handle);
        server.setExecutor(executor);
        // The JDK server's dispatcher thread inherits daemon status from the thread that starts it.
        Thread starter = new Thread(server::start, "loopback-sns-start");
        starter.setDaemon(true);
        starter.start();
        try {
            starter.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            sns.close();
            throw new IllegalStateException("interrupted while starting the loopback SNS server", e);
        }
        // A server nobody closed stops itself after MAX_LIFETIME.
        sns.watchdog.schedule(new TimerTask() {
            @Override
            public void run() {
                sns.close();
            }
        }, MAX_LIFETIME.toMillis());
        return sns;
    }

    /** The endpoint to give the SDK client. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Every request received, in order, faulty ones included. */
    public List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** The requests of one action ("PublishBatch", "Publish"). */
    public List<Request> requests(String action) {
        List<Request> matching = new ArrayList<>();
        for (Request r : requests()) {
            if (r.action().equals(action)) {
                matching.add(r);
            }
        }
        return matching;
    }

    /** Every entry the server accepted, as a subscriber would see them, in order. */
    public List<Entry> published() {
        synchronized (published) {
            return List.copyOf(published);
        }
    }

    /**
     * Fails the entries {@code which} selects, {@code times} times in all (each failed entry counts
     * one), with this error code and sender-fault flag in the PublishBatch result.
     */
    public LoopbackSnsServer failEntries(Predicate<Entry> which, String code, boolean senderFault, int times) {
        entryFaults.add(new EntryFault(Objects.requireNonNull(which, "which"), code, senderFault, new AtomicInteger(times)));
        return this;
    }

    /** The next {@code calls} calls get HTTP 400 with error code {@code Throttling}. */
    public LoopbackSnsServer throttleNextCalls(int calls) {
        throttles.set(calls);
        return this;
    }

    /** The next {@code calls} calls get HTTP 500 with error code {@code InternalError}. */
    public LoopbackSnsServer failNextCallsWith500(int calls) {
        serverErrors.set(calls);
        return this;
    }

    /** The next {@code calls} calls get no response: the server closes the connection. */
    public LoopbackSnsServer dropNextConnections(int calls) {
        drops.set(calls);
        return this;
    }

    /**
     * The next {@code calls} PublishBatch calls with entries are published as usual, then get no
     * response: the server closes the connection. The client cannot tell this from a lost request.
     */
    public LoopbackSnsServer publishThenDropNextBatches(int calls) {
        publishThenDrops.set(calls);
        return this;
    }

    /**
     * Every later call to this topic is recorded and then held without an answer (and publishes
     * nothing): the client sees a service that does not answer, and gives up by its own timeouts.
     */
    public LoopbackSnsServer stallTopic(String topicArn) {
        stalledTopics.add(Objects.requireNonNull(topicArn, "topicArn"));
        return this;
    }

    /** Clears the record and every scripted fault. */
    public void reset() {
        requests.clear();
        published.clear();
        entryFaults.clear();
        throttles.set(0);
        serverErrors.set(0);
        drops.set(0);
        publishThenDrops.set(0);
        stalledTopics.clear();
    }

    @Override
    public void close() {
        watchdog.cancel();
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> form = parseForm(readBody(exchange.getRequestBody()));
            String action = form.getOrDefault("Action", "");
            List<Entry> entries = "PublishBatch".equals(action)
                    ? batchEntries(form)
                    : List.of(new Entry(null, form.get("Message"), attributes(form, "MessageAttributes.entry.")));
            requests.add(new Request(action, form.get("TopicArn"), entries, exchange.getRemoteAddress().getPort()));

            if (stalledTopics.contains(form.get("TopicArn"))) {
                holdWithoutAnswer();
                return;
            }
            if (take(drops)) {
                // No status line, no headers: the client sees the connection end without a response.
                return;
            }
            if ("PublishBatch".equals(action) && !entries.isEmpty() && take(publishThenDrops)) {
                publishBatch(exchange, entries, form, false);
                return;
            }
            if (take(serverErrors)) {
                error(exchange, 500, "Receiver", "InternalError", "scripted internal error");
                return;
            }
            if (take(throttles)) {
                error(exchange, 400, "Sender", "Throttling", "Rate exceeded");
                return;
            }
            switch (action) {
                case "Publish" -> publish(exchange, entries.get(0), form);
                case "PublishBatch" -> publishBatch(exchange, entries, form, true);
                default -> error(exchange, 400, "Sender", "InvalidAction", "unsupported action: " + action);
            }
        }
    }

    /**
     * Answers nothing until the server stops (which interrupts its threads). The client gives up
     * long before: the JDK's server cannot tell when, so the thread waits on; each call has its own.
     */
    private static void holdWithoutAnswer() {
        try {
            Thread.sleep(MAX_LIFETIME.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void publish(HttpExchange exchange, Entry entry, Map<String, String> form) throws IOException {
        if (form.get("TopicArn") == null || entry.message() == null) {
            error(exchange, 400, "Sender", "InvalidParameter", "TopicArn and Message are required");
            return;
        }
        published.add(entry);
        reply(exchange, 200, "<PublishResponse xmlns=\"" + NS + "\"><PublishResult><MessageId>" + nextMessageId()
                + "</MessageId></PublishResult>" + metadata() + "</PublishResponse>");
    }

    /** Checks and publishes a batch as SNS does; answers it only when {@code answer}. */
    private void publishBatch(HttpExchange exchange, List<Entry> entries, Map<String, String> form, boolean answer)
            throws IOException {
        if (form.get("TopicArn") == null) {
            error(exchange, 400, "Sender", "InvalidParameter", "TopicArn is required");
            return;
        }
        if (entries.isEmpty()) {
            error(exchange, 400, "Sender", "EmptyBatchRequest", "The batch request doesn't contain any entries.");
            return;
        }
        if (entries.size() > 10) {
            error(exchange, 400, "Sender", "TooManyEntriesInBatchRequest", "The batch request contains more entries than permissible.");
            return;
        }
        Set<String> ids = new HashSet<>();
        int bytes = 0;
        for (Entry e : entries) {
            if (e.id() == null || !ENTRY_ID.matcher(e.id()).matches()) {
                error(exchange, 400, "Sender", "InvalidBatchEntryId", "The Id of a batch entry in a batch request doesn't abide by the specification.");
                return;
            }
            if (!ids.add(e.id())) {
                error(exchange, 400, "Sender", "BatchEntryIdsNotDistinct", "Two or more batch entries in the request have the same Id.");
                return;
            }
            bytes += size(e);
        }
        if (bytes > MAX_BATCH_BYTES) {
            error(exchange, 400, "Sender", "BatchRequestTooLong", "The length of all the messages put together is more than the limit: " + bytes);
            return;
        }
        StringBuilder ok = new StringBuilder();
        StringBuilder failed = new StringBuilder();
        for (Entry e : entries) {
            EntryFault fault = faultFor(e);
            if (fault != null) {
                failed.append("<member><Id>").append(xml(e.id())).append("</Id><Code>").append(xml(fault.code()))
                        .append("</Code><Message>scripted failure</Message><SenderFault>").append(fault.senderFault())
                        .append("</SenderFault></member>");
            } else {
                published.add(e);
                ok.append("<member><Id>").append(xml(e.id())).append("</Id><MessageId>").append(nextMessageId())
                        .append("</MessageId></member>");
            }
        }
        if (!answer) {
            // Published, and no status line: the client sees the connection end without a response.
            return;
        }
        reply(exchange, 200, "<PublishBatchResponse xmlns=\"" + NS + "\"><PublishBatchResult><Successful>" + ok
                + "</Successful><Failed>" + failed + "</Failed></PublishBatchResult>" + metadata()
                + "</PublishBatchResponse>");
    }

    private EntryFault faultFor(Entry entry) {
        synchronized (entryFaults) {
            for (EntryFault fault : entryFaults) {
                if (fault.which().test(entry) && fault.remaining().getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    return fault;
                }
            }
        }
        return null;
    }

    private static int size(Entry e) {
        int bytes = utf8(e.message());
        for (Map.Entry<String, Attribute> a : e.attributes().entrySet()) {
            bytes += utf8(a.getKey()) + utf8(a.getValue().dataType()) + utf8(a.getValue().value());
        }
        return bytes;
    }

    private static int utf8(String s) {
        return s == null ? 0 : s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static List<Entry> batchEntries(Map<String, String> form) {
        List<Entry> entries = new ArrayList<>();
        for (int i = 1; ; i++) {
            String prefix = "PublishBatchRequestEntries.member." + i + ".";
            String id = form.get(prefix + "Id");
            String message = form.get(prefix + "Message");
            if (id == null && message == null) {
                return entries;
            }
            entries.add(new Entry(id, message, attributes(form, prefix + "MessageAttributes.entry.")));
        }
    }

    private static Map<String, Attribute> attributes(Map<String, String> form, String prefix) {
        Map<String, Attribute> attributes = new LinkedHashMap<>();
        for (int j = 1; ; j++) {
            String name = form.get(prefix + j + ".Name");
            if (name == null) {
                return Collections.unmodifiableMap(attributes);
            }
            attributes.put(name, new Attribute(form.get(prefix + j + ".Value.DataType"),
                    form.get(prefix + j + ".Value.StringValue")));
        }
    }

    private static boolean take(AtomicInteger counter) {
        return counter.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
    }

    private String nextMessageId() {
        return new UUID(0L, messageIds.incrementAndGet()).toString();
    }

    private static String metadata() {
        return "<ResponseMetadata><RequestId>" + UUID.randomUUID() + "</RequestId></ResponseMetadata>";
    }

    private static void error(HttpExchange exchange, int status, String type, String code, String message) throws IOException {
        reply(exchange, status, "<ErrorResponse xmlns=\"" + NS + "\"><Error><Type>" + type + "</Type><Code>" + code
                + "</Code><Message>" + xml(message) + "</Message></Error><RequestId>" + UUID.randomUUID()
                + "</RequestId></ErrorResponse>");
    }

    private static void reply(HttpExchange exchange, int status, String xml) throws IOException {
        byte[] body = xml.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/xml");
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static String readBody(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    private static Map<String, String> parseForm(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        if (body.isEmpty()) {
            return form;
        }
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            form.put(key, value);
        }
        return form;
    }

    private static String xml(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
