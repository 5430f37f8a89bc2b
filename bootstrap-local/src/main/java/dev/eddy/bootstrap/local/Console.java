package dev.eddy.bootstrap.local;

import dev.eddy.adapters.aws.observability.StandardStreams;
import java.io.PrintStream;
import java.util.Objects;

/**
 * Where the local runtime's command-line output goes. The only class of this module that touches the standard
 * streams, in {@link #standard()}; everything else writes through a {@code Console} it is given.
 */
final class Console {

    private final PrintStream out;
    private final PrintStream err;

    Console(PrintStream out, PrintStream err) {
        this.out = Objects.requireNonNull(out, "out");
        this.err = Objects.requireNonNull(err, "err");
    }

    /** The process's standard output and standard error. */
    static Console standard() {
        return new Console(StandardStreams.out(), StandardStreams.err());
    }

    /** A line for the user. */
    void println(String line) {
        out.println(line);
        out.flush();
    }

    /** A line about a problem. */
    void error(String line) {
        err.println(line);
        err.flush();
    }
}
