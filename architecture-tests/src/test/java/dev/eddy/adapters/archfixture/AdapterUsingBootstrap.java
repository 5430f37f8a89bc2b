package dev.eddy.adapters.archfixture;

import dev.eddy.bootstrap.archfixture.FixtureWiring;

/** Breaks the layers: an adapter reaches into the bootstrap. */
public class AdapterUsingBootstrap {
    public FixtureWiring wiring() {
        return new FixtureWiring();
    }
}
