package dev.eddy.adapters.aws.http;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The cipher that protects the records of the function's TLS connections, as seen by its warm-up and
 * SnapStart priming: AES in GCM mode, run in memory, <b>without connecting</b>.
 *
 * <p>TLS 1.3's mandatory suite is AES-128-GCM, the JDK's client offers AES-256-GCM first and AES-128-GCM
 * second, and the JDK's TLS seals and opens each record through the {@code AES/GCM/NoPadding} cipher of
 * its SunJCE provider (both key sizes run the same methods). Under C2 that code runs on the CPU's AES and
 * carry-less multiply instructions; Lambda runs C1 only, where it runs as plain Java, at about 32 MB/s
 * here: per byte, the slowest step of a request (docs/performance.md, section 5). The first batch paid
 * more, because its requests are the connection's first full-size records: it ran that code interpreted
 * and compiled it at the memory size's share of a vCPU. {@link #warmUp} runs the cipher over four
 * records, both ways, so that C1 compiles it where the CPU is larger. Measured at one core, with the
 * provider already loaded: the four records take 16–18 ms, after which twelve records take about 14 ms
 * instead of 33–36 ms (two records left 16 ms, eight bought nothing more). Should an endpoint choose
 * ChaCha20-Poly1305 instead, the warm-up has cost those milliseconds of init for nothing.
 */
public final class TlsRecordCipher {
    /** The size of a full TLS record's plaintext; a PublishBatch of ten alerts fills one to two. */
    static final int RECORD_BYTES = 16 * 1024;
    /** Records each way: chosen by measurement (see the class comment), not derived from C1's thresholds. */
    static final int RECORDS = 4;
    private static final int TAG_BITS = 128;
    private static final int IV_BYTES = 12;

    private TlsRecordCipher() {
    }

    /**
     * Encrypts {@link #RECORDS} records of zeros with a throwaway all-zero key, each under an IV of its
     * own (GCM refuses to encrypt twice under one key and IV), decrypts them again, and checks that the
     * round trip gave the zeros back. Nothing leaves the method: no key, no data, no connection.
     *
     * @return the plaintext bytes that went through the cipher, each way
     * @throws IllegalStateException when the JDK offers no AES/GCM, or a round trip does not give the
     *         plaintext back
     */
    public static int warmUp() {
        SecretKeySpec key = new SecretKeySpec(new byte[16], "AES");
        byte[] plain = new byte[RECORD_BYTES];
        byte[] aad = new byte[5];   // a TLS 1.3 record's header is its additional data
        int bytes = 0;
        try {
            Cipher encrypt = Cipher.getInstance("AES/GCM/NoPadding");
            Cipher decrypt = Cipher.getInstance("AES/GCM/NoPadding");
            for (int record = 0; record < RECORDS; record++) {
                GCMParameterSpec iv = new GCMParameterSpec(TAG_BITS, iv(record));
                encrypt.init(Cipher.ENCRYPT_MODE, key, iv);
                encrypt.updateAAD(aad);
                byte[] sealed = encrypt.doFinal(plain);
                decrypt.init(Cipher.DECRYPT_MODE, key, iv);
                decrypt.updateAAD(aad);
                byte[] opened = decrypt.doFinal(sealed);
                if (!Arrays.equals(plain, opened)) {
                    throw new IllegalStateException("AES/GCM did not give record " + record + " back");
                }
                bytes += opened.length;
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM, which TLS records use, is not available: " + e, e);
        }
        return bytes;
    }

    private static byte[] iv(int record) {
        byte[] iv = new byte[IV_BYTES];
        iv[IV_BYTES - 1] = (byte) record;
        return iv;
    }
}
