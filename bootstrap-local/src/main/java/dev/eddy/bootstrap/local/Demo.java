package dev.eddy.bootstrap.local;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;

import dev.eddy.adapters.aws.tables.EddyTables;
import dev.eddy.application.pipeline.Channel;
import dev.eddy.application.pipeline.Notification;
import dev.eddy.domain.projection.ProjectionAttributes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * The IoT scenario of {@code eddy-local demo}: simulated sensors write readings through a real DynamoDB client to
 * the local endpoint. Every second each sensor writes a reading (some above 80 degrees, a quarter of them with a
 * time to live a few seconds ahead, and every 7 s one sensor spikes above 80); every few seconds a reading is updated
 * (a temperature jump or a FAILED status) or an older one deleted. The event source mapping feeds the stream to the real handler; the console shows the
 * alerts, a line of counts by change kind and, at the end, a summary with the write-to-alert latency.
 *
 * <p>Latency: the time from the start of the write call to the moment the local publisher receives the alert, for
 * alerts on changes the demo wrote (CREATED, UPDATED, DELETED); expiries have no write call and are left out.
 */
final class Demo {

    static final int SENSORS = 5;

    private final LocalRuntime runtime;
    private final Console console;
    private final Duration duration;
    private final Random random;
    private final AtomicBoolean stop;
    private final String table;
    private final Map<String, Long> writeNanos = new ConcurrentHashMap<>();
    private final List<Long> latenciesNanos = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicLong> alertsByRule = new ConcurrentHashMap<>();
    private final Map<Channel, AtomicLong> byChannel = new ConcurrentHashMap<>();
    private final Map<String, List<Long>> readingsBySensor = new HashMap<>();
    private final Map<String, Double> temperatures = new HashMap<>();
    private long writes;

    Demo(LocalRuntime runtime, Console console, Duration duration, long seed, AtomicBoolean stop, String table) {
        this.runtime = runtime;
        this.console = console;
        this.duration = duration;
        this.random = new Random(seed);
        this.stop = stop;
        this.table = table;
        runtime.publisher().onPublished(this::published);
    }

    private void published(Notification n) {
        long now = System.nanoTime();
        byChannel.computeIfAbsent(n.channel(), c -> new AtomicLong()).incrementAndGet();
        if (n.channel() != Channel.ALERTS) {
            return;
        }
        alertsByRule.computeIfAbsent(n.attributes().getOrDefault("rule", "?"), r -> new AtomicLong()).incrementAndGet();
        try {
            JsonNode change = Json.MAPPER.readTree(n.body()).path("change");
            JsonNode keys = change.path("keys");
            Long written = writeNanos.get(writeKey(keys.path("id").asText(), keys.path("timestamp").asText(),
                    n.attributes().getOrDefault("kind", "?")));
            if (written != null) {
                latenciesNanos.add(now - written);
            }
        } catch (java.io.IOException e) {
            // not JSON: no latency sample for this alert
        }
    }

    private static String writeKey(String id, String timestamp, String kind) {
        return id + "|" + timestamp + "|" + kind;
    }

    /** Runs the scenario and prints the summary. Returns the exit code. */
    int run() throws InterruptedException {
        DynamoDbClient dynamoDb = runtime.dynamo().orElseThrow().dynamoDb();
        for (int i = 1; i <= SENSORS; i++) {
            temperatures.put(sensor(i), 66.0 + random.nextInt(12));
        }
        Instant start = Instant.now();
        Instant end = start.plus(duration);
        Instant nextStatus = start;
        long tick = 0;
        long lastSecond = 0;
        while (!stop.get() && Instant.now().isBefore(end)) {
            long second = Instant.now().getEpochSecond();
            if (second != lastSecond) { // one reading per sensor per second: the sort key is the second
                lastSecond = second;
                tick++;
                writeTick(dynamoDb, second, tick);
            }
            if (!Instant.now().isBefore(nextStatus)) {
                showStatus();
                nextStatus = Instant.now().plus(console.interactive() ? Duration.ofMillis(250) : Duration.ofSeconds(5));
            }
            Thread.sleep(50);
        }
        Duration writing = Duration.between(start, Instant.now());
        Instant drainStart = Instant.now();
        if (stop.get()) {
            // Ctrl-C: dynalite, a child process, is stopping too; what was processed so far is the summary.
            console.clearStatus();
            console.println("Stopped by Ctrl-C: the summary covers what was processed so far.");
            runtime.mapping().ifPresent(LocalEventSourceMapping::close);
        } else {
            drain();
        }
        Duration draining = Duration.between(drainStart, Instant.now());
        console.clearStatus();
        summary(writing, draining);
        return EddyLocal.OK;
    }

    private static String sensor(int i) {
        return "sensor-" + i;
    }

    private void writeTick(DynamoDbClient dynamoDb, long second, long tick) {
        for (int i = 1; i <= SENSORS; i++) {
            String id = sensor(i);
            double previous = temperatures.get(id);
            // A random walk pulled back towards 72 degrees, so most readings stay below 80.
            double temperature = Math.round((previous + 0.25 * (72 - previous) + random.nextGaussian() * 3.5) * 10) / 10.0;
            temperature = Math.max(55, Math.min(95, temperature));
            if (tick % 7 == 2 && i == 1 + (int) (tick / 7) % SENSORS) {
                temperature = 84 + random.nextInt(5); // a spike: one sensor crosses 80 early and every 7 s
            }
            temperatures.put(id, temperature);
            Map<String, AttributeValue> item = new LinkedHashMap<>();
            item.put(EddyTables.SOURCE_PARTITION_KEY, AttributeValue.fromS(id));
            item.put(EddyTables.SOURCE_SORT_KEY, AttributeValue.fromN(Long.toString(second)));
            item.put("temperature", AttributeValue.fromN(Double.toString(temperature)));
            item.put("humidity", AttributeValue.fromN(Integer.toString(35 + random.nextInt(30))));
            item.put("status", AttributeValue.fromS("OK"));
            boolean expires = random.nextInt(4) == 0;
            if (expires) {
                item.put(EddyTables.SOURCE_TTL_ATTRIBUTE, AttributeValue.fromN(Long.toString(second + 2 + random.nextInt(4))));
            } else {
                readingsBySensor.computeIfAbsent(id, k -> new ArrayList<>()).add(second);
            }
            write(writeKey(id, Long.toString(second), "CREATED"),
                    () -> dynamoDb.putItem(b -> b.tableName(table).item(item)));
        }
        if (tick % 3 == 0) {
            update(dynamoDb);
        }
        if (tick % 4 == 0) {
            delete(dynamoDb);
        }
    }

    /** Updates a sensor's latest kept reading: a temperature jump or, sometimes, a FAILED status. */
    private void update(DynamoDbClient dynamoDb) {
        String id = sensor(1 + random.nextInt(SENSORS));
        List<Long> readings = readingsBySensor.getOrDefault(id, List.of());
        if (readings.isEmpty()) {
            return;
        }
        long second = readings.get(readings.size() - 1);
        Map<String, AttributeValue> key = Map.of(EddyTables.SOURCE_PARTITION_KEY, AttributeValue.fromS(id),
                EddyTables.SOURCE_SORT_KEY, AttributeValue.fromN(Long.toString(second)));
        boolean fail = random.nextInt(3) == 0;
        String expression = fail ? "SET #s = :v" : "SET #t = #t + :v";
        Map<String, String> names = fail ? Map.of("#s", "status") : Map.of("#t", "temperature");
        AttributeValue value = fail ? AttributeValue.fromS("FAILED") : AttributeValue.fromN("6.5");
        write(writeKey(id, Long.toString(second), "UPDATED"), () -> dynamoDb.updateItem(b -> b.tableName(table).key(key)
                .updateExpression(expression).expressionAttributeNames(names)
                .expressionAttributeValues(Map.of(":v", value))));
    }

    /** Deletes a sensor's oldest kept reading. */
    private void delete(DynamoDbClient dynamoDb) {
        String id = sensor(1 + random.nextInt(SENSORS));
        List<Long> readings = readingsBySensor.getOrDefault(id, new ArrayList<>());
        if (readings.size() < 2) {
            return;
        }
        long second = readings.remove(0);
        Map<String, AttributeValue> key = Map.of(EddyTables.SOURCE_PARTITION_KEY, AttributeValue.fromS(id),
                EddyTables.SOURCE_SORT_KEY, AttributeValue.fromN(Long.toString(second)));
        write(writeKey(id, Long.toString(second), "DELETED"), () -> dynamoDb.deleteItem(b -> b.tableName(table).key(key)));
    }

    private void write(String latencyKey, Runnable call) {
        writeNanos.put(latencyKey, System.nanoTime());
        try {
            call.run();
            writes++;
        } catch (SdkException e) {
            console.error("a sensor write failed: " + e.getMessage());
        }
    }

    /** Waits until the stream is read to its end: the handler idle for 1.5 s, at most 30 s. */
    private void drain() throws InterruptedException {
        if (!runtime.awaitIdle(Duration.ofMillis(1500), Duration.ofSeconds(30))) {
            console.println("(the stream was still being processed after 30 s; the summary is partial)");
        }
    }

    private String countsLine() {
        StringBuilder line = new StringBuilder("records:");
        runtime.recordsByKind().forEach((kind, count) -> line.append(' ').append(kind).append(' ').append(count));
        line.append(" | alerts ").append(count(Channel.ALERTS)).append(" | dead letters ").append(count(Channel.DEAD_LETTERS));
        return line.toString();
    }

    private void showStatus() {
        if (console.interactive()) {
            console.status(countsLine());
        } else {
            console.println("-- " + countsLine());
        }
    }

    private long count(Channel channel) {
        AtomicLong count = byChannel.get(channel);
        return count == null ? 0 : count.get();
    }

    long alerts() {
        return count(Channel.ALERTS);
    }

    List<Long> latenciesMillis() {
        List<Long> millis = new ArrayList<>();
        for (long nanos : latenciesNanos) {
            millis.add(nanos / 1_000_000);
        }
        Collections.sort(millis);
        return millis;
    }

    private void summary(Duration writing, Duration draining) {
        Map<String, Long> kinds = runtime.recordsByKind();
        long records = kinds.values().stream().mapToLong(Long::longValue).sum();
        console.println("");
        console.println(stop.get()
                ? String.format("Summary: %d writes in %.1f s (stopped by Ctrl-C)", writes, writing.toMillis() / 1000.0)
                : String.format("Summary: %d writes in %.1f s, then %.1f s for the stream to drain",
                        writes, writing.toMillis() / 1000.0, draining.toMillis() / 1000.0));
        console.println("  records:        " + records + " " + kinds);
        Map<String, Long> rules = new TreeMap<>();
        alertsByRule.forEach((rule, count) -> rules.put(rule, count.get()));
        console.println("  alerts:         " + alerts() + " " + rules);
        console.println("  change events:  " + count(Channel.CHANGE_EVENTS) + ", dead letters: " + count(Channel.DEAD_LETTERS)
                + ", on-failure destination: " + runtime.mapping().map(m -> m.failures().size()).orElse(0) + " batch(es)");
        console.println("  projection rows: " + projectionRows());
        List<Long> latencies = latenciesMillis();
        if (latencies.isEmpty()) {
            console.println("  write-to-alert latency: no samples");
        } else {
            console.println(String.format("  write-to-alert latency: p50 %d ms, p99 %d ms, max %d ms (%d alerts on"
                            + " written changes; from the write call to the alert's publish)",
                    percentile(latencies, 50), percentile(latencies, 99), latencies.get(latencies.size() - 1),
                    latencies.size()));
        }
        console.println("  notifications:  " + runtime.publisher().file() + "; function log: "
                + runtime.publisher().file().resolveSibling("function.log"));
    }

    static long percentile(List<Long> sorted, int percent) {
        int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    /** Scans the projection table: rows by projection, and the latest reading of each sensor. */
    private String projectionRows() {
        String projectionTable = runtime.environment().get("PROJECTION_TABLE");
        if (projectionTable == null) {
            return "none (no PROJECTION_TABLE)";
        }
        try {
            // A terminal's Ctrl-C reaches dynalite, a child process in the same process group, too;
            // a signal sent to this process alone does not.
            if (stop.get() && runtime.dynamo().orElseThrow().stopsWithin(Duration.ofMillis(500))) {
                return "not scanned: the local DynamoDB stopped with the Ctrl-C";
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "not scanned: interrupted";
        }
        try {
            Map<String, Integer> byProjection = new TreeMap<>();
            List<String> latest = new ArrayList<>();
            Map<String, AttributeValue> start = null;
            do {
                Map<String, AttributeValue> from = start;
                ScanResponse page = runtime.dynamo().orElseThrow().dynamoDb()
                        .scan(ScanRequest.builder().tableName(projectionTable).exclusiveStartKey(from).build());
                for (Map<String, AttributeValue> row : page.items()) {
                    AttributeValue projection = row.get(ProjectionAttributes.PROJECTION);
                    String name = projection == null ? "?" : projection.s();
                    byProjection.merge(name, 1, Integer::sum);
                    if ("latest-reading".equals(name)) {
                        latest.add(String.valueOf(row.get(ProjectionAttributes.KEY) == null ? "?" : row.get(ProjectionAttributes.KEY).s())
                                + "=" + (row.containsKey("temperature") ? row.get("temperature").n() : "-")
                                + (row.containsKey("status") ? "/" + row.get("status").s() : ""));
                    }
                }
                start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            } while (start != null);
            int total = byProjection.values().stream().mapToInt(Integer::intValue).sum();
            Collections.sort(latest);
            return total + " in " + projectionTable + " " + byProjection + (latest.isEmpty() ? "" : "; latest " + latest);
        } catch (SdkException e) {
            return "could not scan " + projectionTable + ": " + e.getMessage();
        }
    }
}
