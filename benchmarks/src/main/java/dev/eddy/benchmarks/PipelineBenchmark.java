package dev.eddy.benchmarks;

import dev.eddy.application.StreamRecord;
import dev.eddy.application.port.in.BatchOutcome;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Throughput of one batch (one operation = one whole event file), side by side:
 * <ul>
 *   <li>{@code tokenScan}: Jackson's streaming parser over every token, building nothing: the floor;</li>
 *   <li>{@code readNaive} / {@code readFast}: the runtime's POJOs plus the reference mapper, versus
 *       the streaming reader, up to the domain changes;</li>
 *   <li>{@code readOnDemand}: the deployed handler's read, {@code readOnDemand} (the event checked
 *       and split first) with every record then taken in order, as the use case takes them;</li>
 *   <li>{@code alertsFast}: the streaming read, the five rules and the alert bodies, nothing more:
 *       what the Node baseline's loop does;</li>
 *   <li>{@code pipelineNaive} / {@code pipelineFast}: the same reads, then five alert rules, two
 *       projections computed, and publishing through the real SNS adapter into an instant HTTP stub;</li>
 *   <li>{@code bodyHashes}: the SHA-256 that SigV4 takes of the request bodies those pipelines send,
 *       alone. No pipeline that sends the same signed requests (the same alerts, with the same message
 *       attributes) can take less time than this, so the floor's time over it bounds such a pipeline's
 *       share of the floor.</li>
 *   <li>{@code signedRequests}: those requests written from the alerts' texts and signed with SigV4,
 *       and nothing else, as a program that did only that would ({@link SignedRequests}). A pipeline
 *       that reads the event no faster than the floor and writes them no faster than this takes at
 *       least the floor's time plus this one, so the floor's time over that sum bounds its share of
 *       the floor.</li>
 * </ul>
 * Subclasses fix the JIT: {@link C2} (the default JVM) and {@link C1} (Lambda's flags).
 * {@code run.sh} turns ops/s into MB/s and records/s, and allocation per op into bytes per record.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public abstract class PipelineBenchmark {
    /** Alerts each file must produce (generate-events.js prints them); -1 to skip the check. */
    private static final java.util.Map<String, Integer> EXPECTED_ALERTS =
            java.util.Map.of("events-100.json", 48, "events-10000.json", 3636);

    @Param({"events-100.json", "events-10000.json"})
    public String file;

    private Pipeline pipeline;

    @Setup(Level.Trial)
    public void setUp() {
        pipeline = new Pipeline(file);
        pipeline.check(EXPECTED_ALERTS.getOrDefault(file, -1));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        pipeline.close();
    }

    @Benchmark
    public long tokenScan() {
        return pipeline.tokenScan();
    }

    @Benchmark
    public List<StreamRecord> readNaive() {
        return pipeline.readNaive();
    }

    @Benchmark
    public List<StreamRecord> readFast() {
        return pipeline.readFast();
    }

    @Benchmark
    public int readOnDemand() {
        return pipeline.readOnDemand();
    }

    /** Like for like with the Node baseline's loop: read, rules, alerts rendered; no projections, no SNS. */
    @Benchmark
    public int alertsFast() {
        return pipeline.alertsOnly(pipeline.readFast());
    }

    /**
     * SigV4's SHA-256 of the pipeline's request bodies alone: bounds the share of the floor any
     * pipeline sending the same requests can reach.
     */
    @Benchmark
    public long bodyHashes() {
        return pipeline.bodyHashes();
    }

    /** The same requests written from the alerts' texts and signed, alone: with the floor, a bound on any pipeline. */
    @Benchmark
    public long signedRequests() {
        return pipeline.signedRequests();
    }

    @Benchmark
    public BatchOutcome pipelineNaive() {
        return pipeline.process(pipeline.readNaive());
    }

    @Benchmark
    public BatchOutcome pipelineFast() {
        return pipeline.process(pipeline.readFast());
    }

    /** The default JVM: tiered compilation up to C2, default GC and heap. */
    @org.openjdk.jmh.annotations.Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
    public static class C2 extends PipelineBenchmark {
    }

    /** Lambda's JVM: C1 only, serial GC, the heap of a 256 MB function. */
    @org.openjdk.jmh.annotations.Fork(value = 1, jvmArgsAppend = {"-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx217m"})
    public static class C1 extends PipelineBenchmark {
    }
}
