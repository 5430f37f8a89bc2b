package dev.eddy.bootstrap.local;

import dev.eddy.adapters.aws.observability.StandardStreams;
import java.io.PrintStream;
import java.util.Objects;

/**
 * Where the local runtime's command-line output goes. The only class of this module that touches the standard
 * streams, in {@link #standard()}; everything else writes through a {@code Console} it is given.
 *
 * <p>On a terminal a status line can be kept at the bottom and rewritten in place ({@link #status}); other lines
 * print above it. Elsewhere (a pipe, a file, a test) {@link #interactive()} is false and callers print periodic
 * lines instead.
 */
final class Console {

    private static final String CLEAR_LINE = "\r\033[K";

    private final PrintStream out;
    private final PrintStream err;
    private final boolean interactive;
    private String status;

    Console(PrintStream out, PrintStream err) {
        this(out, err, false);
    }

    Console(PrintStream out, PrintStream err, boolean interactive) {
        this.out = Objects.requireNonNull(out, "out");
        this.err = Objects.requireNonNull(err, "err");
        this.interactive = interactive;
    }

    /** The process's standard output and standard error; interactive when both are attached to a terminal. */
    static Console standard() {
        return new Console(StandardStreams.out(), StandardStreams.err(), System.console() != null);
    }

    /** Whether a status line can be rewritten in place. */
    boolean interactive() {
        return interactive;
    }

    /** A line for the user. */
    synchronized void println(String line) {
        if (status != null) {
            out.print(CLEAR_LINE);
        }
        out.println(line);
        if (status != null) {
            out.print(status);
        }
        out.flush();
    }

    /** Shows (or replaces) the status line on a terminal; does nothing elsewhere. */
    synchronized void status(String line) {
        if (!interactive) {
            return;
        }
        status = line;
        out.print(CLEAR_LINE + line);
        out.flush();
    }

    /** Removes the status line, leaving the cursor at the start of an empty line. */
    synchronized void clearStatus() {
        if (status != null) {
            out.print(CLEAR_LINE);
            out.flush();
            status = null;
        }
    }

    /** A line about a problem. */
    synchronized void error(String line) {
        if (status != null) {
            out.print(CLEAR_LINE);
            out.flush();
        }
        err.println(line);
        err.flush();
        if (status != null) {
            out.print(status);
            out.flush();
        }
    }
}
