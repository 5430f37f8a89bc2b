package dev.eddy.adapters.aws.stream.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.util.JsonParserDelegate;

/**
 * A parser over one record's bytes inside the event that reports byte offsets in the whole event,
 * as a parser over the whole event would: Jackson counts offsets from the start of the range it
 * was given, and {@link RecordReader} slices the record's raw JSON out of the event by offset.
 */
final class RecordSpanParser extends JsonParserDelegate {
    private final long start;

    RecordSpanParser(JsonParser span, int start) {
        super(span);
        this.start = start;
    }

    @Override
    public JsonLocation currentLocation() {
        return shifted(delegate.currentLocation());
    }

    @Override
    public JsonLocation currentTokenLocation() {
        return shifted(delegate.currentTokenLocation());
    }

    @Override
    @Deprecated
    public JsonLocation getCurrentLocation() {
        return shifted(delegate.currentLocation());
    }

    @Override
    @Deprecated
    public JsonLocation getTokenLocation() {
        return shifted(delegate.currentTokenLocation());
    }

    private JsonLocation shifted(JsonLocation location) {
        if (location == null || location.getByteOffset() < 0) {
            return location;
        }
        return new JsonLocation(location.contentReference(), location.getByteOffset() + start,
                location.getCharOffset(), location.getLineNr(), location.getColumnNr());
    }
}
