package dev.eddy.application.port.in.archfixture;

/** Keeps the one-method rule: one method, one command. */
public interface CountChangesUseCase {
    int count(CountChangesCommand command);

    /** The command of this use case. */
    record CountChangesCommand(String table) {
    }
}
