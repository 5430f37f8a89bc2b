package dev.eddy.testsupport.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * A server on 127.0.0.1 that takes every connection and its request, notes when the request's
 * first bytes arrived, and never answers: for tests of what a client does when a service stalls.
 * The connections stay open until {@link #close()}; its threads are daemons.
 */
public final class SilentHttpServer implements AutoCloseable {
    private final ServerSocket socket;
    private final List<Socket> clients = new ArrayList<>();
    private final List<Long> arrivals = new ArrayList<>();

    public SilentHttpServer() {
        try {
            socket = new ServerSocket(0, 50, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on 127.0.0.1", e);
        }
        Thread acceptor = new Thread(() -> {
            while (!socket.isClosed()) {
                try {
                    Socket client = socket.accept();
                    synchronized (this) {
                        if (socket.isClosed()) {
                            client.close();
                            return;
                        }
                        clients.add(client);
                    }
                    Thread reader = new Thread(() -> swallow(client), "silent-http-server-reader");
                    reader.setDaemon(true);
                    reader.start();
                } catch (IOException e) {
                    return;   // closed by the test, or a failure no retry would cure
                }
            }
        }, "silent-http-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void swallow(Socket client) {
        byte[] buffer = new byte[8192];
        try (InputStream in = client.getInputStream()) {
            int read = in.read(buffer);
            if (read > 0) {
                synchronized (this) {
                    arrivals.add(System.nanoTime());
                }
            }
            while (read >= 0) {
                read = in.read(buffer);
            }
        } catch (IOException e) {
            // The client gave up, or the test is over.
        }
    }

    /** {@code http://127.0.0.1:<port>}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }

    /** Connections accepted so far. */
    public synchronized int connections() {
        return clients.size();
    }

    /** When each request's first bytes arrived ({@link System#nanoTime()}), in arrival order. */
    public synchronized List<Long> arrivals() {
        return List.copyOf(arrivals);
    }

    @Override
    public void close() throws IOException {
        synchronized (this) {
            socket.close();
            for (Socket client : clients) {
                try {
                    client.close();
                } catch (IOException e) {
                    // Closing the others matters more.
                }
            }
        }
    }
}
