package dev.eddy.architecture;

import java.util.List;

/** The modules whose production classes the architecture rules must see. */
final class EddyModules {

    /**
     * Root package of every module that must contribute classes to the import. Adding a module is
     * one line here (and, for a new Maven module, a test-scope dependency in this module's pom).
     * The list must match the import both ways: a listed module without classes fails, and so does
     * a class outside every listed module.
     */
    static final List<String> ROOT_PACKAGES = List.of(
            "dev.eddy.domain",
            "dev.eddy.application",
            "dev.eddy.adapters.aws",
            "dev.eddy.bootstrap.lambda",
            "dev.eddy.bootstrap.local");

    private EddyModules() {
    }

    /** Whether some expected module lives in {@code packageName} or below it. */
    static boolean expectsCodeIn(String packageName) {
        return ROOT_PACKAGES.stream()
                .anyMatch(root -> root.equals(packageName) || root.startsWith(packageName + "."));
    }
}
