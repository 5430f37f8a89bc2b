package dev.eddy.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Runs a Node script of the repository from the repository root and captures what it prints. */
final class NodeScript {
    private static final long TIMEOUT_SECONDS = 180;

    record Result(int exitCode, String stdout, String stderr) {
        String output() {
            return stdout + (stderr.isEmpty() ? "" : "\n[stderr]\n" + stderr);
        }
    }

    private NodeScript() {
    }

    static Result run(String script, List<String> arguments) {
        Repository.requireNodeModules();
        List<String> command = new ArrayList<>();
        command.add("node");
        command.add(script);
        command.addAll(arguments);
        Path root = Repository.root();
        Process process;
        try {
            process = new ProcessBuilder(command).directory(root.toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start `node` (Node 20 must be on the PATH): " + String.join(" ", command), e);
        }
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the input of " + String.join(" ", command), e);
        }
        CompletableFuture<String> stdout = read(process, false);
        CompletableFuture<String> stderr = read(process, true);
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within " + TIMEOUT_SECONDS + " s");
            }
            return new Result(process.exitValue(), stdout.get(), stderr.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot read the output of " + String.join(" ", command), e.getCause());
        }
    }

    private static CompletableFuture<String> read(Process process, boolean errors) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                byte[] bytes = (errors ? process.getErrorStream() : process.getInputStream()).readAllBytes();
                return new String(bytes, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
