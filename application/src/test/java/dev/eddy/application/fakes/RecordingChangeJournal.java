package dev.eddy.application.fakes;

import dev.eddy.application.port.out.ChangeJournal;
import dev.eddy.domain.Change;
import java.util.ArrayList;
import java.util.List;

/** Keeps every change it is given, in order. */
public final class RecordingChangeJournal implements ChangeJournal {
    private final List<Change> recorded = new ArrayList<>();

    @Override
    public void record(Change change) {
        recorded.add(change);
    }

    public List<Change> recorded() {
        return List.copyOf(recorded);
    }

    public List<String> sequenceNumbers() {
        List<String> sequences = new ArrayList<>();
        for (Change change : recorded) {
            sequences.add(change.source().sequenceNumber());
        }
        return sequences;
    }
}
