package dev.eddy.benchmarks;

import dev.eddy.adapters.aws.observability.StandardStreams;
import java.io.File;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Two builds of Eddy in one JVM, one operation of each in turn: a before/after measurement that the
 * machine's load cannot tilt, since every drift hits both sides alike, operation by operation.
 *
 * <p>Each build (its {@code benchmarks/target/classes} plus {@code target/classpath.txt}) gets its
 * own class loader, so both {@link Pipeline}s, with all of Eddy's, Jackson's and the SDK's classes,
 * live side by side, each JIT-compiled on its own. One operation is {@link PipelineBenchmark}'s
 * (for example {@code pipelineFast}: read, rules, projections, PublishBatch into the in-memory
 * stub). After a warm-up, the operations alternate (base, current, base, current ...) and each is
 * measured in the benchmark thread's CPU time (not disturbed by other processes; garbage collection,
 * which the serial collector runs in another thread, is left out), in wall time and in bytes
 * allocated. Prints the medians of both sides, the ratio of the medians and the median of the
 * per-pair ratios. It asserts nothing: it is a measuring tool.
 *
 * <pre>
 * java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx434m -cp benchmarks/target/classes \
 *     dev.eddy.benchmarks.SideBySide BASE_DIR CURRENT_DIR FILE BENCHMARK WARMUP_OPS MEASURED_OPS
 * </pre>
 * where {@code BASE_DIR} and {@code CURRENT_DIR} are the {@code benchmarks} folders of two built
 * checkouts, and {@code EDDY_EVENTS_DIR} names the folder of the event files and rules.
 *
 * <p>{@code BENCHMARK} may also be two benchmarks, {@code tokenScan:readFast}: the base side runs
 * the first and the current side the second. With the same folder on both sides this is a ratio
 * between two benchmarks of one build taken the same way, for example the read against the parse
 * floor (base/current is then the read's MB/s as a share of the floor's).
 */
public final class SideBySide {
    private static final List<String> BENCHMARKS = List.of("tokenScan", "readNaive", "readFast", "readOnDemand", "alertsFast",
            "pipelineNaive", "pipelineFast", "bodyHashes", "signedRequests");

    private SideBySide() {
    }

    /** One build's pipeline, reached through its own class loader. */
    private static final class Side {
        final String name;
        final Object pipeline;
        final Method read;
        final Method then;
        final Method single;

        Side(String name, File benchmarksDir, String file, String benchmark) throws ReflectiveOperationException {
            this.name = name;
            ClassLoader loader = new URLClassLoader(name, urls(benchmarksDir), ClassLoader.getPlatformClassLoader());
            Class<?> type = Class.forName("dev.eddy.benchmarks.Pipeline", true, loader);
            Constructor<?> constructor = type.getDeclaredConstructor(String.class);
            constructor.setAccessible(true);
            pipeline = constructor.newInstance(file);
            Method check = type.getDeclaredMethod("check", int.class);
            check.setAccessible(true);
            check.invoke(pipeline, file.equals("events-100.json") ? 48 : file.equals("events-10000.json") ? 3636 : -1);
            switch (benchmark) {
                case "pipelineFast", "pipelineNaive", "alertsFast" -> {
                    read = type.getDeclaredMethod(benchmark.endsWith("Naive") ? "readNaive" : "readFast");
                    then = type.getDeclaredMethod(benchmark.equals("alertsFast") ? "alertsOnly" : "process", List.class);
                    single = null;
                }
                default -> {
                    read = null;
                    then = null;
                    single = type.getDeclaredMethod(benchmark);
                }
            }
            for (Method m : new Method[] {read, then, single}) {
                if (m != null) {
                    m.setAccessible(true);
                }
            }
        }

        Object run() throws ReflectiveOperationException {
            return single != null ? single.invoke(pipeline) : then.invoke(pipeline, read.invoke(pipeline));
        }
    }

    private static URL[] urls(File benchmarksDir) {
        try {
            List<URL> urls = new ArrayList<>();
            urls.add(new File(benchmarksDir, "target/classes").toURI().toURL());
            String classpath = java.nio.file.Files.readString(new File(benchmarksDir, "target/classpath.txt").toPath(),
                    StandardCharsets.UTF_8).trim();
            for (String entry : classpath.split(File.pathSeparator)) {
                urls.add(new File(entry).toURI().toURL());
            }
            return urls.toArray(URL[]::new);
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(e);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + benchmarksDir + "/target/classpath.txt (build it first)", e);
        }
    }

    public static void main(String[] args) throws ReflectiveOperationException {
        String[] benchmarks = args.length == 6 ? args[3].split(":", -1) : new String[0];
        if (args.length != 6 || benchmarks.length > 2 || !Arrays.stream(benchmarks).allMatch(BENCHMARKS::contains)) {
            throw new IllegalArgumentException("usage: SideBySide BASE_DIR CURRENT_DIR FILE BENCHMARK[:CURRENT_BENCHMARK] "
                    + "WARMUP_OPS MEASURED_OPS; BENCHMARK one of " + BENCHMARKS);
        }
        String file = args[2];
        String benchmark = args[3];
        int warmup = Integer.parseInt(args[4]);
        int measured = Integer.parseInt(args[5]);
        Side base = new Side("base", new File(args[0]), file, benchmarks[0]);
        Side current = new Side("current", new File(args[1]), file, benchmarks[benchmarks.length - 1]);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long self = Thread.currentThread().getId();
        for (int i = 0; i < warmup; i++) {
            base.run();
            current.run();
        }
        long[][] cpu = new long[2][measured];
        long[][] wall = new long[2][measured];
        long[][] alloc = new long[2][measured];
        Side[] sides = {base, current};
        for (int i = 0; i < measured; i++) {
            // Alternate which side goes first, so neither always follows the other's garbage.
            for (int k = 0; k < 2; k++) {
                int s = (i + k) % 2;
                long a0 = threads.getThreadAllocatedBytes(self);
                long c0 = threads.getCurrentThreadCpuTime();
                long w0 = System.nanoTime();
                Object result = sides[s].run();
                wall[s][i] = System.nanoTime() - w0;
                cpu[s][i] = threads.getCurrentThreadCpuTime() - c0;
                alloc[s][i] = threads.getThreadAllocatedBytes(self) - a0;
                if (result == null) {
                    throw new IllegalStateException(sides[s].name + " returned nothing");
                }
            }
        }
        PrintStream out = StandardStreams.out();
        out.printf(Locale.ROOT, "%s %s, %d ops each after %d warm-up ops, alternating; %s%n", benchmark, file, measured, warmup,
                ManagementFactory.getRuntimeMXBean().getInputArguments());
        out.printf(Locale.ROOT, "%-12s %14s %14s %14s %14s%n", "", "base", "current", "base/current", "median of pairs");
        row(out, "cpu ms/op", cpu, 1e6);
        row(out, "wall ms/op", wall, 1e6);
        out.printf(Locale.ROOT, "%-12s %14.1f %14.1f %14s%n", "KB alloc/op", median(alloc[0]) / 1024.0, median(alloc[1]) / 1024.0,
                String.format(Locale.ROOT, "%.3f", median(alloc[0]) / median(alloc[1])));
    }

    private static void row(PrintStream out, String label, long[][] values, double unit) {
        double[] pairs = new double[values[0].length];
        for (int i = 0; i < pairs.length; i++) {
            pairs[i] = (double) values[0][i] / values[1][i];
        }
        Arrays.sort(pairs);
        int m = pairs.length / 2;
        double medianOfPairs = pairs.length % 2 == 1 ? pairs[m] : (pairs[m - 1] + pairs[m]) / 2;
        out.printf(Locale.ROOT, "%-12s %14.3f %14.3f %14.3f %14.3f%n", label, median(values[0]) / unit, median(values[1]) / unit,
                median(values[0]) / median(values[1]), medianOfPairs);
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int m = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2.0;
    }
}
