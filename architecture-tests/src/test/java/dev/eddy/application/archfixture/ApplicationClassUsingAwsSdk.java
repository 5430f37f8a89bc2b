package dev.eddy.application.archfixture;

import software.amazon.awssdk.services.sns.SnsClient;

/** Breaks the no-AWS rule with the AWS SDK v2. */
public class ApplicationClassUsingAwsSdk {
    private final SnsClient sns;

    public ApplicationClassUsingAwsSdk(SnsClient sns) {
        this.sns = sns;
    }

    public SnsClient sns() {
        return sns;
    }
}
