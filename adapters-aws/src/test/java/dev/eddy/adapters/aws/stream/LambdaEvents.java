package dev.eddy.adapters.aws.stream;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads Lambda DynamoDB stream payloads exactly as the managed Java runtime does. */
final class LambdaEvents {
    private static final PojoSerializer<DynamodbEvent> SERIALIZER =
            LambdaEventSerializers.serializerFor(DynamodbEvent.class, LambdaEvents.class.getClassLoader());

    private LambdaEvents() {
    }

    /** A payload under src/test/resources/events/. */
    static DynamodbEvent resource(String name) {
        try (InputStream in = LambdaEvents.class.getResourceAsStream("/events/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource events/" + name);
            }
            return SERIALIZER.fromJson(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String resourceText(String name) {
        try (InputStream in = LambdaEvents.class.getResourceAsStream("/events/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource events/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static DynamodbEvent file(Path path) {
        try (InputStream in = Files.newInputStream(path)) {
            return SERIALIZER.fromJson(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static DynamodbEvent json(String json) {
        return SERIALIZER.fromJson(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }
}
