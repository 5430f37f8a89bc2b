package dev.eddy.application.port.in.archfixture;

/** Breaks the command rule for inbound ports: plain parameters instead of one command record. */
public interface RenameTableUseCase {
    void rename(String from, String to);
}
