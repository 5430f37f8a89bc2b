package dev.eddy.application.projection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.application.fakes.InMemoryProjectionStore;
import dev.eddy.application.pipeline.EffectFailure;
import dev.eddy.application.pipeline.Notification;
import dev.eddy.domain.Change;
import dev.eddy.domain.Item;
import dev.eddy.domain.ItemKey;
import dev.eddy.domain.SourcePosition;
import dev.eddy.domain.StreamView;
import dev.eddy.domain.Value;
import dev.eddy.domain.projection.Bucket;
import dev.eddy.domain.projection.BucketSize;
import dev.eddy.domain.projection.EpochUnit;
import dev.eddy.domain.projection.LatestState;
import dev.eddy.domain.projection.RemovalPolicy;
import dev.eddy.domain.projection.RunningAggregate;
import dev.eddy.domain.projection.TargetKey;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ApplyProjectionsStepTest {
    private final InMemoryProjectionStore store = new InMemoryProjectionStore();
    private final List<String> skipped = new ArrayList<>();
    private final List<String> replayed = new ArrayList<>();
    private final List<Notification> notifications = new ArrayList<>();
    private final ApplyProjectionsStep step = new ApplyProjectionsStep(List.of(
            new LatestState("latest", "id", Map.of("temperature", "temperature"), RemovalPolicy.MARK, RemovalPolicy.MARK),
            new RunningAggregate("hourly", "id", Optional.of(new Bucket("timestamp", BucketSize.HOUR, EpochUnit.SECONDS)),
                    List.of("temperature"))),
            store, new ProjectionEvents() {
                @Override
                public void skipped(Change change, String reason) {
                    skipped.add(reason);
                }

                @Override
                public void alreadyApplied(Change change, String projection) {
                    replayed.add(projection);
                }
            });

    private static Change reading(long sequence, long timestamp, String temperature) {
        Item item = Item.of(Map.of("id", Value.of("s1"), "timestamp", Value.number(Long.toString(timestamp)),
                "temperature", Value.number(temperature)));
        return new Change.Created(new SourcePosition("e" + sequence, "RealTimeDataTable", "1000000000000000000" + sequence,
                Instant.EPOCH, 10, StreamView.NEW_AND_OLD_IMAGES),
                ItemKey.of(Map.of("id", Value.of("s1"), "timestamp", Value.number(Long.toString(timestamp)))),
                Optional.of(item));
    }

    @Test
    void replayedChangesAreNotCountedTwice() {
        List<Change> batch = List.of(reading(1, 1763931600, "20"), reading(2, 1763931660, "22"), reading(3, 1763931720, "21"));
        batch.forEach(c -> step.apply(c, notifications::add));
        batch.forEach(c -> step.apply(c, notifications::add));

        Map<String, Object> hour = store.item(new TargetKey("hourly#s1", "2025-11-23T21:00:00Z")).orElseThrow();
        assertEquals(new BigDecimal("3"), hour.get("temperature_count"));
        assertEquals(new BigDecimal("63"), hour.get("temperature_sum"));
        assertEquals(new BigDecimal("20"), hour.get("temperature_min"));
        assertEquals(new BigDecimal("22"), hour.get("temperature_max"));
        assertEquals(new BigDecimal("21"), hour.get("temperature_last"));
        assertEquals(6, replayed.size());
        assertTrue(notifications.isEmpty(), "projections notify nobody");
    }

    @Test
    void throttlingIsRetryableAndAnOversizedItemIsPermanent() {
        store.failNext(new ProjectionStoreException("throttled", true, null));
        EffectFailure retry = assertThrows(EffectFailure.class, () -> step.apply(reading(1, 1763931600, "20"), notifications::add));
        assertTrue(retry.retryable());

        store.failNext(new ProjectionStoreException("item too large", false, null));
        EffectFailure permanent = assertThrows(EffectFailure.class, () -> step.apply(reading(1, 1763931600, "20"), notifications::add));
        assertFalse(permanent.retryable());
        assertTrue(permanent.getMessage().contains("projection latest") && !permanent.getMessage().contains("s1"),
                permanent.getMessage());
    }

    /** A retry cannot cure a permanent failure, so the other projections must not wait for it. */
    @Test
    void aPermanentFailureOfOneProjectionStillAppliesTheOthers() {
        store.failNext(new ProjectionStoreException("item too large", false, null));

        EffectFailure failure = assertThrows(EffectFailure.class, () -> step.apply(reading(1, 1763931600, "20"),
                notifications::add));

        assertFalse(failure.retryable());
        assertTrue(failure.getMessage().startsWith("projection latest could not apply change e1"), failure.getMessage());
        assertTrue(store.item(new TargetKey("latest#s1", "latest")).isEmpty(), "the failed projection");
        assertEquals(BigDecimal.ONE, store.item(new TargetKey("hourly#s1", "2025-11-23T21:00:00Z")).orElseThrow()
                .get("temperature_count"), "the other one, applied once");
    }

    @Test
    void aRetryableFailureStopsTheRecordAtOnce() {
        store.failNext(new ProjectionStoreException("throttled", true, null));

        assertTrue(assertThrows(EffectFailure.class, () -> step.apply(reading(1, 1763931600, "20"), notifications::add))
                .retryable());
        assertTrue(store.item(new TargetKey("hourly#s1", "2025-11-23T21:00:00Z")).isEmpty(),
                "a retry applies the rest; nothing after the failure now");
    }

    @Test
    void aRetryAfterAFailureAppliesWhatWasMissing() {
        Change change = reading(1, 1763931600, "20");
        store.apply(new LatestState("latest", "id", Map.of("temperature", "temperature"), RemovalPolicy.MARK,
                RemovalPolicy.MARK).project(change).updates().get(0));

        step.apply(change, notifications::add);

        assertEquals(List.of("latest"), replayed);
        assertEquals(BigDecimal.ONE, store.item(new TargetKey("hourly#s1", "2025-11-23T21:00:00Z")).orElseThrow()
                .get("temperature_count"));
    }

    @Test
    void skipReasonsAreReported() {
        Change noTemperature = new Change.Created(reading(1, 1, "1").source(), ItemKey.of(Map.of("id", Value.of("s1"))),
                Optional.of(Item.of(Map.of("id", Value.of("s1"), "timestamp", Value.of("soon")))));

        step.apply(noTemperature, notifications::add);

        assertEquals(List.of("projection hourly: bucket attribute timestamp is S, not a number of epoch seconds"), skipped);
    }

    @Test
    void duplicateProjectionNamesAreRejected() {
        LatestState latest = new LatestState("same", "id", Map.of(), RemovalPolicy.MARK, RemovalPolicy.MARK);
        assertThrows(IllegalArgumentException.class,
                () -> new ApplyProjectionsStep(List.of(latest, latest), store, ProjectionEvents.NONE));
    }
}
