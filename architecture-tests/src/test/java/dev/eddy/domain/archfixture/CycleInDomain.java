package dev.eddy.domain.archfixture;

import dev.eddy.application.archfixture.CycleInApplication;

/** One half of a cycle between the domain and the application modules. */
public class CycleInDomain {
    public CycleInApplication partner() {
        return new CycleInApplication();
    }
}
