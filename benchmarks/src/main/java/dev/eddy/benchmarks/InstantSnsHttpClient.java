package dev.eddy.benchmarks;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * An SDK HTTP client that answers every SNS {@code PublishBatch} at once, in process, with a
 * success for each entry of the request: it reads the entry ids from the form body
 * ({@code PublishBatchRequestEntries.member.N.Id}) and returns SNS's awsQuery XML. Everything above
 * the HTTP layer is the real thing: the publisher, the SDK's marshalling, SigV4 signing and
 * response unmarshalling. Counts requests and entries, so a benchmark can check what it published.
 */
final class InstantSnsHttpClient implements SdkHttpClient {
    private static final String ENTRY = "PublishBatchRequestEntries.member.";
    private long requests;
    private long entries;

    long requests() {
        return requests;
    }

    long entries() {
        return entries;
    }

    void reset() {
        requests = 0;
        entries = 0;
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() throws IOException {
                byte[] body;
                if (request.contentStreamProvider().isPresent()) {
                    try (InputStream in = request.contentStreamProvider().get().newStream()) {
                        body = in.readAllBytes();
                    }
                } else {
                    body = new byte[0];
                }
                byte[] xml = answer(new String(body, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
                return HttpExecuteResponse.builder()
                        .response(SdkHttpResponse.builder().statusCode(200)
                                .putHeader("Content-Type", "text/xml")
                                .putHeader("Content-Length", String.valueOf(xml.length))
                                .putHeader("x-amzn-RequestId", "instant")
                                .build())
                        .responseBody(AbortableInputStream.create(new ByteArrayInputStream(xml)))
                        .build();
            }

            @Override
            public void abort() {
                // Answers at once; nothing to abort.
            }
        };
    }

    private String answer(String form) {
        requests++;
        StringBuilder ok = new StringBuilder(64 * 10);
        int n = 0;
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String key = pair.substring(0, eq);
            if (key.startsWith(ENTRY) && key.endsWith(".Id") && key.indexOf('.', ENTRY.length()) == key.length() - 3) {
                String id = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                ok.append("<member><Id>").append(id).append("</Id><MessageId>m-").append(requests).append('-').append(n++)
                        .append("</MessageId></member>");
            }
        }
        if (n == 0) {
            throw new IllegalStateException("not a PublishBatch with entries: " + form.substring(0, Math.min(200, form.length())));
        }
        entries += n;
        return "<PublishBatchResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\"><PublishBatchResult><Successful>"
                + ok + "</Successful><Failed></Failed></PublishBatchResult><ResponseMetadata><RequestId>instant-"
                + requests + "</RequestId></ResponseMetadata></PublishBatchResponse>";
    }

    @Override
    public void close() {
        // Nothing held.
    }
}
