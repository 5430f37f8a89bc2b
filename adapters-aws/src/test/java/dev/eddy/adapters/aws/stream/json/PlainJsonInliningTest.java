package dev.eddy.adapters.aws.stream.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The byte reader's smallest steps run for every token or every word of an event, and Lambda's
 * JVM compiles with C1 only, which inlines a callee of at most {@code C1MaxInlineSize} bytes of
 * bytecode (35), and at most 90 % of its caller's limit one level further down (31). A step that
 * grows past its limit becomes a call at every use, and reads get 4-8 % slower with no other test
 * failing (docs/performance.md, rounds 14 and 15). This test reads the compiled class and holds
 * each step to the limit where it is called.
 */
class PlainJsonInliningTest {
    /** C1 scales the limit by this percentage at each level of inlining ({@code NestedInliningSizeRatio}). */
    private static final int NESTED_PERCENT = 90;

    @Test
    void theStepsOfEveryTokenAndWordStayWithinC1sInliningLimits() throws IOException {
        int limit = Integer.parseInt(ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                .getVMOption("C1MaxInlineSize").getValue());
        assertEquals(35, limit, "C1MaxInlineSize, as Lambda's JVM has it");
        int nested = limit * NESTED_PERCENT / 100;
        Map<String, Integer> sizes = codeSizes(PlainJson.class);

        // Inlined where a method C1 compiles on its own calls them: the first level.
        for (String step : new String[] {
            "stops", "endOf", "nextIn", "memberNameSkipped", "skipWhitespace", "oneByteNameColon"}) {
            assertWithin(limit, step, sizes);
        }
        // Also called from a step that is inlined itself: expectColon calls expect; memberNameSkipped
        // and skipWhitespace call pastWhitespace.
        for (String step : new String[] {"expect", "pastWhitespace"}) {
            assertWithin(nested, step, sizes);
        }
    }

    private static void assertWithin(int limit, String step, Map<String, Integer> sizes) {
        Integer size = sizes.get(step);
        assertNotNull(size, () -> "PlainJson has no method " + step + " any more: " + sizes.keySet());
        assertTrue(size <= limit, () -> step + " takes " + size + " bytes of bytecode, over C1's " + limit);
    }

    /** Methods whose bytecode is known, to check the class-file reader itself. */
    static final class Known {
        static int plusSeven(int x) {
            return x + 7; // iload_0, bipush 7, iadd, ireturn
        }

        static long big() {
            return 1_234_567_890_123L; // ldc2_w (a long takes two constant-pool entries), lreturn
        }

        static String text() {
            return "seven"; // ldc, areturn
        }
    }

    @Test
    void readsBytecodeSizesRight() throws IOException {
        Map<String, Integer> sizes = codeSizes(Known.class);
        assertEquals(5, sizes.get("plusSeven"));
        assertEquals(4, sizes.get("big"));
        assertEquals(3, sizes.get("text"));
        assertEquals(7, codeSizes(PlainJson.class).get("expectColon"), "aload_0, bipush ':', invokevirtual, return");
    }

    /** The bytecode size of each method of {@code type} by name (the larger of overloads). */
    private static Map<String, Integer> codeSizes(Class<?> type) throws IOException {
        String file = type.getName().substring(type.getPackageName().length() + 1) + ".class";
        try (InputStream bytes = type.getResourceAsStream(file)) {
            DataInputStream in = new DataInputStream(bytes);
            assertEquals(0xCAFEBABE, in.readInt(), "a class file");
            in.readUnsignedShort(); // minor version
            in.readUnsignedShort(); // major version
            int count = in.readUnsignedShort();
            String[] utf8 = new String[count];
            for (int i = 1; i < count; i++) {
                int tag = in.readUnsignedByte();
                switch (tag) {
                    case 1 -> utf8[i] = in.readUTF();
                    case 7, 8, 16, 19, 20 -> in.skipBytes(2);
                    case 15 -> in.skipBytes(3);
                    case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipBytes(4);
                    case 5, 6 -> {
                        in.skipBytes(8);
                        i++; // a long or a double takes two entries
                    }
                    default -> throw new IOException("constant pool tag " + tag);
                }
            }
            in.skipBytes(6); // access flags, this class, super class
            in.skipBytes(2 * in.readUnsignedShort()); // interfaces
            int fields = in.readUnsignedShort();
            for (int f = 0; f < fields; f++) {
                in.skipBytes(6);
                skipAttributes(in);
            }
            Map<String, Integer> sizes = new HashMap<>();
            int methods = in.readUnsignedShort();
            for (int m = 0; m < methods; m++) {
                in.skipBytes(2); // access flags
                String name = utf8[in.readUnsignedShort()];
                in.skipBytes(2); // descriptor
                int attributes = in.readUnsignedShort();
                for (int a = 0; a < attributes; a++) {
                    String attribute = utf8[in.readUnsignedShort()];
                    int length = in.readInt();
                    if (attribute.equals("Code")) {
                        in.skipBytes(4); // max stack, max locals
                        int code = in.readInt();
                        sizes.merge(name, code, Math::max);
                        in.skipBytes(length - 8);
                    } else {
                        in.skipBytes(length);
                    }
                }
            }
            return sizes;
        }
    }

    private static void skipAttributes(DataInputStream in) throws IOException {
        int attributes = in.readUnsignedShort();
        for (int a = 0; a < attributes; a++) {
            in.skipBytes(2);
            in.skipBytes(in.readInt());
        }
    }
}
