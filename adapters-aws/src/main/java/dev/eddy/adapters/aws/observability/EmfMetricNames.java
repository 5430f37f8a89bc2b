package dev.eddy.adapters.aws.observability;

/**
 * The CloudWatch names Eddy's metrics are published under, with Embedded Metric Format. Dashboards
 * and alarms (Terraform) depend on these exact strings.
 */
public final class EmfMetricNames {
    public static final String NAMESPACE = "Eddy";

    /** On every metric: the Lambda function's name. */
    public static final String DIMENSION_FUNCTION_NAME = "FunctionName";
    /** On {@link #RECORDS} only, alongside {@link #DIMENSION_FUNCTION_NAME}: CREATED, UPDATED, DELETED, EXPIRED. */
    public static final String DIMENSION_CHANGE_KIND = "ChangeKind";

    /** Records processed, by change kind (Count). */
    public static final String RECORDS = "Records";
    /** Records reported as failed to the stream: 0 or 1 per batch (Count). */
    public static final String RECORDS_FAILED = "RecordsFailed";
    /** Records sent whole to the dead-letter channel (Count). */
    public static final String RECORDS_QUARANTINED = "RecordsQuarantined";
    /** Alerts that reached the alert topic (Count). */
    public static final String ALERTS_PUBLISHED = "AlertsPublished";
    /** Change events that reached the change topic (Count). */
    public static final String CHANGE_EVENTS_PUBLISHED = "ChangeEventsPublished";
    /**
     * Warnings that a guarantee was weakened ({@code degraded} log lines: notifications delivered but
     * not recorded in the ledger, a safety margin above the batch's time), since the last batch's
     * metrics (Count).
     */
    public static final String DEGRADED = "Degraded";
    /** Time to process one batch (Milliseconds). */
    public static final String BATCH_DURATION = "BatchDuration";
    /** Age of the oldest record in the batch at the end of the batch: how far behind the stream the function is (Milliseconds). */
    public static final String OLDEST_RECORD_AGE = "OldestRecordAge";

    public static final String UNIT_COUNT = "Count";
    public static final String UNIT_MILLISECONDS = "Milliseconds";

    private EmfMetricNames() {
    }
}
