package dev.eddy.bootstrap.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * dynalite (npm {@code dynalite}, an in-memory implementation of the DynamoDB API) running as a child process on
 * 127.0.0.1.
 *
 * <p>dynalite has no streams and no time to live; {@link StreamsFront} adds both in front of it. Clients talk to the
 * front, never to this endpoint directly, or their writes would not reach the stream.
 *
 * <p>The process stops on {@link #close()} and, should the JVM end first, from a shutdown hook.
 * dynalite is looked up in {@code $EDDY_NODE_MODULES/dynalite}, else in the {@code node_modules} folder of the
 * nearest directory at or above the working directory that has one (the repository root after {@code npm ci}).
 */
public final class LocalDynamoDb implements AutoCloseable {

    /** Environment variable naming the node_modules folder that holds dynalite. */
    public static final String NODE_MODULES_ENV = "EDDY_NODE_MODULES";

    private static final String READY_LINE = "Dynalite listening at";
    private static final long START_TIMEOUT_MS = 20_000;
    private static final int OUTPUT_LINES_KEPT = 40;

    private final Process process;
    private final URI endpoint;
    private final Thread shutdownHook;
    private final Deque<String> output;

    private LocalDynamoDb(Process process, URI endpoint, Deque<String> output) {
        this.process = process;
        this.endpoint = endpoint;
        this.output = output;
        this.shutdownHook = new Thread(process::destroyForcibly, "eddy-dynalite-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts dynalite on a free port of 127.0.0.1, in the given region, and waits until it listens. */
    public static LocalDynamoDb start(String region) {
        Path cli = locateCli(System.getenv(NODE_MODULES_ENV), Paths.get(System.getProperty("user.dir")));
        LocalRuntimeException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                return startOn(cli, freePort(), region);
            } catch (PortTakenException e) {
                last = e;
            }
        }
        throw last;
    }

    /** The dynalite endpoint (http://127.0.0.1:port). Internal: clients use the {@link StreamsFront} endpoint. */
    public URI endpoint() {
        return endpoint;
    }

    /** Whether the child process is still running. */
    public boolean isRunning() {
        return process.isAlive();
    }

    /** Whether the child process has exited, or exits within {@code patience}. */
    public boolean exitsWithin(java.time.Duration patience) throws InterruptedException {
        return process.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
    }

    static Path locateCli(String nodeModulesEnv, Path workingDirectory) {
        if (nodeModulesEnv != null && !nodeModulesEnv.isBlank()) {
            Path cli = Paths.get(nodeModulesEnv).resolve("dynalite").resolve("cli.js");
            if (Files.isRegularFile(cli)) {
                return cli;
            }
            throw new LocalRuntimeException(NODE_MODULES_ENV + "=" + nodeModulesEnv + " has no dynalite/cli.js: "
                    + "run `npm ci` at the repo root, or point " + NODE_MODULES_ENV + " at the node_modules folder that holds dynalite");
        }
        for (Path dir = workingDirectory.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path cli = dir.resolve("node_modules").resolve("dynalite").resolve("cli.js");
            if (Files.isRegularFile(cli)) {
                return cli;
            }
        }
        throw new LocalRuntimeException("dynalite not found in any node_modules at or above " + workingDirectory.toAbsolutePath()
                + ": run `npm ci` at the repo root (Node 20 or later), or set " + NODE_MODULES_ENV
                + " to the node_modules folder that holds dynalite");
    }

    private static LocalDynamoDb startOn(Path cli, int port, String region) {
        List<String> command = new ArrayList<>(List.of(nodeExecutable(), cli.toString(),
                "--host", "127.0.0.1", "--port", Integer.toString(port),
                "--createTableMs", "0", "--deleteTableMs", "0", "--updateTableMs", "0"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("AWS_REGION", region);
        env.put("AWS_ACCOUNT_ID", StreamsFront.ACCOUNT_ID);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new LocalRuntimeException("Could not start `node` to run dynalite (" + e.getMessage()
                    + "): install Node 20 or later and put it on the PATH, then run `npm ci` at the repo root", e);
        }
        Deque<String> output = new ArrayDeque<>();
        CompletableFuture<Boolean> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> pump(process, output, ready), "eddy-dynalite-output");
        reader.setDaemon(true);
        reader.start();
        try {
            ready.get(START_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            String log = snapshot(output);
            if (log.contains("EADDRINUSE")) {
                throw new PortTakenException("Port " + port + " was taken before dynalite could bind it");
            }
            throw new LocalRuntimeException("dynalite did not start within " + START_TIMEOUT_MS + " ms (" + cli
                    + "); its output:\n" + log + "\nrun `npm ci` at the repo root if the install is incomplete");
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new LocalRuntimeException("Interrupted while starting dynalite", e);
        }
        return new LocalDynamoDb(process, URI.create("http://127.0.0.1:" + port), output);
    }

    private static void pump(Process process, Deque<String> output, CompletableFuture<Boolean> ready) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                synchronized (output) {
                    output.addLast(line);
                    if (output.size() > OUTPUT_LINES_KEPT) {
                        output.removeFirst();
                    }
                }
                if (line.startsWith(READY_LINE)) {
                    ready.complete(Boolean.TRUE);
                }
            }
        } catch (IOException e) {
            ready.completeExceptionally(e);
        }
        ready.completeExceptionally(new LocalRuntimeException("dynalite exited"));
    }

    /** The last lines dynalite printed; for error messages. */
    String recentOutput() {
        return snapshot(output);
    }

    private static String snapshot(Deque<String> output) {
        synchronized (output) {
            return String.join("\n", output);
        }
    }

    private static String nodeExecutable() {
        return Optional.ofNullable(System.getenv("EDDY_NODE")).filter(s -> !s.isBlank()).orElse("node");
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port on 127.0.0.1", e);
        }
    }

    private static final class PortTakenException extends LocalRuntimeException {
        PortTakenException(String message) {
            super(message);
        }
    }
}
