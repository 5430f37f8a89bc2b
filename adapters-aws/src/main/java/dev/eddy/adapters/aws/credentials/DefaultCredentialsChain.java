package dev.eddy.adapters.aws.credentials;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.InstanceProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * The AWS SDK's default credentials chain, which the function's SNS and DynamoDB clients use, as
 * seen by SnapStart priming.
 */
public final class DefaultCredentialsChain {
    private DefaultCredentialsChain() {
    }

    /**
     * Loads the chain's classes, and runs a chain's resolution once, before a SnapStart snapshot,
     * <b>without asking any of the default chain's providers for credentials</b>: no file is read,
     * no environment variable, no endpoint is called.
     * <ul>
     *   <li>The chain itself is built on a client's first call, and building its container and
     *       instance-profile providers loads their HTTP credentials loader and the SDK's JSON parser.
     *       After a restore that cost about 40 ms of the first batch; building the two providers
     *       here, and closing them unused, moves it into the snapshot (docs/performance.md, round 5).</li>
     *   <li>A chain's first resolution links its lambdas and loads the identity classes it goes
     *       through; the in-memory clients of priming sign with static credentials, which never run
     *       it. It cost the ledger's first real request about 7 ms of CPU, about 50 ms at 0.145 vCPU
     *       (round 9). A chain of a provider that fails at once and a placeholder one, built here,
     *       asked and dropped, runs that code with no secret in it.</li>
     * </ul>
     */
    public static void loadClasses() {
        try (DefaultCredentialsProvider chain = DefaultCredentialsProvider.builder().build();
             ContainerCredentialsProvider container = ContainerCredentialsProvider.builder().build();
             InstanceProfileCredentialsProvider instanceProfile = InstanceProfileCredentialsProvider.builder().build()) {
            // Built and closed, never asked.
        }
        AwsCredentialsProvider none = () -> {
            throw SdkClientException.create("priming: no credentials here");
        };
        try (AwsCredentialsProviderChain inMemory = AwsCredentialsProviderChain.builder()
                .reuseLastProviderEnabled(false)
                .credentialsProviders(none, StaticCredentialsProvider.create(AwsBasicCredentials.create("priming", "priming")))
                .build()) {
            AwsCredentials placeholder = inMemory.resolveCredentials();
            if (!"priming".equals(placeholder.accessKeyId())) {
                throw new IllegalStateException("the in-memory chain answered other credentials than its placeholder");
            }
        }
    }
}
