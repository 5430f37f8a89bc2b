package dev.eddy.adapters.aws.tables;

import java.util.Objects;

import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveSpecification;
import software.amazon.awssdk.services.dynamodb.model.UpdateTimeToLiveRequest;

/**
 * The one place in code that defines Eddy's DynamoDB tables: the source table whose stream feeds the handler,
 * the projection table and the delivery ledger.
 *
 * <p>The local runtime creates its tables from these definitions and the Terraform contract tests compare the
 * Terraform configuration against them, so local and cloud cannot drift. Each definition is returned as a fresh
 * SDK {@link CreateTableRequest.Builder} (the caller may still rename the table), and time to live, which DynamoDB
 * configures with a separate call, as an {@link UpdateTimeToLiveRequest}.
 */
public final class EddyTables {

    /** Default name of the table whose stream Eddy reads. */
    public static final String SOURCE_TABLE = "RealTimeDataTable";
    /** Partition key of the source table (type S). */
    public static final String SOURCE_PARTITION_KEY = "id";
    /** Sort key of the source table (type N). */
    public static final String SOURCE_SORT_KEY = "timestamp";
    /** Time to live attribute of the source table (a number: epoch seconds). */
    public static final String SOURCE_TTL_ATTRIBUTE = "expiresAt";
    /** Stream view of the source table: Eddy needs both images to tell what changed. */
    public static final StreamViewType SOURCE_STREAM_VIEW = StreamViewType.NEW_AND_OLD_IMAGES;

    /** Partition key of the projection table (type S). */
    public static final String PROJECTION_PARTITION_KEY = "pk";
    /** Sort key of the projection table (type S). */
    public static final String PROJECTION_SORT_KEY = "sk";

    /** Partition key of the delivery ledger table (type S). */
    public static final String LEDGER_PARTITION_KEY = "id";
    /** Time to live attribute of the delivery ledger table (a number: epoch seconds). */
    public static final String LEDGER_TTL_ATTRIBUTE = "expiresAt";

    /** Billing mode of every Eddy table. */
    public static final BillingMode BILLING_MODE = BillingMode.PAY_PER_REQUEST;

    private EddyTables() {
    }

    /** The source table under its default name {@value #SOURCE_TABLE}. */
    public static CreateTableRequest.Builder sourceTable() {
        return sourceTable(SOURCE_TABLE);
    }

    /** The source table: {@code id} (S) hash, {@code timestamp} (N) range, stream with new and old images. */
    public static CreateTableRequest.Builder sourceTable(String tableName) {
        return CreateTableRequest.builder()
                .tableName(requireName(tableName))
                .billingMode(BILLING_MODE)
                .attributeDefinitions(
                        attribute(SOURCE_PARTITION_KEY, ScalarAttributeType.S),
                        attribute(SOURCE_SORT_KEY, ScalarAttributeType.N))
                .keySchema(
                        key(SOURCE_PARTITION_KEY, KeyType.HASH),
                        key(SOURCE_SORT_KEY, KeyType.RANGE))
                .streamSpecification(StreamSpecification.builder()
                        .streamEnabled(true)
                        .streamViewType(SOURCE_STREAM_VIEW)
                        .build());
    }

    /** Time to live of the source table, on attribute {@value #SOURCE_TTL_ATTRIBUTE}. */
    public static UpdateTimeToLiveRequest sourceTableTimeToLive(String tableName) {
        return timeToLive(tableName, SOURCE_TTL_ATTRIBUTE);
    }

    /** The projection table: {@code pk} (S) hash, {@code sk} (S) range, no stream. */
    public static CreateTableRequest.Builder projectionTable(String tableName) {
        return CreateTableRequest.builder()
                .tableName(requireName(tableName))
                .billingMode(BILLING_MODE)
                .attributeDefinitions(
                        attribute(PROJECTION_PARTITION_KEY, ScalarAttributeType.S),
                        attribute(PROJECTION_SORT_KEY, ScalarAttributeType.S))
                .keySchema(
                        key(PROJECTION_PARTITION_KEY, KeyType.HASH),
                        key(PROJECTION_SORT_KEY, KeyType.RANGE));
    }

    /** The delivery ledger table: {@code id} (S) hash, no stream. */
    public static CreateTableRequest.Builder ledgerTable(String tableName) {
        return CreateTableRequest.builder()
                .tableName(requireName(tableName))
                .billingMode(BILLING_MODE)
                .attributeDefinitions(attribute(LEDGER_PARTITION_KEY, ScalarAttributeType.S))
                .keySchema(key(LEDGER_PARTITION_KEY, KeyType.HASH));
    }

    /** Time to live of the ledger table, on attribute {@value #LEDGER_TTL_ATTRIBUTE}. */
    public static UpdateTimeToLiveRequest ledgerTableTimeToLive(String tableName) {
        return timeToLive(tableName, LEDGER_TTL_ATTRIBUTE);
    }

    private static UpdateTimeToLiveRequest timeToLive(String tableName, String attribute) {
        return UpdateTimeToLiveRequest.builder()
                .tableName(requireName(tableName))
                .timeToLiveSpecification(TimeToLiveSpecification.builder()
                        .enabled(true)
                        .attributeName(attribute)
                        .build())
                .build();
    }

    private static AttributeDefinition attribute(String name, ScalarAttributeType type) {
        return AttributeDefinition.builder().attributeName(name).attributeType(type).build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }

    private static String requireName(String tableName) {
        Objects.requireNonNull(tableName, "tableName");
        if (!tableName.matches("[a-zA-Z0-9_.-]{3,255}")) {
            throw new IllegalArgumentException("Invalid DynamoDB table name '" + tableName
                    + "': use 3 to 255 characters from a-z, A-Z, 0-9, '_', '-' and '.'");
        }
        return tableName;
    }
}
