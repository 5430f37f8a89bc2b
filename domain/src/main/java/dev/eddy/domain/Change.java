package dev.eddy.domain;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A change to one item, read from one stream record. Exactly one of four kinds:
 * {@link Created}, {@link Updated}, {@link Deleted} (by a user or application) and
 * {@link Expired} (by DynamoDB's TTL). Handle it with an exhaustive {@code switch}.
 *
 * <p>Java 17 has no pattern matching in {@code switch}, so exhaustive handling goes through
 * {@link #accept(Visitor)}: a new kind of change breaks the build of every visitor, not a test.
 * Code that needs only the kind can switch on {@link #kind()}, which is exhaustive too.
 *
 * <p>Images are optional because the stream's view type may leave them out
 * (KEYS_ONLY, NEW_IMAGE, OLD_IMAGE). {@link #missingImages()} says plainly what is missing.
 */
public sealed interface Change permits Change.Created, Change.Updated, Change.Deleted, Change.Expired {

    SourcePosition source();

    ItemKey key();

    ChangeKind kind();

    Optional<Item> oldImage();

    Optional<Item> newImage();

    /** Calls the visitor's method for this kind of change. */
    <R> R accept(Visitor<R> visitor);

    /** One method per kind of change. */
    interface Visitor<R> {
        R created(Created created);

        R updated(Updated updated);

        R deleted(Deleted deleted);

        R expired(Expired expired);
    }

    /** The images this kind of change has, but that the stream record did not carry. */
    default Set<ImageRole> missingImages() {
        Set<ImageRole> missing = EnumSet.noneOf(ImageRole.class);
        boolean hasOld = switch (kind()) {
            case CREATED -> false;
            case UPDATED, DELETED, EXPIRED -> true;
        };
        boolean hasNew = switch (kind()) {
            case CREATED, UPDATED -> true;
            case DELETED, EXPIRED -> false;
        };
        if (hasOld && oldImage().isEmpty()) {
            missing.add(ImageRole.OLD);
        }
        if (hasNew && newImage().isEmpty()) {
            missing.add(ImageRole.NEW);
        }
        return missing;
    }

    /** An item was written where none was (INSERT). */
    record Created(SourcePosition source, ItemKey key, Optional<Item> newImage) implements Change {
        public Created {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(newImage, "newImage");
        }

        @Override
        public ChangeKind kind() {
            return ChangeKind.CREATED;
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.created(this);
        }

        @Override
        public Optional<Item> oldImage() {
            return Optional.empty();
        }
    }

    /** An existing item was overwritten or updated (MODIFY). */
    record Updated(SourcePosition source, ItemKey key, Optional<Item> oldImage, Optional<Item> newImage)
            implements Change {
        public Updated {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(oldImage, "oldImage");
            Objects.requireNonNull(newImage, "newImage");
        }

        @Override
        public ChangeKind kind() {
            return ChangeKind.UPDATED;
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.updated(this);
        }

        /**
         * The field-level difference, when the record carries both images. An update that changed
         * nothing still is a change; its diff {@link Diff#isEmpty() is empty}.
         */
        public Optional<Diff> diff() {
            if (oldImage.isEmpty() || newImage.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(Diff.between(oldImage.get(), newImage.get()));
        }
    }

    /** An item was deleted by a user or an application (REMOVE, not by TTL). */
    record Deleted(SourcePosition source, ItemKey key, Optional<Item> oldImage) implements Change {
        public Deleted {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(oldImage, "oldImage");
        }

        @Override
        public ChangeKind kind() {
            return ChangeKind.DELETED;
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.deleted(this);
        }

        @Override
        public Optional<Item> newImage() {
            return Optional.empty();
        }
    }

    /** An item was removed by DynamoDB's time-to-live sweep (REMOVE by the dynamodb.amazonaws.com service). */
    record Expired(SourcePosition source, ItemKey key, Optional<Item> oldImage) implements Change {
        public Expired {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(oldImage, "oldImage");
        }

        @Override
        public ChangeKind kind() {
            return ChangeKind.EXPIRED;
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.expired(this);
        }

        @Override
        public Optional<Item> newImage() {
            return Optional.empty();
        }
    }
}
