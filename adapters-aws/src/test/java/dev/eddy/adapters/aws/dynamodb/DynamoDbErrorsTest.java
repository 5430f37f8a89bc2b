package dev.eddy.adapters.aws.dynamodb;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/** Which DynamoDB errors a retry may cure, by DynamoDB's own codes and wording. */
class DynamoDbErrorsTest {

    private static AwsServiceException error(String code, String message) {
        return AwsServiceException.builder().statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build()).build();
    }

    @Test
    void aKeyThatIsNotTheTablesIsTheTablesFaultAndRetryable() {
        assertTrue(DynamoDbErrors.retryable(error("ValidationException", "The provided key element does not match the schema")));
        assertTrue(DynamoDbErrors.retryable(error("ValidationException",
                "One or more parameter values were invalid: Type mismatch for key pk expected: N actual: S")));
    }

    @Test
    void otherValidationErrorsArePermanent() {
        assertFalse(DynamoDbErrors.retryable(error("ValidationException", "Item size has exceeded the maximum allowed size")));
        assertFalse(DynamoDbErrors.retryable(error("ValidationException",
                "One or more parameter values were invalid: An number set  may not be empty")));
        assertFalse(DynamoDbErrors.retryable(error("ValidationException",
                "Number overflow. Attempting to store a number with magnitude larger than supported range")));
        assertFalse(DynamoDbErrors.retryable(error("ItemCollectionSizeLimitExceededException", "Collection size exceeded.")));
    }

    @Test
    void configurationThrottlingAndServerErrorsAreRetryable() {
        assertTrue(DynamoDbErrors.retryable(error("ResourceNotFoundException", "Requested resource not found")));
        assertTrue(DynamoDbErrors.retryable(error("AccessDeniedException", "not authorized to perform: dynamodb:UpdateItem")));
        assertTrue(DynamoDbErrors.retryable(error("ProvisionedThroughputExceededException", "Rate exceeded")));
        assertTrue(DynamoDbErrors.retryable(new IllegalStateException("no reply")));
    }
}
