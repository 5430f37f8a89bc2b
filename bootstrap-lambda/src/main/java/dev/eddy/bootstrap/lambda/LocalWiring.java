package dev.eddy.bootstrap.lambda;

import dev.eddy.adapters.aws.observability.Observability;
import dev.eddy.application.pipeline.Channel;
import dev.eddy.application.port.out.NotificationPublisher;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The entry the local runtime ({@code bootstrap-local}) uses to build the very {@link StreamHandler}
 * Lambda runs, through the same {@link EddyWiring}, from the same settings, with two parts given
 * from outside: the DynamoDB client (pointed at the local endpoint; the ledger's own client goes to
 * the same endpoint with the same credentials) and the publisher of the channels that have a topic.
 * Lambda never calls this; its path is {@link StreamHandler#StreamHandler()}.
 */
public final class LocalWiring {
    private LocalWiring() {
    }

    /**
     * Wires the handler.
     *
     * @param environment      the settings, by the names of {@link Setting} (plus AWS_REGION,
     *                         AWS_LAMBDA_FUNCTION_NAME)
     * @param log              where the function's JSON log lines and EMF metrics go
     * @param dynamoDb         the client for the projection table, with an endpoint override, whose
     *                         endpoint, region and credentials the ledger's client takes
     * @param publisherFactory builds the publisher of the channels that have a topic, given channel
     *                         to topic ARN
     * @throws ConfigurationException naming every setting that is wrong
     */
    public static StreamHandler handler(Map<String, String> environment, PrintStream log, DynamoDbClient dynamoDb,
                                        Function<Map<Channel, String>, NotificationPublisher> publisherFactory) {
        Objects.requireNonNull(dynamoDb, "dynamoDb");
        Objects.requireNonNull(publisherFactory, "publisherFactory");
        Configuration configuration = Configuration.from(environment);
        Observability observability = Observability.to(log, Clock.systemUTC(), configuration.functionName(),
                configuration.logItemValues(), configuration.logLevel());
        StreamHandler.warnAboutTheLogLevel(configuration, observability.logger());
        return new EddyWiring(configuration, observability, Clock.systemUTC(),
                new AwsClients(configuration, null, dynamoDb), publisherFactory).handler();
    }
}
