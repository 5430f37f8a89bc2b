package dev.eddy.bootstrap.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

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
}
