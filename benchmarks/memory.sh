#!/usr/bin/env bash
# Memory (issue 8, measurement 3): the 10,000-record batch through the Lambda artifact under shrinking
# heaps. Each run is one process (ColdStartMain: build the handler, read the event, handle it once
# against the loopback SNS, exit), with Lambda's JVM flags except -Xmx, and -Xlog:gc to a file.
# Reports per heap and handler path (pojo = StreamHandler with the runtime's deserializer,
# streaming = StreamingHandler): handle_ms (deserialization + handleRequest, from ColdStartMain),
# GC pause total from the GC log and its share of handle_ms (pauses during start-up count too, so the
# share is an upper bound), peak RSS (/usr/bin/time -v), SNS requests, and the outcome. Medians of N.
#
#   bash memory.sh [-n RUNS] [--heaps "217m 128m 64m 48m"] [--events FILE] [--lambda-memory] [--strict]
# --strict: exit 1 when a run fails or its SNS entries differ from --expect-entries N (CI smoke).
# --lambda-memory: the JVM sizes itself as in a 256 MiB Lambda execution environment (-XX:MaxRAM=256m:
# an initial heap of 8 MiB that grows, not all of -Xmx at once, as on a machine of 24 GiB); nothing is
# enforced, peak RSS shows whether the process would fit.
# Environment: JAVA, EDDY_LAMBDA_JAR, JAVA_RUNTIME_CLASSPATH (as coldstart.sh; run.sh sets it).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$HERE"
RUNS=3
HEAPS="217m 128m 64m 48m"
EVENTS="$HERE/events-10000.json"
STRICT=""
EXPECT_ENTRIES=""
MEMORY_FLAGS=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    -n|--runs) RUNS="$2"; shift 2 ;;
    --heaps) HEAPS="$2"; shift 2 ;;
    --events) EVENTS="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"; shift 2 ;;
    --strict) STRICT=yes; shift ;;
    --lambda-memory) MEMORY_FLAGS="-XX:MaxRAM=256m"; shift ;;
    --expect-entries) EXPECT_ENTRIES="$2"; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo pipefail/p' "$0" | sed '$d'; exit 0 ;;
    *) echo "memory: unknown argument $1" >&2; exit 2 ;;
  esac
done
JAVA="${JAVA:-java}"
EDDY_LAMBDA_JAR="${EDDY_LAMBDA_JAR:-$HERE/../bootstrap-lambda/target/eddy-lambda.jar}"
if [[ -z "${JAVA_RUNTIME_CLASSPATH+set}" && -f "$HERE/target/classpath.txt" ]]; then
  # As coldstart.sh: the managed runtime's serializer and joda-time, from the benchmarks module's classpath.
  JAVA_RUNTIME_CLASSPATH="$(tr ':' '\n' <"$HERE/target/classpath.txt" | grep -E '/(aws-lambda-java-serialization|joda-time)-[^/]*\.jar$' | paste -sd:)"
fi
[[ -f "$EDDY_LAMBDA_JAR" ]] || { echo "memory: $EDDY_LAMBDA_JAR missing (./mvnw -q -B package -DskipTests)" >&2; exit 1; }
[[ -f "$EVENTS" ]] || node generate-events.js --records 10000 --out "$EVENTS" >/dev/null
if [[ ! -x /usr/bin/time ]]; then apt-get update -qq && apt-get install -y -qq time >/dev/null; fi

WORK="$(mktemp -d)"
mkdir -p results
RAW="results/memory-$(date -u +%Y%m%dT%H%M%SZ).csv"
SNS_PID=""
cleanup() {
  if [[ -n "$SNS_PID" ]] && kill -0 "$SNS_PID" 2>/dev/null; then kill -TERM "$SNS_PID" 2>/dev/null || true; wait "$SNS_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
node loopback-sns.js --port-file "$WORK/sns.port" --max-lifetime-seconds 1800 --quiet >"$WORK/sns.out" 2>&1 &
SNS_PID=$!
for _ in $(seq 1 300); do [[ -s "$WORK/sns.port" ]] && break; sleep 0.1; done
SNS="http://127.0.0.1:$(tr -d '[:space:]' <"$WORK/sns.port")"

export ALERT_RULES; ALERT_RULES="$(cat alert-rules.json)"
export ALERT_TOPIC_ARN="arn:aws:sns:us-east-1:123456789012:eddy-alerts"
export AWS_ENDPOINT_URL_SNS="$SNS" AWS_REGION="us-east-1" AWS_DEFAULT_REGION="us-east-1"
unset AWS_LAMBDA_LOG_LEVEL   # Lambda's default, INFO: a level left in the caller's shell would change the work measured
export AWS_ACCESS_KEY_ID="AKIDBENCHMARK" AWS_SECRET_ACCESS_KEY="benchmark-secret"
export AWS_LAMBDA_FUNCTION_NAME="eddy-memory" AWS_LAMBDA_FUNCTION_MEMORY_SIZE="256" AWS_EC2_METADATA_DISABLED="true"
unset JAVA_TOOL_OPTIONS _JAVA_OPTIONS COLDSTART_EXEC_NS
FAILED=""
CP="$EDDY_LAMBDA_JAR${JAVA_RUNTIME_CLASSPATH:+:$JAVA_RUNTIME_CLASSPATH}"

echo "Memory: $(basename "$EVENTS") ($(stat -c %s "$EVENTS") bytes) through eddy-lambda.jar, heaps: $HEAPS; $RUNS run(s) each"
echo "  flags: -XX:+TieredCompilation -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -Xmx<heap> (Lambda's, heap varied)${MEMORY_FLAGS:+ $MEMORY_FLAGS}"
echo "  machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at start"
echo "heap,handler,run,status,handle_ms,gc_ms,gc_count,peak_rss_kb,sns_requests,sns_entries" >"$RAW"
for heap in $HEAPS; do
  for handler in pojo streaming; do
    for run in $(seq 1 "$RUNS"); do
      curl -fsS -X POST "$SNS/__reset" >/dev/null
      rc=0
      EDDY_COLDSTART_HANDLER="$handler" /usr/bin/time -v -o "$WORK/time" "$JAVA" -XX:+TieredCompilation -XX:TieredStopAtLevel=1 \
        -XX:+UseSerialGC -Xshare:auto "-Xmx$heap" $MEMORY_FLAGS -Djava.net.preferIPv4Stack=true --add-opens=java.base/java.io=ALL-UNNAMED \
        "-Xlog:gc:file=$WORK/gc.log" -cp "$CP" dev.eddy.bootstrap.lambda.ColdStartMain "$EVENTS" >"$WORK/out" 2>"$WORK/err" || rc=$?
      handle="$(grep -o 'handle_ms=[0-9.]*' "$WORK/out" | cut -d= -f2 || true)"
      if [[ $rc -eq 0 ]]; then status=ok
      elif grep -q OutOfMemoryError "$WORK/err" "$WORK/out"; then status=OOM
      else status="exit$rc"; fi
      gc="$(awk '/Pause/ { v=$NF; sub(/ms$/, "", v); s+=v; n++ } END { printf "%.1f,%d", s, n }' "$WORK/gc.log" 2>/dev/null || echo ",")"
      rss="$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$WORK/time")"
      stats="$(curl -fsS "$SNS/__stats")"
      req="$(node -e 'process.stdout.write(String(JSON.parse(process.argv[1]).requests))' "$stats")"
      ent="$(node -e 'process.stdout.write(String(JSON.parse(process.argv[1]).entries))' "$stats")"
      echo "$heap,$handler,$run,$status,${handle:-},$gc,$rss,$req,$ent" >>"$RAW"
      if [[ $status != ok ]]; then sed 's/^/  | /' "$WORK/err" | tail -5; fi
      if [[ -n "$STRICT" && ( $status != ok || ( -n "$EXPECT_ENTRIES" && "$ent" != "$EXPECT_ENTRIES" ) ) ]]; then
        echo "memory: $heap $handler run $run: status $status, $ent SNS entries (expected ${EXPECT_ENTRIES:-any})" >&2
        FAILED=yes
      fi
    done
  done
done
echo "  load average $(cut -d' ' -f1-3 /proc/loadavg) at end"
node - "$RAW" <<'JS'
const fs = require('fs');
const rows = fs.readFileSync(process.argv[2], 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
const med = (xs) => { const s = xs.filter(Number.isFinite).sort((a, b) => a - b); if (!s.length) return NaN; const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const f = (x, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '-');
const table = [['heap', 'handler', 'runs ok', 'handle ms', 'GC ms', 'GCs', 'GC share', 'peak RSS MiB', 'SNS requests', 'SNS entries']];
const keys = [...new Set(rows.map((r) => `${r[0]},${r[1]}`))];
for (const k of keys) {
  const rs = rows.filter((r) => `${r[0]},${r[1]}` === k);
  const ok = rs.filter((r) => r[3] === 'ok');
  const col = (i, src = ok) => src.map((r) => Number(r[i]));
  const handle = med(col(4)); const gc = med(col(5));
  table.push([...k.split(','), `${ok.length}/${rs.length}${ok.length < rs.length ? ' (' + [...new Set(rs.filter((r) => r[3] !== 'ok').map((r) => r[3]))].join(' ') + ')' : ''}`,
    f(handle), f(gc), f(med(col(6)), 0), Number.isFinite(gc / handle) ? `${f(100 * gc / handle)}%` : '-',
    f(med(col(7, rs)) / 1024), f(med(col(8)), 0), f(med(col(9)), 0)]);
}
const w = table[0].map((_, i) => Math.max(...table.map((r) => r[i].length)));
for (const r of table) console.log(r.map((c, i) => (i < 2 ? c.padEnd(w[i]) : c.padStart(w[i]))).join('  '));
console.log(`raw rows: ${process.argv[2]}`);
JS
[[ -z "$FAILED" ]]
