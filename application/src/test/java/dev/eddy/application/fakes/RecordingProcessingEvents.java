package dev.eddy.application.fakes;

import dev.eddy.application.RecordRef;
import dev.eddy.application.pipeline.Channel;
import dev.eddy.application.port.in.BatchOutcome;
import dev.eddy.application.port.in.RecordFailure;
import dev.eddy.application.port.out.ProcessingEvents;
import dev.eddy.domain.Change;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Keeps everything the batch reports. */
public final class RecordingProcessingEvents implements ProcessingEvents {
    /** One batchFinished call. */
    public record Finished(BatchOutcome outcome, int records, Duration duration, Optional<Duration> oldestAge) {
    }

    public final List<Change> processed = new ArrayList<>();
    public final List<RecordFailure> failed = new ArrayList<>();
    public final List<RecordRef> quarantined = new ArrayList<>();
    public final List<String> quarantineReasons = new ArrayList<>();
    public final Map<Channel, Integer> delivered = new EnumMap<>(Channel.class);
    public final List<String> degraded = new ArrayList<>();
    public final List<Finished> finished = new ArrayList<>();

    @Override
    public void changeProcessed(Change change) {
        processed.add(change);
    }

    @Override
    public void recordFailed(RecordFailure failure) {
        failed.add(failure);
    }

    @Override
    public void recordQuarantined(RecordRef record, String reason) {
        quarantined.add(record);
        quarantineReasons.add(reason);
    }

    @Override
    public void delivered(Channel channel, int count) {
        delivered.merge(channel, count, Integer::sum);
    }

    @Override
    public void degraded(String reason) {
        degraded.add(reason);
    }

    @Override
    public void batchFinished(BatchOutcome outcome, int records, Duration duration, Optional<Duration> oldestAge) {
        finished.add(new Finished(outcome, records, duration, oldestAge));
    }

    /** The sequence numbers of the changes reported processed, in order. */
    public List<String> processedSequenceNumbers() {
        List<String> sequences = new ArrayList<>();
        for (Change change : processed) {
            sequences.add(change.source().sequenceNumber());
        }
        return sequences;
    }
}
