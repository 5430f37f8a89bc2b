package dev.eddy.bootstrap.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.CRC32;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The local DynamoDB endpoint: an HTTP server on 127.0.0.1 that speaks the DynamoDB and DynamoDB Streams JSON
 * protocols, keeps the data in dynalite and adds what dynalite lacks, streams and time to live.
 *
 * <ul>
 *   <li>DynamoDB requests ({@code X-Amz-Target: DynamoDB_20120810.*}) go on to dynalite. For a table with a stream,
 *   PutItem, UpdateItem, DeleteItem and BatchWriteItem run one at a time per table: the front reads the item with a
 *   consistent GetItem before and after the write and appends an INSERT, MODIFY or REMOVE record. A write that fails
 *   (a failed condition included) or that leaves the item exactly as it was appends nothing, as in DynamoDB.
 *   TransactWriteItems and PartiQL statements are rejected: dynalite does not implement them.</li>
 *   <li>CreateTable and UpdateTable accept a StreamSpecification; DescribeTable reports LatestStreamArn,
 *   LatestStreamLabel and StreamSpecification. UpdateTimeToLive and DescribeTimeToLive are served here.</li>
 *   <li>DynamoDB Streams requests ({@code DynamoDBStreams_20120810.*}): ListStreams, DescribeStream,
 *   GetShardIterator (TRIM_HORIZON, LATEST, AT_SEQUENCE_NUMBER, AFTER_SEQUENCE_NUMBER) and GetRecords.</li>
 *   <li>Time to live: every sweep interval (DynamoDB-like default: 10 s) the front deletes up to 20 expired items per
 *   table (TTL attribute a number of epoch seconds in the past, but not more than five years), each with a condition
 *   that the TTL value is unchanged, and appends a REMOVE record whose userIdentity is the DynamoDB service.</li>
 * </ul>
 */
public final class StreamsFront implements AutoCloseable {

    /** The account id in the ARNs of the local runtime. */
    public static final String ACCOUNT_ID = "000000000000";

    static final String STREAMS_TARGET_PREFIX = "DynamoDBStreams_20120810.";
    private static final String ERROR_PREFIX = "com.amazonaws.dynamodb.v20120810#";
    private static final Set<String> UNSUPPORTED = Set.of("TransactWriteItems", "TransactGetItems", "ExecuteStatement",
            "BatchExecuteStatement", "ExecuteTransaction");
    private static final long FIVE_YEARS_SECONDS = 5L * 365 * 24 * 3600;

    private final Settings settings;
    private final DynaliteClient dynalite;
    private final HttpServer server;
    private final ExecutorService requests;
    private final ScheduledExecutorService sweeper;
    private final Map<String, TableState> tables = new ConcurrentHashMap<>();
    private final Map<String, LocalStream> streams = new LinkedHashMap<>();
    private final AtomicLong sequences = new AtomicLong(1);
    private final AtomicLong ttlDeletions = new AtomicLong();
    private volatile String lastSweepFailure;

    /** Settings of the front. */
    public static final class Settings {
        final String region;
        final int port;
        final int shardRolloverRecords;
        final Duration ttlSweepInterval;
        final int ttlItemsPerSweep;
        final Clock clock;

        private Settings(String region, int port, int shardRolloverRecords, Duration ttlSweepInterval,
                         int ttlItemsPerSweep, Clock clock) {
            this.region = Objects.requireNonNull(region, "region");
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535, was " + port);
            }
            if (shardRolloverRecords < 0) {
                throw new IllegalArgumentException("shardRolloverRecords must be 0 (never) or positive, was " + shardRolloverRecords);
            }
            if (ttlSweepInterval.isNegative() || ttlSweepInterval.isZero()) {
                throw new IllegalArgumentException("ttlSweepInterval must be positive, was " + ttlSweepInterval);
            }
            if (ttlItemsPerSweep < 1) {
                throw new IllegalArgumentException("ttlItemsPerSweep must be positive, was " + ttlItemsPerSweep);
            }
            this.port = port;
            this.shardRolloverRecords = shardRolloverRecords;
            this.ttlSweepInterval = ttlSweepInterval;
            this.ttlItemsPerSweep = ttlItemsPerSweep;
            this.clock = Objects.requireNonNull(clock, "clock");
        }

        /** Region us-east-1, a free port, a new shard every 1000 records, TTL sweeps of 20 items every 10 s. */
        public static Settings defaults() {
            return new Settings("us-east-1", 0, 1000, Duration.ofSeconds(10), 20, Clock.systemUTC());
        }

        public Settings region(String region) {
            return new Settings(region, port, shardRolloverRecords, ttlSweepInterval, ttlItemsPerSweep, clock);
        }

        /** Port on 127.0.0.1; 0 picks a free one. */
        public Settings port(int port) {
            return new Settings(region, port, shardRolloverRecords, ttlSweepInterval, ttlItemsPerSweep, clock);
        }

        /** Records per shard before the shard closes and a child opens; 0 never rolls by count. */
        public Settings shardRolloverRecords(int records) {
            return new Settings(region, port, records, ttlSweepInterval, ttlItemsPerSweep, clock);
        }

        public Settings ttlSweepInterval(Duration interval) {
            return new Settings(region, port, shardRolloverRecords, interval, ttlItemsPerSweep, clock);
        }

        public Settings ttlItemsPerSweep(int items) {
            return new Settings(region, port, shardRolloverRecords, ttlSweepInterval, items, clock);
        }

        public String region() {
            return region;
        }
    }

    private static final class TableState {
        final String name;
        final JsonNode keySchema;
        final List<String> keyNames;
        final ReentrantLock lock = new ReentrantLock();
        volatile LocalStream stream;
        volatile String ttlAttribute;

        TableState(String name, JsonNode keySchema) {
            this.name = name;
            this.keySchema = keySchema.deepCopy();
            List<String> names = new ArrayList<>();
            for (JsonNode key : keySchema) {
                if ("HASH".equals(key.path("KeyType").asText())) {
                    names.add(0, key.path("AttributeName").asText());
                } else {
                    names.add(key.path("AttributeName").asText());
                }
            }
            this.keyNames = List.copyOf(names);
        }

        LocalStream activeStream() {
            LocalStream s = stream;
            return s != null && s.enabled() ? s : null;
        }
    }

    private StreamsFront(URI dynaliteEndpoint, Settings settings) throws IOException {
        this.settings = settings;
        this.dynalite = new DynaliteClient(dynaliteEndpoint, settings.region);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), settings.port), 64);
        this.requests = Executors.newCachedThreadPool(daemon("eddy-front"));
        this.server.setExecutor(requests);
        this.server.createContext("/", this::handle);
        this.sweeper = Executors.newSingleThreadScheduledExecutor(daemon("eddy-ttl-sweeper"));
    }

    /** Starts the front on 127.0.0.1 in front of a running dynalite. */
    public static StreamsFront start(URI dynaliteEndpoint, Settings settings) {
        try {
            StreamsFront front = new StreamsFront(dynaliteEndpoint, settings);
            front.server.start();
            long interval = settings.ttlSweepInterval.toMillis();
            front.sweeper.scheduleWithFixedDelay(front::sweepQuietly, interval, interval, TimeUnit.MILLISECONDS);
            return front;
        } catch (IOException e) {
            throw new LocalRuntimeException("Could not open the local DynamoDB endpoint on 127.0.0.1:" + settings.port
                    + ": " + e.getMessage(), e);
        }
    }

    /** The endpoint clients use for DynamoDB and DynamoDB Streams: http://127.0.0.1:port. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public String region() {
        return settings.region;
    }

    /** The latest stream of a table, if it has one (enabled or not). */
    public Optional<String> latestStreamArn(String tableName) {
        TableState state = tables.get(tableName);
        return state == null || state.stream == null ? Optional.empty() : Optional.of(state.stream.arn);
    }

    /** Closes the open shard of a table's stream and opens a child shard, as DynamoDB does over time. */
    public void rollShard(String tableName) {
        TableState state = tables.get(tableName);
        LocalStream stream = state == null ? null : state.activeStream();
        if (stream == null) {
            throw new IllegalArgumentException("Table " + tableName + " has no enabled stream");
        }
        state.lock.lock();
        try {
            stream.roll(settings.clock.instant());
        } finally {
            state.lock.unlock();
        }
    }

    /** Items deleted by time to live so far. */
    public long timeToLiveDeletions() {
        return ttlDeletions.get();
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
        server.stop(0);
        requests.shutdownNow();
    }

    // ---------------------------------------------------------------- HTTP

    private static final class Reply {
        final int status;
        final byte[] body;

        Reply(int status, byte[] body) {
            this.status = status;
            this.body = body;
        }

        static Reply ok(JsonNode body) {
            return new Reply(200, Json.bytes(body));
        }

        static Reply of(DynaliteClient.Reply reply) {
            return new Reply(reply.status, reply.body);
        }

        static Reply error(String type, String message) {
            ObjectNode body = Json.MAPPER.createObjectNode();
            body.put("__type", (type.contains("#") ? "" : ERROR_PREFIX) + type);
            body.put("message", message);
            return new Reply(400, Json.bytes(body));
        }
    }

    private static final class Request {
        final String operation;
        final byte[] raw;
        final JsonNode body;
        final String authorization;
        final String amzDate;

        Request(String operation, byte[] raw, JsonNode body, String authorization, String amzDate) {
            this.operation = operation;
            this.raw = raw;
            this.body = body;
            this.authorization = authorization;
            this.amzDate = amzDate;
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        Reply reply;
        try (InputStream in = exchange.getRequestBody()) {
            byte[] raw = in.readAllBytes();
            String target = Optional.ofNullable(exchange.getRequestHeaders().getFirst("X-Amz-Target")).orElse("");
            reply = dispatch(target, raw, exchange.getRequestHeaders().getFirst("Authorization"),
                    exchange.getRequestHeaders().getFirst("X-Amz-Date"));
        } catch (UncheckedIOException e) {
            reply = Reply.error("com.amazon.coral.service#SerializationException", e.getMessage());
        } catch (IOException | RuntimeException e) {
            ObjectNode body = Json.MAPPER.createObjectNode();
            body.put("__type", "com.amazonaws.dynamodb.v20120810#InternalServerError");
            body.put("message", "Local endpoint failed: " + e);
            reply = new Reply(500, Json.bytes(body));
        }
        CRC32 crc = new CRC32();
        crc.update(reply.body);
        exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        exchange.getResponseHeaders().set("x-amz-crc32", Long.toString(crc.getValue()));
        exchange.sendResponseHeaders(reply.status, reply.body.length == 0 ? -1 : reply.body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(reply.body);
        }
    }

    private Reply dispatch(String target, byte[] raw, String authorization, String amzDate) throws IOException {
        if (target.startsWith(STREAMS_TARGET_PREFIX)) {
            return streamsOperation(target.substring(STREAMS_TARGET_PREFIX.length()), Json.parse(raw));
        }
        if (!target.startsWith(DynaliteClient.TARGET_PREFIX)) {
            return Reply.error("com.amazon.coral.service#UnknownOperationException",
                    "Unknown X-Amz-Target '" + target + "': the local endpoint serves DynamoDB_20120810 and DynamoDBStreams_20120810");
        }
        String operation = target.substring(DynaliteClient.TARGET_PREFIX.length());
        if (UNSUPPORTED.contains(operation)) {
            return Reply.error("com.amazon.coral.service#UnknownOperationException", operation
                    + " is not supported by the local runtime (dynalite does not implement it, and its writes would"
                    + " bypass the stream); use PutItem, UpdateItem, DeleteItem or BatchWriteItem locally");
        }
        Request request = new Request(operation, raw, Json.parse(raw), authorization, amzDate);
        switch (operation) {
            case "CreateTable":
                return createTable(request);
            case "DescribeTable":
                return describeTable(request);
            case "UpdateTable":
                return updateTable(request);
            case "DeleteTable":
                return deleteTable(request);
            case "UpdateTimeToLive":
                return updateTimeToLive(request);
            case "DescribeTimeToLive":
                return describeTimeToLive(request);
            case "PutItem":
                return singleWrite(request, request.body.get("Item"), true);
            case "UpdateItem":
                return singleWrite(request, request.body.get("Key"), false);
            case "DeleteItem":
                return singleWrite(request, request.body.get("Key"), false);
            case "BatchWriteItem":
                return batchWrite(request);
            default:
                return forward(request);
        }
    }

    private Reply forward(Request request) throws IOException {
        return Reply.of(dynalite.forward(request.operation, request.raw, request.authorization, request.amzDate));
    }

    private Reply forward(Request request, JsonNode body) throws IOException {
        return Reply.of(dynalite.forward(request.operation, Json.bytes(body), request.authorization, request.amzDate));
    }

    // ---------------------------------------------------------------- tables

    private Reply createTable(Request request) throws IOException {
        ObjectNode body = ((ObjectNode) request.body).deepCopy();
        JsonNode spec = body.remove("StreamSpecification");
        String viewType = null;
        if (spec != null && spec.path("StreamEnabled").asBoolean(false)) {
            viewType = spec.path("StreamViewType").asText("");
            if (!validViewType(viewType)) {
                return Reply.error("ValidationException", "StreamSpecification.StreamViewType must be one of KEYS_ONLY,"
                        + " NEW_IMAGE, OLD_IMAGE, NEW_AND_OLD_IMAGES when StreamEnabled is true, was '" + viewType + "'");
            }
        }
        Reply reply = forward(request, body);
        if (reply.status != 200) {
            return reply;
        }
        String name = body.path("TableName").asText();
        TableState state = new TableState(name, body.path("KeySchema"));
        if (viewType != null) {
            state.stream = newStream(state, viewType);
        }
        tables.put(name, state);
        ObjectNode replyBody = (ObjectNode) Json.parse(reply.body);
        decorate((ObjectNode) replyBody.path("TableDescription"), state);
        return Reply.ok(replyBody);
    }

    private static boolean validViewType(String viewType) {
        return Set.of("KEYS_ONLY", "NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES").contains(viewType);
    }

    private LocalStream newStream(TableState state, String viewType) {
        Instant now = settings.clock.instant();
        synchronized (streams) {
            // Labels are millisecond timestamps; keep them unique per table even for back-to-back streams.
            LocalStream stream;
            do {
                stream = new LocalStream(settings.region, ACCOUNT_ID, state.name, viewType, state.keySchema,
                        settings.shardRolloverRecords, now, sequences.getAndAdd(1_000_000_000_000L));
                now = now.plusMillis(1);
            } while (streams.containsKey(stream.arn));
            streams.put(stream.arn, stream);
            return stream;
        }
    }

    private static void decorate(ObjectNode description, TableState state) {
        if (state == null || description.isMissingNode()) {
            return;
        }
        LocalStream stream = state.stream;
        if (stream == null) {
            return;
        }
        if (stream.enabled()) {
            ObjectNode spec = description.putObject("StreamSpecification");
            spec.put("StreamEnabled", true);
            spec.put("StreamViewType", stream.viewType);
        }
        description.put("LatestStreamArn", stream.arn);
        description.put("LatestStreamLabel", stream.label);
    }

    private Reply describeTable(Request request) throws IOException {
        Reply reply = forward(request);
        if (reply.status != 200) {
            return reply;
        }
        ObjectNode body = (ObjectNode) Json.parse(reply.body);
        decorate((ObjectNode) body.path("Table"), tables.get(request.body.path("TableName").asText()));
        return Reply.ok(body);
    }

    private Reply updateTable(Request request) throws IOException {
        ObjectNode body = ((ObjectNode) request.body).deepCopy();
        JsonNode spec = body.remove("StreamSpecification");
        String name = body.path("TableName").asText();
        if (spec == null) {
            Reply reply = forward(request);
            if (reply.status == 200) {
                ObjectNode out = (ObjectNode) Json.parse(reply.body);
                decorate((ObjectNode) out.path("TableDescription"), tables.get(name));
                return Reply.ok(out);
            }
            return reply;
        }
        TableState state = knownTable(name);
        if (state == null) {
            return Reply.error("ResourceNotFoundException", "Requested resource not found: Table: " + name + " not found");
        }
        boolean enable = spec.path("StreamEnabled").asBoolean(false);
        String viewType = spec.path("StreamViewType").asText("");
        if (enable && !validViewType(viewType)) {
            return Reply.error("ValidationException", "StreamSpecification.StreamViewType must be one of KEYS_ONLY,"
                    + " NEW_IMAGE, OLD_IMAGE, NEW_AND_OLD_IMAGES, was '" + viewType + "'");
        }
        if (enable && state.activeStream() != null) {
            return Reply.error("ValidationException", "Table already has an enabled stream: " + state.stream.arn);
        }
        if (!enable && state.activeStream() == null) {
            return Reply.error("ValidationException", "Table " + name + " has no enabled stream to disable");
        }
        JsonNode description;
        if (body.size() > 1) {
            Reply reply = forward(request, body);
            if (reply.status != 200) {
                return reply;
            }
            description = Json.parse(reply.body).path("TableDescription");
        } else {
            DynaliteClient.Reply reply = dynalite.call("DescribeTable", tableNameBody(name));
            if (!reply.ok()) {
                return Reply.of(reply);
            }
            description = reply.json().path("Table");
        }
        state.lock.lock();
        try {
            if (enable) {
                state.stream = newStream(state, viewType);
            } else {
                state.stream.disable();
            }
        } finally {
            state.lock.unlock();
        }
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.set("TableDescription", description);
        decorate((ObjectNode) description, state);
        return Reply.ok(out);
    }

    private Reply deleteTable(Request request) throws IOException {
        Reply reply = forward(request);
        if (reply.status == 200) {
            TableState state = tables.remove(request.body.path("TableName").asText());
            if (state != null && state.stream != null) {
                state.stream.disable();
            }
        }
        return reply;
    }

    /** The state of a table, learning its key schema from dynalite if it was created behind the front's back. */
    private TableState knownTable(String name) throws IOException {
        TableState state = tables.get(name);
        if (state != null) {
            return state;
        }
        DynaliteClient.Reply reply = dynalite.call("DescribeTable", tableNameBody(name));
        if (!reply.ok()) {
            return null;
        }
        return tables.computeIfAbsent(name, n -> new TableState(n, reply.json().path("Table").path("KeySchema")));
    }

    private static ObjectNode tableNameBody(String name) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("TableName", name);
        return body;
    }

    private Reply updateTimeToLive(Request request) throws IOException {
        String name = request.body.path("TableName").asText("");
        JsonNode spec = request.body.get("TimeToLiveSpecification");
        if (spec == null || !spec.has("Enabled") || spec.path("AttributeName").asText("").isEmpty()) {
            return Reply.error("ValidationException",
                    "TimeToLiveSpecification with Enabled and a non-empty AttributeName is required");
        }
        TableState state = knownTable(name);
        if (state == null) {
            return Reply.error("ResourceNotFoundException", "Requested resource not found: Table: " + name + " not found");
        }
        boolean enable = spec.path("Enabled").asBoolean();
        String attribute = spec.path("AttributeName").asText();
        synchronized (state) {
            if (enable && state.ttlAttribute != null) {
                return Reply.error("ValidationException", "TimeToLive is already enabled");
            }
            if (!enable && state.ttlAttribute == null) {
                return Reply.error("ValidationException", "TimeToLive is already disabled");
            }
            if (!enable && !attribute.equals(state.ttlAttribute)) {
                return Reply.error("ValidationException", "TimeToLive is enabled on attribute " + state.ttlAttribute
                        + ", not " + attribute);
            }
            state.ttlAttribute = enable ? attribute : null;
        }
        ObjectNode out = Json.MAPPER.createObjectNode();
        ObjectNode echoed = out.putObject("TimeToLiveSpecification");
        echoed.put("Enabled", enable);
        echoed.put("AttributeName", attribute);
        return Reply.ok(out);
    }

    private Reply describeTimeToLive(Request request) throws IOException {
        String name = request.body.path("TableName").asText("");
        TableState state = knownTable(name);
        if (state == null) {
            return Reply.error("ResourceNotFoundException", "Requested resource not found: Table: " + name + " not found");
        }
        ObjectNode out = Json.MAPPER.createObjectNode();
        ObjectNode description = out.putObject("TimeToLiveDescription");
        String attribute = state.ttlAttribute;
        if (attribute == null) {
            description.put("TimeToLiveStatus", "DISABLED");
        } else {
            description.put("TimeToLiveStatus", "ENABLED");
            description.put("AttributeName", attribute);
        }
        return Reply.ok(out);
    }

    // ---------------------------------------------------------------- writes

    private Reply singleWrite(Request request, JsonNode keySource, boolean put) throws IOException {
        TableState state = tables.get(request.body.path("TableName").asText(""));
        if (state == null || state.activeStream() == null || keySource == null || !keySource.isObject()) {
            return forward(request);
        }
        state.lock.lock();
        try {
            ObjectNode key = Images.keys(keySource, state.keyNames);
            JsonNode before;
            try {
                before = dynalite.getItem(state.name, key);
            } catch (DynaliteClient.DynaliteException invalidKey) {
                return forward(request); // the write fails the same way; dynalite words the error
            }
            Reply reply = forward(request);
            if (reply.status != 200) {
                return reply; // a failed condition or a bad request changes nothing and appends nothing
            }
            JsonNode after = "DeleteItem".equals(request.operation) ? null : dynalite.getItem(state.name, key);
            record(state, before, after, null);
            return reply;
        } finally {
            state.lock.unlock();
        }
    }

    private static final class PendingWrite {
        final TableState state;
        final ObjectNode key;
        final boolean put;
        final JsonNode before;

        PendingWrite(TableState state, ObjectNode key, boolean put, JsonNode before) {
            this.state = state;
            this.key = key;
            this.put = put;
            this.before = before;
        }
    }

    private Reply batchWrite(Request request) throws IOException {
        JsonNode items = request.body.path("RequestItems");
        TreeMap<String, TableState> streamed = new TreeMap<>();
        items.fieldNames().forEachRemaining(name -> {
            TableState state = tables.get(name);
            if (state != null && state.activeStream() != null) {
                streamed.put(name, state);
            }
        });
        if (streamed.isEmpty()) {
            return forward(request);
        }
        List<TableState> locked = new ArrayList<>();
        try {
            for (TableState state : streamed.values()) { // in name order: no deadlock between batches
                state.lock.lock();
                locked.add(state);
            }
            List<PendingWrite> pending = new ArrayList<>();
            for (TableState state : streamed.values()) {
                for (JsonNode write : items.path(state.name)) {
                    boolean put = write.has("PutRequest");
                    JsonNode source = put ? write.path("PutRequest").path("Item") : write.path("DeleteRequest").path("Key");
                    if (!source.isObject()) {
                        return forward(request);
                    }
                    ObjectNode key = Images.keys(source, state.keyNames);
                    try {
                        pending.add(new PendingWrite(state, key, put, dynalite.getItem(state.name, key)));
                    } catch (DynaliteClient.DynaliteException invalidKey) {
                        return forward(request);
                    }
                }
            }
            Reply reply = forward(request);
            if (reply.status != 200) {
                return reply;
            }
            Set<String> unprocessed = unprocessedKeys(Json.parse(reply.body).path("UnprocessedItems"), streamed);
            for (PendingWrite write : pending) {
                if (unprocessed.contains(write.state.name + "\n" + Json.text(write.key))) {
                    continue;
                }
                JsonNode after = write.put ? dynalite.getItem(write.state.name, write.key) : null;
                record(write.state, write.before, after, null);
            }
            return reply;
        } finally {
            for (TableState state : locked) {
                state.lock.unlock();
            }
        }
    }

    private static Set<String> unprocessedKeys(JsonNode unprocessed, Map<String, TableState> streamed) {
        Set<String> keys = new HashSet<>();
        unprocessed.fields().forEachRemaining(entry -> {
            TableState state = streamed.get(entry.getKey());
            if (state == null) {
                return;
            }
            for (JsonNode write : entry.getValue()) {
                JsonNode source = write.has("PutRequest") ? write.path("PutRequest").path("Item") : write.path("DeleteRequest").path("Key");
                keys.add(state.name + "\n" + Json.text(Images.keys(source, state.keyNames)));
            }
        });
        return keys;
    }

    /** Appends the stream record for one item change; caller holds the table lock. */
    private void record(TableState state, JsonNode before, JsonNode after, ObjectNode identity) {
        LocalStream stream = state.activeStream();
        if (stream == null || (before == null && after == null)) {
            return;
        }
        Instant now = settings.clock.instant();
        if (before == null) {
            stream.append("INSERT", Images.keys(after, state.keyNames), null, after, identity, now);
        } else if (after == null) {
            stream.append("REMOVE", Images.keys(before, state.keyNames), before, null, identity, now);
        } else if (!Images.sameData(before, after)) {
            stream.append("MODIFY", Images.keys(after, state.keyNames), before, after, identity, now);
        }
    }

    // ---------------------------------------------------------------- time to live

    private void sweepQuietly() {
        try {
            sweepTimeToLive();
        } catch (IOException | RuntimeException e) {
            // The next sweep tries again, as DynamoDB's background process does.
            lastSweepFailure = e.toString();
        }
    }

    /** The last sweep failure, if the last sweep failed; for diagnostics. */
    public Optional<String> lastSweepFailure() {
        return Optional.ofNullable(lastSweepFailure);
    }

    /** One sweep now: deletes up to the per-sweep number of expired items from every table with TTL enabled. */
    public void sweepTimeToLive() throws IOException {
        for (TableState state : new ArrayList<>(tables.values())) {
            String attribute = state.ttlAttribute;
            if (attribute == null) {
                continue;
            }
            for (ObjectNode key : expiredKeys(state, attribute)) {
                expire(state, key, attribute);
            }
        }
        lastSweepFailure = null;
    }

    private boolean expired(JsonNode item, String attribute) {
        JsonNode ttl = item == null ? null : item.path(attribute).get("N");
        if (ttl == null) {
            return false;
        }
        BigDecimal value;
        try {
            value = new BigDecimal(ttl.asText());
        } catch (NumberFormatException e) {
            return false;
        }
        Instant now = settings.clock.instant();
        BigDecimal nowSeconds = BigDecimal.valueOf(now.toEpochMilli()).movePointLeft(3);
        return value.compareTo(nowSeconds) < 0
                && value.compareTo(BigDecimal.valueOf(now.getEpochSecond() - FIVE_YEARS_SECONDS)) >= 0;
    }

    private List<ObjectNode> expiredKeys(TableState state, String attribute) throws IOException {
        List<ObjectNode> keys = new ArrayList<>();
        JsonNode startKey = null;
        do {
            ObjectNode scan = tableNameBody(state.name);
            scan.put("ConsistentRead", true);
            if (startKey != null) {
                scan.set("ExclusiveStartKey", startKey);
            }
            DynaliteClient.Reply reply = dynalite.call("Scan", scan);
            if (!reply.ok()) {
                throw new DynaliteClient.DynaliteException("Scan", reply);
            }
            JsonNode page = reply.json();
            for (JsonNode item : page.path("Items")) {
                if (expired(item, attribute)) {
                    keys.add(Images.keys(item, state.keyNames));
                    if (keys.size() >= settings.ttlItemsPerSweep) {
                        return keys;
                    }
                }
            }
            startKey = page.get("LastEvaluatedKey");
        } while (startKey != null && !startKey.isNull());
        return keys;
    }

    private void expire(TableState state, ObjectNode key, String attribute) throws IOException {
        state.lock.lock();
        try {
            JsonNode before = dynalite.getItem(state.name, key);
            if (!expired(before, attribute)) {
                return; // deleted or given a later expiry since the scan
            }
            ObjectNode delete = tableNameBody(state.name);
            delete.set("Key", key);
            delete.put("ConditionExpression", "#ttl = :ttl");
            delete.putObject("ExpressionAttributeNames").put("#ttl", attribute);
            delete.putObject("ExpressionAttributeValues").set(":ttl", before.get(attribute).deepCopy());
            DynaliteClient.Reply reply = dynalite.call("DeleteItem", delete);
            if (!reply.ok()) {
                return;
            }
            ttlDeletions.incrementAndGet();
            ObjectNode service = Json.MAPPER.createObjectNode();
            service.put("PrincipalId", "dynamodb.amazonaws.com");
            service.put("Type", "Service");
            record(state, before, null, service);
        } finally {
            state.lock.unlock();
        }
    }

    // ---------------------------------------------------------------- streams API

    private Reply streamsOperation(String operation, JsonNode body) {
        switch (operation) {
            case "ListStreams":
                return listStreams(body);
            case "DescribeStream":
                return describeStream(body);
            case "GetShardIterator":
                return getShardIterator(body);
            case "GetRecords":
                return getRecords(body);
            default:
                return Reply.error("com.amazon.coral.service#UnknownOperationException",
                        "Unknown DynamoDB Streams operation " + operation);
        }
    }

    private LocalStream stream(String arn) {
        synchronized (streams) {
            return streams.get(arn);
        }
    }

    private Reply listStreams(JsonNode body) {
        String table = body.path("TableName").asText(null);
        int limit = body.path("Limit").asInt(100);
        String exclusiveStart = body.path("ExclusiveStartStreamArn").asText(null);
        if (limit < 1 || limit > 100) {
            return Reply.error("ValidationException", "Limit must be between 1 and 100, was " + limit);
        }
        List<LocalStream> all;
        synchronized (streams) {
            all = new ArrayList<>(streams.values());
        }
        ObjectNode out = Json.MAPPER.createObjectNode();
        ArrayNode list = out.putArray("Streams");
        boolean started = exclusiveStart == null;
        String last = null;
        boolean more = false;
        for (LocalStream stream : all) {
            if (!started) {
                started = stream.arn.equals(exclusiveStart);
                continue;
            }
            if (table != null && !table.equals(stream.tableName)) {
                continue;
            }
            if (list.size() >= limit) {
                more = true;
                break;
            }
            ObjectNode s = list.addObject();
            s.put("StreamArn", stream.arn);
            s.put("TableName", stream.tableName);
            s.put("StreamLabel", stream.label);
            last = stream.arn;
        }
        if (more) {
            out.put("LastEvaluatedStreamArn", last);
        }
        return Reply.ok(out);
    }

    private Reply describeStream(JsonNode body) {
        String arn = body.path("StreamArn").asText("");
        LocalStream stream = stream(arn);
        if (stream == null) {
            return Reply.error("ResourceNotFoundException", "Requested resource not found: Stream: " + arn + " not found");
        }
        int limit = body.path("Limit").asInt(100);
        if (limit < 1 || limit > 100) {
            return Reply.error("ValidationException", "Limit must be between 1 and 100, was " + limit);
        }
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.set("StreamDescription", stream.describe(limit, body.path("ExclusiveStartShardId").asText(null)));
        return Reply.ok(out);
    }

    private Reply getShardIterator(JsonNode body) {
        String arn = body.path("StreamArn").asText("");
        LocalStream stream = stream(arn);
        if (stream == null) {
            return Reply.error("ResourceNotFoundException", "Requested resource not found: Stream: " + arn + " not found");
        }
        String shardId = body.path("ShardId").asText("");
        LocalStream.Shard shard = stream.shard(shardId);
        if (shard == null) {
            return Reply.error("ResourceNotFoundException", "Requested resource not found: Shard: " + shardId
                    + " in stream " + arn + " not found");
        }
        String type = body.path("ShardIteratorType").asText("");
        int position;
        switch (type) {
            case "TRIM_HORIZON":
                position = 0;
                break;
            case "LATEST":
                position = stream.size(shard);
                break;
            case "AT_SEQUENCE_NUMBER":
            case "AFTER_SEQUENCE_NUMBER": {
                String sequence = body.path("SequenceNumber").asText("");
                if (!sequence.matches("[0-9]{21,40}")) {
                    return Reply.error("ValidationException", "SequenceNumber is required for " + type
                            + " and must be a stream sequence number, was '" + sequence + "'");
                }
                BigInteger value = new BigInteger(sequence);
                if (value.compareTo(shard.start) < 0 || (shard.end != null && value.compareTo(shard.end) > 0)) {
                    return Reply.error("ValidationException", "SequenceNumber " + sequence + " is not in shard " + shardId);
                }
                position = stream.position(shard, value, type.startsWith("AFTER"));
                break;
            }
            default:
                return Reply.error("ValidationException", "ShardIteratorType must be one of TRIM_HORIZON, LATEST,"
                        + " AT_SEQUENCE_NUMBER, AFTER_SEQUENCE_NUMBER, was '" + type + "'");
        }
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("ShardIterator", iterator(stream.arn, shard.id, position));
        return Reply.ok(out);
    }

    private static String iterator(String arn, String shardId, int position) {
        String plain = arn + "\n" + shardId + "\n" + position;
        return arn + "|" + Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    private Reply getRecords(JsonNode body) {
        String iterator = body.path("ShardIterator").asText("");
        int limit = body.path("Limit").asInt(1000);
        if (limit < 1 || limit > 1000) {
            return Reply.error("ValidationException", "Limit must be between 1 and 1000, was " + limit);
        }
        String[] parts;
        try {
            String encoded = iterator.substring(iterator.lastIndexOf('|') + 1);
            parts = new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8).split("\n");
        } catch (IllegalArgumentException e) {
            parts = new String[0];
        }
        if (parts.length != 3 || !parts[2].matches("[0-9]+")) {
            return Reply.error("ValidationException", "Invalid ShardIterator");
        }
        LocalStream stream = stream(parts[0]);
        LocalStream.Shard shard = stream == null ? null : stream.shard(parts[1]);
        if (shard == null) {
            return Reply.error("ResourceNotFoundException", "Requested resource not found: Shard: " + parts[1] + " not found");
        }
        int position = Integer.parseInt(parts[2]);
        boolean closed = stream.isClosed(shard);
        List<ObjectNode> records = stream.read(shard, position, limit);
        int next = position + records.size();
        ObjectNode out = Json.MAPPER.createObjectNode();
        ArrayNode list = out.putArray("Records");
        records.forEach(list::add);
        if (!(closed && next >= stream.size(shard))) {
            out.put("NextShardIterator", iterator(stream.arn, shard.id, next));
        }
        return Reply.ok(out);
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicLong count = new AtomicLong();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
