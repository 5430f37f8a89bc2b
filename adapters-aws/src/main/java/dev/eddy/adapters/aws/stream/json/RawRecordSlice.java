package dev.eddy.adapters.aws.stream.json;

import dev.eddy.application.RawRecord;
import java.nio.charset.StandardCharsets;

/**
 * The original record: its byte range in the event as Lambda delivered it, byte for byte (the
 * same whitespace, field order and number literals). No copy is made until a dead letter or a
 * log needs the text; the slice keeps the event's buffer alive until the batch is done with.
 */
final class RawRecordSlice implements RawRecord {
    private final byte[] event;
    private final int offset;
    private final int length;

    RawRecordSlice(byte[] event, int offset, int length) {
        this.event = event;
        this.offset = offset;
        this.length = length;
    }

    @Override
    public String toJson() {
        return new String(event, offset, length, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "RawRecord[bytes " + offset + ".." + (offset + length) + "]";
    }
}
