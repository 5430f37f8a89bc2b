package dev.eddy.adapters.archfixture;

import java.util.logging.Logger;

/** Uses java.util.logging without a Logger field, which ArchUnit's own JUL rule does not see. */
public class AdapterLoggingThroughALocalLogger {
    public void log(String message) {
        Logger.getLogger("eddy").info(message);
    }
}
