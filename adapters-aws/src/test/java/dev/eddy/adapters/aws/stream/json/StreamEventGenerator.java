package dev.eddy.adapters.aws.stream.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * Generates Lambda DynamoDB stream events as JSON, from a seed: every attribute type at depth,
 * sets (empty ones too, duplicates too), binary, unicode and escaped names and strings, number
 * literals in every form, INSERT/MODIFY/REMOVE with TTL and user removes, every view type, every
 * creation time form, fields in any order, unknown fields, compact or pretty. About one record in
 * eight is malformed in a way the runtime still deserializes (the mapper then says why).
 *
 * <p>It leaves out only what the runtime itself rejects (bad base64, unknown view types) and what
 * the two paths treat differently on purpose (duplicate names, zero or missing creation times, a
 * precision field that contradicts the number): those have targeted tests.
 */
final class StreamEventGenerator {
    private static final JsonFactory JSON = new JsonFactory();
    private static final String[] EVENT_NAMES = {"INSERT", "MODIFY", "REMOVE"};
    private static final String[] VIEWS = {"NEW_AND_OLD_IMAGES", "NEW_IMAGE", "OLD_IMAGE", "KEYS_ONLY"};
    private static final String[] ARNS = {
        "arn:aws:dynamodb:eu-west-1:111122223333:table/RealTimeDataTable/stream/2025-11-01T08:15:30.123",
        "arn:aws-cn:dynamodb:cn-north-1:111122223333:table/orders.v2_live-1/stream/2024-01-01T00:00:00.000",
        "arn:aws:dynamodb:us-east-1:123456789012:table/abc",
    };
    private static final String[] BAD_ARNS = {
        "arn:aws:kinesis:eu-west-1:111122223333:stream/RealTimeDataTable",
        "arn:aws:dynamodb:eu-west-1:111122223333:global-table/RealTimeDataTable",
        "not an arn",
    };
    private static final String[] NAMES = {
        "id", "timestamp", "value", "status", "temperature", "readings", "meta", "tags", "blob",
        "Küche", "温度", "emoji \uD83D\uDE00", "quote\"and\\backslash", "new\nline", "tab\there", "ctl\u0001",
        "", "a.b", "[0]", "S", "N", "M", "L", "NULL", "x".repeat(70),
    };
    private static final String[] STRINGS = {
        "", "sensor-42", "Grüße", "日本語テキスト", "\uD83D\uDE80 rocket", "line\nbreak", "\"quoted\"", "back\\slash",
        "\u0000nul", "\u2028sep", "   spaces   ", "SECRET-value",
    };
    private static final String[] NUMBERS = {
        "0", "-0", "1", "-1", "42", "1.5", "1.50", "0.000001", "-17.25", "1E+3", "1e3", "2.5E-7", "-3E+10",
        "12345678901234567890123456789012345678", "-0.12345678901234567890123456789012345678",
        "1E-130", "9.9999999999999999999999999999999999999E+125", "007", "1764000000", " 12 ", "+5",
    };
    private static final String[] BAD_NUMBERS = {
        "abc", "", "1..2", "123456789012345678901234567890123456789", "1E+126", "1E-131", "9".repeat(250), "NaN",
    };

    private final Random random;
    private boolean malformedAllowed = true;

    /**
     * @param seed any value; neighbouring seeds give unrelated events. (A {@code Random} seeded
     *     with them directly draws alike at first: from 20,261,206 on, the first 500 seeds gave only
     *     pretty-printed events, and 11 % of 10,000 were compact instead of half.)
     */
    StreamEventGenerator(long seed) {
        this.random = new Random(new SplittableRandom(seed).nextLong());
    }

    /** One event: 0 to 8 records. */
    byte[] event() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(2048);
        try (JsonGenerator json = JSON.createGenerator(bytes)) {
            if (random.nextBoolean()) {
                json.useDefaultPrettyPrinter();
            }
            json.writeStartObject();
            if (random.nextInt(10) == 0) {
                json.writeStringField("unknownTopLevel", "ignored");
            }
            json.writeArrayFieldStart("Records");
            int records = random.nextInt(9);
            for (int i = 0; i < records; i++) {
                record(json, i);
            }
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private interface Field {
        void write(JsonGenerator json) throws IOException;
    }

    private void record(JsonGenerator json, int index) throws IOException {
        String eventName = pick(EVENT_NAMES);
        String view = pick(VIEWS);
        String malformation = malformedAllowed && random.nextInt(8) == 0 ? pickMalformation() : "";
        List<Field> fields = new ArrayList<>();
        if (!malformation.equals("no-event-id")) {
            String id = malformation.equals("blank-event-id") ? "  " : hex(32);
            fields.add(j -> j.writeStringField("eventID", id));
        }
        if (!malformation.equals("no-event-name")) {
            String name = malformation.equals("unknown-event-name") ? "UPSERT" : eventName;
            fields.add(j -> j.writeStringField("eventName", name));
        }
        fields.add(j -> j.writeStringField("eventVersion", "1.1"));
        fields.add(j -> j.writeStringField("eventSource", "aws:dynamodb"));
        fields.add(j -> j.writeStringField("awsRegion", "eu-west-1"));
        if (!malformation.equals("no-arn")) {
            String arn = malformation.equals("bad-arn") ? pick(BAD_ARNS) : pick(ARNS);
            fields.add(j -> j.writeStringField("eventSourceARN", arn));
        }
        if (eventName.equals("REMOVE") || random.nextInt(10) == 0) {
            fields.add(this::userIdentity);
        }
        if (malformation.equals("no-dynamodb")) {
            if (random.nextBoolean()) {
                fields.add(j -> j.writeNullField("dynamodb"));
            }
        } else {
            fields.add(j -> {
                j.writeFieldName("dynamodb");
                dynamodb(j, eventName, view, malformation, index);
            });
        }
        if (random.nextInt(10) == 0) {
            fields.add(j -> {
                j.writeObjectFieldStart("unknownRecordField");
                j.writeEndObject();
            });
        }
        write(json, fields);
    }

    private void userIdentity(JsonGenerator json) throws IOException {
        json.writeObjectFieldStart("userIdentity");
        switch (random.nextInt(4)) {
            case 0, 1 -> {
                json.writeStringField("type", "Service");
                json.writeStringField("principalId", "dynamodb.amazonaws.com");
            }
            case 2 -> {
                json.writeStringField("type", "Service");
                json.writeStringField("principalId", "other.amazonaws.com");
            }
            default -> {
                json.writeStringField("principalId", "dynamodb.amazonaws.com");
                json.writeStringField("type", "User");
            }
        }
        json.writeEndObject();
    }

    private void dynamodb(JsonGenerator json, String eventName, String view, String malformation, int index)
            throws IOException {
        List<Field> fields = new ArrayList<>();
        fields.add(this::creationTime);
        if (!malformation.equals("no-keys")) {
            boolean empty = malformation.equals("empty-keys");
            boolean badKey = malformation.equals("bad-key");
            fields.add(j -> {
                j.writeObjectFieldStart("Keys");
                if (!empty) {
                    j.writeFieldName("id");
                    if (badKey) {
                        j.writeStartObject();
                        j.writeStringField("N", pick(BAD_NUMBERS));
                        j.writeEndObject();
                    } else {
                        typed(j, "S", "sensor-" + index);
                    }
                    if (random.nextBoolean()) {
                        j.writeFieldName("timestamp");
                        typed(j, "N", "17640000" + random.nextInt(100));
                    }
                }
                j.writeEndObject();
            });
        }
        boolean newImage = !eventName.equals("REMOVE") && (view.equals("NEW_AND_OLD_IMAGES") || view.equals("NEW_IMAGE"));
        boolean oldImage = !eventName.equals("INSERT") && (view.equals("NEW_AND_OLD_IMAGES") || view.equals("OLD_IMAGE"));
        if (newImage || random.nextInt(20) == 0) {
            fields.add(j -> image(j, "NewImage", malformation));
        }
        if (oldImage || random.nextInt(20) == 0) {
            fields.add(j -> image(j, "OldImage", malformation));
        }
        if (random.nextInt(30) == 0) {
            fields.add(j -> j.writeNullField(random.nextBoolean() ? "NewImage" : "OldImage"));
        }
        if (!malformation.equals("no-sequence-number")) {
            String sequence = malformation.equals("bad-sequence-number") ? "4800abc" : digits(21 + random.nextInt(20));
            fields.add(j -> j.writeStringField("SequenceNumber", sequence));
        }
        if (random.nextInt(10) != 0) {
            long size = malformation.equals("negative-size") ? -random.nextInt(100) - 1 : random.nextInt(400_000);
            fields.add(j -> j.writeNumberField("SizeBytes", size));
        }
        if (random.nextInt(10) != 0) {
            fields.add(j -> j.writeStringField("StreamViewType", view));
        }
        write(json, fields);
    }

    /** Seconds, fractional seconds (plain or E notation), milliseconds or microseconds, with or without precision. */
    private void creationTime(JsonGenerator json) throws IOException {
        long seconds = 946_684_800L + (long) (random.nextDouble() * 3_155_760_000L); // 2000 to 2100
        switch (random.nextInt(6)) {
            case 0 -> json.writeNumberField("ApproximateCreationDateTime", seconds);
            case 1 -> {
                String fraction = digits(1 + random.nextInt(9));
                json.writeFieldName("ApproximateCreationDateTime");
                if (random.nextBoolean()) {
                    json.writeNumber(seconds + "." + fraction);
                } else {
                    String all = Long.toString(seconds) + fraction;
                    json.writeNumber(all.charAt(0) + "." + all.substring(1) + "E" + (Long.toString(seconds).length() - 1));
                }
            }
            case 2, 3 -> {
                long millis = seconds * 1000 + random.nextInt(1000);
                json.writeNumberField("ApproximateCreationDateTime", millis);
                if (random.nextBoolean()) {
                    json.writeStringField("ApproximateCreationDateTimePrecision", "MILLISECOND");
                }
            }
            default -> {
                // the runtime's long of "millis" overflows past 2262: stay before it
                long micros = Math.min(seconds, 9_200_000_000L) * 1_000_000 + random.nextInt(1_000_000);
                json.writeNumberField("ApproximateCreationDateTime", micros);
                if (random.nextBoolean()) {
                    json.writeStringField("ApproximateCreationDateTimePrecision", "MICROSECOND");
                }
            }
        }
    }

    private void image(JsonGenerator json, String name, String malformation) throws IOException {
        json.writeObjectFieldStart(name);
        List<String> names = new ArrayList<>();
        int count = random.nextInt(8);
        for (int i = 0; i < count; i++) {
            String attribute = pick(NAMES);
            if (!names.contains(attribute)) {
                names.add(attribute);
            }
        }
        int broken = malformation.startsWith("value:") && !names.isEmpty() ? random.nextInt(names.size()) : -1;
        for (int i = 0; i < names.size(); i++) {
            json.writeFieldName(names.get(i));
            if (i == broken) {
                brokenValue(json, malformation.substring("value:".length()), 0);
            } else {
                value(json, 0);
            }
        }
        json.writeEndObject();
    }

    private void value(JsonGenerator json, int depth) throws IOException {
        int kinds = depth >= 4 ? 9 : 11;
        switch (random.nextInt(kinds)) {
            case 0 -> typed(json, "S", pick(STRINGS));
            case 1 -> number(json);
            case 2 -> typed(json, "B", base64(random.nextInt(12)));
            case 3 -> {
                json.writeStartObject();
                json.writeBooleanField("BOOL", random.nextBoolean());
                json.writeEndObject();
            }
            case 4 -> {
                json.writeStartObject();
                json.writeBooleanField("NULL", true);
                json.writeEndObject();
            }
            case 5 -> set(json, "SS", () -> pick(STRINGS));
            case 6 -> set(json, "NS", () -> pick(NUMBERS));
            case 7 -> set(json, "BS", () -> base64(random.nextInt(6)));
            case 8 -> {
                // a type set to null next to the real one, or an unknown descriptor: both ignored
                json.writeStartObject();
                if (random.nextBoolean()) {
                    json.writeNullField("N");
                } else {
                    json.writeStringField("X", "ignored");
                }
                json.writeStringField("S", pick(STRINGS));
                json.writeEndObject();
            }
            case 9 -> {
                json.writeStartObject();
                json.writeArrayFieldStart("L");
                int size = random.nextInt(4);
                for (int i = 0; i < size; i++) {
                    value(json, depth + 1);
                }
                json.writeEndArray();
                json.writeEndObject();
            }
            default -> {
                json.writeStartObject();
                json.writeObjectFieldStart("M");
                List<String> names = new ArrayList<>();
                int size = random.nextInt(4);
                for (int i = 0; i < size; i++) {
                    String name = pick(NAMES);
                    if (!names.contains(name)) {
                        names.add(name);
                        json.writeFieldName(name);
                        value(json, depth + 1);
                    }
                }
                json.writeEndObject();
                json.writeEndObject();
            }
        }
    }

    /** A number as DynamoDB JSON has it (a string), or now and then as a JSON number, which the runtime takes too. */
    private void number(JsonGenerator json) throws IOException {
        json.writeStartObject();
        if (random.nextInt(15) == 0) {
            json.writeFieldName("N");
            json.writeNumber(random.nextBoolean() ? "12.50" : "-3");
        } else {
            json.writeStringField("N", pick(NUMBERS));
        }
        json.writeEndObject();
    }

    /** A value the mapper cannot read, possibly nested inside good ones. */
    private void brokenValue(JsonGenerator json, String kind, int depth) throws IOException {
        if (depth < 3 && random.nextInt(3) == 0) {
            json.writeStartObject();
            if (random.nextBoolean()) {
                json.writeArrayFieldStart("L");
                value(json, 4);
                brokenValue(json, kind, depth + 1);
                json.writeEndArray();
            } else {
                json.writeObjectFieldStart("M");
                json.writeFieldName("good");
                value(json, 4);
                json.writeFieldName("bad");
                brokenValue(json, kind, depth + 1);
                json.writeEndObject();
            }
            json.writeEndObject();
            return;
        }
        switch (kind) {
            case "bad-number" -> typed(json, "N", pick(BAD_NUMBERS));
            case "bad-number-in-set" -> {
                json.writeStartObject();
                json.writeArrayFieldStart("NS");
                json.writeString("1");
                json.writeString(pick(BAD_NUMBERS));
                json.writeEndArray();
                json.writeEndObject();
            }
            case "no-type" -> {
                json.writeStartObject();
                if (random.nextBoolean()) {
                    json.writeNullField("S");
                }
                json.writeEndObject();
            }
            case "several-types" -> {
                json.writeStartObject();
                json.writeStringField("S", "x");
                if (random.nextBoolean()) {
                    // the second type's content is broken too: "several types" wins
                    json.writeStringField("N", "not a number");
                } else {
                    json.writeBooleanField("BOOL", true);
                }
                json.writeEndObject();
            }
            case "null-false" -> {
                json.writeStartObject();
                json.writeBooleanField("NULL", false);
                json.writeEndObject();
            }
            case "null-value" -> json.writeNull();
            case "null-list-element" -> {
                json.writeStartObject();
                json.writeArrayFieldStart("L");
                value(json, 4);
                json.writeNull();
                json.writeEndArray();
                json.writeEndObject();
            }
            case "null-string-set-element" -> {
                json.writeStartObject();
                json.writeArrayFieldStart(random.nextBoolean() ? "SS" : "NS");
                json.writeNull();
                json.writeEndArray();
                json.writeEndObject();
            }
            default -> throw new IllegalStateException("unknown malformation " + kind);
        }
    }

    private String pickMalformation() {
        return pick(new String[] {
            "no-event-id", "blank-event-id", "no-event-name", "unknown-event-name", "no-arn", "bad-arn",
            "no-dynamodb", "no-keys", "empty-keys", "bad-key", "no-sequence-number", "bad-sequence-number",
            "negative-size", "value:bad-number", "value:bad-number-in-set", "value:no-type", "value:several-types",
            "value:null-false", "value:null-value", "value:null-list-element", "value:null-string-set-element",
        });
    }

    private void set(JsonGenerator json, String type, java.util.function.Supplier<String> element) throws IOException {
        json.writeStartObject();
        json.writeArrayFieldStart(type);
        int size = random.nextInt(5);
        for (int i = 0; i < size; i++) {
            json.writeString(element.get());
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    private static void typed(JsonGenerator json, String type, String value) throws IOException {
        json.writeStartObject();
        json.writeStringField(type, value);
        json.writeEndObject();
    }

    /** The fields in a random order: JSON objects have none, and the reader must not assume one. */
    private void write(JsonGenerator json, List<Field> fields) throws IOException {
        if (random.nextInt(3) == 0) {
            Collections.shuffle(fields, random);
        }
        json.writeStartObject();
        for (Field field : fields) {
            field.write(json);
        }
        json.writeEndObject();
    }

    private String base64(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    private String hex(int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(Character.forDigit(random.nextInt(16), 16));
        }
        return text.toString();
    }

    private String digits(int length) {
        StringBuilder text = new StringBuilder(length);
        text.append((char) ('1' + random.nextInt(9)));
        for (int i = 1; i < length; i++) {
            text.append((char) ('0' + random.nextInt(10)));
        }
        return text.toString();
    }

    private <T> T pick(T[] options) {
        return options[random.nextInt(options.length)];
    }
}
