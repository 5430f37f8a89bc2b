package dev.eddy.adapters.aws.stream;

/**
 * Reads the table name from a DynamoDB stream ARN:
 * {@code arn:<partition>:dynamodb:<region>:<account>:table/<TableName>/stream/<label>}.
 * The label is a timestamp and holds colons of its own, so the ARN is read field by field, not split.
 *
 * <p>Public so that both readers of stream events ({@link DynamodbEventMapper} and the streaming
 * reader in {@code stream.json}) name tables by the same rule.
 */
public final class StreamArns {
    private static final String TABLE_PREFIX = "table/";
    private static final String STREAM_INFIX = "/stream/";
    private static final int MIN_TABLE_NAME = 3;
    private static final int MAX_TABLE_NAME = 255;

    private StreamArns() {
    }

    /** The table name, or null when the ARN is not a DynamoDB table or stream ARN. */
    public static String tableName(String arn) {
        if (arn == null || !arn.startsWith("arn:")) {
            return null;
        }
        // arn : partition : service : region : account : resource
        int partitionEnd = arn.indexOf(':', 4);
        int serviceEnd = partitionEnd < 0 ? -1 : arn.indexOf(':', partitionEnd + 1);
        int regionEnd = serviceEnd < 0 ? -1 : arn.indexOf(':', serviceEnd + 1);
        int accountEnd = regionEnd < 0 ? -1 : arn.indexOf(':', regionEnd + 1);
        if (accountEnd < 0 || partitionEnd == 4
                || !arn.regionMatches(partitionEnd + 1, "dynamodb", 0, serviceEnd - partitionEnd - 1)
                || serviceEnd - partitionEnd - 1 != "dynamodb".length()
                || !arn.startsWith(TABLE_PREFIX, accountEnd + 1)) {
            return null;
        }
        int nameStart = accountEnd + 1 + TABLE_PREFIX.length();
        int nameEnd = arn.indexOf('/', nameStart);
        if (nameEnd < 0) {
            nameEnd = arn.length();
        } else if (!arn.startsWith(STREAM_INFIX, nameEnd) || nameEnd + STREAM_INFIX.length() == arn.length()) {
            return null;
        }
        int length = nameEnd - nameStart;
        if (length < MIN_TABLE_NAME || length > MAX_TABLE_NAME) {
            return null;
        }
        for (int i = nameStart; i < nameEnd; i++) {
            if (!isTableNameChar(arn.charAt(i))) {
                return null;
            }
        }
        return arn.substring(nameStart, nameEnd);
    }

    private static boolean isTableNameChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '_' || c == '-' || c == '.';
    }
}
