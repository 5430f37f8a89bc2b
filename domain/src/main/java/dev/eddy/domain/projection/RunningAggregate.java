package dev.eddy.domain.projection;

import dev.eddy.domain.Change;
import dev.eddy.domain.Item;
import dev.eddy.domain.Value;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Per partition key, and optionally per time bucket, the count, sum, minimum, maximum and last value
 * of numeric attributes: "hourly temperature stats per sensor", "clicks per user per day".
 *
 * <p>The projection item is {@code pk = <name>#<partition key value>} and {@code sk} = the bucket
 * start as an ISO-8601 UTC instant ({@code 2026-11-24T21:00:00Z}), or {@code all} without a bucket.
 * For each value attribute {@code v} it holds {@code v_count}, {@code v_sum}, {@code v_min},
 * {@code v_max} and {@code v_last}.
 *
 * <ul>
 *   <li>Created: each numeric value counts once: count + 1, sum + v, min, max, last = v.</li>
 *   <li>Updated: {@link #onUpdate()}, see {@link UpdateSemantics} (default: the sum moves by the
 *       difference; a move to another partition key or bucket moves the contribution).</li>
 *   <li>Deleted: {@link #onDelete()}, see {@link DeleteSemantics} (default: keep).</li>
 *   <li>Expired: never changes the aggregate. History does not change because an item aged out.</li>
 * </ul>
 *
 * <p>A missing value is not counted. A value of another type (a string where a number is needed) is
 * not counted either, and the result says so in a skip reason that names the attribute and type.
 * An item without a usable partition key or bucket time is skipped with a reason. Minimum and maximum
 * only ever widen: a correction or retraction does not undo an extreme once seen.
 */
public record RunningAggregate(String name, String partitionKey, Optional<Bucket> bucket, List<String> values,
                               UpdateSemantics onUpdate, DeleteSemantics onDelete) implements ProjectionSpec {
    /** The sort key of an aggregate without a time bucket. */
    public static final String ALL = "all";

    public RunningAggregate {
        Keys.requireName(name, "projection name");
        Keys.requireName(partitionKey, "partitionKey");
        Objects.requireNonNull(bucket, "bucket");
        values = List.copyOf(values);
        if (values.isEmpty()) {
            throw new IllegalArgumentException("values is empty; name at least one numeric attribute");
        }
        Set<String> seen = new HashSet<>();
        for (String value : values) {
            Keys.requireName(value, "value attribute name");
            if (!seen.add(value)) {
                throw new IllegalArgumentException("value " + value + " is listed twice");
            }
        }
        Objects.requireNonNull(onUpdate, "onUpdate");
        Objects.requireNonNull(onDelete, "onDelete");
    }

    /** With the default semantics: updates move the sum by the difference, deletes keep. */
    public RunningAggregate(String name, String partitionKey, Optional<Bucket> bucket, List<String> values) {
        this(name, partitionKey, bucket, values, UpdateSemantics.DELTA, DeleteSemantics.KEEP);
    }

    @Override
    public ProjectionResult project(Change change) {
        return switch (change.kind()) {
            case CREATED -> created(change);
            case UPDATED -> onUpdate == UpdateSemantics.DELTA ? delta(change) : reading(change);
            case DELETED -> onDelete == DeleteSemantics.RETRACT ? retract(change) : ProjectionResult.NOTHING;
            case EXPIRED -> ProjectionResult.NOTHING;
        };
    }

    private ProjectionResult created(Change change) {
        List<String> skipped = new ArrayList<>();
        Contribution now = contribution(change, change.newImage(), "NEW", skipped);
        if (now == null) {
            return new ProjectionResult(List.of(), skipped);
        }
        Builder update = new Builder(change, now.target);
        now.numbers.forEach(update::reading);
        return new ProjectionResult(update.build(), skipped);
    }

    private ProjectionResult reading(Change change) {
        List<String> skipped = new ArrayList<>();
        Contribution now = contribution(change, change.newImage(), "NEW", skipped);
        if (now == null) {
            return new ProjectionResult(List.of(), skipped);
        }
        // A value counts when it changed, or when it lands in another item or bucket than the old
        // image's: there it is that item's first reading of it, changed or not.
        Contribution before = contribution(change, change.oldImage(), "OLD", new ArrayList<>());
        Map<String, BigDecimal> unchangedFrom = before != null && before.target.equals(now.target) ? before.numbers : Map.of();
        Builder update = new Builder(change, now.target);
        now.numbers.forEach((value, number) -> {
            BigDecimal old = unchangedFrom.get(value);
            if (old == null || old.compareTo(number) != 0) {
                update.reading(value, number);
            }
        });
        return new ProjectionResult(update.build(), skipped);
    }

    private ProjectionResult delta(Change change) {
        List<String> skipped = new ArrayList<>();
        if (change.oldImage().isEmpty()) {
            return ProjectionResult.skipped("projection " + name
                    + ": the update has no OLD image, which correcting an aggregate needs (stream view NEW_AND_OLD_IMAGES)");
        }
        Contribution before = contribution(change, change.oldImage(), "OLD", new ArrayList<>());
        Contribution now = contribution(change, change.newImage(), "NEW", skipped);
        List<ProjectionUpdate> updates = new ArrayList<>();
        if (before != null && now != null && before.target.equals(now.target)) {
            Builder update = new Builder(change, now.target);
            for (String value : values) {
                BigDecimal old = before.numbers.get(value);
                BigDecimal number = now.numbers.get(value);
                if (old == null && number == null) {
                    continue;
                }
                if (old == null) {
                    update.reading(value, number);
                } else if (number == null) {
                    update.retraction(value, old);
                } else if (old.compareTo(number) != 0) {
                    update.correction(value, old, number);
                }
            }
            updates.addAll(update.build());
        } else {
            if (before != null) {
                Builder retraction = new Builder(change, before.target);
                before.numbers.forEach(retraction::retraction);
                updates.addAll(retraction.build());
            }
            if (now != null) {
                Builder reading = new Builder(change, now.target);
                now.numbers.forEach(reading::reading);
                updates.addAll(reading.build());
            }
        }
        return new ProjectionResult(updates, skipped);
    }

    private ProjectionResult retract(Change change) {
        List<String> skipped = new ArrayList<>();
        Contribution before = contribution(change, change.oldImage(), "OLD", skipped);
        if (before == null) {
            return new ProjectionResult(List.of(), skipped);
        }
        Builder retraction = new Builder(change, before.target);
        before.numbers.forEach(retraction::retraction);
        return new ProjectionResult(retraction.build(), skipped);
    }

    /** Where an image counts and with which numbers; null (with a reason) when it cannot count. */
    private Contribution contribution(Change change, Optional<Item> image, String role, List<String> skipped) {
        if (image.isEmpty()) {
            skipped.add("projection " + name + ": the record has no " + role + " image");
            return null;
        }
        Keys.Rendered key = Keys.render(name, partitionKey, Keys.lookup(partitionKey, image, change));
        if (!key.ok()) {
            skipped.add(key.problem());
            return null;
        }
        String sk = ALL;
        if (bucket.isPresent()) {
            Bucket b = bucket.get();
            Optional<Value> time = Keys.lookup(b.attribute(), image, change);
            if (time.isEmpty()) {
                skipped.add("projection " + name + ": bucket attribute " + b.attribute() + " is missing");
                return null;
            }
            Optional<Instant> start = b.startOf(time.get());
            if (start.isEmpty()) {
                skipped.add("projection " + name + ": bucket attribute " + b.attribute() + " is "
                        + time.get().typeDescriptor() + (time.get() instanceof Value.Num ? " out of the range of time"
                        : ", not a number of epoch " + b.unit().name().toLowerCase(java.util.Locale.ROOT)));
                return null;
            }
            sk = Keys.isoText(start.get());
        }
        return new Contribution(new TargetKey(Keys.pk(name, key.value()), sk), key.value(), numbers(image.get(), skipped));
    }

    private Map<String, BigDecimal> numbers(Item image, List<String> skipped) {
        Map<String, BigDecimal> numbers = new LinkedHashMap<>();
        for (String value : values) {
            Optional<Value> found = image.get(value);
            if (found.isEmpty() || found.get() instanceof Value.Null) {
                continue;
            }
            if (found.get() instanceof Value.Num num) {
                numbers.put(value, num.value());
            } else {
                skipped.add("projection " + name + ": value attribute " + value + " is "
                        + found.get().typeDescriptor() + ", not N; not counted");
            }
        }
        return numbers;
    }

    private record Contribution(TargetKey target, String key, Map<String, BigDecimal> numbers) {
    }

    /** Collects the parts of one upsert of one aggregate item. */
    private final class Builder {
        private final Change change;
        private final TargetKey target;
        private final Map<String, Value> set = new HashMap<>();
        private final Map<String, BigDecimal> add = new HashMap<>();
        private final Map<String, BigDecimal> minimums = new HashMap<>();
        private final Map<String, BigDecimal> maximums = new HashMap<>();

        Builder(Change change, TargetKey target) {
            this.change = change;
            this.target = target;
        }

        void reading(String value, BigDecimal number) {
            add.put(ProjectionAttributes.count(value), BigDecimal.ONE);
            add.put(ProjectionAttributes.sum(value), number);
            minimums.put(ProjectionAttributes.min(value), number);
            maximums.put(ProjectionAttributes.max(value), number);
            set.put(ProjectionAttributes.last(value), Value.of(number));
        }

        void correction(String value, BigDecimal old, BigDecimal number) {
            add.put(ProjectionAttributes.sum(value), number.subtract(old));
            minimums.put(ProjectionAttributes.min(value), number);
            maximums.put(ProjectionAttributes.max(value), number);
            set.put(ProjectionAttributes.last(value), Value.of(number));
        }

        void retraction(String value, BigDecimal old) {
            add.put(ProjectionAttributes.count(value), BigDecimal.ONE.negate());
            add.put(ProjectionAttributes.sum(value), old.negate());
        }

        List<ProjectionUpdate> build() {
            if (add.isEmpty() && set.isEmpty()) {
                return List.of();
            }
            set.put(ProjectionAttributes.PROJECTION, Value.of(name));
            set.put(ProjectionAttributes.KEY, Value.of(target.pk().substring(name.length() + 1)));
            set.put(ProjectionAttributes.UPDATED_AT, Keys.iso(change.source().approximateCreationTime()));
            return List.of(new ProjectionUpdate.Upsert(name, target, change.source().sequence(), set, Set.of(),
                    add, minimums, maximums));
        }
    }
}
