package dev.eddy.adapters.aws.sns;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/**
 * {@link FormBody} writes exactly the bytes of the SDK's own form encoding
 * ({@link SdkHttpUtils#encodeAndFlattenFormData}, what its {@code QueryParametersToBodyStage} sends),
 * on chosen edge cases and on 20,000 seeded random parameter maps over every kind of character.
 */
class FormBodyTest {

    @Test
    void encodesLikeTheSdkOnChosenCases() {
        assertSame(Map.of());
        assertSame(Map.of("Action", List.of("PublishBatch")));
        assertSame(ordered("a", List.of("x y"), "b", List.of("*.-_~!'()"), "c", List.of("%+&=/?#[]@\"{}:,;<>\\^`|")));
        assertSame(ordered("", List.of(""), "k", List.of("")));
        assertSame(ordered("n", nulls(1), "m", List.of("1")));
        assertSame(ordered("first", nulls(1), "second", nulls(1)));
        assertSame(ordered("none", List.of(), "x", List.of("1")));
        assertSame(ordered("missing", null, "x", List.of("1")));
        assertSame(ordered("multi", List.of("1", "2", "3"), "then", Arrays.asList("a", null, "b")));
        assertSame(ordered("tab", List.of("\t\r\n\u0000\u007f")));
        assertSame(ordered("latin", List.of("é ß ÿ \u0080 \u00a0")));
        assertSame(ordered("bmp", List.of("€ 中文 \uffff \ufeff")));
        assertSame(ordered("pair", List.of("😀 𝄞")));
        assertSame(ordered("lone", List.of("\ud83d", "a\ud83db", "\ude00x", "\ude00\ud83d", "x\ud83d")));
        assertSame(ordered("klé €", List.of("v")));
        assertSame(ordered("Message", List.of("{\"rule\":\"hot\",\"temperature\":42.5,\"text\":\"a&b=c <d>\"}")));
    }

    @Test
    void encodesLikeTheSdkOnRandomParameters() {
        SplittableRandom random = new SplittableRandom(20261125L);
        for (int i = 0; i < 20_000; i++) {
            Map<String, List<String>> parameters = new LinkedHashMap<>();
            int count = random.nextInt(6);
            for (int p = 0; p < count; p++) {
                List<String> values;
                int shape = random.nextInt(10);
                if (shape == 0) {
                    values = null;
                } else if (shape == 1) {
                    values = List.of();
                } else {
                    values = new ArrayList<>();
                    int n = 1 + random.nextInt(shape == 2 ? 3 : 1);
                    for (int v = 0; v < n; v++) {
                        values.add(random.nextInt(12) == 0 ? null : text(random));
                    }
                }
                parameters.put(p + text(random), values);
            }
            assertSame(parameters);
        }
    }

    @Test
    void growsPastItsFirstBufferAndReadsAgain() throws IOException {
        String big = "{\"v\":\"" + "é&".repeat(40_000) + "\"}";
        Map<String, List<String>> parameters = ordered("Message", List.of(big), "Other", List.of("x"));
        FormBody body = FormBody.of(parameters);
        byte[] expected = sdk(parameters);

        assertEquals(expected.length, body.length());
        for (int read = 0; read < 2; read++) {
            try (InputStream in = body.newStream()) {
                assertEquals(new String(expected, StandardCharsets.US_ASCII), new String(in.readAllBytes(), StandardCharsets.US_ASCII),
                        "read " + (read + 1));
            }
        }
    }

    /** Text over ASCII (all of it), Latin-1, the BMP, pairs and lone surrogates, weighted to ASCII. */
    private static String text(SplittableRandom random) {
        int length = random.nextInt(24);
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            int kind = random.nextInt(10);
            if (kind < 5) {
                text.append((char) random.nextInt(128));
            } else if (kind == 5) {
                text.append((char) (128 + random.nextInt(128)));
            } else if (kind == 6) {
                text.append((char) random.nextInt(0x800, 0x10000));
            } else if (kind == 7) {
                text.appendCodePoint(random.nextInt(0x10000, 0x110000));
            } else if (kind == 8) {
                text.append((char) random.nextInt(0xD800, 0xE000));
            } else {
                text.append(" *.-_~+%&=".charAt(random.nextInt(10)));
            }
        }
        return text.toString();
    }

    private static void assertSame(Map<String, List<String>> parameters) {
        assertEquals(new String(sdk(parameters), StandardCharsets.US_ASCII),
                new String(FormBody.of(parameters).toByteArray(), StandardCharsets.US_ASCII), () -> "for " + parameters);
    }

    private static byte[] sdk(Map<String, List<String>> parameters) {
        return SdkHttpUtils.encodeAndFlattenFormData(parameters).orElse("").getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, List<String>> ordered(Object... keysAndValues) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            @SuppressWarnings("unchecked")
            List<String> values = (List<String>) keysAndValues[i + 1];
            map.put((String) keysAndValues[i], values);
        }
        return map;
    }

    private static List<String> nulls(int n) {
        return Collections.nCopies(n, null);
    }
}
