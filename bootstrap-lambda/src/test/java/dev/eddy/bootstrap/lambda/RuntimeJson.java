package dev.eddy.bootstrap.lambda;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Event and response JSON exactly as the managed Java runtime reads and writes them. */
final class RuntimeJson {
    static final Path SAMPLES = Path.of("..", "docs", "samples");

    private RuntimeJson() {
    }

    static String sample(String name) {
        return read(SAMPLES.resolve(name));
    }

    static String resource(String name) {
        try (var in = RuntimeJson.class.getResourceAsStream("/events/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test event " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path path) {
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static DynamodbEvent event(String json) {
        PojoSerializer<DynamodbEvent> serializer =
                LambdaEventSerializers.serializerFor(DynamodbEvent.class, RuntimeJson.class.getClassLoader());
        return serializer.fromJson(json);
    }

    static String response(StreamsEventResponse response) {
        PojoSerializer<StreamsEventResponse> serializer =
                LambdaEventSerializers.serializerFor(StreamsEventResponse.class, RuntimeJson.class.getClassLoader());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        serializer.toJson(response, out);
        return out.toString(StandardCharsets.UTF_8);
    }
}
