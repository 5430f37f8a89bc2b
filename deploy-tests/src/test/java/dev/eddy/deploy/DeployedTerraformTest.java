package dev.eddy.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DeployedTerraformTest {

    @Test
    void deployedTerraformPassesTheOfflineCheck() {
        TerraformCheck.Outcome outcome = TerraformCheck.run(Repository.terraform());

        assertEquals(0, outcome.exitCode(), () -> "node " + TerraformCheck.SCRIPT + " deploy/terraform failed:\n" + outcome.output());
    }
}
