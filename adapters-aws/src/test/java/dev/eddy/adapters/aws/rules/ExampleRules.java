package dev.eddy.adapters.aws.rules;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The five example rules of the README (issue 3), as users write them. */
public final class ExampleRules {
    private ExampleRules() {
    }

    public static String json() {
        try (InputStream in = ExampleRules.class.getResourceAsStream("/example-alert-rules.json")) {
            if (in == null) {
                throw new IllegalStateException("example-alert-rules.json is not on the test class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
