package dev.eddy.bootstrap.lambda.e2e;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;

/** An invocation context like Lambda's: a request id and the time left. */
final class E2eContext implements Context {
    private final String requestId;
    private final int remainingMillis;

    E2eContext(String requestId, int remainingMillis) {
        this.requestId = requestId;
        this.remainingMillis = remainingMillis;
    }

    @Override
    public String getAwsRequestId() {
        return requestId;
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/eddy-e2e";
    }

    @Override
    public String getLogStreamName() {
        return "2026/11/24/[$LATEST]e2e";
    }

    @Override
    public String getFunctionName() {
        return "eddy-e2e";
    }

    @Override
    public String getFunctionVersion() {
        return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
        return "arn:aws:lambda:eu-west-1:123456789012:function:eddy-e2e";
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
        return remainingMillis;
    }

    @Override
    public int getMemoryLimitInMB() {
        return 256;
    }

    @Override
    public LambdaLogger getLogger() {
        throw new UnsupportedOperationException("Eddy logs through its own JSON logger");
    }
}
