package dev.eddy.adapters.aws.sns;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the two XML replies a PublishBatch call can get from SNS (awsQuery protocol): the
 * {@code PublishBatchResponse} of a 200, and the {@code ErrorResponse} of any other status.
 *
 * <p>A small, strict reader for those documents, not a general XML parser: elements, text, the five
 * predefined entities and character references, CDATA, comments, the XML declaration and a
 * byte-order mark. Namespace prefixes are ignored (SNS uses a default namespace). Reading stops at
 * the end of the root element. A document type declaration is refused, so no entity can expand.
 * Anything malformed (an unclosed or mismatched element, an unknown entity, a reply that is not the
 * expected document) is a {@link MalformedReply} naming the problem, never a half-read result.
 * {@code SnsPublishBatchClientTest} reads the same replies with the AWS SDK's own
 * unmarshaller and compares.
 */
final class SnsReplyXml {

    /** A failed entry of a PublishBatch reply, as SNS reports it. */
    record EntryError(String id, String code, String message, boolean senderFault) {
    }

    /** A PublishBatch reply: the entry ids SNS published, and the entries it did not. */
    record BatchReply(List<String> successful, List<EntryError> failed) {
        BatchReply {
            successful = List.copyOf(successful);
            failed = List.copyOf(failed);
        }
    }

    /** An {@code ErrorResponse}: {@code Type} (Sender or Receiver), {@code Code}, {@code Message}; null when absent. */
    record ErrorReply(String type, String code, String message) {
    }

    /** The reply was not the XML document expected. */
    static final class MalformedReply extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedReply(String problem) {
            super(problem);
        }
    }

    private SnsReplyXml() {
    }

    /** Reads the body of a 200 reply to PublishBatch. */
    static BatchReply publishBatch(String xml) throws MalformedReply {
        BatchReader reader = new BatchReader();
        scan(xml, reader);
        if (!reader.sawResult) {
            throw new MalformedReply("not a PublishBatchResponse with a PublishBatchResult");
        }
        return new BatchReply(reader.successful, reader.failed);
    }

    /** Reads the body of an error reply; null when it is not an {@code ErrorResponse} document. */
    static ErrorReply error(String xml) {
        ErrorReader reader = new ErrorReader();
        try {
            scan(xml, reader);
        } catch (MalformedReply e) {
            return null;
        }
        return reader.sawError ? new ErrorReply(reader.type, reader.code, reader.message) : null;
    }

    /** The start of a body, for a message: at most 200 characters. */
    static String excerpt(String body) {
        String flat = body.replaceAll("\\s+", " ").trim();
        return flat.isEmpty() ? "(empty)" : flat.length() <= 200 ? flat : flat.substring(0, 200) + "...";
    }

    /** Receives each element's end, with the path of local names from the root to it, and its text. */
    private interface Elements {
        void end(List<String> path, String text) throws MalformedReply;
    }

    private static final class BatchReader implements Elements {
        final List<String> successful = new ArrayList<>();
        final List<EntryError> failed = new ArrayList<>();
        boolean sawResult;
        private String id;
        private String code;
        private String message;
        private String senderFault;

        @Override
        public void end(List<String> path, String text) throws MalformedReply {
            int depth = path.size();
            if (!path.get(0).equals("PublishBatchResponse")) {
                throw new MalformedReply("expected a PublishBatchResponse, got <" + path.get(0) + ">");
            }
            if (depth < 2 || !path.get(1).equals("PublishBatchResult")) {
                return;
            }
            if (depth == 2) {
                sawResult = true;
            } else if (depth == 5 && path.get(3).equals("member")) {
                switch (path.get(4)) {
                    case "Id" -> id = text;
                    case "Code" -> code = text;
                    case "Message" -> message = text;
                    case "SenderFault" -> senderFault = text;
                    default -> {
                        // MessageId, SequenceNumber: not needed.
                    }
                }
            } else if (depth == 4 && path.get(3).equals("member")) {
                String list = path.get(2);
                // A member without an Id names no entry (the SDK reads it as a null id): that entry
                // stays unreported, and the publisher sends it again.
                if (id != null && list.equals("Successful")) {
                    successful.add(id);
                } else if (id != null && list.equals("Failed")) {
                    failed.add(new EntryError(id, code, message, Boolean.parseBoolean(senderFault)));
                }
                id = null;
                code = null;
                message = null;
                senderFault = null;
            }
        }
    }

    private static final class ErrorReader implements Elements {
        boolean sawError;
        String type;
        String code;
        String message;

        @Override
        public void end(List<String> path, String text) {
            if (!path.get(0).equals("ErrorResponse") || path.size() < 2 || !path.get(1).equals("Error")) {
                return;
            }
            if (path.size() == 2) {
                sawError = true;
            } else if (path.size() == 3) {
                switch (path.get(2)) {
                    case "Type" -> type = text;
                    case "Code" -> code = text;
                    case "Message" -> message = text;
                    default -> {
                        // Detail and others: not needed.
                    }
                }
            }
        }
    }

    private static void scan(String xml, Elements elements) throws MalformedReply {
        List<String> path = new ArrayList<>(8);
        StringBuilder text = new StringBuilder(64);
        boolean rootSeen = false;
        int n = xml.length();
        int i = !xml.isEmpty() && xml.charAt(0) == '\uFEFF' ? 1 : 0; // a byte-order mark
        while (i < n) {
            if (rootSeen && path.isEmpty()) {
                // The root element is complete: what follows is not read (as the SDK's parser stops there).
                break;
            }
            char c = xml.charAt(i);
            if (c != '<') {
                int lt = xml.indexOf('<', i);
                int end = lt < 0 ? n : lt;
                if (path.isEmpty()) {
                    if (!xml.substring(i, end).isBlank()) {
                        throw new MalformedReply("text outside the root element: " + excerpt(xml.substring(i, end)));
                    }
                } else {
                    decode(xml, i, end, text);
                }
                i = end;
            } else if (xml.startsWith("<?", i)) {
                i = after(xml, "?>", i);
            } else if (xml.startsWith("<!--", i)) {
                i = after(xml, "-->", i);
            } else if (xml.startsWith("<![CDATA[", i)) {
                int end = xml.indexOf("]]>", i);
                if (end < 0 || path.isEmpty()) {
                    throw new MalformedReply("unclosed or misplaced CDATA section");
                }
                text.append(xml, i + 9, end);
                i = end + 3;
            } else if (xml.startsWith("<!", i)) {
                throw new MalformedReply("a document type declaration is not accepted in an SNS reply");
            } else if (xml.startsWith("</", i)) {
                int gt = xml.indexOf('>', i);
                if (gt < 0) {
                    throw new MalformedReply("unclosed end tag at offset " + i);
                }
                String name = localName(xml.substring(i + 2, gt).strip());
                if (path.isEmpty() || !path.get(path.size() - 1).equals(name)) {
                    throw new MalformedReply("</" + name + "> does not close " + (path.isEmpty() ? "any element"
                            : "<" + path.get(path.size() - 1) + ">"));
                }
                elements.end(path, text.toString());
                path.remove(path.size() - 1);
                text.setLength(0);
                i = gt + 1;
            } else {
                int gt = endOfTag(xml, i);
                boolean empty = xml.charAt(gt - 1) == '/';
                String inner = xml.substring(i + 1, empty ? gt - 1 : gt);
                int nameEnd = 0;
                while (nameEnd < inner.length() && !Character.isWhitespace(inner.charAt(nameEnd))) {
                    nameEnd++;
                }
                String name = localName(inner.substring(0, nameEnd));
                if (name.isEmpty()) {
                    throw new MalformedReply("an element without a name at offset " + i);
                }
                rootSeen = true;
                path.add(name);
                text.setLength(0);
                if (empty) {
                    elements.end(path, "");
                    path.remove(path.size() - 1);
                }
                i = gt + 1;
            }
        }
        if (!path.isEmpty()) {
            throw new MalformedReply("the reply ends inside <" + path.get(path.size() - 1) + ">");
        }
        if (!rootSeen) {
            throw new MalformedReply("no XML element in the reply");
        }
    }

    private static int after(String xml, String end, int from) throws MalformedReply {
        int at = xml.indexOf(end, from);
        if (at < 0) {
            throw new MalformedReply("unclosed '" + xml.substring(from, Math.min(xml.length(), from + 4)) + "' at offset " + from);
        }
        return at + end.length();
    }

    /** The offset of the '>' that ends the start tag at {@code from}, skipping quoted attribute values. */
    private static int endOfTag(String xml, int from) throws MalformedReply {
        char quote = 0;
        for (int j = from + 1; j < xml.length(); j++) {
            char d = xml.charAt(j);
            if (quote != 0) {
                if (d == quote) {
                    quote = 0;
                }
            } else if (d == '"' || d == '\'') {
                quote = d;
            } else if (d == '>') {
                return j;
            } else if (d == '<') {
                break;
            }
        }
        throw new MalformedReply("unclosed start tag at offset " + from);
    }

    private static String localName(String qualified) {
        int colon = qualified.indexOf(':');
        return colon < 0 ? qualified : qualified.substring(colon + 1);
    }

    /** Appends {@code xml[from, to)} with its entity and character references resolved. */
    private static void decode(String xml, int from, int to, StringBuilder out) throws MalformedReply {
        int i = from;
        while (i < to) {
            int amp = xml.indexOf('&', i);
            if (amp < 0 || amp >= to) {
                out.append(xml, i, to);
                return;
            }
            out.append(xml, i, amp);
            int semi = xml.indexOf(';', amp);
            if (semi < 0 || semi >= to || semi - amp > 12) {
                throw new MalformedReply("an unterminated reference at offset " + amp);
            }
            String ref = xml.substring(amp + 1, semi);
            switch (ref) {
                case "lt" -> out.append('<');
                case "gt" -> out.append('>');
                case "amp" -> out.append('&');
                case "quot" -> out.append('"');
                case "apos" -> out.append('\'');
                default -> out.appendCodePoint(codePoint(ref));
            }
            i = semi + 1;
        }
    }

    private static int codePoint(String ref) throws MalformedReply {
        try {
            if (ref.startsWith("#x")) {
                return check(Integer.parseInt(ref.substring(2), 16), ref);
            }
            if (ref.startsWith("#")) {
                return check(Integer.parseInt(ref.substring(1)), ref);
            }
        } catch (NumberFormatException e) {
            throw new MalformedReply("a bad character reference &" + ref + ";");
        }
        throw new MalformedReply("an unknown entity &" + ref + ";");
    }

    private static int check(int codePoint, String ref) throws MalformedReply {
        if (codePoint < 0 || codePoint > Character.MAX_CODE_POINT) {
            throw new MalformedReply("a character reference out of range &" + ref + ";");
        }
        return codePoint;
    }
}
