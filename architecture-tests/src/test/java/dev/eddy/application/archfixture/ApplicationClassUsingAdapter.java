package dev.eddy.application.archfixture;

import dev.eddy.adapters.archfixture.FixtureAdapter;

/** Breaks the layers: the application reaches out to an adapter. */
public class ApplicationClassUsingAdapter {
    public FixtureAdapter adapter() {
        return new FixtureAdapter();
    }
}
