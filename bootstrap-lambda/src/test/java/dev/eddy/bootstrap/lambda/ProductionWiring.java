package dev.eddy.bootstrap.lambda;

import dev.eddy.adapters.aws.dynamodb.DynamoDbLedgerClient;
import dev.eddy.adapters.aws.observability.Observability;
import dev.eddy.adapters.aws.sns.SnsPublishBatchClient;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Opens the composition root to the end-to-end tests (package {@code e2e}): the handler is built
 * as {@link StreamHandler#fromEnvironment} builds it (configuration, observability at the configured
 * log level, {@code EddyWiring}), except that the AWS clients are the ones given (pointed at loopback
 * servers) instead of the SDK's defaults, and that the start's log-level warnings and the SnapStart
 * registration are left out.
 */
public final class ProductionWiring {
    private ProductionWiring() {
    }

    /**
     * {@code Configuration.from(environment)}, then {@code new EddyWiring(...)} with these clients,
     * then {@code handler()}.
     *
     * @throws ConfigurationException as the start in Lambda would
     */
    public static StreamHandler handler(Map<String, String> environment, PrintStream out, Clock clock,
                                        SnsPublishBatchClient sns, DynamoDbClient dynamoDb) {
        Configuration configuration = Configuration.from(environment);
        Observability observability = Observability.to(out, clock, configuration.functionName(),
                configuration.logItemValues(), configuration.logLevel());
        return new EddyWiring(configuration, observability, clock, new GivenClients(configuration, sns, dynamoDb))
                .handler();
    }

    /** The start Lambda runs, through {@code StreamHandler.fromEnvironment}, with the SDK's own clients. */
    public static StreamHandler fromEnvironment(Map<String, String> environment, PrintStream out) {
        return StreamHandler.fromEnvironment(environment, out);
    }

    /** The production {@link AwsClients}, handing out ready-made clients. */
    private static final class GivenClients extends AwsClients {
        private final SnsPublishBatchClient sns;
        private final DynamoDbClient dynamoDb;
        private DynamoDbLedgerClient ledger;

        GivenClients(Configuration configuration, SnsPublishBatchClient sns, DynamoDbClient dynamoDb) {
            super(configuration);
            this.sns = Objects.requireNonNull(sns, "sns");
            this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
        }

        @Override
        SnsPublishBatchClient sns() {
            return sns;
        }

        @Override
        DynamoDbClient dynamoDb() {
            return dynamoDb;
        }

        /** The ledger's own client, for the given DynamoDB client's endpoint, region and credentials, as the local runtime's. */
        @Override
        DynamoDbLedgerClient ledger() {
            if (ledger == null) {
                ledger = ledgerLike(dynamoDb);
            }
            return ledger;
        }
    }
}
