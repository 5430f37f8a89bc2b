package dev.eddy.bootstrap.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalDynamoDbTest {

    @Test
    void missingDynaliteSaysToRunNpmCi(@TempDir Path empty) {
        LocalRuntimeException error = assertThrows(LocalRuntimeException.class, () -> LocalDynamoDb.locateCli(null, empty));
        assertTrue(error.getMessage().contains("run `npm ci` at the repo root"), error.getMessage());
        assertTrue(error.getMessage().contains(LocalDynamoDb.NODE_MODULES_ENV), error.getMessage());
    }

    @Test
    void nodeModulesVariableWithoutDynaliteIsNamedInTheError(@TempDir Path empty) {
        LocalRuntimeException error = assertThrows(LocalRuntimeException.class,
                () -> LocalDynamoDb.locateCli(empty.toString(), empty));
        assertTrue(error.getMessage().contains("EDDY_NODE_MODULES=" + empty + " has no dynalite/cli.js"), error.getMessage());
    }

    @Test
    void dynaliteIsFoundInTheNearestNodeModulesAbove(@TempDir Path root) throws Exception {
        Path cli = Files.createDirectories(root.resolve("node_modules/dynalite")).resolve("cli.js");
        Files.writeString(cli, "");
        Path nested = Files.createDirectories(root.resolve("a/b/c"));

        assertEquals(cli, LocalDynamoDb.locateCli(null, nested));
    }

    @Test
    void dynaliteStopsOnClose() {
        LocalDynamoDb dynalite = LocalDynamoDb.start("us-east-1");
        assertTrue(dynalite.isRunning());
        assertTrue(dynalite.endpoint().toString().startsWith("http://127.0.0.1:"));

        dynalite.close();

        assertFalse(dynalite.isRunning());
    }
}
