package dev.eddy.application.service;

import dev.eddy.application.pipeline.ChangeStep;
import dev.eddy.application.pipeline.Effects;
import dev.eddy.application.port.out.ChangeJournal;
import dev.eddy.domain.Change;
import java.util.Objects;

/** Records every change in the journal: the simplest step, and the first in the pipeline. */
public final class LogChangeStep implements ChangeStep {
    private final ChangeJournal journal;

    public LogChangeStep(ChangeJournal journal) {
        this.journal = Objects.requireNonNull(journal, "journal");
    }

    @Override
    public String name() {
        return "log";
    }

    @Override
    public void apply(Change change, Effects effects) {
        journal.record(change);
    }
}
