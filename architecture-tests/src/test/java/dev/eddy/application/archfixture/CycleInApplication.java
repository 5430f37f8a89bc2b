package dev.eddy.application.archfixture;

import dev.eddy.domain.archfixture.CycleInDomain;

/** The other half of a cycle between the domain and the application modules. */
public class CycleInApplication {
    public CycleInDomain partner() {
        return new CycleInDomain();
    }
}
