package dev.eddy.application.port.out.archfixture;

/** Breaks the naming rule for outbound ports: it names a technology, in upper-case letters too. */
public interface DynamoDBProjections {
    void project(String change);
}
