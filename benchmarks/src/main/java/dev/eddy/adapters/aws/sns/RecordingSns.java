package dev.eddy.adapters.aws.sns;

import dev.eddy.adapters.aws.http.InMemoryHttpClient;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.regions.Region;

/**
 * Benchmarks only (it lives in the adapter's package to reach its package-private factory): the
 * deployed function's SNS client configuration over {@link InMemorySnsHttpClient}, keeping a copy of
 * every request body it answers. The benchmarks need the exact bodies the pipeline sends, and
 * nothing in the adapter keeps them.
 */
public final class RecordingSns {
    private RecordingSns() {
    }

    /** As {@link SnsClients#inMemory}, with each request body appended to {@code bodies} as it is answered. */
    public static SnsPublishBatchClient inMemory(Region region, InMemorySnsHttpClient http, List<byte[]> bodies) {
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(bodies, "bodies");
        InMemoryHttpClient recording = new InMemoryHttpClient() {
            @Override
            protected Answer answer(SdkHttpRequest request, byte[] body) {
                bodies.add(body.clone());
                return http.answer(request, body);
            }
        };
        return SnsClients.create(region, SnsClients.endpoint(region), InMemoryHttpClient.PLACEHOLDER_CREDENTIALS, recording);
    }
}
