package dev.eddy.bootstrap.lambda;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import dev.eddy.adapters.aws.observability.StandardStreams;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The cold-start probe of {@code benchmarks/coldstart.sh}: one process, one batch, exit. It does
 * what the managed runtime does on a first invocation: builds the handler through its no-arg
 * constructor (the composition root reads the environment), reads the event and calls the
 * handler once. Then it prints one line and exits.
 *
 * <pre>java &lt;Lambda's flags&gt; -cp eddy-lambda.jar:&lt;runtime jars&gt; dev.eddy.bootstrap.lambda.ColdStartMain events-100.json</pre>
 *
 * <p>Two paths, chosen by {@code EDDY_COLDSTART_HANDLER}:
 * <ul>
 *   <li>{@code pojo} (the default): {@link StreamHandler}, with the event deserialized the way the
 *       Java runtime does it, {@code LambdaEventSerializers.serializerFor(DynamodbEvent.class, loader)}.
 *       That serializer belongs to the runtime (aws-lambda-java-serialization, and joda-time, which
 *       it always loads), not to the function: the artifact leaves them out, so the caller puts
 *       them on the class path, standing in for {@code /var/runtime/lib}.</li>
 *   <li>{@code streaming}: {@link StreamingHandler}, which is handed the raw bytes, as the runtime
 *       does for a {@code RequestStreamHandler}; it needs no runtime jar.</li>
 * </ul>
 *
 * <p>Output: {@code ready_ms=<ms from COLDSTART_EXEC_NS to the return of handleRequest> origin=exec
 * init_ms=<handler construction> prime_ms=<SnapStart priming, 0.0 unless asked> handle_ms=<deserialization
 * and handleRequest> handler=<path>}. With {@code EDDY_COLDSTART_PRIME=1} the handler's SnapStart
 * priming runs right after construction, as Lambda's checkpoint would, and handle_ms is then the
 * first batch after a restore (the restore itself only Lambda can measure).
 * With {@code EDDY_COLDSTART_INVOKE_CGROUP_PROCS} the process moves itself into that cpu cgroup
 * right before the event is deserialized and handled, as the invocation phase starts.
 * Without {@code COLDSTART_EXEC_NS} the origin is the start of {@code main} ({@code origin=main}):
 * the JVM's own start time would need {@code java.management}, which costs tens of milliseconds,
 * and {@code ProcessHandle}'s start instant can be a second off. Exit status 0 when the batch succeeded,
 * 1 when the handler reported a failed record, 2 on bad usage or input.
 */
public final class ColdStartMain {
    static final String HANDLER_VARIABLE = "EDDY_COLDSTART_HANDLER";
    static final String PRIME_VARIABLE = "EDDY_COLDSTART_PRIME";
    static final String INVOKE_CGROUP_VARIABLE = "EDDY_COLDSTART_INVOKE_CGROUP_PROCS";
    private static final Duration TIMEOUT = Duration.ofMinutes(1);

    private ColdStartMain() {
    }

    public static void main(String[] args) throws IOException {
        int status = run(args);
        StandardStreams.out().flush();
        // Exit right away: no SDK or JVM shutdown work counts in the measurement.
        Runtime.getRuntime().halt(status);
    }

    static int run(String[] args) throws IOException {
        if (args.length != 1) {
            StandardStreams.err().println("usage: java -cp eddy-lambda.jar " + ColdStartMain.class.getName()
                    + " <lambda-dynamodb-event.json>");
            return 2;
        }
        String path = System.getenv().getOrDefault(HANDLER_VARIABLE, "pojo");
        String functionName = System.getenv().getOrDefault(Configuration.AWS_LAMBDA_FUNCTION_NAME,
                Configuration.LOCAL_FUNCTION_NAME);
        byte[] bytes = Files.readAllBytes(Path.of(args[0]));
        long start = System.nanoTime();
        boolean succeeded;
        long constructed;
        long primed;
        switch (path) {
            case "pojo" -> {
                StreamHandler handler = new StreamHandler();
                constructed = System.nanoTime();
                primed = primeLikeACheckpoint(handler.priming());
                enterInvokePhase();
                DynamodbEvent event;
                try (InputStream in = new ByteArrayInputStream(bytes)) {
                    event = LambdaEventSerializers.serializerFor(DynamodbEvent.class, ColdStartMain.class.getClassLoader())
                            .fromJson(in);
                }
                StreamsEventResponse response = handler.handleRequest(event, new ReplayContext(functionName, TIMEOUT));
                succeeded = response.getBatchItemFailures().isEmpty();
            }
            case "streaming" -> {
                StreamingHandler handler = new StreamingHandler();
                constructed = System.nanoTime();
                primed = primeLikeACheckpoint(handler.batch().priming());
                enterInvokePhase();
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                handler.handleRequest(new ByteArrayInputStream(bytes), out, new ReplayContext(functionName, TIMEOUT));
                succeeded = out.toString(StandardCharsets.UTF_8).equals("{\"batchItemFailures\":[]}");
            }
            default -> {
                StandardStreams.err().println(HANDLER_VARIABLE + " must be pojo or streaming, not \"" + path + "\"");
                return 2;
            }
        }
        long done = System.nanoTime();
        long doneEpochNanos = epochNanos();
        String exec = System.getenv("COLDSTART_EXEC_NS");
        String ready;
        if (exec != null && exec.matches("[0-9]{1,19}")) {
            ready = millis(doneEpochNanos - Long.parseLong(exec)) + " origin=exec";
        } else {
            ready = millis(done - start) + " origin=main";
        }
        StandardStreams.out().println("ready_ms=" + ready + " init_ms=" + millis(constructed - start)
                + " prime_ms=" + millis(primed - constructed)
                + " handle_ms=" + millis(done - primed) + " handler=" + path
                + " succeeded=" + succeeded);
        return succeeded ? 0 : 1;
    }

    /** With {@code EDDY_COLDSTART_PRIME=1}, runs the SnapStart priming; returns when it is done. */
    private static long primeLikeACheckpoint(Priming priming) {
        if ("1".equals(System.getenv(PRIME_VARIABLE))) {
            Priming.Summary summary = priming.prime();
            summary.inMemoryProblems().forEach(problem -> StandardStreams.err().println("priming: " + problem));
        }
        return System.nanoTime();
    }

    /**
     * Where Lambda would start the invocation: with {@code EDDY_COLDSTART_INVOKE_CGROUP_PROCS} set
     * (the {@code cgroup.procs} file of a cpu cgroup, {@code coldstart.sh --lambda-cpu}), the process
     * moves itself, every thread, into that group, which has the CPU share of the invocation phase.
     */
    private static void enterInvokePhase() throws IOException {
        String procs = System.getenv(INVOKE_CGROUP_VARIABLE);
        if (procs != null && !procs.isEmpty()) {
            Files.writeString(Path.of(procs), Long.toString(ProcessHandle.current().pid()));
        }
    }

    private static long epochNanos() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    private static String millis(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.1f", nanos / 1e6);
    }
}
