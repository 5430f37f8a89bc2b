// The JVM's own cold-start floor for coldstart.sh: an empty main run with the same flags as Eddy's
// artifact. Prints ready_ms and exits. ready_ms counts from COLDSTART_EXEC_NS (epoch nanoseconds taken by
// coldstart.sh right before exec; Instant.now() has microsecond resolution on Linux), or, without it,
// from the process start time the OS reports (ProcessHandle: coarse, can be off by up to a second).
// No lambdas and (compiled with -XDstringConcat=inline) no indy string concatenation, so it bootstraps
// nothing beyond what the JVM itself needs.
public final class JvmFloor {
    private JvmFloor() {
    }

    public static void main(String[] args) {
        java.time.Instant now = java.time.Instant.now();
        long nowNs = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        String exec = System.getenv("COLDSTART_EXEC_NS");
        double readyMs;
        String origin;
        if (exec != null && !exec.isEmpty()) {
            readyMs = (nowNs - Long.parseLong(exec.trim())) / 1e6;
            origin = "exec";
        } else {
            java.util.Optional<java.time.Instant> started = ProcessHandle.current().info().startInstant();
            readyMs = started.isPresent() ? (nowNs / 1_000_000L) - started.get().toEpochMilli() : -1;
            origin = "process-start";
        }
        System.out.println("ready_ms=" + String.format(java.util.Locale.ROOT, "%.1f", readyMs) + " origin=" + origin);
    }
}
