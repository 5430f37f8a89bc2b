package dev.eddy.application.port.in.archfixture;

/** Breaks the one-method rule through a method it inherits. */
public interface InheritedSecondMethodUseCase extends CountChangesUseCase {
    void reset(String table);
}
