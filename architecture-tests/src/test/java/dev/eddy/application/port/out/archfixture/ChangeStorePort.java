package dev.eddy.application.port.out.archfixture;

/** Breaks the naming rule for outbound ports: the word "Port" says nothing. */
public interface ChangeStorePort {
    void store(String change);
}
