package dev.eddy.benchmarks;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What each byte of a request body costs the JDK on its way to AWS, side by side, one TLS record's
 * worth (16 KiB) per operation:
 * <ul>
 *   <li>{@code sha256}: SigV4's hash of the body ({@code MessageDigest} SHA-256), which the in-process
 *       pipeline of {@link PipelineBenchmark} includes;</li>
 *   <li>{@code aesGcm}: sealing it as a TLS record with AES-128-GCM, the cipher of TLS 1.3's mandatory
 *       suite ({@code TLS_AES_128_GCM_SHA256}), which no in-process benchmark includes: on AWS, every
 *       request crosses TLS;</li>
 *   <li>{@code aesGcm256}: the same with AES-256-GCM, which the JDK's client offers first
 *       ({@code TLS_AES_256_GCM_SHA384}); the server picks one of the two;</li>
 *   <li>{@code chaCha20Poly1305}: the same with TLS's other AEAD, for comparison.</li>
 * </ul>
 * Under C2 the JDK runs SHA-256 and AES-GCM on the CPU's own instructions; under C1, which is what
 * Lambda runs, it runs their Java code. MB/s = ops/s × 16,384 / 10^6.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public abstract class RequestBytesBenchmark {
    /** A full TLS record's plaintext. */
    public static final int BYTES = 16 * 1024;
    private static final byte[] AAD = new byte[5];

    private final byte[] body = new byte[BYTES];
    private final byte[] sealed = new byte[BYTES + 16];
    private MessageDigest sha256;
    private Cipher aesGcm;
    private Cipher chaCha;
    private SecretKeySpec aesKey;
    private SecretKeySpec aes256Key;
    private SecretKeySpec chaChaKey;
    private long counter;

    @Setup(Level.Trial)
    public void setUp() throws GeneralSecurityException {
        for (int i = 0; i < BYTES; i++) {
            body[i] = (byte) ("Action=PublishBatch&".charAt(i % 20));   // text, like a form body
        }
        sha256 = MessageDigest.getInstance("SHA-256");
        aesGcm = Cipher.getInstance("AES/GCM/NoPadding");
        chaCha = Cipher.getInstance("ChaCha20-Poly1305");
        aesKey = new SecretKeySpec(new byte[16], "AES");
        aes256Key = new SecretKeySpec(new byte[32], "AES");
        chaChaKey = new SecretKeySpec(new byte[32], "ChaCha20");
    }

    /** A nonce of its own for every record, as TLS gives it (a cipher refuses to seal twice under one). */
    private byte[] nonce() {
        long n = ++counter;
        byte[] nonce = new byte[12];
        for (int i = 0; i < 8; i++) {
            nonce[11 - i] = (byte) (n >>> (8 * i));
        }
        return nonce;
    }

    @Benchmark
    public byte[] sha256() {
        return sha256.digest(body);
    }

    @Benchmark
    public int aesGcm() throws GeneralSecurityException {
        aesGcm.init(Cipher.ENCRYPT_MODE, aesKey, new GCMParameterSpec(128, nonce()));
        aesGcm.updateAAD(AAD);
        return aesGcm.doFinal(body, 0, BYTES, sealed, 0);
    }

    @Benchmark
    public int aesGcm256() throws GeneralSecurityException {
        aesGcm.init(Cipher.ENCRYPT_MODE, aes256Key, new GCMParameterSpec(128, nonce()));
        aesGcm.updateAAD(AAD);
        return aesGcm.doFinal(body, 0, BYTES, sealed, 0);
    }

    @Benchmark
    public int chaCha20Poly1305() throws GeneralSecurityException {
        chaCha.init(Cipher.ENCRYPT_MODE, chaChaKey, new IvParameterSpec(nonce()));
        chaCha.updateAAD(AAD);
        return chaCha.doFinal(body, 0, BYTES, sealed, 0);
    }

    /** The default JVM: tiered compilation, C1 and then C2. */
    @org.openjdk.jmh.annotations.Fork(1)
    public static class C2 extends RequestBytesBenchmark {
    }

    /** Lambda's JVM: C1 only, serial GC, the heap of a 256 MB function. */
    @org.openjdk.jmh.annotations.Fork(value = 1, jvmArgsAppend = {"-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx217m"})
    public static class C1 extends RequestBytesBenchmark {
    }
}
