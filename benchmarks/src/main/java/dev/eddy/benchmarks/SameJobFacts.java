package dev.eddy.benchmarks;

import dev.eddy.adapters.aws.config.AlertsWiring;
import dev.eddy.adapters.aws.config.projection.ProjectionsParser;
import dev.eddy.adapters.aws.observability.StandardStreams;
import dev.eddy.adapters.aws.stream.json.DynamodbEventJsonReader;
import dev.eddy.application.StreamRecord;
import dev.eddy.application.changeevent.ChangeDocuments;
import dev.eddy.application.pipeline.ChangeStep;
import dev.eddy.application.pipeline.Effects;
import dev.eddy.domain.projection.ProjectionSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What Java's whole pipeline produces per event file, for the Node baseline's "same job" variant to be
 * checked against (report.js): alerts, their average body size in UTF-8 bytes, and the projection
 * updates the two projections of {@link Pipeline#PROJECTIONS} compute. The same parts as
 * {@code pipelineFast}: the streaming reader, {@code RaiseAlertsStep} over {@code alert-rules.json},
 * {@link ProjectionSpec#project}. Prints one JSON object per file, one per line.
 *
 * <pre>{@code EDDY_EVENTS_DIR=benchmarks java -cp ... dev.eddy.benchmarks.SameJobFacts events-100.json events-10000.json}</pre>
 */
public final class SameJobFacts {

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(System.getenv().getOrDefault("EDDY_EVENTS_DIR", "."));
        String rules = Files.readString(dir.resolve("alert-rules.json"), StandardCharsets.UTF_8);
        List<ProjectionSpec> projections = ProjectionsParser.parse(Pipeline.PROJECTIONS);
        for (String file : args) {
            ChangeStep alerts = AlertsWiring.alertStep(rules, new ChangeDocuments())
                    .orElseThrow(() -> new IllegalStateException("alert-rules.json declares no rule"));
            List<StreamRecord> batch = new DynamodbEventJsonReader().read(Files.readAllBytes(dir.resolve(file)));
            long[] bodies = new long[2];
            Effects effects = notification -> {
                bodies[0]++;
                bodies[1] += notification.body().getBytes(StandardCharsets.UTF_8).length;
            };
            long updates = 0;
            int unreadable = 0;
            for (StreamRecord record : batch) {
                if (record instanceof StreamRecord.Readable readable) {
                    alerts.apply(readable.change(), effects);
                    for (ProjectionSpec spec : projections) {
                        updates += spec.project(readable.change()).updates().size();
                    }
                } else {
                    unreadable++;
                }
            }
            StandardStreams.out().println("{\"file\":\"" + file + "\",\"records\":" + batch.size()
                    + ",\"unreadable\":" + unreadable + ",\"alerts\":" + bodies[0]
                    + ",\"bodyBytesAvg\":" + (bodies[0] == 0 ? 0 : Math.round((double) bodies[1] / bodies[0]))
                    + ",\"projectionUpdates\":" + updates + "}");
        }
    }

    private SameJobFacts() {
    }
}
