#!/usr/bin/env bash
# One command for the benchmarks of issue 8 (see README.md):
#   bash benchmarks/run.sh           full run: figures for docs/performance.md (about 20 minutes;
#                                    run it on a quiet machine)
#   bash benchmarks/run.sh --smoke   every tool once with tiny counts, for CI; asserts that each tool
#                                    runs and checks its own results (alert and call counts), never timings
#
# Steps: build the Lambda artifact and the benchmarks module (./mvnw package, no tests), generate the
# two event files (deterministic), install the Node baseline (npm ci), Node throughput (the original loop
# and the same-job loop), Java throughput (JMH, C2 and C1, -prof gc) with the ratio table (report.js,
# checked against SameJobFacts), Java against Node in interleaved rounds (interleaved.sh), cold start side
# by side for both handler paths (coldstart.sh), and memory under shrinking heaps (memory.sh). Raw results go to results/.
# Set SKIP_BUILD=1 to use the jars as they are; PARTS="jmh coldstart memory" (the default) picks the
# measurements to run, e.g. PARTS=coldstart SKIP_BUILD=1 bash run.sh.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$HERE"

SMOKE=""
case "${1:-}" in
  --smoke) SMOKE=yes ;;
  "") ;;
  *) echo "run: unknown argument $1 (use --smoke or nothing)" >&2; exit 2 ;;
esac
JAVA="${JAVA:-java}"
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p results
echo "run: $(date -u +%FT%TZ), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "     $("$JAVA" -version 2>&1 | head -1), node $(node --version)"

if [[ -z "${SKIP_BUILD:-}" ]]; then
  echo "== build (./mvnw -q -B -pl bootstrap-lambda,benchmarks -am package -DskipTests)"
  (cd .. && ./mvnw -q -B -pl bootstrap-lambda,benchmarks -am package -DskipTests)
fi
[[ -f target/classpath.txt && -d target/classes ]] || { echo "run: benchmarks module not built" >&2; exit 1; }
JMH_CP="target/classes:$(cat target/classpath.txt)"
# The managed runtime's own jars (its serializer and the joda-time it loads), outside the artifact.
JAVA_RUNTIME_CLASSPATH="$(tr ':' '\n' <target/classpath.txt | grep -E '/(aws-lambda-java-serialization|joda-time)-[^/]*\.jar$' | paste -sd:)"
export JAVA_RUNTIME_CLASSPATH JAVA

echo "== events"
node generate-events.js --records 100 --out events-100.json
node generate-events.js --records 10000 --out events-10000.json

if [[ ! -d node-baseline/node_modules/@aws-sdk/client-sns ]]; then
  echo "== npm ci (node-baseline)"
  (cd node-baseline && npm ci --no-audit --no-fund --loglevel=error)
fi
export AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true

PARTS="${PARTS:-jmh coldstart memory}"
part() { [[ " $PARTS " == *" $1 "* ]]; }

if part jmh; then
echo "== node baseline throughput (in-process, no network)"
NODE_JSON="results/node-throughput-$STAMP.json"
if [[ -n "$SMOKE" ]]; then
  node node-baseline/throughput.js --warmup-seconds 0 --seconds 0 --json >"$NODE_JSON"
else
  node node-baseline/throughput.js --warmup-seconds 5 --seconds 10 --json >"$NODE_JSON"
fi
echo "  $NODE_JSON"

echo "== java throughput (JMH: PipelineBenchmark C2 and C1, -prof gc), load average $(cut -d' ' -f1-3 /proc/loadavg)"
JMH_JSON="results/jmh-$STAMP.json"
if [[ -n "$SMOKE" ]]; then
  # Each benchmark once, in its own fork (C1 and C2), on the small file; setup checks alert and call counts.
  EDDY_EVENTS_DIR="$HERE" "$JAVA" -cp "$JMH_CP" org.openjdk.jmh.Main 'PipelineBenchmark' -p file=events-100.json \
    -wi 0 -i 1 -r 100ms -f 1 -prof gc -foe true -rf json -rff "$JMH_JSON" >"results/jmh-$STAMP.log"
else
  # shellcheck disable=SC2086
  EDDY_EVENTS_DIR="$HERE" "$JAVA" -cp "$JMH_CP" org.openjdk.jmh.Main 'PipelineBenchmark' ${JMH_OPTS:-} \
    -prof gc -foe true -rf json -rff "$JMH_JSON" | tee "results/jmh-$STAMP.log" | grep -E '^(# (Benchmark|Parameters):|Benchmark|PipelineBenchmark)' || true
fi
echo "  load average $(cut -d' ' -f1-3 /proc/loadavg) after JMH"
# What each byte of a request costs on its way to AWS (RequestBytesBenchmark): SigV4's SHA-256, which the
# pipeline above includes, and the TLS record cipher, which no in-process benchmark does; C1 and C2.
echo "== request bytes (JMH: RequestBytesBenchmark C2 and C1, one 16 KiB TLS record per operation)"
BYTES_JSON="results/jmh-bytes-$STAMP.json"
if [[ -n "$SMOKE" ]]; then
  "$JAVA" -cp "$JMH_CP" org.openjdk.jmh.Main 'RequestBytesBenchmark' -wi 0 -i 1 -r 100ms -f 1 -foe true \
    -rf json -rff "$BYTES_JSON" >"results/jmh-bytes-$STAMP.log" || { tail -30 "results/jmh-bytes-$STAMP.log" >&2; exit 1; }
else
  "$JAVA" -cp "$JMH_CP" org.openjdk.jmh.Main 'RequestBytesBenchmark' -i 10 -foe true -rf json -rff "$BYTES_JSON" \
    >"results/jmh-bytes-$STAMP.log" || { tail -30 "results/jmh-bytes-$STAMP.log" >&2; exit 1; }
fi
node -e 'const rows = JSON.parse(require("fs").readFileSync(process.argv[1]));
  const mb = (r) => r.primaryMetric.score * 16384 / 1e6;
  const by = Object.fromEntries(rows.map((r) => [r.benchmark.replace(/.*RequestBytesBenchmark\./, ""), mb(r)]));
  for (const jit of ["C1", "C2"]) {
    const line = ["sha256", "aesGcm", "aesGcm256", "chaCha20Poly1305"].map((b) => `${b} ${by[`${jit}.${b}`].toFixed(1)} MB/s`);
    console.log(`  ${jit}: ${line.join(", ")}; aesGcm / sha256 ${(by[`${jit}.aesGcm`] / by[`${jit}.sha256`]).toFixed(2)}x`);
  }' "$BYTES_JSON"
# What Java's pipeline produces per file (alerts, body sizes, projection updates): report.js checks the
# Node baseline's same-job loop against it and fails when the alerts or projection updates differ.
FACTS_JSON="results/java-facts-$STAMP.jsonl"
EDDY_EVENTS_DIR="$HERE" "$JAVA" -cp "$JMH_CP" dev.eddy.benchmarks.SameJobFacts events-100.json events-10000.json >"$FACTS_JSON"
node report.js "$JMH_JSON" "$NODE_JSON" "$HERE" "$FACTS_JSON"
echo "== java against node, interleaved rounds (C1 pipelineFast vs Node's same job, back to back)"
if [[ -n "$SMOKE" ]]; then
  bash interleaved.sh -n 1 --smoke
  # The before/after tool, with the same build on both sides (it is run by hand with two builds).
  EDDY_EVENTS_DIR="$HERE" "$JAVA" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp "$JMH_CP" dev.eddy.benchmarks.SideBySide \
    "$HERE" "$HERE" events-100.json pipelineFast 1 1
  # ... and paired within one build: the floor on one side, SigV4's hashing of the bodies on the other.
  EDDY_EVENTS_DIR="$HERE" "$JAVA" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp "$JMH_CP" dev.eddy.benchmarks.SideBySide \
    "$HERE" "$HERE" events-100.json tokenScan:bodyHashes 1 1
  # ... and the floor against the same requests written and signed, and nothing else.
  EDDY_EVENTS_DIR="$HERE" "$JAVA" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp "$JMH_CP" dev.eddy.benchmarks.SideBySide \
    "$HERE" "$HERE" events-100.json tokenScan:signedRequests 1 1
else
  bash interleaved.sh -n 5
fi
fi

if part coldstart; then

echo "== cold start: StreamHandler (runtime POJO deserialization)"
LAMBDA_FLAGS="-XX:+TieredCompilation -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -Xmx217m -Djava.net.preferIPv4Stack=true --add-opens=java.base/java.io=ALL-UNNAMED"
COLD_RUNS=10
[[ -n "$SMOKE" ]] && COLD_RUNS=1
export COLDSTART_REQUIRE_JAVA=1
bash coldstart.sh -n "$COLD_RUNS" --warmup "$([[ -n "$SMOKE" ]] && echo 0 || echo 1)"
echo "== cold start: StreamingHandler (raw bytes, streaming reader)"
EDDY_COLDSTART_HANDLER=streaming bash coldstart.sh -n "$COLD_RUNS" --warmup 0 --no-floors
echo "== cold start: StreamingHandler after its SnapStart priming (first batch after a restore, restore excluded)"
EDDY_COLDSTART_HANDLER=streaming EDDY_COLDSTART_PRIME=1 bash coldstart.sh -n "$COLD_RUNS" --warmup 0 --no-floors
# The same two with Lambda's CPU: init on 1 vCPU, the invocation on 0.145 vCPU (cpu cgroups; needs root),
# and Lambda's memory: 256 MiB, which the JVM and V8 size their heaps from (a memory cgroup).
# The on-demand one runs the floors too, the same-job Java programs among them.
# The JVM options Terraform gives the function (lambda_java_tool_options's default in deploy/terraform/variables.tf;
# deploy-tests' EnvironmentContractTest holds the two equal).
DEPLOYED_JAVA_TOOL_OPTIONS="-Xms64m"
# lambda_coldstart ARGS...: coldstart.sh ARGS with Lambda's CPU and memory, and its class loading (the artifact
# unpacked into a task root, --task-root), and the function's JVM options as deployed (EDDY_JAVA_TOOL_OPTIONS);
# with Lambda's CPU only when no memory cgroup can be made; skipped (not failed) when no cpu cgroup can be made
# either
lambda_coldstart() {
  local status=0
  EDDY_JAVA_TOOL_OPTIONS="$DEPLOYED_JAVA_TOOL_OPTIONS" bash coldstart.sh "$@" --task-root --lambda-cpu --lambda-memory || status=$?
  if [[ $status -eq 77 ]]; then
    echo "  no writable memory or cpu cgroup: trying Lambda's CPU alone (--lambda-cpu)"
    status=0
    EDDY_JAVA_TOOL_OPTIONS="$DEPLOYED_JAVA_TOOL_OPTIONS" bash coldstart.sh "$@" --task-root --lambda-cpu || status=$?
  fi
  if [[ $status -eq 77 ]]; then echo "  skipped: no writable cpu cgroup on this machine"; elif [[ $status -ne 0 ]]; then exit "$status"; fi
}
for prime in 0 1; do
  echo "== cold start: StreamingHandler with Lambda's CPU, memory and class loading (--task-root --lambda-cpu --lambda-memory) and JAVA_TOOL_OPTIONS=$DEPLOYED_JAVA_TOOL_OPTIONS, EDDY_COLDSTART_PRIME=$prime"
  floors=""
  [[ $prime -eq 1 ]] && floors="--no-floors"
  # shellcheck disable=SC2086
  EDDY_COLDSTART_HANDLER=streaming EDDY_COLDSTART_PRIME=$prime lambda_coldstart -n "$COLD_RUNS" --warmup 0 $floors
done
# The deployed configuration: the same on-demand start with a delivery ledger (LEDGER_TABLE on dynalite).
echo "== cold start: StreamingHandler with Lambda's CPU, memory and class loading and a delivery ledger (--task-root --lambda-cpu --lambda-memory --ledger)"
EDDY_COLDSTART_HANDLER=streaming lambda_coldstart -n "$COLD_RUNS" --warmup 0 --no-floors --ledger
# And as AWS serves its endpoints, over HTTPS, with the floors (the -warm ones open their connection in
# init, as Eddy does; the others in their first invocation).
echo "== cold start: the same over HTTPS (--tls), with the floors"
EDDY_COLDSTART_HANDLER=streaming lambda_coldstart -n "$COLD_RUNS" --warmup 0 --ledger --tls
# AppCDS lever: a dynamic archive of the classes one batch loads (one training run against a loopback
# SNS of its own), then the same cold-start runs on it.
TRAIN_DIR="$(mktemp -d)"
node loopback-sns.js --port-file "$TRAIN_DIR/port" --max-lifetime-seconds 600 --quiet >/dev/null 2>&1 &
TRAIN_SNS_PID=$!
for _ in $(seq 1 300); do [[ -s "$TRAIN_DIR/port" ]] && break; sleep 0.1; done
for handler in pojo streaming; do
  echo "== cold start: $handler handler with an AppCDS archive (-XX:SharedArchiveFile)"
  JSA="$HERE/results/eddy-$handler.jsa"
  rm -f "$JSA"
  ALERT_RULES="$(cat alert-rules.json)" ALERT_TOPIC_ARN="arn:aws:sns:us-east-1:123456789012:eddy-alerts" \
    AWS_ENDPOINT_URL_SNS="http://127.0.0.1:$(tr -d '[:space:]' <"$TRAIN_DIR/port")" AWS_REGION=us-east-1 \
    AWS_ACCESS_KEY_ID=AKIDTRAINING AWS_SECRET_ACCESS_KEY=training AWS_EC2_METADATA_DISABLED=true \
    AWS_LAMBDA_INITIALIZATION_TYPE=on-demand \
    EDDY_COLDSTART_HANDLER="$handler" "$JAVA" $LAMBDA_FLAGS "-XX:ArchiveClassesAtExit=$JSA" \
    -cp "$HERE/../bootstrap-lambda/target/eddy-lambda.jar:$JAVA_RUNTIME_CLASSPATH" dev.eddy.bootstrap.lambda.ColdStartMain \
    "$HERE/events-100.json" >/dev/null 2>&1 || echo "  training run failed" >&2
  if [[ -f "$JSA" ]]; then
    EDDY_COLDSTART_HANDLER="$handler" JAVA_LAMBDA_FLAGS="${LAMBDA_FLAGS/-Xshare:auto/-XX:SharedArchiveFile=$JSA}" \
      bash coldstart.sh -n "$COLD_RUNS" --warmup 0 --no-floors
  else
    echo "  no archive written; skipped"
  fi
done
kill -TERM "$TRAIN_SNS_PID" 2>/dev/null || true
wait "$TRAIN_SNS_PID" 2>/dev/null || true
rm -rf "$TRAIN_DIR"
fi

if part memory; then
echo "== memory: the 10,000-record batch under shrinking heaps"
if [[ -n "$SMOKE" ]]; then
  bash memory.sh -n 1 --heaps 64m --events events-100.json --strict --expect-entries 48 --lambda-memory
else
  bash memory.sh -n 3
  echo "== memory: the same, with the JVM sized as in a 256 MiB Lambda environment (--lambda-memory)"
  bash memory.sh -n 3 --lambda-memory
fi
fi

echo "== calls per 100-record batch"
echo "  SNS: PublishBatch requests = ceil(alerts / 10); events-100 gives 48 alerts -> 5 requests, 48 entries (cold-start rows above; a Java on-demand start adds one rejected, empty PublishBatch: its connection warm-up)."
echo "  DynamoDB (only the --ledger cold-start row has a table, the ledger; formula, see docs/performance.md): projections = 1 UpdateItem per record"
echo "  per projection that applies + 1 per new extreme of an aggregate; ledger = 1 BatchGetItem (<= 100 keys) + ceil(n/25) BatchWriteItem for the n notifications of each delivery window (about 100, at most 200)."
echo "  A Java on-demand start with a ledger adds one BatchGetItem of an id no notification has: its ledger connection warm-up (one read, nothing written)."
