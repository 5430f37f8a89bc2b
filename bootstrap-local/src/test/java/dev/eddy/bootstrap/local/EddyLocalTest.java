package dev.eddy.bootstrap.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EddyLocalTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Console console = new Console(new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void helpListsTheCommands() {
        assertEquals(EddyLocal.OK, EddyLocal.run(new String[] {"--help"}, console));
        assertTrue(out().contains("streams-check"), out());
        assertEquals(EddyLocal.OK, EddyLocal.run(new String[] {"streams-check", "--help"}, console));
        assertTrue(out().contains("Usage: java -jar eddy-local.jar streams-check"), out());
        assertTrue(out().contains("failed-records FILE"), out());
        assertEquals(EddyLocal.OK, EddyLocal.run(new String[] {"failed-records", "--help"}, console));
        assertTrue(out().contains("Usage: java -jar eddy-local.jar failed-records FILE [--out EVENT_FILE]"), out());
    }

    @Test
    void unknownCommandAndBadFlagsAreUsageErrorsNamingTheProblem() {
        assertEquals(EddyLocal.USAGE, EddyLocal.run(new String[] {"frobnicate"}, console));
        assertTrue(err().contains("Unknown command 'frobnicate'"), err());
        assertEquals(EddyLocal.USAGE, EddyLocal.run(new String[] {"streams-check", "--fast"}, console));
        assertTrue(err().contains("streams-check takes no options, got: --fast"), err());
        assertEquals(EddyLocal.USAGE, EddyLocal.run(new String[0], console));
        assertTrue(err().contains("No command given."), err());
    }

    @Test
    void streamsCheckPrintsTheThreeEventsTheHandlerReceived() {
        int code = EddyLocal.run(new String[] {"streams-check"}, console);

        assertEquals(EddyLocal.OK, code, out() + err());
        List<String> events = Arrays.stream(out().split("\n")).filter(line -> line.startsWith("  INSERT"))
                .collect(Collectors.toList());
        assertEquals(3, events.size(), out());
        assertTrue(events.get(0).contains("keys=[id, timestamp]"), events.get(0));
        assertTrue(events.get(0).contains("source=arn:aws:dynamodb:us-east-1:000000000000:table/RealTimeDataTable/stream/"),
                events.get(0));
        assertTrue(out().contains("Local DynamoDB and DynamoDB Streams endpoint: http://127.0.0.1:"), out());
        assertTrue(out().contains("streams-check passed"), out());
    }

    @TempDir
    Path dir;

    @Test
    void everyCommandHasHelpAndTheHelpSaysTheLocalDynamoDbIsDynaliteNotDynamoDbLocal() {
        for (String command : List.of("demo", "run", "replay", "streams-check")) {
            assertEquals(EddyLocal.OK, EddyLocal.run(new String[] {command, "--help"}, console), command);
            assertTrue(out().contains("Usage: java -jar eddy-local.jar " + command), command + ": " + out());
        }
        assertEquals(EddyLocal.OK, EddyLocal.run(new String[] {"--help"}, console));
        assertTrue(out().contains("dynalite") && out().contains("not Amazon's DynamoDB Local"), out());
    }

    @Test
    void badFlagsAndBadConfigFilesAreUsageErrorsNamingTheProblem() throws Exception {
        assertEquals(EddyLocal.USAGE, EddyLocal.run(new String[] {"demo", "--seconds", "soon"}, console));
        assertTrue(err().contains("option --seconds must be a whole number, got \"soon\""), err());
        assertEquals(EddyLocal.USAGE, EddyLocal.run(new String[] {"demo", "--fast"}, console));
        assertTrue(err().contains("unknown option --fast"), err());
        assertEquals(EddyLocal.USAGE, EddyLocal.run(new String[] {"demo", "--seconds", "0"}, console));
        assertTrue(err().contains("option --seconds must be between 1 and 3600, got 0"), err());
        assertEquals(EddyLocal.USAGE, EddyLocal.run(new String[] {"replay"}, console));
        assertTrue(err().contains("replay: expects 1 file argument, got 0"), err());
        assertEquals(EddyLocal.USAGE, EddyLocal.run(new String[] {"replay", dir.resolve("none.json").toString()}, console));
        assertTrue(err().contains("none.json does not exist"), err());
        Path missing = dir.resolve("missing.json");
        assertEquals(EddyLocal.USAGE, EddyLocal.run(new String[] {"run", "--config", missing.toString()}, console));
        assertTrue(err().contains("config file " + missing + " does not exist"), err());
        Path broken = Files.writeString(dir.resolve("broken.json"), "{\"ALERT_RULES\": [");
        assertEquals(EddyLocal.USAGE, EddyLocal.run(new String[] {"run", "--config", broken.toString()}, console));
        assertTrue(err().contains("config file " + broken + " is not valid JSON"), err());
        Path tooDeep = Files.writeString(dir.resolve("too-deep.json"), "[".repeat(1001) + "]".repeat(1001));
        assertEquals(EddyLocal.USAGE, EddyLocal.run(new String[] {"run", "--config", tooDeep.toString()}, console));
        assertTrue(err().contains("config file " + tooDeep + " is not valid JSON"), err());
        Path unknown = Files.writeString(dir.resolve("unknown.json"), "{\"ALERT_RULEZ\": []}");
        assertEquals(EddyLocal.USAGE, EddyLocal.run(new String[] {"run", "--config", unknown.toString()}, console));
        assertTrue(err().contains("unknown setting \"ALERT_RULEZ\""), err());
        Path badArn = Files.writeString(dir.resolve("bad-arn.json"), "{\"ALERT_TOPIC_ARN\": \"alerts\"}");
        assertEquals(EddyLocal.USAGE, EddyLocal.run(new String[] {"run", "--config", badArn.toString()}, console));
        assertTrue(err().contains("ALERT_TOPIC_ARN must be an SNS topic ARN"), err());
    }

    @Test
    void anEnvironmentNameThatLooksLikeAMisspeltSettingRefusesToStartInsteadOfRunningTheDemo() {
        EddyLocal.Flags noConfig = EddyLocal.Flags.parse("run", List.of(), java.util.Set.of("--config"), 0);
        Map<String, String> base = Map.of("PATH", "/usr/bin", "HOME", "/root", "AWS_REGION", "eu-west-1");
        Map<String, String> cases = Map.of(
                "alert_rules", "ALERT_RULES (in another case",
                "EDDY_ALERT_RULES", "ALERT_RULES (with a prefix",
                "eddy_projections", "PROJECTIONS (with a prefix",
                "ALERT_RULE", "ALERT_RULES (did you mean ALERT_RULES?)",
                "EDDY_LEDGER_TABEL", "LEDGER_TABLE (did you mean LEDGER_TABLE?)");
        cases.forEach((name, resembles) -> {
            Map<String, String> environment = new java.util.HashMap<>(base);
            environment.put(name, "[]");
            LocalConfig.BadConfigException e = org.junit.jupiter.api.Assertions.assertThrows(
                    LocalConfig.BadConfigException.class, () -> EddyLocal.settings(noConfig, console, environment), name);
            assertTrue(e.getMessage().startsWith(name + " in the environment is not a setting but looks like " + resembles),
                    e.getMessage());
            assertTrue(e.getMessage().contains("Not starting"), e.getMessage());
            environment.put("ALERT_TOPIC_ARN", "arn:aws:sns:us-east-1:123456789012:a");
            if (resembles.contains("did you mean")) {
                // Beside a real setting, a name a letter or two away may be a variable of its own: a warning.
                Map<String, String> settings = EddyLocal.settings(noConfig, console, environment);
                assertTrue(settings.containsKey("ALERT_TOPIC_ARN") && !settings.containsKey(name), settings.toString());
                assertTrue(out().contains("Warning: " + name + " in the environment is not a setting"), out());
            } else {
                org.junit.jupiter.api.Assertions.assertThrows(LocalConfig.BadConfigException.class,
                        () -> EddyLocal.settings(noConfig, console, environment), "with a real setting too: " + name);
            }
        });
        assertTrue(!out().contains("using the demo configuration"), out());

        // The Terraform output alarm_topic_arn, exported beside the settings, is two letters from ALERT_TOPIC_ARN.
        Map<String, String> exported = EddyLocal.settings(noConfig, console, Map.of("ALERT_TOPIC_ARN",
                "arn:aws:sns:us-east-1:123456789012:a", "ALARM_TOPIC_ARN", "arn:aws:sns:us-east-1:123456789012:b"));
        assertTrue(exported.containsKey("ALERT_TOPIC_ARN") && !exported.containsKey("ALARM_TOPIC_ARN"), exported.toString());

        Map<String, String> unrelated = EddyLocal.settings(noConfig, console, Map.of("PATH", "/usr/bin", "TERM", "xterm",
                "LOG_LEVEL", "x", "EDDY_NODE_MODULES", "/tmp/node_modules"));
        assertEquals(LocalConfig.demo().keySet(), unrelated.keySet(), "nothing resembles a setting: the demo");
        assertTrue(out().contains("using the demo configuration"), out());
    }

    @Test
    void replayOfAnOnFailureRecordSuggestsFailedRecords() throws Exception {
        String onFailure = "{\"requestContext\":{\"requestId\":\"r\",\"condition\":\"RetryAttemptsExhausted\","
                + "\"approximateInvokeCount\":6},\"version\":\"1.0\",\"DDBStreamBatchInfo\":{\"shardId\":\"s\","
                + "\"startSequenceNumber\":\"1\",\"endSequenceNumber\":\"1\",\"batchSize\":1,"
                + "\"streamArn\":\"arn:aws:dynamodb:us-east-1:000000000000:table/T/stream/2026\"}}";
        Path jsonl = Files.writeString(dir.resolve("on-failure.jsonl"), onFailure + "\n" + onFailure + "\n");

        assertEquals(EddyLocal.USAGE, EddyLocal.run(new String[] {"replay", jsonl.toString()}, console));

        assertTrue(err().contains("it is not a Lambda DynamoDB event. It looks like an on-failure record"), err());
        assertTrue(err().contains("failed-records " + jsonl), err());

        err.reset();
        Path notAnEvent = Files.writeString(dir.resolve("other.json"), "{\"foo\": 1}");
        assertEquals(EddyLocal.USAGE, EddyLocal.run(new String[] {"replay", notAnEvent.toString()}, console));
        assertTrue(err().contains("has no \"Records\" array: it is not a Lambda DynamoDB event"), err());
        assertTrue(!err().contains("failed-records"), "no suggestion for other JSON: " + err());
    }

    @Test
    void replayOfTheSampleBatchPrintsItsChangesAlertsAndTheBatchResponse() {
        int code = EddyLocal.run(new String[] {"replay", "../docs/samples/iot-batch.json", "--out", dir.toString()}, console);

        assertEquals(EddyLocal.OK, code, out() + err());
        assertTrue(out().contains("EXPIRED  RealTimeDataTable seq=111500000000012345678905"), out());
        assertTrue(out().contains("ALERT WARNING  sensor-deleted   sensor-17 was deleted"), out());
        assertTrue(out().contains("ALERT INFO     expired          sensor-08 expired at"), out());
        assertTrue(out().contains("Batch response: {\"batchItemFailures\":[]}"), out());
        assertTrue(Files.exists(dir.resolve("notifications.jsonl")));
    }

    @Test
    void theFunctionLogKeepsTheChangeJournalUnlessTheConfigSetsAnotherLogLevel() throws Exception {
        Path atDebug = dir.resolve("debug");
        assertEquals(EddyLocal.OK, EddyLocal.run(new String[] {"replay", "../docs/samples/iot-batch.json", "--out",
                atDebug.toString()}, console), out() + err());
        Path config = Files.writeString(dir.resolve("info.json"), "{\"AWS_LAMBDA_LOG_LEVEL\": \"INFO\"}");
        Path atInfo = dir.resolve("info");
        assertEquals(EddyLocal.OK, EddyLocal.run(new String[] {"replay", "../docs/samples/iot-batch.json", "--config",
                config.toString(), "--out", atInfo.toString()}, console), out() + err());

        assertEquals(5, changeLines(atDebug.resolve("function.log")), "DEBUG by default: a line per change");
        assertEquals(0, changeLines(atInfo.resolve("function.log")), "INFO, as the config says");

        // The start-up warning Lambda's function gives about a level that drops the metrics, locally too.
        Path warnConfig = Files.writeString(dir.resolve("warn.json"), "{\"AWS_LAMBDA_LOG_LEVEL\": \"WARN\"}");
        Path atWarn = dir.resolve("warn");
        assertEquals(EddyLocal.OK, EddyLocal.run(new String[] {"replay", "../docs/samples/iot-batch.json", "--config",
                warnConfig.toString(), "--out", atWarn.toString()}, console), out() + err());
        assertTrue(Files.readString(atWarn.resolve("function.log")).contains("\"message\":\"log level drops metrics\""),
                Files.readString(atWarn.resolve("function.log")));
    }

    private static long changeLines(Path functionLog) throws java.io.IOException {
        return Files.readAllLines(functionLog).stream().filter(line -> line.contains("\"message\":\"change\"")).count();
    }

    @Test
    void demoForFiveSecondsPrintsASummaryWithAlertsAndLatency() {
        int code = EddyLocal.run(new String[] {"demo", "--seconds", "5", "--out", dir.toString()}, console);

        assertEquals(EddyLocal.OK, code, out() + err());
        Matcher alerts = Pattern.compile("alerts: +(\\d+) ").matcher(out());
        assertTrue(alerts.find(), out());
        assertTrue(Integer.parseInt(alerts.group(1)) > 0, out());
        assertTrue(out().contains("Summary: "), out());
        assertTrue(out().contains("projection rows: 10 in EddyProjections {hourly-temperature=5, latest-reading=5}"), out());
        assertTrue(out().contains("write-to-alert latency: p50 "), out());
        assertTrue(out().contains("dead letters: 0"), out());
    }

    @Test
    void aDemoStoppedBySignalStillPrintsItsSummaryAndScansTheLocalDynamoDbWhileItRuns() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        Thread ctrlC = new Thread(() -> {
            try {
                Thread.sleep(2500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            stop.set(true); // what the shutdown hook does on a signal; here dynalite, not signalled, runs on
        });
        ctrlC.start();

        int code = EddyLocal.run(new String[] {"demo", "--seconds", "30", "--out", dir.toString()}, console, stop);
        ctrlC.join();

        assertEquals(EddyLocal.OK, code, out() + err());
        assertTrue(out().contains("Stopped by Ctrl-C"), out());
        assertTrue(out().contains("Summary: "), out());
        assertTrue(Pattern.compile("projection rows: \\d+ in EddyProjections").matcher(out()).find(), out());
    }
}
