package dev.eddy.adapters.aws.observability;

import java.io.PrintStream;

/**
 * The one class that touches the process's standard streams. On Lambda, every line written to
 * standard output becomes one CloudWatch Logs event; JSON lines and EMF metrics both go there.
 */
public final class StandardStreams {
    private StandardStreams() {
    }

    /** Standard output: JSON log lines and EMF metric lines. */
    public static PrintStream out() {
        return System.out;
    }

    /** Standard error: for command-line tools only. */
    public static PrintStream err() {
        return System.err;
    }
}
