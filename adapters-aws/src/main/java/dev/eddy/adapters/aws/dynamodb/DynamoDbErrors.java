package dev.eddy.adapters.aws.dynamodb;

import software.amazon.awssdk.awscore.exception.AwsServiceException;

/** Which DynamoDB failures a retry may cure, and how to describe one without item values. */
final class DynamoDbErrors {

    /**
     * DynamoDB's ValidationExceptions for a key that is not the table's: other key attributes, or a key
     * of another type. The store always writes {@code pk} and {@code sk} as strings, so the table's
     * schema, not the record, is wrong.
     */
    private static final String KEY_SCHEMA_MISMATCH = "The provided key element does not match the schema";
    private static final String KEY_TYPE_MISMATCH = "Type mismatch for key";

    /**
     * Permanent: the request can never succeed as it is (ValidationException: an item over 400 KB,
     * a number beyond 38 digits). Everything else is retryable: throttling, 5xx, timeouts, I/O errors,
     * and configuration problems (a missing table, a missing permission, a table whose key schema is
     * not {@code pk}/{@code sk} of type S, which DynamoDB reports as a ValidationException) that an
     * operator can fix while the stream waits, rather than send every record to the dead letters.
     */
    static boolean retryable(Throwable e) {
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            String code = service.awsErrorDetails().errorCode();
            String message = service.awsErrorDetails().errorMessage();
            if ("ValidationException".equals(code) && message != null
                    && (message.startsWith(KEY_SCHEMA_MISMATCH) || message.contains(KEY_TYPE_MISMATCH))) {
                return true;
            }
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
