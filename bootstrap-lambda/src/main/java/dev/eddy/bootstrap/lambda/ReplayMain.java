package dev.eddy.bootstrap.lambda;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.eddy.adapters.aws.observability.StandardStreams;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Replays a saved Lambda DynamoDB stream event through the same {@link StreamHandler}, configured
 * from the same environment variables:
 *
 * <pre>java -cp bootstrap-lambda/target/eddy-lambda.jar dev.eddy.bootstrap.lambda.ReplayMain event.json</pre>
 *
 * <p>Standard output gets the function's JSON log lines (one per change with
 * {@code AWS_LAMBDA_LOG_LEVEL=DEBUG}, then the batch summary and its EMF metrics) and, last, the
 * batch response the event source mapping would receive.
 * Exit status: 0 when the batch succeeded, 1 when a record failed, 2 on bad usage or input.
 */
public final class ReplayMain {
    private static final Duration TIMEOUT = Duration.ofMinutes(1);

    private ReplayMain() {
    }

    public static void main(String[] args) {
        int status = run(args);
        if (status != 0) {
            System.exit(status);
        }
    }

    static int run(String[] args) {
        if (args.length != 1) {
            StandardStreams.err().println("usage: java -cp eddy-lambda.jar " + ReplayMain.class.getName()
                    + " <lambda-dynamodb-event.json>   (AWS_LAMBDA_LOG_LEVEL=DEBUG adds a line per change)");
            return 2;
        }
        DynamodbEvent event;
        try {
            event = LambdaEventJson.read(Files.readString(Path.of(args[0]), StandardCharsets.UTF_8));
        } catch (IOException | IllegalArgumentException e) {
            StandardStreams.err().println("cannot read " + args[0] + ": " + e.getMessage());
            return 2;
        }
        StreamHandler handler;
        try {
            handler = new StreamHandler();
        } catch (ConfigurationException e) {
            StandardStreams.err().println(e.getMessage());
            return 2;
        }
        String functionName = System.getenv().getOrDefault(Configuration.AWS_LAMBDA_FUNCTION_NAME,
                Configuration.LOCAL_FUNCTION_NAME);
        StreamsEventResponse response = handler.handleRequest(event, new ReplayContext(functionName, TIMEOUT));
        StandardStreams.out().println(LambdaEventJson.write(response));
        return response.getBatchItemFailures().isEmpty() ? 0 : 1;
    }
}
