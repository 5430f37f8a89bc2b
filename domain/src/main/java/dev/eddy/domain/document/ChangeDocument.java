package dev.eddy.domain.document;

import dev.eddy.domain.Bytes;
import dev.eddy.domain.Change;
import dev.eddy.domain.Item;
import dev.eddy.domain.SourcePosition;
import dev.eddy.domain.Value;
import dev.eddy.domain.json.JsonOutput;
import dev.eddy.domain.json.JsonWriter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The canonical change document: how alert rules see a change, and the body of a change event.
 * Defined once, here.
 *
 * <pre>{@code
 * {"kind":"UPDATED","table":"RealTimeDataTable","keys":{"id":"sensor-7","timestamp":1732460000},
 *  "old":{...},"new":{...},"changed":["temperature"],
 *  "eventId":"...","sequenceNumber":"...","at":"2026-11-24T10:00:00Z"}
 * }</pre>
 *
 * <p>Values are plain JSON: S is a string; N an exact JSON number (the decimal as it came, never a
 * double); B base64; BOOL a boolean; NULL null; L an array; M an object; SS, NS and BS arrays
 * (BS elements base64), in the order the record listed them.
 *
 * <p>{@code old} and {@code new} appear only when the stream record carries them.
 *
 * <p>{@code changed} lists, sorted, the top-level attributes this change wrote:
 * <ul>
 *   <li>CREATED: every attribute of the new item (each went from absent to present);</li>
 *   <li>UPDATED: the attributes added, removed or changed in value (numbers compare numerically);
 *       empty when the write changed nothing;</li>
 *   <li>DELETED and EXPIRED: empty (the item is gone; {@code kind} says so);</li>
 *   <li>left out entirely when the record lacks an image needed to know it (KEYS_ONLY,
 *       NEW_IMAGE or OLD_IMAGE streams), because "unknown" is not "nothing changed".</li>
 * </ul>
 *
 * <p>When a transport cannot carry the whole document, {@link #json(int)} keeps the reference (kind,
 * table, keys, changed, eventId, sequenceNumber, at) and replaces each image with
 * {@code {"truncated":true}}, adding {@code "truncated":true} to the document.
 */
public final class ChangeDocument {
    /** The document's top-level fields, in the order it writes them: all a rule or a template can name. */
    public static final List<String> FIELDS =
            List.of("kind", "table", "keys", "old", "new", "changed", "eventId", "sequenceNumber", "at");
    /** The fields that hold one value, with nothing below them. */
    private static final Set<String> LEAVES = Set.of("kind", "table", "changed", "eventId", "sequenceNumber", "at");

    private static final int FULL = 0;
    private static final int REFERENCE = 1;
    private static final int MINIMAL = 2;

    private final Change change;
    /** The {@code changed} names, worked out on first use: many documents are only matched against rules. */
    private Optional<List<String>> changed;
    private String json;
    private String reference;
    private String minimal;

    private ChangeDocument(Change change) {
        this.change = change;
    }

    public static ChangeDocument of(Change change) {
        Objects.requireNonNull(change, "change");
        return new ChangeDocument(change);
    }

    public Change change() {
        return change;
    }

    /** The sorted names in {@code changed}, or empty when the record cannot tell (a missing image). */
    public Optional<List<String>> changedFields() {
        Optional<List<String>> names = changed;
        if (names == null) {
            names = Optional.ofNullable(changedFields(change));
            changed = names;
        }
        return names;
    }

    /** The whole document. Rendered once, on first use. */
    public String json() {
        String rendered = json;
        if (rendered == null) {
            rendered = render(FULL);
            json = rendered;
        }
        return rendered;
    }

    /** The document without its images' contents, marked {@code "truncated":true}. */
    public String referenceJson() {
        String rendered = reference;
        if (rendered == null) {
            rendered = render(REFERENCE);
            reference = rendered;
        }
        return rendered;
    }

    /**
     * The smallest form: kind, table, keys, eventId, sequenceNumber and at, marked
     * {@code "truncated":true}; images and {@code changed} left out. Its size is bounded by the key
     * (DynamoDB keys take at most 3 KB) and the table name.
     */
    public String minimalJson() {
        String rendered = minimal;
        if (rendered == null) {
            rendered = render(MINIMAL);
            minimal = rendered;
        }
        return rendered;
    }

    /**
     * The largest form that takes at most {@code maxBytes} in UTF-8: the whole document, else
     * {@link #referenceJson()}, else {@link #minimalJson()} (returned even if it is larger).
     */
    public String json(int maxBytes) {
        String whole = json();
        if (fits(whole, maxBytes)) {
            return whole;
        }
        String ref = referenceJson();
        return fits(ref, maxBytes) ? ref : minimalJson();
    }

    /** Whether {@code text} takes at most {@code maxBytes} in UTF-8; cheap when it clearly does. */
    public static boolean fits(String text, int maxBytes) {
        return text.length() <= maxBytes / 3 || (text.length() <= maxBytes && Utf8.length(text) <= maxBytes);
    }

    /**
     * The whole document with every number (in keys and images, sets and lists included) replaced
     * by {@code numbers.apply(number)}. For consumers that cannot take exact decimals, such as a
     * matcher that compares doubles. Rendered on every call.
     */
    public String json(UnaryOperator<BigDecimal> numbers) {
        Objects.requireNonNull(numbers, "numbers");
        return render(FULL, numbers, null);
    }

    /**
     * Which object members a rendering keeps. Asked for each member of an object by its own name,
     * it answers with the selection that applies inside the member, or {@code null} to leave the
     * member out. An array's elements are selected with the selection of the array's member.
     */
    public interface Members {
        /** Keeps every member, at every depth. */
        Members ALL = new Members() {
            @Override
            public Members member(String name) {
                return this;
            }
        };

        Members member(String name);
    }

    /**
     * The whole document ({@link #json()}, not a truncated form) with only the object members
     * {@code members} keeps, top-level ones ({@code kind}, {@code keys}, ...) included, and every
     * number passed through {@code numbers}. Otherwise rendered exactly as {@link #json()}: the
     * members kept come in the same order with the same text. For consumers that look at a few
     * fields only, such as a pattern matcher. Rendered on every call.
     */
    public String json(Members members, UnaryOperator<BigDecimal> numbers) {
        Objects.requireNonNull(members, "members");
        Objects.requireNonNull(numbers, "numbers");
        return render(FULL, numbers, members == Members.ALL ? null : members);
    }

    /**
     * Writes to {@code out} what {@link #json(Members, UnaryOperator)} renders: the same members, in
     * the same order, with the same values. For consumers that build their own structure from the
     * document, such as a matcher's tree, instead of parsing text rendered only for them.
     */
    public void write(JsonOutput out, Members members, UnaryOperator<BigDecimal> numbers) {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(members, "members");
        Objects.requireNonNull(numbers, "numbers");
        write(out, FULL, numbers, members == Members.ALL ? null : members);
    }

    /** Whether any number in the keys or images (sets and lists included) passes {@code test}. */
    public boolean anyNumber(Predicate<BigDecimal> test) {
        Objects.requireNonNull(test, "test");
        if (anyNumber(change.key().attributes().values(), test)) {
            return true;
        }
        Optional<Item> oldImage = change.oldImage();
        if (oldImage.isPresent() && anyNumber(oldImage.get().attributes().values(), test)) {
            return true;
        }
        Optional<Item> newImage = change.newImage();
        return newImage.isPresent() && anyNumber(newImage.get().attributes().values(), test);
    }

    private static boolean anyNumber(Collection<Value> values, Predicate<BigDecimal> test) {
        for (Value value : values) {
            if (value instanceof Value.Num n) {
                if (test.test(n.value())) {
                    return true;
                }
            } else if (value instanceof Value.MapValue m) {
                if (anyNumber(m.values().values(), test)) {
                    return true;
                }
            } else if (value instanceof Value.ListValue l) {
                if (anyNumber(l.values(), test)) {
                    return true;
                }
            } else if (value instanceof Value.NumberSet ns) {
                for (Value.Num n : ns.values()) {
                    if (test.test(n.value())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * Why {@link #lookup} could never find {@code path} in any document, or empty when it may: a
     * first segment that is not one of {@link #FIELDS}, a path below a field that holds one value
     * ({@code kind.x}), or an empty segment ({@code new.}, {@code new..t}).
     */
    public static Optional<String> unreachable(String path) {
        Objects.requireNonNull(path, "path");
        int dot = path.indexOf('.');
        String head = dot < 0 ? path : path.substring(0, dot);
        if (!FIELDS.contains(head)) {
            return Optional.of("\"" + head + "\" is not a field of the change document; its fields are "
                    + String.join(", ", FIELDS));
        }
        if (dot >= 0 && LEAVES.contains(head)) {
            return Optional.of("\"" + head + "\" holds one value, with no fields below it");
        }
        if (path.endsWith(".") || path.contains("..")) {
            return Optional.of("\"" + path + "\" has an empty segment");
        }
        return Optional.empty();
    }

    /**
     * Looks up a field of the document by dotted path, rendered as text for a message:
     * {@code kind}, {@code table}, {@code eventId}, {@code sequenceNumber}, {@code at},
     * {@code keys.<name>}, {@code old.<name>}, {@code new.<name>}, deeper through maps by name
     * ({@code new.address.city}) and lists by index ({@code new.readings.0}), and {@code changed}.
     * Strings render as they are, numbers as their exact decimal, binary as base64, and lists,
     * maps and sets as JSON. Empty when the field is not there. Attribute names that contain a dot
     * cannot be addressed.
     */
    public Optional<String> lookup(String path) {
        Objects.requireNonNull(path, "path");
        int dot = path.indexOf('.');
        String head = dot < 0 ? path : path.substring(0, dot);
        String rest = dot < 0 ? null : path.substring(dot + 1);
        SourcePosition source = change.source();
        switch (head) {
            case "kind":
                return rest == null ? Optional.of(change.kind().name()) : Optional.empty();
            case "table":
                return rest == null ? Optional.of(source.table()) : Optional.empty();
            case "eventId":
                return rest == null ? Optional.of(source.eventId()) : Optional.empty();
            case "sequenceNumber":
                return rest == null ? Optional.of(source.sequenceNumber()) : Optional.empty();
            case "at":
                return rest == null ? Optional.of(source.approximateCreationTime().toString()) : Optional.empty();
            case "changed":
                if (rest != null || changedFields().isEmpty()) {
                    return Optional.empty();
                }
                JsonWriter names = new JsonWriter().beginArray();
                changedFields().get().forEach(names::value);
                return Optional.of(names.endArray().toString());
            case "keys":
                return rest == null ? Optional.of(mapJson(change.key().attributes())) : find(change.key().attributes(), rest);
            case "old":
                return image(change.oldImage(), rest);
            case "new":
                return image(change.newImage(), rest);
            default:
                return Optional.empty();
        }
    }

    /** Writes a value as plain JSON (see the class comment). */
    public static void writePlain(JsonOutput out, Value value) {
        writePlain(out, value, null, null);
    }

    /**
     * As {@link #writePlain(JsonOutput, Value)}, passing every number through {@code numbers} and
     * keeping only the map members {@code members} keeps, each unless it is null.
     */
    private static void writePlain(JsonOutput out, Value value, UnaryOperator<BigDecimal> numbers, Members members) {
        if (value instanceof Value.Str s) {
            out.value(s.value());
        } else if (value instanceof Value.Num n) {
            out.value(numbers == null ? n.value() : numbers.apply(n.value()));
        } else if (value instanceof Value.Bool b) {
            out.value(b.value());
        } else if (value instanceof Value.Null) {
            out.nullValue();
        } else if (value instanceof Value.Bin b) {
            out.value(b.value().base64());
        } else if (value instanceof Value.MapValue m) {
            writeMap(out, m.values(), numbers, members);
        } else if (value instanceof Value.ListValue l) {
            out.beginArray();
            for (Value element : l.values()) {
                writePlain(out, element, numbers, members);
            }
            out.endArray();
        } else if (value instanceof Value.StringSet ss) {
            out.beginArray();
            for (String element : ss.values()) {
                out.value(element);
            }
            out.endArray();
        } else if (value instanceof Value.NumberSet ns) {
            out.beginArray();
            for (Value.Num element : ns.values()) {
                out.value(numbers == null ? element.value() : numbers.apply(element.value()));
            }
            out.endArray();
        } else {
            out.beginArray();
            for (Bytes element : ((Value.BinarySet) value).values()) {
                out.value(element.base64());
            }
            out.endArray();
        }
    }

    private String render(int form) {
        return render(form, null, null);
    }

    /** {@code members}, when not null, is a selection of members (FULL form only); see {@link #json(Members, UnaryOperator)}. */
    private String render(int form, UnaryOperator<BigDecimal> numbers, Members members) {
        int estimate = form != FULL || members != null ? 256 : 256 + (int) Math.min(change.source().sizeBytes() * 2, 1 << 20);
        JsonWriter out = new JsonWriter(new StringBuilder(estimate));
        write(out, form, numbers, members);
        return out.toString();
    }

    private void write(JsonOutput out, int form, UnaryOperator<BigDecimal> numbers, Members members) {
        boolean truncated = form != FULL;
        SourcePosition source = change.source();
        out.beginObject();
        if (keeps(members, "kind")) {
            out.name("kind").value(change.kind().name());
        }
        if (keeps(members, "table")) {
            out.name("table").value(source.table());
        }
        Members keys = select(members, "keys");
        if (keys != null) {
            out.name("keys");
            writeMap(out, change.key().attributes(), numbers, inside(keys));
        }
        Optional<Item> oldImage = change.oldImage();
        Members old = select(members, "old");
        if (oldImage.isPresent() && form != MINIMAL && old != null) {
            out.name("old");
            if (truncated) {
                writeTruncatedImage(out);
            } else {
                writeMap(out, oldImage.get().attributes(), numbers, inside(old));
            }
        }
        Optional<Item> newImage = change.newImage();
        Members young = select(members, "new");
        if (newImage.isPresent() && form != MINIMAL && young != null) {
            out.name("new");
            if (truncated) {
                writeTruncatedImage(out);
            } else {
                writeMap(out, newImage.get().attributes(), numbers, inside(young));
            }
        }
        if (form != MINIMAL && keeps(members, "changed") && changedFields().isPresent()) {
            out.name("changed").beginArray();
            for (String name : changedFields().get()) {
                out.value(name);
            }
            out.endArray();
        }
        if (keeps(members, "eventId")) {
            out.name("eventId").value(source.eventId());
        }
        if (keeps(members, "sequenceNumber")) {
            out.name("sequenceNumber").value(source.sequenceNumber());
        }
        if (keeps(members, "at")) {
            out.name("at").value(source.approximateCreationTime().toString());
        }
        if (truncated) {
            out.name("truncated").value(true);
        }
        out.endObject();
    }

    /** What stands for an image's contents in the truncated forms: {@code {"truncated":true}}. */
    private static void writeTruncatedImage(JsonOutput out) {
        out.beginObject().name("truncated").value(true).endObject();
    }

    /** The selection inside member {@code name}: {@link Members#ALL} when there is no selection, null when left out. */
    private static Members select(Members members, String name) {
        return members == null ? Members.ALL : members.member(name);
    }

    private static boolean keeps(Members members, String name) {
        return members == null || members.member(name) != null;
    }

    /** Back from {@link #select}: null (no selection) for {@link Members#ALL}, so the full rendering stays as it was. */
    private static Members inside(Members selected) {
        return selected == Members.ALL ? null : selected;
    }

    private static void writeMap(JsonOutput out, Map<String, Value> values) {
        writeMap(out, values, null, null);
    }

    private static void writeMap(JsonOutput out, Map<String, Value> values, UnaryOperator<BigDecimal> numbers, Members members) {
        out.beginObject();
        for (Map.Entry<String, Value> entry : values.entrySet()) {
            if (members == null) {
                out.name(entry.getKey());
                writePlain(out, entry.getValue(), numbers, null);
            } else {
                Members inner = members.member(entry.getKey());
                if (inner != null) {
                    out.name(entry.getKey());
                    writePlain(out, entry.getValue(), numbers, inside(inner));
                }
            }
        }
        out.endObject();
    }

    private static String mapJson(Map<String, Value> values) {
        JsonWriter out = new JsonWriter();
        writeMap(out, values);
        return out.toString();
    }

    private static Optional<String> image(Optional<Item> image, String rest) {
        if (image.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Value> attributes = image.get().attributes();
        return rest == null ? Optional.of(mapJson(attributes)) : find(attributes, rest);
    }

    private static Optional<String> find(Map<String, Value> attributes, String path) {
        Value current = null;
        Map<String, Value> map = attributes;
        List<Value> list = null;
        int start = 0;
        while (start <= path.length()) {
            int dot = path.indexOf('.', start);
            String segment = dot < 0 ? path.substring(start) : path.substring(start, dot);
            if (map != null) {
                current = map.get(segment);
            } else if (list != null) {
                int index = index(segment);
                current = index >= 0 && index < list.size() ? list.get(index) : null;
            } else {
                return Optional.empty();
            }
            if (current == null) {
                return Optional.empty();
            }
            map = current instanceof Value.MapValue m ? m.values() : null;
            list = current instanceof Value.ListValue l ? l.values() : null;
            if (dot < 0) {
                break;
            }
            start = dot + 1;
        }
        return Optional.of(text(current));
    }

    private static int index(String segment) {
        if (segment.isEmpty() || segment.length() > 9) {
            return -1;
        }
        for (int i = 0; i < segment.length(); i++) {
            if (!Character.isDigit(segment.charAt(i))) {
                return -1;
            }
        }
        return Integer.parseInt(segment);
    }

    private static String text(Value value) {
        if (value instanceof Value.Str s) {
            return s.value();
        }
        if (value instanceof Value.Num n) {
            return n.value().toString();
        }
        if (value instanceof Value.Bin b) {
            return b.value().base64();
        }
        JsonWriter out = new JsonWriter();
        writePlain(out, value);
        return out.toString();
    }

    private static List<String> changedFields(Change change) {
        return change.accept(new Change.Visitor<List<String>>() {
            @Override
            public List<String> created(Change.Created created) {
                return created.newImage().map(item -> sorted(item.names())).orElse(null);
            }

            @Override
            public List<String> updated(Change.Updated updated) {
                return updated.diff().map(diff -> List.copyOf(diff.fieldNames())).orElse(null);
            }

            @Override
            public List<String> deleted(Change.Deleted deleted) {
                return List.of();
            }

            @Override
            public List<String> expired(Change.Expired expired) {
                return List.of();
            }
        });
    }

    private static List<String> sorted(Set<String> names) {
        List<String> list = new ArrayList<>(names);
        Collections.sort(list);
        return Collections.unmodifiableList(list);
    }
}
