package dev.eddy.testsupport.dynamodb;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * One dynalite per test class:
 * {@code @RegisterExtension static final DynaliteExtension DYNAMODB = new DynaliteExtension();}
 * Starts before the first test, stops after the last.
 */
public final class DynaliteExtension implements BeforeAllCallback, AfterAllCallback {
    private Dynalite dynalite;

    @Override
    public void beforeAll(ExtensionContext context) {
        dynalite = Dynalite.start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (dynalite != null) {
            dynalite.close();
            dynalite = null;
        }
    }

    /** The running instance. */
    public Dynalite dynalite() {
        if (dynalite == null) {
            throw new IllegalStateException("dynalite is not running: register the extension on a static field");
        }
        return dynalite;
    }

    public DynamoDbClient client() {
        return dynalite().client();
    }
}
