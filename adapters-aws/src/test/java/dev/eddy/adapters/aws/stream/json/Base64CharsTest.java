package dev.eddy.adapters.aws.stream.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class Base64CharsTest {
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=*-_ é";

    @Test
    void bothPathsDecodeWhatTheJdkEncodesWithAndWithoutPadding() {
        SplittableRandom random = new SplittableRandom(20261125);
        for (int n = 0; n < 2000; n++) {
            byte[] data = new byte[random.nextInt(40)];
            random.nextBytes(data);
            for (String text : new String[] {Base64.getEncoder().encodeToString(data),
                    Base64.getEncoder().withoutPadding().encodeToString(data)}) {
                String framed = "xx" + text + "yy";
                assertArrayEquals(data, Base64Chars.decode(framed.toCharArray(), 2, text.length()), text);
                assertArrayEquals(data, Base64Chars.decode(framed.getBytes(StandardCharsets.US_ASCII), 2, text.length()), text);
            }
        }
    }

    @Test
    void bothPathsAcceptExactlyWhatTheJdkDecoderAccepts() {
        SplittableRandom random = new SplittableRandom(7);
        for (int n = 0; n < 20000; n++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(12);
            for (int i = 0; i < length; i++) {
                text.append(ALPHABET.charAt(random.nextInt(random.nextInt(10) == 0 ? ALPHABET.length() : 64)));
            }
            if (random.nextBoolean()) {
                text.append(random.nextBoolean() ? "=" : "==");
            }
            String s = text.toString();
            byte[] expected;
            try {
                expected = Base64.getDecoder().decode(s);
            } catch (IllegalArgumentException notBase64) {
                expected = null;
            }
            byte[] fromChars = Base64Chars.decode(s.toCharArray(), 0, s.length());
            if (expected == null) {
                assertNull(fromChars, s);
            } else {
                assertArrayEquals(expected, fromChars, s);
            }
            boolean ascii = s.chars().allMatch(c -> c < 128);
            if (ascii) {
                byte[] fromBytes = Base64Chars.decode(s.getBytes(StandardCharsets.US_ASCII), 0, s.length());
                if (expected == null) {
                    assertNull(fromBytes, s);
                } else {
                    assertArrayEquals(expected, fromBytes, s);
                }
            }
        }
    }

    @Test
    void aCharacterOutsideAsciiIsNotBase64() {
        assertNull(Base64Chars.decode("QUJ\u00e9".toCharArray(), 0, 4));
        assertNull(Base64Chars.decode("QUJ\u0141".toCharArray(), 0, 4), "not narrowed to a byte that happens to be valid");
    }
}
