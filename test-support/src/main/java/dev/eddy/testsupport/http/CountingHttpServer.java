package dev.eddy.testsupport.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A server on 127.0.0.1 that counts the connections made to it and answers each with one fixed,
 * empty-bodied status, closing the connection: for tests that must show a piece of code does not
 * connect, with a control that does. Stops on {@link #close()}; its thread is a daemon.
 */
public final class CountingHttpServer implements AutoCloseable {
    private final ServerSocket socket;
    private final AtomicInteger connections = new AtomicInteger();

    /** @param statusLine what every connection is answered with, such as {@code 500 Nope} */
    public CountingHttpServer(String statusLine) {
        try {
            socket = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on 127.0.0.1", e);
        }
        byte[] reply = ("HTTP/1.1 " + statusLine + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        Thread thread = new Thread(() -> {
            while (!socket.isClosed()) {
                try (Socket client = socket.accept()) {
                    connections.incrementAndGet();
                    client.getOutputStream().write(reply);
                } catch (IOException e) {
                    // Closed by the test.
                }
            }
        }, "counting-http-server");
        thread.setDaemon(true);
        thread.start();
    }

    /** {@code 127.0.0.1:<port>}. */
    public String hostAndPort() {
        return "127.0.0.1:" + socket.getLocalPort();
    }

    /** {@code http://127.0.0.1:<port><path>}. */
    public String url(String path) {
        return "http://" + hostAndPort() + path;
    }

    /** Connections accepted so far. */
    public int connections() {
        return connections.get();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
