package dev.eddy.adapters.aws.credentials;

import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.InstanceProfileCredentialsProvider;

/**
 * The AWS SDK's default credentials chain, which the function's SNS and DynamoDB clients use, as
 * seen by SnapStart priming.
 */
public final class DefaultCredentialsChain {
    private DefaultCredentialsChain() {
    }

    /**
     * Loads the chain's classes before a SnapStart snapshot, <b>without asking any provider for
     * credentials</b>: no file is read, no endpoint is called. The chain itself is built on a
     * client's first call, and building its container and instance-profile providers loads their
     * HTTP credentials loader and the SDK's JSON parser. After a restore that cost about 40 ms of
     * the first batch; building the two providers here, and closing them unused, moves it into the
     * snapshot (docs/performance.md, round 5).
     */
    public static void loadClasses() {
        try (DefaultCredentialsProvider chain = DefaultCredentialsProvider.builder().build();
             ContainerCredentialsProvider container = ContainerCredentialsProvider.builder().build();
             InstanceProfileCredentialsProvider instanceProfile = InstanceProfileCredentialsProvider.builder().build()) {
            // Built and closed, never asked.
        }
    }
}
