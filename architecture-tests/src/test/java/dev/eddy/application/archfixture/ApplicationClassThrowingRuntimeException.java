package dev.eddy.application.archfixture;

/** Breaks the no-generic-exceptions rule. */
public class ApplicationClassThrowingRuntimeException {
    public void fail() {
        throw new RuntimeException("something went wrong");
    }
}
