#!/usr/bin/env bash
# One command for the benchmarks of issue 8 (see README.md):
#   bash benchmarks/run.sh           full run: figures for docs/performance.md (takes a few minutes;
#                                    run it on a quiet machine)
#   bash benchmarks/run.sh --smoke   every tool once with tiny counts, for CI; its timings mean nothing
#
# Steps: generate the two event files (deterministic), install the Node baseline (npm ci), Node
# throughput, cold start side by side (coldstart.sh). The Java throughput (JMH) and memory runs join
# here once the Java benchmarks module exists; until then they print a skip line.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$HERE"

SMOKE=""
case "${1:-}" in
  --smoke) SMOKE=yes ;;
  "") ;;
  *) echo "run: unknown argument $1 (use --smoke or nothing)" >&2; exit 2 ;;
esac

echo "== events"
node generate-events.js --records 100 --out events-100.json
node generate-events.js --records 10000 --out events-10000.json

if [[ ! -d node-baseline/node_modules/@aws-sdk/client-sns ]]; then
  echo "== npm ci (node-baseline)"
  (cd node-baseline && npm ci --no-audit --no-fund --loglevel=error)
fi
export AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true

echo "== node baseline throughput (in-process, no network)"
if [[ -n "$SMOKE" ]]; then
  node node-baseline/throughput.js --warmup-seconds 0 --seconds 0
else
  node node-baseline/throughput.js --warmup-seconds 5 --seconds 10
fi

echo "== cold start"
if [[ -n "$SMOKE" ]]; then
  bash coldstart.sh -n 1 --warmup 0
else
  bash coldstart.sh -n 15
fi

echo "== java throughput (JMH) and memory"
echo "skipped: the Java benchmarks module is not built yet"
