package dev.eddy.adapters.aws.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;

/** How a configuration's JSON errors are named. */
public final class JsonErrors {
    private JsonErrors() {
    }

    /**
     * " (line L, column C)" where the parser stopped, or nothing: Jackson's limits (a number of
     * more than 1,000 digits, nesting deeper than 1,000) are reported without a location.
     */
    public static String position(JsonProcessingException e) {
        JsonLocation location = e.getLocation();
        return location == null ? "" : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }
}
