package dev.eddy.adapters.aws.dynamodb;

import software.amazon.awssdk.awscore.exception.AwsServiceException;

/** Which DynamoDB failures a retry may cure, and how to describe one without item values. */
final class DynamoDbErrors {

    /**
     * Permanent: the request can never succeed as it is (ValidationException: an item over 400 KB,
     * a number beyond 38 digits). Everything else is retryable: throttling, 5xx, timeouts, I/O errors,
     * and configuration problems (a missing table, a missing permission) that an operator can fix
     * while the stream waits, rather than send every record to the dead letters.
     */
    static boolean retryable(Throwable e) {
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            String code = service.awsErrorDetails().errorCode();
            return !"ValidationException".equals(code) && !"ItemCollectionSizeLimitExceededException".equals(code);
        }
        return true;
    }

    static String describe(Throwable e) {
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            return service.awsErrorDetails().errorCode() + " (HTTP " + service.statusCode() + "): "
                    + service.awsErrorDetails().errorMessage();
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    private DynamoDbErrors() {
    }
}
