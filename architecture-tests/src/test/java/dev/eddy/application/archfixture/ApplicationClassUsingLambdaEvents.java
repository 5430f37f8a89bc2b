package dev.eddy.application.archfixture;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;

/** Breaks the no-AWS rule with the Lambda event types. */
public class ApplicationClassUsingLambdaEvents {
    public int size(DynamodbEvent event) {
        return event.getRecords().size();
    }
}
