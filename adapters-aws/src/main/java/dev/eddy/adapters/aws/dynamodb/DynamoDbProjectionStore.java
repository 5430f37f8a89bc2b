package dev.eddy.adapters.aws.dynamodb;

import dev.eddy.application.projection.ProjectionStore;
import dev.eddy.application.projection.ProjectionStoreException;
import dev.eddy.domain.Value;
import dev.eddy.domain.projection.ProjectionAttributes;
import dev.eddy.domain.projection.ProjectionUpdate;
import dev.eddy.domain.projection.TargetKey;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * Projection items in a DynamoDB table with key {@code pk} (S), {@code sk} (S).
 *
 * <h2>Exactly once, without a ledger</h2>
 * Every write carries the guard {@code attribute_not_exists(lastSequence) OR lastSequence < :seq}
 * and sets {@code lastSequence = :seq} in the same atomic request. A redelivered record fails the
 * condition and is reported {@link Applied#ALREADY_APPLIED}: no ledger lookup, one request.
 * See {@link #guard} for how sequence numbers are compared and what the guard relies on.
 *
 * <h2>Minimum and maximum</h2>
 * An update expression has no {@code min()}. The design, with the fewest calls:
 * <ol>
 *   <li>One UpdateItem does everything guarded: {@code ADD} counts and sums, {@code SET} last values
 *       and attributes, {@code SET v_min = if_not_exists(v_min, :v)} (so the first reading of an item
 *       sets its extremes), {@code lastSequence}; {@code ReturnValues=ALL_NEW} when the update has
 *       extremes.</li>
 *   <li>Only when the returned item shows a stored minimum above the value (or maximum below), a second
 *       UpdateItem lowers (raises) it under {@code v_min > :v}. A minimum is idempotent: applying it
 *       twice changes nothing, so it needs no sequence guard.</li>
 *   <li>If the record is retried after step 1 but before step 2 (a crash, a throttled step 2), step 1
 *       is {@code ALREADY_APPLIED}; the store then re-applies the extremes: a consistent GetItem, and a
 *       step-2 UpdateItem only if one is still missing. Nothing is lost, nothing counted twice.</li>
 * </ol>
 * <b>DynamoDB calls per batch</b> = Σ over records and configured projections of (1 + 1 if the value is
 * a new minimum or maximum of an existing item), + (1 GetItem + at most 1 UpdateItem) per replayed
 * aggregate update. A change a projection ignores (an expiry for an aggregate, an update of unselected
 * attributes for latest state) costs nothing. For a reading per minute, hourly buckets take a new
 * extreme in about 2·ln(60)/60 ≈ 14 % of readings.
 *
 * <h2>Removal and replay</h2>
 * {@code REMOVE} deletes the item under the same guard; a deleted item forgets its
 * {@code lastSequence}. When a batch with an item's create and delete is replayed, the replayed create
 * may recreate the item for a moment; the replayed delete that follows it in the stream removes it
 * again, so the end state is right. A re-drive of an older record after the delete (no replayed delete follows
 * it) recreates the item for good. Readers that must never see either choose {@code MARK}, which keeps
 * the item (and its guard) as a tombstone.
 *
 * <h2>Failures</h2>
 * A conditional check that fails is a replay (or, for a latest-state removal with an expected
 * {@code source}, a removal of a source item the projection no longer reflects): success. Throttling, 5xx, timeouts and I/O errors are
 * retryable; so are a missing table, a missing permission and a table whose key is not {@code pk}/{@code sk}
 * of type S, which an operator can fix. Any other ValidationException (an item over 400 KB, a sum beyond
 * 38 digits) is permanent ({@link DynamoDbErrors}).
 *
 * <h2>IAM</h2>
 * {@code dynamodb:UpdateItem}, {@code dynamodb:DeleteItem}, {@code dynamodb:GetItem} on
 * {@code arn:aws:dynamodb:<region>:<account>:table/<PROJECTION_TABLE>}.
 */
final class DynamoDbProjectionStore implements ProjectionStore {
    /** Sequence numbers are stored as zero-padded strings of this width. See {@link #guard}. */
    static final int SEQUENCE_WIDTH = 40;
    private static final String GUARD = "attribute_not_exists(#seq) OR #seq < :seq";

    private final DynamoDbClient client;
    private final String table;

    DynamoDbProjectionStore(DynamoDbClient client, String table) {
        this.client = Objects.requireNonNull(client, "client");
        this.table = Objects.requireNonNull(table, "table");
    }

    @Override
    public Applied apply(ProjectionUpdate update) {
        try {
            if (update instanceof ProjectionUpdate.Removal removal) {
                return remove(removal);
            }
            return upsert((ProjectionUpdate.Upsert) update);
        } catch (SdkException e) {
            throw failure(e);
        }
    }

    /**
     * The guard value of a change. Stream sequence numbers are numeric strings of 21 to 40 digits:
     * more than the 38 digits a DynamoDB number holds exactly, so they cannot be stored as N. Zero-padded
     * to a fixed width of 40 they are strings whose lexicographic order (the order of {@code <} on S,
     * by UTF-8 bytes) is their numeric order; the guard compares them as the big integers they are.
     *
     * <p>The guard relies on the records for one projection item arriving in increasing sequence order.
     * DynamoDB Streams guarantee order per item within a shard, sequence numbers increase within a
     * shard, and Lambda finishes a parent shard before it reads its children after a split. Across a
     * split the guard also relies on the children's sequence numbers being higher than the parent's,
     * which is what DynamoDB does in practice but does not document; if a child started lower, its
     * first changes to an item already written from the parent would be taken for replays.
     *
     * <p>So it holds when every source item feeding one projection item lives in one partition: the
     * projection's {@code partitionKey} is the source table's partition key (a sensor's readings under
     * {@code id}). A projection keyed by another attribute ({@code userId} in a table keyed by click id)
     * gathers items from several shards, whose sequence numbers are not ordered against each other: a
     * change with a lower number from another shard would be taken for a replay and not counted. The
     * same can happen when DynamoDB splits a hot partition by sort key ("split for heat") and one
     * partition key's items land in two shards. Key aggregates by the source table's partition key.
     */
    static AttributeValue guard(BigInteger sequence) {
        String digits = sequence.toString();
        if (sequence.signum() < 0 || digits.length() > SEQUENCE_WIDTH) {
            throw new ProjectionStoreException("sequence number has " + digits.length()
                    + " digits; the guard holds at most " + SEQUENCE_WIDTH, false, null);
        }
        return AttributeValue.fromS("0".repeat(SEQUENCE_WIDTH - digits.length()) + digits);
    }

    private Applied remove(ProjectionUpdate.Removal removal) {
        Expression e = new Expression();
        String condition = condition(e, removal);
        try {
            client.deleteItem(DeleteItemRequest.builder().tableName(table).key(key(removal.key()))
                    .conditionExpression(condition)
                    .expressionAttributeNames(e.names)
                    .expressionAttributeValues(e.values)
                    .build());
            return Applied.APPLIED;
        } catch (ConditionalCheckFailedException replay) {
            return Applied.ALREADY_APPLIED;
        }
    }

    private Applied upsert(ProjectionUpdate.Upsert upsert) {
        Expression e = new Expression();
        List<String> sets = new ArrayList<>();
        List<String> adds = new ArrayList<>();
        List<String> removes = new ArrayList<>();
        sets.add("#seq = :seq");
        upsert.set().forEach((name, value) -> sets.add(e.name(name) + " = " + e.value(AttributeValues.of(value))));
        upsert.minimums().forEach((name, v) -> sets.add(initial(e, name, v)));
        upsert.maximums().forEach((name, v) -> sets.add(initial(e, name, v)));
        upsert.add().forEach((name, delta) -> adds.add(e.name(name) + " " + e.value(AttributeValues.number(delta))));
        upsert.remove().forEach(name -> removes.add(e.name(name)));
        StringBuilder expression = new StringBuilder("SET ").append(String.join(", ", sets));
        if (!adds.isEmpty()) {
            expression.append(" ADD ").append(String.join(", ", adds));
        }
        if (!removes.isEmpty()) {
            expression.append(" REMOVE ").append(String.join(", ", removes));
        }
        String condition = condition(e, upsert);
        boolean extremes = !upsert.minimums().isEmpty() || !upsert.maximums().isEmpty();
        UpdateItemResponse response;
        try {
            response = client.updateItem(UpdateItemRequest.builder().tableName(table).key(key(upsert.key()))
                    .updateExpression(expression.toString())
                    .conditionExpression(condition)
                    .expressionAttributeNames(e.names)
                    .expressionAttributeValues(e.values)
                    .returnValues(extremes ? ReturnValue.ALL_NEW : ReturnValue.NONE)
                    .build());
        } catch (ConditionalCheckFailedException replay) {
            if (extremes) {
                // Step 2 may not have happened before the retry: read, and finish it if it is missing.
                // Also when the item's lastSequence has moved on: a record whose step 2 kept failing
                // may be re-driven after later records (docs/reliability.md, "No record lost"). So a
                // record of another shard, in a projection keyed across partitions (which the plan
                // warns about), widens the extremes with a reading its count and sum do not hold.
                Map<String, AttributeValue> item = client.getItem(GetItemRequest.builder().tableName(table)
                        .key(key(upsert.key())).consistentRead(true).build()).item();
                widen(upsert, item == null ? Map.of() : item);
            }
            return Applied.ALREADY_APPLIED;
        }
        if (extremes) {
            widen(upsert, response.attributes());
        }
        return Applied.APPLIED;
    }

    /**
     * The guard, and the expected values: {@code (attribute_not_exists(#seq) OR #seq < :seq) AND #a = :v}.
     * A failed condition is a replay, or an update that does not concern the item (a delete of a source
     * item the latest state no longer reflects): a no-op either way.
     */
    private static String condition(Expression e, ProjectionUpdate update) {
        e.names.put("#seq", ProjectionAttributes.LAST_SEQUENCE);
        e.values.put(":seq", guard(update.sequence()));
        StringBuilder condition = new StringBuilder(update.expected().isEmpty() ? GUARD : "(" + GUARD + ")");
        update.expected().forEach((name, value) ->
                condition.append(" AND ").append(e.name(name)).append(" = ").append(e.value(AttributeValues.of(value))));
        return condition.toString();
    }

    private static String initial(Expression e, String name, BigDecimal value) {
        String n = e.name(name);
        return n + " = if_not_exists(" + n + ", " + e.value(AttributeValues.number(value)) + ")";
    }

    /** Lowers minimums and raises maximums the item does not reflect yet, in one conditional request. */
    private void widen(ProjectionUpdate.Upsert upsert, Map<String, AttributeValue> item) {
        Map<String, Extreme> missing = new HashMap<>();
        upsert.minimums().forEach((name, v) -> {
            BigDecimal stored = stored(item, name);
            if (stored == null || stored.compareTo(v) > 0) {
                missing.put(name, new Extreme(v, ">"));
            }
        });
        upsert.maximums().forEach((name, v) -> {
            BigDecimal stored = stored(item, name);
            if (stored == null || stored.compareTo(v) < 0) {
                missing.put(name, new Extreme(v, "<"));
            }
        });
        if (missing.isEmpty()) {
            return;
        }
        try {
            widen(upsert.key(), missing);
        } catch (ConditionalCheckFailedException concurrent) {
            // Another writer moved one of them meanwhile: settle each on its own.
            for (Map.Entry<String, Extreme> one : missing.entrySet()) {
                try {
                    widen(upsert.key(), Map.of(one.getKey(), one.getValue()));
                } catch (ConditionalCheckFailedException alreadyWider) {
                    // the stored extreme is already at least as wide
                }
            }
        }
    }

    private void widen(TargetKey target, Map<String, Extreme> extremes) {
        Expression e = new Expression();
        List<String> sets = new ArrayList<>();
        List<String> conditions = new ArrayList<>();
        extremes.forEach((name, extreme) -> {
            String n = e.name(name);
            String v = e.value(AttributeValues.number(extreme.value));
            sets.add(n + " = " + v);
            conditions.add("(attribute_not_exists(" + n + ") OR " + n + " " + extreme.comparison + " " + v + ")");
        });
        client.updateItem(UpdateItemRequest.builder().tableName(table).key(key(target))
                .updateExpression("SET " + String.join(", ", sets))
                .conditionExpression(String.join(" AND ", conditions))
                .expressionAttributeNames(e.names)
                .expressionAttributeValues(e.values)
                .build());
    }

    private static BigDecimal stored(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.n() == null ? null : new BigDecimal(value.n());
    }

    private static Map<String, AttributeValue> key(TargetKey key) {
        return Map.of(ProjectionAttributes.PK, AttributeValue.fromS(key.pk()),
                ProjectionAttributes.SK, AttributeValue.fromS(key.sk()));
    }

    private static ProjectionStoreException failure(Exception e) {
        boolean retryable = DynamoDbErrors.retryable(e);
        return new ProjectionStoreException(DynamoDbErrors.describe(e), retryable, e);
    }

    private record Extreme(BigDecimal value, String comparison) {
    }

    /** Placeholders for attribute names and values, so that no name clashes with a reserved word. */
    private static final class Expression {
        final Map<String, String> names = new HashMap<>();
        final Map<String, AttributeValue> values = new HashMap<>();

        String name(String attribute) {
            String placeholder = "#a" + names.size();
            names.put(placeholder, attribute);
            return placeholder;
        }

        String value(AttributeValue value) {
            String placeholder = ":v" + values.size();
            values.put(placeholder, value);
            return placeholder;
        }
    }
}
