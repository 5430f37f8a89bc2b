package dev.eddy.application.port.in;

/**
 * Processes one batch of stream records, in stream order, with stream semantics: on the first
 * record that fails, stop and report it; the stream replays everything from there.
 */
public interface ProcessChangeBatchUseCase {
    BatchOutcome process(ProcessChangeBatchCommand command);
}
