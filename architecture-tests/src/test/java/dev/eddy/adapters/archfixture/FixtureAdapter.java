package dev.eddy.adapters.archfixture;

/** An adapter that breaks nothing; other fixtures depend on it. */
public class FixtureAdapter {
}
