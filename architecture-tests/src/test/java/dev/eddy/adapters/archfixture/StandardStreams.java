package dev.eddy.adapters.archfixture;

/**
 * Has the simple name of the one class allowed to write to the standard streams, in another
 * package: the exemption is by fully qualified name, so this one still breaks the rule.
 */
public class StandardStreams {
    public void print(String line) {
        System.err.println(line);
    }
}
