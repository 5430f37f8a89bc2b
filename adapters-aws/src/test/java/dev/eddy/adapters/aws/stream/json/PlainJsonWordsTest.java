package dev.eddy.adapters.aws.stream.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The byte reader's eight-bytes-at-a-time loops ({@link PlainJson#plainRun}, {@link PlainJson#same})
 * against the byte-by-byte rule they stand for, over every byte value at every place in and after a
 * word. {@code PlainJsonTest} holds the reader as a whole to Jackson; these find a wrong bit before
 * an event happens to carry it.
 */
class PlainJsonWordsTest {
    private static final byte FILLER = 'a';

    /** The rule: a quote, a backslash, a control character or any byte of 0x80 or more ends a run. */
    private static boolean stops(int value) {
        return value == '"' || value == '\\' || value < 0x20 || value >= 0x80;
    }

    @Test
    void aRunEndsAtTheFirstStoppingByteWhereverItIs() {
        for (int length = 1; length <= 20; length++) {
            for (int at = 0; at < length; at++) {
                for (int value = 0; value < 256; value++) {
                    byte[] bytes = filled(length);
                    bytes[at] = (byte) value;
                    int expected = stops(value) ? at : length;
                    for (int from = 0; from <= at; from++) {
                        int actual = PlainJson.plainRun(bytes, from);
                        if (actual != expected) {
                            assertEquals(expected, actual, "from " + from + " over " + Arrays.toString(bytes));
                        }
                    }
                }
            }
        }
    }

    @Test
    void aRunPastItsStartOrOnPlainBytesEndsAtTheEnd() {
        for (int length = 0; length <= 20; length++) {
            byte[] bytes = filled(length);
            for (int from = 0; from <= length; from++) {
                assertEquals(length, PlainJson.plainRun(bytes, from));
            }
        }
        byte[] quoted = filled(16);
        quoted[3] = '"';
        assertEquals(16, PlainJson.plainRun(quoted, 4), "a stop before the start is not looked at");
    }

    /**
     * Subtracting borrows from a byte into the one above it, so a byte just above a stopping one
     * may look like a stop too ({@code #}, 0x23, above a quote does). Only the lowest may count.
     */
    @Test
    void theLowestOfTwoStoppingBytesCountsWhateverTheOneAboveHolds() {
        for (int at = 0; at < 16; at++) {
            for (int low = 0; low < 256; low++) {
                for (int high = 0; high < 256; high++) {
                    byte[] bytes = filled(24);
                    bytes[at] = (byte) low;
                    bytes[at + 1] = (byte) high;
                    int expected = stops(low) ? at : stops(high) ? at + 1 : 24;
                    int actual = PlainJson.plainRun(bytes, 0);
                    if (actual != expected) {
                        assertEquals(expected, actual, "bytes " + low + ", " + high + " at " + at);
                    }
                }
            }
        }
    }

    @Test
    void theLowestByteOfAWordIsFoundForEveryPattern() {
        for (int pattern = 1; pattern < 256; pattern++) {
            long highBits = 0;
            for (int k = 0; k < 8; k++) {
                if ((pattern & (1 << k)) != 0) {
                    highBits |= 0x80L << (8 * k);
                }
            }
            assertEquals(Integer.numberOfTrailingZeros(pattern), PlainJson.lowestByte(highBits),
                    "pattern " + Integer.toBinaryString(pattern));
        }
    }

    @Test
    void rangesAreTheSameExactlyWhenEveryByteIs() {
        Random random = new Random(20_261_207L);
        for (int length = 0; length <= 40; length++) {
            for (int at = 0; at < 10; at++) {
                byte[] a = new byte[at + length + 3];
                random.nextBytes(a);
                int from = random.nextInt(5);
                byte[] b = new byte[from + length + random.nextInt(4)];
                random.nextBytes(b);
                System.arraycopy(a, at, b, from, length);
                assertTrue(PlainJson.same(a, at, b, from, length), "length " + length);
                for (int differing = 0; differing < length; differing++) {
                    b[from + differing] ^= (byte) (1 << random.nextInt(8));
                    assertFalse(PlainJson.same(a, at, b, from, length),
                            "length " + length + ", byte " + differing + " differs");
                    b[from + differing] = a[at + differing];
                }
            }
        }
    }

    private static byte[] filled(int length) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, FILLER);
        return bytes;
    }
}
