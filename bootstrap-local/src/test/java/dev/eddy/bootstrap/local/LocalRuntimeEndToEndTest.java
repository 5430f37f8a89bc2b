package dev.eddy.bootstrap.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.eddy.adapters.aws.tables.EddyTables;
import dev.eddy.application.pipeline.Channel;
import dev.eddy.application.pipeline.Notification;
import dev.eddy.application.port.out.NotificationPublisher.DeliveryFailure;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The whole local data flow: items written with a real DynamoDB client to the local endpoint, the front's stream and
 * TTL sweep, the event source mapping emulator, the real handler wired by the Lambda composition root with the demo
 * configuration (five rules, two projections, ledger, change events, dead letters), and the local publisher.
 */
class LocalRuntimeEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path out;

    private final List<String> console = new CopyOnWriteArrayList<>();
    private final List<Notification> published = new CopyOnWriteArrayList<>();
    private LocalRuntime runtime;

    private LocalRuntime start() {
        return start(LocalConfig.demo());
    }

    private LocalRuntime start(Map<String, String> settings) {
        LocalRuntime.Options options = new LocalRuntime.Options();
        options.outDir = out;
        options.ttlSweepInterval = Duration.ofMillis(200);
        options.printed = new EnumMap<>(Channel.class);
        runtime = LocalRuntime.start(settings, options, console::add);
        runtime.publisher().onPublished(published::add);
        return runtime;
    }

    @AfterEach
    void stop() {
        if (runtime != null) {
            runtime.close();
        }
    }

    private void put(String id, long timestamp, Map<String, AttributeValue> more) {
        Map<String, AttributeValue> item = new HashMap<>(more);
        item.put(EddyTables.SOURCE_PARTITION_KEY, AttributeValue.fromS(id));
        item.put(EddyTables.SOURCE_SORT_KEY, AttributeValue.fromN(Long.toString(timestamp)));
        runtime.dynamo().orElseThrow().dynamoDb().putItem(b -> b.tableName(EddyTables.SOURCE_TABLE).item(item));
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        Instant giveUp = Instant.now().plus(WAIT);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(giveUp)) {
                throw new AssertionError("timed out after " + WAIT + " waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    private List<Notification> alerts(String rule) {
        return published.stream().filter(n -> n.channel() == Channel.ALERTS && rule.equals(n.attributes().get("rule")))
                .collect(Collectors.toList());
    }

    private static String keyId(Notification n) {
        try {
            JsonNode body = Json.MAPPER.readTree(n.body());
            JsonNode change = n.channel() == Channel.ALERTS ? body.path("change") : body;
            return change.path("keys").path("id").asText();
        } catch (IOException e) {
            throw new AssertionError("notification body is not JSON: " + n.id(), e);
        }
    }

    private List<Map<String, AttributeValue>> projectionRows(String projection, String key) {
        return runtime.dynamo().orElseThrow().dynamoDb()
                .scan(b -> b.tableName(LocalConfig.PROJECTION_TABLE)).items().stream()
                .filter(row -> projection.equals(row.get("projection").s()) && key.equals(row.get("key").s()))
                .collect(Collectors.toList());
    }

    private List<String> fileIds() throws IOException {
        List<String> ids = new ArrayList<>();
        for (String line : Files.readAllLines(out.resolve("notifications.jsonl"), StandardCharsets.UTF_8)) {
            ids.add(Json.MAPPER.readTree(line).path("id").asText());
        }
        return ids;
    }

    @Test
    void hotReadingWrittenToTheTableRaisesItsAlertsAndUpdatesBothProjections() throws Exception {
        start();
        long now = Instant.now().getEpochSecond();

        put("sensor-7", now, Map.of("temperature", AttributeValue.fromN("85.5"), "status", AttributeValue.fromS("OK")));

        await("the crossed-80 alert", () -> !alerts("crossed-80").isEmpty());
        Notification crossed = alerts("crossed-80").get(0);
        assertEquals("sensor-7", keyId(crossed));
        assertEquals("CRITICAL", crossed.attributes().get("severity"));
        assertEquals("CREATED", crossed.attributes().get("kind"));
        assertEquals(EddyTables.SOURCE_TABLE, crossed.attributes().get("table"));
        assertEquals(1, alerts("hot").size());
        List<Map<String, AttributeValue>> latest = projectionRows("latest-reading", "sensor-7");
        assertEquals(1, latest.size(), "latest-reading rows: " + latest);
        assertEquals("85.5", latest.get(0).get("temperature").n());
        assertEquals("OK", latest.get(0).get("status").s());
        List<Map<String, AttributeValue>> hourly = projectionRows("hourly-temperature", "sensor-7");
        assertEquals(1, hourly.size(), "hourly-temperature rows: " + hourly);
        assertEquals("1", hourly.get(0).get("temperature_count").n());
        assertTrue(fileIds().contains(crossed.id()), "the alert is in notifications.jsonl");
    }

    @Test
    void expiredItemRaisesAnExpiredChangeThroughTheTtlSweep() throws Exception {
        start();
        long now = Instant.now().getEpochSecond();

        put("sensor-ttl", now, Map.of("temperature", AttributeValue.fromN("20"),
                EddyTables.SOURCE_TTL_ATTRIBUTE, AttributeValue.fromN(Long.toString(now - 2))));

        await("the expired alert", () -> !alerts("expired").isEmpty());
        Notification expired = alerts("expired").get(0);
        assertEquals("EXPIRED", expired.attributes().get("kind"));
        assertEquals("sensor-ttl", keyId(expired));
        await("the expiry counted once the handler returns", () -> runtime.recordsByKind().get("EXPIRED") == 1L);
        assertEquals(0L, runtime.recordsByKind().get("DELETED"), "an expiry is not a user delete");
        assertTrue(alerts("sensor-deleted").isEmpty(), "an expiry does not raise the deleted-sensor alert");
        await("the latest-reading row marked removed", () -> {
            List<Map<String, AttributeValue>> rows = projectionRows("latest-reading", "sensor-ttl");
            return rows.size() == 1 && rows.get(0).containsKey("removed");
        });
    }

    @Test
    void alertWhosePublishFailsOnceIsRetriedAndNothingIsLostOrDuplicated() throws Exception {
        start();
        AtomicInteger faults = new AtomicInteger();
        runtime.publisher().injectFaults(n -> n.channel() == Channel.ALERTS && "hot".equals(n.attributes().get("rule"))
                && faults.compareAndSet(0, 1) ? new DeliveryFailure("injected: SNS throttled", true) : null);
        long now = Instant.now().getEpochSecond();

        put("sensor-8", now, Map.of("temperature", AttributeValue.fromN("70")));
        put("sensor-9", now, Map.of("temperature", AttributeValue.fromN("90")));
        put("sensor-10", now, Map.of("temperature", AttributeValue.fromN("91")));

        await("hot alerts for sensor-9 and sensor-10", () -> alerts("hot").size() >= 2);
        await("three change events", () -> published.stream().filter(n -> n.channel() == Channel.CHANGE_EVENTS).count() >= 3);
        assertTrue(runtime.awaitIdle(Duration.ofMillis(1000), WAIT), "the stream drains");
        assertEquals(1, faults.get(), "the first publish of a hot alert failed");
        assertTrue(runtime.mapping().orElseThrow().invocations() >= 2, "the failed record was delivered again");
        List<String> ids = fileIds();
        assertEquals(ids.size(), ids.stream().distinct().count(), "no notification twice: " + ids);
        assertEquals(List.of("sensor-10", "sensor-9"), alerts("hot").stream().map(LocalRuntimeEndToEndTest::keyId)
                .sorted().collect(Collectors.toList()));
        assertEquals(List.of("sensor-10", "sensor-9"), alerts("crossed-80").stream().map(LocalRuntimeEndToEndTest::keyId)
                .sorted().collect(Collectors.toList()));
        assertEquals(3, published.stream().filter(n -> n.channel() == Channel.CHANGE_EVENTS).count());
        assertEquals("1", projectionRows("hourly-temperature", "sensor-9").get(0).get("temperature_count").n(),
                "the retried record is counted once");
        assertEquals(3L, runtime.recordsByKind().get("CREATED"));
        assertTrue(runtime.mapping().orElseThrow().failures().isEmpty(), "nothing went to the on-failure destination");
    }

    /** The status of a reading DynamoDB accepts: just under the 400 KB item limit. */
    private static final String HUGE_STATUS = "x".repeat(400 * 1024 - 60);

    /**
     * A record that can never succeed goes to the dead letters, whole, and the next record is processed. A poison
     * that real DynamoDB and dynalite produce (a projection item over 400 KB) needs a record over 400 KB, whose dead
     * letter is over SNS's 256 KiB (see the next test); so the poison here is a reading whose alert SNS refuses
     * for good (injected in the local publisher, as a sender fault), a delivery that no retry can cure.
     */
    @Test
    void recordThatCanNeverSucceedGoesToDeadLettersAndTheStreamKeepsFlowing() throws Exception {
        start();
        runtime.publisher().injectFaults(n -> n.channel() == Channel.ALERTS && n.body().contains("sensor-poison")
                ? new DeliveryFailure("injected: SNS refuses this message (sender fault)", false) : null);
        long now = Instant.now().getEpochSecond();

        put("sensor-poison", now, Map.of("temperature", AttributeValue.fromN("95"), "status", AttributeValue.fromS("OK")));
        put("sensor-11", now, Map.of("temperature", AttributeValue.fromN("88")));

        await("the hot alert of the reading after the poison", () -> !alerts("hot").isEmpty());
        await("the dead letter", () -> published.stream().anyMatch(n -> n.channel() == Channel.DEAD_LETTERS));
        List<Notification> deadLetters = published.stream().filter(n -> n.channel() == Channel.DEAD_LETTERS)
                .collect(Collectors.toList());
        assertEquals(1, deadLetters.size());
        JsonNode body = Json.MAPPER.readTree(deadLetters.get(0).body());
        assertEquals("delivery", body.path("stage").asText());
        assertTrue(body.path("reason").asText().contains("injected: SNS refuses"), body.path("reason").asText());
        assertEquals("sensor-poison", body.path("record").path("dynamodb").path("Keys").path("id").path("S").asText(),
                "the dead letter carries the whole record");
        assertEquals(List.of("sensor-11"), alerts("hot").stream().map(LocalRuntimeEndToEndTest::keyId)
                .collect(Collectors.toList()));
        assertTrue(runtime.mapping().orElseThrow().failures().isEmpty(), "the shard was never blocked");
    }

    /**
     * As deployed (the SNS adapter refuses a message over 256 KiB permanently): a poison whose dead letter, carrying
     * the whole 400 KB record, is over SNS's limit cannot be dead-lettered, so the record fails and, after the
     * retries, goes to the on-failure destination. The console says why, once.
     */
    @Test
    void poisonWhoseDeadLetterIsOverSnsLimitFailsItsRecordAndReachesTheOnFailureDestination() throws Exception {
        start();
        long now = Instant.now().getEpochSecond();

        put("sensor-poison", now, Map.of("temperature", AttributeValue.fromN("20"), "status", AttributeValue.fromS(HUGE_STATUS)));

        await("the on-failure destination", () -> !runtime.mapping().orElseThrow().failures().isEmpty());
        assertTrue(published.stream().noneMatch(n -> n.channel() == Channel.DEAD_LETTERS), "SNS would take no dead letter");
        assertTrue(Files.readAllLines(out.resolve("notifications.jsonl"), StandardCharsets.UTF_8).stream()
                .noneMatch(line -> line.contains("\"DEAD_LETTERS\"")), "no dead letter in notifications.jsonl");
        List<String> reasons = console.stream().filter(line -> line.startsWith("[function] record ")).collect(Collectors.toList());
        assertEquals(1, reasons.size(), "once, though the record failed " + (1 + 5) + " times: " + console);
        assertTrue(reasons.get(0).contains("failed at stage delivery (permanent): message of "), reasons.get(0));
        assertTrue(reasons.get(0).contains("bytes (body and attributes) exceeds SNS's 262144-byte limit"), reasons.get(0));
    }

    /**
     * Without a dead-letter topic the poison fails its record until the mapping gives up. The console shows the
     * record's stage and reason once, with no attribute value; every line of function.log, the mapping's own
     * included, is a JSON object.
     */
    @Test
    void aFailingRecordsReasonReachesTheConsoleOnceAndFunctionLogStaysJsonLines() throws Exception {
        Map<String, String> settings = new HashMap<>(LocalConfig.demo());
        settings.remove("DEAD_LETTER_TOPIC_ARN");
        start(settings);
        long now = Instant.now().getEpochSecond();

        put("sensor-poison", now, Map.of("temperature", AttributeValue.fromN("20"), "status", AttributeValue.fromS(HUGE_STATUS)));

        await("the on-failure destination", () -> !runtime.mapping().orElseThrow().failures().isEmpty());
        List<String> reasons = console.stream().filter(line -> line.startsWith("[function] record ")).collect(Collectors.toList());
        assertEquals(1, reasons.size(), "once, though the record failed six times: " + console);
        assertTrue(reasons.get(0).contains(" failed at stage projections (permanent): projection latest-reading could not"
                + " apply change "), reasons.get(0));
        assertTrue(reasons.get(0).contains("ValidationException"), reasons.get(0));
        assertTrue(!reasons.get(0).contains("xxxxxxxx"), "no attribute value: " + reasons.get(0));
        assertTrue(console.stream().anyMatch(line -> line.startsWith("[mapping] ") && line.contains("batch item failure")),
                "the mapping's retries still show: " + console);

        List<String> lines = Files.readAllLines(out.resolve("function.log"), StandardCharsets.UTF_8);
        int mappingLines = 0;
        for (String line : lines) {
            JsonNode json;
            try {
                json = Json.MAPPER.readTree(line);
            } catch (IOException e) {
                throw new AssertionError("a line of function.log is not JSON: " + line, e);
            }
            assertTrue(json != null && json.isObject(), "a line of function.log is not a JSON object: " + line);
            if (LocalRuntime.MAPPING_SOURCE.equals(json.path("source").asText())) {
                mappingLines++;
                assertEquals("WARN", json.path("level").asText(), line);
                assertTrue(json.path("timestamp").isTextual(), line);
            }
        }
        assertTrue(lines.stream().anyMatch(line -> line.contains("batch item failure at")), "the mapping's lines are there");
        assertTrue(mappingLines >= 6, "five retries and the on-failure line: " + mappingLines);
    }
}
