package dev.eddy.adapters.archfixture;

import jakarta.inject.Inject;

/** Breaks the no-field-injection rule. */
public class AdapterWithInjectedField {
    @Inject
    FixtureAdapter collaborator;

    public FixtureAdapter collaborator() {
        return collaborator;
    }
}
