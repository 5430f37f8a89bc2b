package dev.eddy.application.projection.archfixture;

/** Breaks the naming rule for outbound ports outside port.out: it names a technology. */
public interface DynamoTotals {
    void add(String key, long amount);
}
