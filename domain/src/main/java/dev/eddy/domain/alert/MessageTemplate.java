package dev.eddy.domain.alert;

import dev.eddy.domain.document.ChangeDocument;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An alert message with placeholders for fields of the change document, parsed once:
 * {@code "Sensor {keys.id} reads {new.temperature} degrees"}. A placeholder is a dotted path as
 * {@link ChangeDocument#lookup(String)} reads it. Write {@code {{} and {@code }}} for literal braces.
 *
 * <p>A field the change does not have renders as {@value #MISSING}: visible in the message, and
 * never an exception, so a template cannot stop alerts from going out.
 */
public final class MessageTemplate {
    /** What a placeholder renders as when its field is not in the document. */
    public static final String MISSING = "<missing>";

    private final String source;
    /** Alternating parts: literal text at even indexes, placeholder paths at odd ones. */
    private final List<String> parts;

    private MessageTemplate(String source, List<String> parts) {
        this.source = source;
        this.parts = parts;
    }

    /**
     * @throws InvalidRuleException for an unclosed or empty placeholder, a placeholder no document can
     *         fill ({@link ChangeDocument#unreachable}: {@code {nwe.t}}, {@code {kind.x}}), or a
     *         stray {@code }}
     */
    public static MessageTemplate parse(String template) {
        Objects.requireNonNull(template, "template");
        List<String> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        int n = template.length();
        while (i < n) {
            char c = template.charAt(i);
            if (c == '{') {
                if (i + 1 < n && template.charAt(i + 1) == '{') {
                    literal.append('{');
                    i += 2;
                    continue;
                }
                int close = template.indexOf('}', i + 1);
                if (close < 0) {
                    throw new InvalidRuleException("message template has an unclosed '{' at position " + i);
                }
                String path = template.substring(i + 1, close).strip();
                if (path.isEmpty() || path.indexOf('{') >= 0) {
                    throw new InvalidRuleException("message template has an empty or malformed placeholder at position " + i);
                }
                Optional<String> unreachable = ChangeDocument.unreachable(path);
                if (unreachable.isPresent()) {
                    throw new InvalidRuleException("message template placeholder {" + path + "} at position " + i
                            + " can never be filled: " + unreachable.get());
                }
                parts.add(literal.toString());
                parts.add(path);
                literal.setLength(0);
                i = close + 1;
            } else if (c == '}') {
                if (i + 1 < n && template.charAt(i + 1) == '}') {
                    literal.append('}');
                    i += 2;
                    continue;
                }
                throw new InvalidRuleException("message template has a '}' without '{' at position " + i
                        + "; write '}}' for a literal brace");
            } else {
                literal.append(c);
                i++;
            }
        }
        parts.add(literal.toString());
        return new MessageTemplate(template, List.copyOf(parts));
    }

    /** The placeholders' paths, in order. */
    public List<String> placeholders() {
        List<String> paths = new ArrayList<>(parts.size() / 2);
        for (int i = 1; i < parts.size(); i += 2) {
            paths.add(parts.get(i));
        }
        return paths;
    }

    /** Renders the message for one change. Never throws for a missing field. */
    public String render(ChangeDocument document) {
        StringBuilder out = new StringBuilder(source.length() + 32);
        for (int i = 0; i < parts.size(); i++) {
            if (i % 2 == 0) {
                out.append(parts.get(i));
            } else {
                Optional<String> value = document.lookup(parts.get(i));
                out.append(value.orElse(MISSING));
            }
        }
        return out.toString();
    }

    public String source() {
        return source;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MessageTemplate that && source.equals(that.source);
    }

    @Override
    public int hashCode() {
        return source.hashCode();
    }

    @Override
    public String toString() {
        return "MessageTemplate[" + source + "]";
    }
}
