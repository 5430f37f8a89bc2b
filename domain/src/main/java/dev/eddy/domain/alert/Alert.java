package dev.eddy.domain.alert;

import dev.eddy.domain.document.ChangeDocument;
import dev.eddy.domain.document.Utf8;
import dev.eddy.domain.json.JsonWriter;
import java.util.Objects;

/**
 * An alert: a rule matched a change. Its body is JSON:
 * {@code {"rule":...,"severity":...,"message":...,"change":{the change document}}}.
 *
 * <p>{@link #json(int)} keeps the body within a size limit (SNS takes at most 256 KiB per message,
 * attributes included). It gives up, in order, until the body fits:
 * <ol>
 *   <li>the images: {@code old}/{@code new} become {@code {"truncated":true}};</li>
 *   <li>the end of the message, which then ends with {@value #TRUNCATION_MARK};</li>
 *   <li>the {@code changed} list.</li>
 * </ol>
 * A truncated body says {@code "truncated":true}, and always keeps the change's reference: kind,
 * table, keys, eventId, sequenceNumber and at.
 */
public record Alert(String rule, Severity severity, String message, ChangeDocument change) {
    /** What a cut message ends with. */
    public static final String TRUNCATION_MARK = "... [truncated]";

    public Alert {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(change, "change");
    }

    /** The alert {@code rule} raises for a change it matched. */
    public static Alert raise(AlertRule rule, ChangeDocument change) {
        String message = rule.message().map(template -> template.render(change))
                .orElseGet(() -> defaultMessage(rule, change));
        return new Alert(rule.name(), rule.severity(), message, change);
    }

    /** Without a template: {@code "<rule> matched <KIND> of <keys> in <table>"}. */
    static String defaultMessage(AlertRule rule, ChangeDocument change) {
        return rule.name() + " matched " + change.change().kind().name() + " of "
                + change.lookup("keys").orElse("{}") + " in " + change.change().source().table();
    }

    /** The whole body. */
    public String json() {
        return body(message, change.json(), false);
    }

    /**
     * The body, truncated as the class comment says so that it takes at most {@code maxBytes} in UTF-8.
     *
     * @param maxBytes at least 8 KiB, so that the change's reference always fits
     */
    public String json(int maxBytes) {
        if (maxBytes < 8 * 1024) {
            throw new IllegalArgumentException("maxBytes must be at least 8 KiB, got " + maxBytes);
        }
        String whole = json();
        if (ChangeDocument.fits(whole, maxBytes)) {
            return whole;
        }
        String reference = change.referenceJson();
        String withReference = body(message, reference, true);
        if (ChangeDocument.fits(withReference, maxBytes)) {
            return withReference;
        }
        String shortMessage = cut(message, maxBytes - Utf8.length(body("", reference, true)));
        if (shortMessage != null) {
            return body(shortMessage, reference, true);
        }
        String minimal = change.minimalJson();
        String cut = cut(message, maxBytes - Utf8.length(body("", minimal, true)));
        return body(cut == null ? TRUNCATION_MARK : cut, minimal, true);
    }

    private String body(String text, String document, boolean truncated) {
        JsonWriter out = new JsonWriter(new StringBuilder(document.length() + text.length() + 96));
        out.beginObject()
                .name("rule").value(rule)
                .name("severity").value(severity.name())
                .name("message").value(text);
        if (truncated) {
            out.name("truncated").value(true);
        }
        return out.name("change").rawValue(document).endObject().toString();
    }

    /**
     * The longest start of {@code text}, plus the mark, whose JSON string takes at most
     * {@code budget} bytes more than the empty string's; null when not even the mark fits.
     */
    private static String cut(String text, int budget) {
        if (cost(TRUNCATION_MARK) > budget) {
            return null;
        }
        int low = 0;
        int high = text.length();
        while (low < high) {
            int mid = (low + high + 1) >>> 1;
            if (cost(prefix(text, mid) + TRUNCATION_MARK) <= budget) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return prefix(text, low) + TRUNCATION_MARK;
    }

    private static String prefix(String text, int length) {
        int end = length;
        if (end > 0 && end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end);
    }

    /** Bytes the JSON string literal of {@code text} takes beyond the two quotes. */
    private static int cost(String text) {
        return Utf8.length(JsonWriter.quoted(text)) - 2;
    }
}
