package dev.eddy.adapters.aws.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TLS warm-up runs the cipher the JDK's TLS client chooses for its records, both ways, over enough
 * data: the premise is checked on a real handshake, on loopback, with a server that lets the client
 * choose.
 */
class TlsRecordCipherTest {

    @Test
    void runsRecordsOfFullSizeThroughTheCipherBothWays() {
        assertEquals(TlsRecordCipher.RECORDS * TlsRecordCipher.RECORD_BYTES, TlsRecordCipher.warmUp());
    }

    /**
     * If a JDK ever chose another cipher first, the warm-up would warm the wrong code: this fails
     * then, naming the suite the JDK negotiated.
     */
    @Test
    void theJdkClientChoosesAesGcmWhenTheServerLetsItChoose(@TempDir Path work) throws Exception {
        char[] password = "changeit".toCharArray();
        Path keystore = work.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "san=ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).redirectOutput(work.resolve("keytool.out").toFile()).start();
        try {
            assertTrue(keytool.waitFor(60, TimeUnit.SECONDS), "keytool did not finish");
        } finally {
            keytool.destroyForcibly();
        }
        assertEquals(0, keytool.exitValue(), java.nio.file.Files.readString(work.resolve("keytool.out")));
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = java.nio.file.Files.newInputStream(keystore)) {
            store.load(in, password);
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, password);
        SSLContext serverContext = SSLContext.getInstance("TLS");
        serverContext.init(keys.getKeyManagers(), null, null);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext clientContext = SSLContext.getInstance("TLS");   // as the URL-connection client builds its own
        clientContext.init(null, trust.getTrustManagers(), null);

        try (SSLServerSocket server = (SSLServerSocket) serverContext.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            SSLParameters parameters = server.getSSLParameters();
            parameters.setUseCipherSuitesOrder(false);   // the client's order decides
            server.setSSLParameters(parameters);
            CompletableFuture<String> served = CompletableFuture.supplyAsync(() -> {
                try (SSLSocket accepted = (SSLSocket) server.accept()) {
                    accepted.startHandshake();
                    return accepted.getSession().getCipherSuite();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            String chosen;
            try (SSLSocket client = (SSLSocket) clientContext.getSocketFactory()
                    .createSocket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                client.startHandshake();
                chosen = client.getSession().getCipherSuite();
            }
            assertEquals(chosen, served.get(30, TimeUnit.SECONDS));
            assertTrue(chosen.contains("_AES_") && chosen.contains("_GCM_"),
                    "the JDK's TLS client chose " + chosen + ", which the warm-up's AES/GCM does not cover");
        }
    }
}
