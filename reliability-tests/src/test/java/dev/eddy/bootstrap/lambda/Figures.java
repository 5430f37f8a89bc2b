package dev.eddy.bootstrap.lambda;

import dev.eddy.bootstrap.lambda.LambdaReplayDriver.Invocation;
import dev.eddy.bootstrap.lambda.LambdaReplayDriver.Replay;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.Collectors;

/** Appends one table row per replay to target/reliability-figures.md, the figures docs/reliability.md quotes. */
final class Figures {
    static final Path FILE = Path.of("target", "reliability-figures.md");
    private static boolean started;

    private Figures() {
    }

    static synchronized void write(String test, Replay replay, EddyUnderFaults eddy) {
        long millis = replay.invocations().stream().mapToLong(Invocation::millis).sum();
        String endings = replay.invocations().stream().map(i -> i.ending().name()).collect(Collectors.joining(" "));
        String row = "| " + test + " | " + replay.invocations().size() + " | " + replay.retries() + " | " + endings
                + " | " + replay.checkpointed().size() + " | " + replay.onFailure().size()
                + " | " + eddy.sns.requests().size() + " | " + eddy.sns.published().size()
                + " | " + eddy.dynamo.operations().size() + " | " + eddy.dynamo.faulted().size()
                + " | " + millis + " |\n";
        try {
            if (!started) {
                started = true;
                Files.deleteIfExists(FILE);
            }
            if (!Files.exists(FILE)) {
                Files.createDirectories(FILE.getParent());
                Files.writeString(FILE, "| test | invocations | retries | endings | checkpointed | on-failure | SNS calls "
                        + "| SNS messages accepted | DynamoDB calls | DynamoDB faults met | handler ms |\n"
                        + "|---|---|---|---|---|---|---|---|---|---|---|\n", StandardCharsets.UTF_8);
            }
            Files.writeString(FILE, row, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
