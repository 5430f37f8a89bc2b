package dev.eddy.bootstrap.archfixture;

/** A composition root that breaks nothing; a fixture adapter depends on it. */
public class FixtureWiring {
}
