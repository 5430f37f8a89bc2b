package dev.eddy.adapters.archfixture;

import java.util.logging.Logger;

/** Breaks the no-java.util.logging rule. */
public class AdapterUsingJavaUtilLogging {
    private static final Logger LOG = Logger.getLogger(AdapterUsingJavaUtilLogging.class.getName());

    public void log(String message) {
        LOG.info(message);
    }
}
