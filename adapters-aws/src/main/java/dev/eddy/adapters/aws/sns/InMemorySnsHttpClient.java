package dev.eddy.adapters.aws.sns;

import dev.eddy.adapters.aws.http.InMemoryHttpClient;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * An SDK HTTP client that <b>never opens a connection</b>: it answers every SNS {@code PublishBatch}
 * in memory, with a success for each entry of the request (the entry ids are read from the form
 * body, {@code PublishBatchRequestEntries.member.N.Id}), in SNS's awsQuery XML. Any other request
 * is answered with a 400 {@code InvalidAction} error. Nothing is delivered anywhere.
 *
 * <p>It exists so that the whole publishing path above the HTTP layer (the publisher, the form
 * body, SigV4 signing, reading the reply) can run with no external effect: SnapStart
 * priming runs it before the snapshot, and the benchmarks measure through it. It is never the
 * client of the publisher that delivers a batch. Counts requests and entries; thread-safe.
 */
public final class InMemorySnsHttpClient extends InMemoryHttpClient {
    private static final byte[] ENTRY = "PublishBatchRequestEntries.member.".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ID = ".Id".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ACTION = "Action".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PUBLISH_BATCH = "PublishBatch".getBytes(StandardCharsets.US_ASCII);
    private static final String NAMESPACE = "http://sns.amazonaws.com/doc/2010-03-31/";

    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong entries = new AtomicLong();
    private final AtomicLong bodyBytes = new AtomicLong();

    /** PublishBatch requests answered so far. */
    public long requests() {
        return requests.get();
    }

    /** Batch entries answered as published so far. */
    public long entries() {
        return entries.get();
    }

    /** The bytes of the PublishBatch request bodies answered so far: what SigV4 hashed and a real client would send. */
    public long bodyBytes() {
        return bodyBytes.get();
    }

    /** Sets every count back to zero. */
    public void reset() {
        requests.set(0);
        entries.set(0);
        bodyBytes.set(0);
    }

    @Override
    protected Answer answer(SdkHttpRequest request, byte[] form) {
        String ids = entryResults(form);
        return ids == null ? new Answer(400, "text/xml", invalidAction()) : new Answer(200, "text/xml", published(ids));
    }

    /**
     * The {@code <member>} elements for the entries of a PublishBatch form, or null when it is none.
     * Reads the form's bytes in place: only the parameter names are looked at, and only the entry
     * ids' values are decoded (the messages, most of the bytes, are skipped).
     */
    private String entryResults(byte[] form) {
        long request = requests.get() + 1;
        boolean publishBatch = false;
        StringBuilder members = new StringBuilder(64 * 10);
        int n = 0;
        int start = 0;
        while (start < form.length) {
            int end = indexOf(form, (byte) '&', start);
            int eq = indexOf(form, (byte) '=', start);
            if (eq >= 0 && eq < end) {
                if (startsWith(form, start, ENTRY) && eq - ID.length > start && startsWith(form, eq - ID.length, ID)
                        && isDigits(form, start + ENTRY.length, eq - ID.length)) {
                    String id = URLDecoder.decode(new String(form, eq + 1, end - eq - 1, StandardCharsets.US_ASCII),
                            StandardCharsets.UTF_8);
                    members.append("<member><Id>").append(xml(id)).append("</Id><MessageId>in-memory-")
                            .append(request).append('-').append(n++).append("</MessageId></member>");
                } else if (eq - start == ACTION.length && startsWith(form, start, ACTION)) {
                    publishBatch = end - eq - 1 == PUBLISH_BATCH.length && startsWith(form, eq + 1, PUBLISH_BATCH);
                }
            }
            start = end + 1;
        }
        if (!publishBatch) {
            return null;
        }
        requests.incrementAndGet();
        entries.addAndGet(n);
        bodyBytes.addAndGet(form.length);
        return members.toString();
    }

    /** The index of {@code b} at or after {@code from}, or the length when there is none. */
    private static int indexOf(byte[] bytes, byte b, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return bytes.length;
    }

    private static boolean startsWith(byte[] bytes, int at, byte[] prefix) {
        if (at + prefix.length > bytes.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[at + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigits(byte[] bytes, int from, int to) {
        if (from >= to) {
            return false;
        }
        for (int i = from; i < to; i++) {
            if (bytes[i] < '0' || bytes[i] > '9') {
                return false;
            }
        }
        return true;
    }

    private String published(String members) {
        return "<PublishBatchResponse xmlns=\"" + NAMESPACE + "\"><PublishBatchResult><Successful>" + members
                + "</Successful><Failed></Failed></PublishBatchResult><ResponseMetadata><RequestId>in-memory-"
                + requests.get() + "</RequestId></ResponseMetadata></PublishBatchResponse>";
    }

    private static String invalidAction() {
        return "<ErrorResponse xmlns=\"" + NAMESPACE + "\"><Error><Type>Sender</Type><Code>InvalidAction</Code>"
                + "<Message>the in-memory SNS client answers PublishBatch only</Message></Error>"
                + "<RequestId>in-memory</RequestId></ErrorResponse>";
    }

    /** Entry ids are letters, digits, '-' and '_' when they come from the publisher; escaped anyway. */
    private static String xml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
