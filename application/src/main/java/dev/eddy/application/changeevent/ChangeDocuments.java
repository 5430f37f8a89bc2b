package dev.eddy.application.changeevent;

import dev.eddy.domain.Change;
import dev.eddy.domain.document.ChangeDocument;
import dev.eddy.domain.document.Utf8;
import java.util.Map;
import java.util.Objects;

/**
 * Hands every step the same {@link ChangeDocument} for the change being processed, so that a change
 * is rendered once even when alerts and change events both need it.
 *
 * <p>Steps run one change at a time, in order, so remembering the last change (by identity) is
 * enough. The memo is one immutable pair in a volatile field: concurrent use stays correct; at
 * worst a document is rendered twice. Share one instance between the steps of a pipeline.
 */
public final class ChangeDocuments {
    /** SNS's limit for one message: body and attributes together. */
    public static final int SNS_MAX_MESSAGE_BYTES = 256 * 1024;

    /** Room kept for what the transport adds to a message (the notification id as an attribute, types). */
    static final int TRANSPORT_RESERVE_BYTES = 1024;

    private volatile Memo last;

    private record Memo(Change change, ChangeDocument document) {
    }

    /** The document of {@code change}, rendered at most once while it is the current change. */
    public ChangeDocument of(Change change) {
        Objects.requireNonNull(change, "change");
        Memo memo = last;
        if (memo != null && memo.change == change) {
            return memo.document;
        }
        ChangeDocument document = ChangeDocument.of(change);
        last = new Memo(change, document);
        return document;
    }

    /**
     * How many bytes a body may take when the whole message may take {@code maxMessageBytes}:
     * the limit, less the attributes (names, values and a type name each), the notification id
     * and a reserve for the transport.
     */
    public static int bodyBudget(int maxMessageBytes, String notificationId, Map<String, String> attributes) {
        int used = TRANSPORT_RESERVE_BYTES + Utf8.length(notificationId);
        for (Map.Entry<String, String> attribute : attributes.entrySet()) {
            used += Utf8.length(attribute.getKey()) + Utf8.length(attribute.getValue()) + "String.Array".length();
        }
        return maxMessageBytes - used;
    }
}
