package dev.eddy.application.port.out;

import dev.eddy.domain.Change;

/** Keeps a trace of every change processed (the function's log). Never records attribute values by default. */
public interface ChangeJournal {
    void record(Change change);
}
