#!/usr/bin/env bash
# Java against Node, interleaved (issue 8, throughput target): N rounds, each running the Node
# baseline's loops (node-baseline/throughput.js) and then JMH's C1 pipelineFast on both event files,
# back to back. The machine's load drifts from minute to minute; a single Node run followed by minutes
# of JMH (run.sh) can tilt the ratio either way, so every round pairs a Node figure with a Java figure
# taken within about a minute of it. interleaved.js prints each round's ratio of records/s (Java
# pipelineFast / Node's same job, like for like) and their median, min and max. Asserts no timing.
#
#   bash interleaved.sh [-n ROUNDS] [--smoke]     (default 5 rounds, ~6 minutes)
#
# Needs the built benchmarks module (run.sh builds it) and the event files (run.sh writes them).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$HERE"
ROUNDS=5
SMOKE=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    -n) ROUNDS="$2"; shift 2 ;;
    --smoke) SMOKE=yes; shift ;;
    *) echo "interleaved: unknown argument $1" >&2; exit 2 ;;
  esac
done
JAVA="${JAVA:-java}"
[[ -f target/classpath.txt && -d target/classes ]] || { echo "interleaved: benchmarks module not built (run.sh builds it)" >&2; exit 1; }
[[ -f events-100.json && -f events-10000.json ]] || { echo "interleaved: no event files (run.sh writes them)" >&2; exit 1; }
[[ -d node-baseline/node_modules/@aws-sdk/client-sns ]] || (cd node-baseline && npm ci --no-audit --no-fund --loglevel=error)
export AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true
JMH_CP="target/classes:$(cat target/classpath.txt)"
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p results
if [[ -n "$SMOKE" ]]; then
  NODE_ARGS=(--warmup-seconds 0 --seconds 0); JMH_ARGS=(-wi 0 -i 1 -r 100ms)
else
  NODE_ARGS=(--warmup-seconds 3 --seconds 6); JMH_ARGS=(-wi 3 -w 1 -i 5 -r 1)
fi
echo "interleaved: $ROUNDS round(s), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
FILES=()
for round in $(seq 1 "$ROUNDS"); do
  node node-baseline/throughput.js "${NODE_ARGS[@]}" --json >"results/interleaved-$STAMP-node-$round.json"
  if ! EDDY_EVENTS_DIR="$HERE" "$JAVA" -cp "$JMH_CP" org.openjdk.jmh.Main 'PipelineBenchmark.C1.pipelineFast' \
    "${JMH_ARGS[@]}" -bm thrpt -tu s -f 1 -foe true -rf json -rff "results/interleaved-$STAMP-jmh-$round.json" \
    >"results/interleaved-$STAMP-jmh-$round.log" 2>&1; then
    echo "interleaved: JMH failed in round $round; the end of its log:" >&2
    tail -30 "results/interleaved-$STAMP-jmh-$round.log" >&2
    exit 1
  fi
  FILES+=("results/interleaved-$STAMP-node-$round.json" "results/interleaved-$STAMP-jmh-$round.json")
  echo "  round $round done, load average $(cut -d' ' -f1-3 /proc/loadavg)"
done
node interleaved.js "${FILES[@]}"
