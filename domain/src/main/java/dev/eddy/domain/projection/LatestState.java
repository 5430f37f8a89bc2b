package dev.eddy.domain.projection;

import dev.eddy.domain.Change;
import dev.eddy.domain.Item;
import dev.eddy.domain.Value;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Per partition key, the latest item with selected and renamed attributes: "current reading per
 * sensor". The projection item is {@code pk = <name>#<partition key value>}, {@code sk = latest}.
 *
 * <ul>
 *   <li>Created or Updated: each selected source attribute is set under its target name, or removed
 *       when the new image lacks it; a deletion mark is cleared. An update that changes none of the
 *       selected attributes (nor the partition key) writes nothing.</li>
 *   <li>Deleted: {@link #onDelete()}; Expired: {@link #onExpire()}: remove the item, or keep it and
 *       mark it ({@link RemovalPolicy#MARK}).</li>
 * </ul>
 *
 * <p>When several source items share a partition key value (a sensor's readings under key
 * {@code id + timestamp}), the item holds the latest write of any of them, and records which one in
 * {@code source}. Only a delete or expiry of that source item removes or marks it: an old reading
 * that expires leaves the current one alone.
 *
 * @param attributes source attribute name to target attribute name, in order
 */
public record LatestState(String name, String partitionKey, Map<String, String> attributes,
                          RemovalPolicy onDelete, RemovalPolicy onExpire) implements ProjectionSpec {
    public static final String SORT_KEY = "latest";

    public LatestState {
        Keys.requireName(name, "projection name");
        Keys.requireName(partitionKey, "partitionKey");
        Objects.requireNonNull(attributes, "attributes");
        attributes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        Set<String> targets = new HashSet<>();
        for (Map.Entry<String, String> e : attributes.entrySet()) {
            Keys.requireName(e.getKey(), "source attribute name");
            Keys.requireName(e.getValue(), "target name of " + e.getKey());
            if (ProjectionAttributes.RESERVED.contains(e.getValue())) {
                throw new IllegalArgumentException("target name " + e.getValue() + " of " + e.getKey()
                        + " is reserved; reserved are " + new java.util.TreeSet<>(ProjectionAttributes.RESERVED));
            }
            if (!targets.add(e.getValue())) {
                throw new IllegalArgumentException("target name " + e.getValue() + " is used twice");
            }
        }
        Objects.requireNonNull(onDelete, "onDelete");
        Objects.requireNonNull(onExpire, "onExpire");
    }

    @Override
    public ProjectionResult project(Change change) {
        return switch (change.kind()) {
            case CREATED, UPDATED -> write(change);
            case DELETED -> removal(change, onDelete, "deleted");
            case EXPIRED -> removal(change, onExpire, "expired");
        };
    }

    private ProjectionResult write(Change change) {
        Optional<Item> image = change.newImage();
        if (image.isEmpty()) {
            return ProjectionResult.skipped("projection " + name + ": the record has no NEW image");
        }
        if (change instanceof Change.Updated && change.oldImage().isPresent()
                && irrelevant(change.oldImage().get(), image.get())) {
            return ProjectionResult.NOTHING;
        }
        Keys.Rendered key = Keys.render(name, partitionKey, Keys.lookup(partitionKey, image, change));
        if (!key.ok()) {
            return ProjectionResult.skipped(key.problem());
        }
        Map<String, Value> set = new HashMap<>();
        Set<String> remove = new HashSet<>();
        Map<String, Value> values = image.get().attributes();
        attributes.forEach((source, target) -> {
            Value value = values.get(source);
            if (value != null) {
                set.put(target, value);
            } else {
                remove.add(target);
            }
        });
        set.put(ProjectionAttributes.PROJECTION, Value.of(name));
        set.put(ProjectionAttributes.KEY, Value.of(key.value()));
        set.put(ProjectionAttributes.UPDATED_AT, Keys.iso(change.source().approximateCreationTime()));
        set.put(ProjectionAttributes.SOURCE, Keys.sourceKey(change));
        remove.add(ProjectionAttributes.REMOVED);
        remove.add(ProjectionAttributes.REMOVED_AT);
        return new ProjectionResult(List.of(new ProjectionUpdate.Upsert(name, target(key.value()),
                change.source().sequence(), set, remove, Map.of(), Map.of(), Map.of())), List.of());
    }

    /**
     * True when an update changed neither a selected attribute nor the partition key: each is equal
     * in both images, or absent from both (what {@link dev.eddy.domain.Diff} would say of them).
     */
    private boolean irrelevant(Item before, Item after) {
        if (changed(partitionKey, before, after)) {
            return false;
        }
        for (String source : attributes.keySet()) {
            if (changed(source, before, after)) {
                return false;
            }
        }
        return true;
    }

    private static boolean changed(String attribute, Item before, Item after) {
        return !Objects.equals(before.attributes().get(attribute), after.attributes().get(attribute));
    }

    private ProjectionResult removal(Change change, RemovalPolicy policy, String how) {
        Keys.Rendered key = Keys.render(name, partitionKey, Keys.lookup(partitionKey, change.oldImage(), change));
        if (!key.ok()) {
            return ProjectionResult.skipped(key.problem());
        }
        Map<String, Value> current = Map.of(ProjectionAttributes.SOURCE, Keys.sourceKey(change));
        ProjectionUpdate update = switch (policy) {
            case REMOVE -> new ProjectionUpdate.Removal(name, target(key.value()), change.source().sequence(), current);
            case MARK -> {
                Value.Str when = Keys.iso(change.source().approximateCreationTime());
                yield new ProjectionUpdate.Upsert(name, target(key.value()), change.source().sequence(),
                        Map.of(ProjectionAttributes.PROJECTION, Value.of(name),
                                ProjectionAttributes.KEY, Value.of(key.value()),
                                ProjectionAttributes.UPDATED_AT, when,
                                ProjectionAttributes.REMOVED, Value.of(how),
                                ProjectionAttributes.REMOVED_AT, when),
                        Set.of(), Map.of(), Map.of(), Map.of(), current);
            }
        };
        return new ProjectionResult(List.of(update), List.of());
    }

    private TargetKey target(String renderedKey) {
        return new TargetKey(Keys.pk(name, renderedKey), SORT_KEY);
    }
}
