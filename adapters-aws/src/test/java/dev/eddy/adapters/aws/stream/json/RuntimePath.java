package dev.eddy.adapters.aws.stream.json;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import dev.eddy.adapters.aws.stream.DynamodbEventMapper;
import dev.eddy.application.StreamRecord;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The reference path: the managed runtime's own deserializer, then {@link DynamodbEventMapper}. */
final class RuntimePath {
    private static final PojoSerializer<DynamodbEvent> SERIALIZER =
            LambdaEventSerializers.serializerFor(DynamodbEvent.class, RuntimePath.class.getClassLoader());
    private static final DynamodbEventMapper MAPPER = new DynamodbEventMapper();

    private RuntimePath() {
    }

    /** The records as the reference reads them; throws what the runtime throws when it rejects the event. */
    static List<StreamRecord> map(byte[] event) {
        return MAPPER.map(SERIALIZER.fromJson(new ByteArrayInputStream(event)));
    }

    /** A test resource of the reference mapper's tests: src/test/resources/events/. */
    static byte[] resource(String name) {
        try (InputStream in = RuntimePath.class.getResourceAsStream("/events/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource events/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] file(Path path) {
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
