package dev.eddy.bootstrap.lambda;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import dev.eddy.adapters.aws.observability.Observability;
import dev.eddy.adapters.aws.stream.DynamodbEventMapper;
import dev.eddy.application.StreamRecord;
import dev.eddy.application.pipeline.ChangeStep;
import dev.eddy.application.pipeline.Channel;
import dev.eddy.application.port.in.ProcessChangeBatchUseCase;
import dev.eddy.application.port.out.DeliveryLedger;
import dev.eddy.application.port.out.NotificationPublisher;
import dev.eddy.application.service.LogChangeStep;
import dev.eddy.application.service.NotificationDelivery;
import dev.eddy.application.service.ProcessChangeBatchService;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * What the function is made of, from its configuration: the steps, in order; a publisher per
 * configured channel; the delivery ledger. A feature adds one line in {@link #steps()} and, if
 * it publishes, one in {@link #publishers()}.
 */
final class EddyWiring {
    private final Configuration configuration;
    private final Observability observability;
    private final Clock clock;
    @SuppressWarnings("unused") // the features that talk to AWS use it
    private final AwsClients aws;

    EddyWiring(Configuration configuration, Observability observability, Clock clock) {
        this.configuration = Objects.requireNonNull(configuration, "configuration");
        this.observability = Objects.requireNonNull(observability, "observability");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.aws = new AwsClients(configuration);
    }

    /** The steps every change goes through, in order. */
    List<ChangeStep> steps() {
        List<ChangeStep> steps = new ArrayList<>();
        steps.add(new LogChangeStep(observability.journal()));
        // alerts, change events and projections add their step here
        return steps;
    }

    /** The publisher of each channel that has one; notifications for the others fail, naming their setting. */
    Map<Channel, NotificationPublisher> publishers() {
        Map<Channel, NotificationPublisher> publishers = new EnumMap<>(Channel.class);
        // the SNS publishers add themselves here when their topic ARN is configured
        return publishers;
    }

    DeliveryLedger ledger() {
        return DeliveryLedger.NONE;
    }

    Function<DynamodbEvent, List<StreamRecord>> mapper() {
        return new DynamodbEventMapper()::map;
    }

    ProcessChangeBatchUseCase useCase() {
        return useCase(steps());
    }

    /** The batch use case over these steps, with the configured channels, ledger and time margin. */
    ProcessChangeBatchUseCase useCase(List<ChangeStep> steps) {
        ChannelRouter router = new ChannelRouter(publishers());
        return new ProcessChangeBatchService(steps, new NotificationDelivery(router, ledger()),
                observability.events(), clock, configuration.timeoutSafetyMargin(),
                router.handles(Channel.DEAD_LETTERS));
    }

    StreamHandler handler() {
        return new StreamHandler(useCase(), mapper(), observability.logger());
    }
}
