#!/usr/bin/env bash
# Cold start, side by side (issue 8, measurement 2): wall time from exec to process exit, where each
# process exits right after its first batch is handled, and peak RSS, for
#   (a) the Node.js 20 baseline:  node node-baseline/run-once.js EVENTS
#   (b) Eddy's Lambda artifact:   java $JAVA_LAMBDA_FLAGS -cp ../bootstrap-lambda/target/eddy-lambda.jar \
#                                      $JAVA_COLDSTART_MAIN EVENTS
# Both get the same configuration (ALERT_RULES = alert-rules.json, ALERT_TOPIC_ARN, AWS_ENDPOINT_URL_SNS
# pointed at loopback-sns.js on 127.0.0.1, AWS_REGION and static test credentials), the same event file,
# and the same loopback server, which counts the SNS requests each batch makes. Runs are interleaved
# (node, java, node, java, ...) so that drift in machine load hits both alike; one discarded warm-up run
# of each comes first (page cache). Prints medians and the ratios java/node; raw rows go to results/.
# Two floor rows show what each runtime costs before any code of ours runs: an empty Node script and an
# empty Java main (floors/), with the same flags. Four more show what any Java function pays for this job:
# floors/SameJobFloor.java is the Node handler's job written as a straightforward Java program, with none of
# Eddy's code, sending with the JDK alone (jdk) or with the SDK parts Eddy sends with (sdk), each also with a
# warm-up in init like Eddy's on-demand one, connection included (jdk-warm, sdk-warm). Before measuring, it
# must render alerts byte-identical to the Node handler's for the event file, and sign as the SDK's signer
# does (--self-check).
# --no-floors leaves all six out.
#
#   bash coldstart.sh [-n RUNS] [--events FILE] [--warmup RUNS] [--no-floors] [--lambda-cpu] [--lambda-memory]
#                     [--ledger] [--task-root] [--tls]
#
# --ledger gives the Java rows a delivery ledger, as a deployed function has one (Terraform sets LEDGER_TABLE):
# dynalite, a DynamoDB implementation, on 127.0.0.1 (the repository's node_modules, `npm ci` at its root),
# AWS_ENDPOINT_URL_DYNAMODB pointed at it, and a new empty ledger table for every Java run, so that every run
# publishes the same alerts. The Node baseline has no ledger; the floors ignore it.
#
# --lambda-cpu gives each process Lambda's CPU instead of the whole machine, with two Linux cpu cgroups
# (v1 or v2; needs root): init runs on LAMBDA_INIT_VCPU (default 1: "on-demand Lambda functions use a full
# vCPU (non-throttled)" during initialization, AWS's "Effectively running Java on Serverless" guide), and
# each process moves itself into the second group when its invocation starts (EDDY_COLDSTART_INVOKE_CGROUP_PROCS,
# read by ColdStartMain and run-once.js), which has LAMBDA_INVOKE_VCPU (default 0.145, the share of a vCPU
# at 256 MB: 256 / 1769). Both are CFS quotas over a 100 ms period. The first invocation of a Lambda
# function at 256 MB runs on that share; what the process does in init does not. Exit status 77 when no
# such cgroup can be made. An EDDY_COMPARE_JAR that predates EDDY_COLDSTART_INVOKE_CGROUP_PROCS never
# leaves the init group, so its rows would not be comparable.
#
# --lambda-memory gives each process Lambda's memory instead of the machine's: a Linux memory cgroup limited
# to LAMBDA_MEMORY_MB (default 256, the function memory size this script gives both sides), swap included
# where the kernel accounts for it. A function's execution environment is a micro-VM of about that size,
# and both runtimes size themselves from it: the JVM's initial heap is 1/64 of the memory it sees, at
# least 8 MiB (8 MiB here, with a 2.6 MiB young generation, against 218 MiB and 73 MiB on a 24 GiB machine,
# where the first collection then falls in the invocation), and V8's heap limit follows it too (259 MiB
# against 4 GiB). Both read the limit from the cgroup (`java -XX:+PrintFlagsFinal -version` shows
# InitialHeapSize, `node -p "v8.getHeapStatistics().heap_size_limit"` the limit). The JVM flags keep
# -Xmx217m, 85 % of 256 MiB: a smaller LAMBDA_MEMORY_MB needs JAVA_LAMBDA_FLAGS to match. On cgroup v2
# with --lambda-cpu, the limit is set on the two cpu groups, since a process is in one group only.
# Exit status 77 when no such cgroup can be made.
#
# --task-root loads the artifact as Lambda's Java runtime loads a deployment package: Lambda unpacks a .zip or
# .jar into its task root (/var/task), and the runtime interface client reads the function's classes through a
# URLClassLoader of its own over that directory, then lib/*.jar in name order (CustomerClassLoader), with the
# runtime's class path as its parent and as the handler thread's context class loader. So a shaded jar is read
# as the thousands of class files it holds, each inflated once at deployment, not from the jar at every start.
# The Java rows (and the same-job floors, which use the artifact's SDK) then run floors/TaskRoot.java, which
# builds that loader over the artifact unpacked into a directory of this run, and calls the main class with it.
# Without --task-root they run with -cp ARTIFACT, as rounds 1-10 did.
#
# --tls serves the loopback SNS (and, with --ledger, dynalite) over HTTPS, as AWS's endpoints are served:
# a CA and a server certificate for 127.0.0.1 (RSA 2048, made with openssl for this run), the server
# sending both. Each side trusts the CA the way it would trust AWS's: Java through a copy of its JVM's
# own cacerts with the CA added (-Djavax.net.ssl.trustStore, the same store format, so that loading it
# costs what loading cacerts costs), Node through NODE_EXTRA_CA_CERTS. Each client then sets up TLS and
# makes a handshake where it would on AWS: Node in its first invocation, Java in init when it warms its
# connections up. Without --tls every endpoint is plain HTTP, as rounds 1-10 measured. The model's chain is
# a server certificate and its CA; AWS's is a server certificate and an intermediate whose root is in the
# trust store, so the JDK checks one more signature there.
#
# Environment overrides:
#   JAVA                 java binary (default: java on PATH)
#   JAVA_COLDSTART_MAIN  main class (default dev.eddy.bootstrap.lambda.ColdStartMain)
#   EDDY_LAMBDA_JAR      artifact (default ../bootstrap-lambda/target/eddy-lambda.jar)
#   EDDY_COMPARE_JAR     a second artifact (for example main's), run with the same flags and main class
#                        right after the first in every round: an extra row "java (compare)" and the
#                        ratio java/compare, for before/after figures taken in one run
#   EDDY_JAVA_TOOL_OPTIONS  JAVA_TOOL_OPTIONS of every Java process measured (Eddy, the compare row, the
#                        floors), as a function's environment sets it: Terraform's lambda_java_tool_options
#                        (run.sh passes its default for the deployed configuration). Default: none. The JVM
#                        reads it before the command line, as it reads it before the managed runtime's flags.
#   EDDY_COMPARE_JAVA_TOOL_OPTIONS  the compare row's instead (default: EDDY_JAVA_TOOL_OPTIONS); with
#                        EDDY_COMPARE_JAR set to the same artifact, a before/after of JVM options in one run
#   JAVA_LAMBDA_FLAGS    JVM flags (default: Lambda's, see below)
#   JAVA_RUNTIME_CLASSPATH  colon-separated jars appended after the artifact, standing in for what the
#                        managed runtime itself puts on the classpath (/var/runtime/lib: the runtime
#                        interface client, aws-lambda-java-serialization) and the artifact leaves out.
#                        Note: LambdaEventSerializers.serializerFor(...) (serialization 1.4.1) always
#                        registers its Joda module and fails with ClassNotFoundException
#                        org.joda.time.DateTime when joda-time is not loadable. Unset, they are taken
#                        from the benchmarks module's target/classpath.txt, as run.sh takes them.
#   NODE_FLAGS           extra node flags (default none)
#   COLDSTART_REQUIRE_JAVA=1  exit 1 when the Java rows are skipped (CI smoke); a Java run that fails
#                        always makes the script exit 1
#   LAMBDA_INIT_VCPU, LAMBDA_INVOKE_VCPU  with --lambda-cpu: the vCPUs of the init and invoke phases
#   LAMBDA_MEMORY_MB     with --lambda-memory: the memory limit in MiB (default 256)
#   EDDY_COLDSTART_PRIME=1    Java runs the handler's SnapStart priming right after construction, as
#                        Lambda's checkpoint would, and reports handle_ms (the first batch after priming)
#                        as its self-reported time: what a SnapStart restore adds to the restore itself
#
# Lambda's JVM flags. The AWS Lambda Developer Guide, "Customize Java runtime startup behavior"
# (docs.aws.amazon.com/lambda/latest/dg/java-customization.html), says: for Java 17 and Java 21 Lambda
# configures the JVM to stop tiered compilation at level 1 (C1 only), and the Java 17 runtime uses the
# serial garbage collector by default. The managed runtime's java process command line, as published by
# users who listed it from inside a java17 function, is
#   -XX:MaxHeapSize=<85% of the memory size> -XX:+UseSerialGC -Xshare:on
#   -XX:SharedArchiveFile=/var/lang/lib/server/runtime.jsa -XX:+TieredCompilation -XX:TieredStopAtLevel=1
#   --add-opens=java.base/java.io=ALL-UNNAMED -Djava.net.preferIPv4Stack=true (plus agent/CRaC properties)
# (445645k at 512 MB). At 256 MB that heap is 0.85 * 256 MiB = 217.6 MiB, hence -Xmx217m. We use
# -Xshare:auto because the runtime's own CDS archive does not exist here (the JDK's default archive is
# used when present). Not reproduced: the runtime interface client and its jars, the Log4j hot-patch agent.
#
# Needs: bash, node 20 + npm (node-baseline dependencies are installed with `npm ci` when missing),
# curl, and GNU time for peak RSS (/usr/bin/time -v). When /usr/bin/time is missing the script installs
# Debian's `time` package itself (as root: apt-get update, then apt-get install -y time). --tls also needs
# openssl (installed the same way when missing) and the JVM's keytool; --task-root needs javac and unzip.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$HERE"

RUNS=10
WARMUP=1
FLOORS=yes
LAMBDA_CPU=""
LAMBDA_MEMORY=""
LEDGER=""
TASK_ROOT=""
TLS=""
EVENTS="$HERE/events-100.json"
while [[ $# -gt 0 ]]; do
  case "$1" in
    -n|--runs) RUNS="$2"; shift 2 ;;
    --warmup) WARMUP="$2"; shift 2 ;;
    --events) EVENTS="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"; shift 2 ;;
    --no-floors) FLOORS=""; shift ;;
    --lambda-cpu) LAMBDA_CPU=yes; shift ;;
    --lambda-memory) LAMBDA_MEMORY=yes; shift ;;
    --ledger) LEDGER=yes; shift ;;
    --task-root) TASK_ROOT=yes; shift ;;
    --tls) TLS=yes; shift ;;
    -h|--help) sed -n '2,/^set -euo pipefail/p' "$0" | sed '$d'; exit 0 ;;
    *) echo "coldstart: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || { echo "coldstart: -n must be a positive integer" >&2; exit 2; }
[[ "$WARMUP" =~ ^[0-9]+$ ]] || { echo "coldstart: --warmup must be a non-negative integer" >&2; exit 2; }

JAVA="${JAVA:-java}"
FUNCTION_MEMORY_SIZE=256   # the function's memory size in MiB (AWS_LAMBDA_FUNCTION_MEMORY_SIZE below)
JAVA_COLDSTART_MAIN="${JAVA_COLDSTART_MAIN:-dev.eddy.bootstrap.lambda.ColdStartMain}"
EDDY_LAMBDA_JAR="${EDDY_LAMBDA_JAR:-$HERE/../bootstrap-lambda/target/eddy-lambda.jar}"
if [[ -z "${JAVA_RUNTIME_CLASSPATH+set}" && -f "$HERE/target/classpath.txt" ]]; then
  # The managed runtime's own jars (its serializer and the joda-time it loads), outside the artifact.
  JAVA_RUNTIME_CLASSPATH="$(tr ':' '\n' <"$HERE/target/classpath.txt" | grep -E '/(aws-lambda-java-serialization|joda-time)-[^/]*\.jar$' | paste -sd:)"
fi
JAVA_LAMBDA_FLAGS="${JAVA_LAMBDA_FLAGS:--XX:+TieredCompilation -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -Xmx217m -Djava.net.preferIPv4Stack=true --add-opens=java.base/java.io=ALL-UNNAMED}"
NODE_FLAGS="${NODE_FLAGS:-}"
EDDY_COMPARE_JAR="${EDDY_COMPARE_JAR:-}"
EDDY_JAVA_TOOL_OPTIONS="${EDDY_JAVA_TOOL_OPTIONS:-}"
EDDY_COMPARE_JAVA_TOOL_OPTIONS="${EDDY_COMPARE_JAVA_TOOL_OPTIONS-$EDDY_JAVA_TOOL_OPTIONS}"

# --- tools --------------------------------------------------------------------------------------------
if [[ ! -x /usr/bin/time ]] || ! /usr/bin/time -v true >/dev/null 2>&1; then
  echo "coldstart: GNU time missing; installing Debian's 'time' package" >&2
  apt-get update -qq && apt-get install -y -qq time >/dev/null
fi
command -v curl >/dev/null || { echo "coldstart: curl is needed to read the loopback server's counters" >&2; exit 1; }
if [[ ! -d node-baseline/node_modules/@aws-sdk/client-sns ]]; then
  echo "coldstart: installing node-baseline dependencies (npm ci)" >&2
  (cd node-baseline && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi
if [[ ! -f "$EVENTS" ]]; then
  if [[ "$EVENTS" == "$HERE/events-100.json" ]]; then
    node generate-events.js --records 100 --out "$EVENTS" >/dev/null
  else
    echo "coldstart: event file $EVENTS not found" >&2; exit 1
  fi
fi
RECORDS="$(node -e 'process.stdout.write(String(JSON.parse(require("fs").readFileSync(process.argv[1])).Records.length))' "$EVENTS")"

WORK="$(mktemp -d)"
mkdir -p results
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
RAW="results/coldstart-$STAMP.csv"

# --- loopback SNS ---------------------------------------------------------------------------------------
SNS_PID=""
DYNAMO_PID=""
CGROUPS=()
cleanup() {
  if [[ -n "$SNS_PID" ]] && kill -0 "$SNS_PID" 2>/dev/null; then kill -TERM "$SNS_PID" 2>/dev/null || true; wait "$SNS_PID" 2>/dev/null || true; fi
  if [[ -n "$DYNAMO_PID" ]] && kill -0 "$DYNAMO_PID" 2>/dev/null; then kill -TERM "$DYNAMO_PID" 2>/dev/null || true; wait "$DYNAMO_PID" 2>/dev/null || true; fi
  for group in "${CGROUPS[@]}"; do rmdir "$group" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

# --- Lambda's CPU (--lambda-cpu) ------------------------------------------------------------------------
# cpu_group NAME VCPU: creates a cpu cgroup limited to VCPU and sets GROUP_PROCS to its cgroup.procs path
cpu_group() {
  local name="$1" vcpu="$2" quota group
  quota="$(awk -v v="$vcpu" 'BEGIN { q = int(v * 100000 + 0.5); if (q < 1000) q = 1000; print q }')"
  if [[ -f /sys/fs/cgroup/cpu/cpu.cfs_quota_us ]]; then          # cgroup v1
    group="/sys/fs/cgroup/cpu/$name"
    mkdir -p "$group" || return 1
    CGROUPS+=("$group")
    echo 100000 >"$group/cpu.cfs_period_us" && echo "$quota" >"$group/cpu.cfs_quota_us" || return 1
  elif grep -qw cpu /sys/fs/cgroup/cgroup.controllers 2>/dev/null; then   # cgroup v2
    # Enabling the cpu controller for the root's children is left as it is afterwards: undoing it
    # would fail while any other group uses it, and it limits nothing by itself.
    grep -qw cpu /sys/fs/cgroup/cgroup.subtree_control || echo +cpu >/sys/fs/cgroup/cgroup.subtree_control || return 1
    group="/sys/fs/cgroup/$name"
    mkdir -p "$group" || return 1
    CGROUPS+=("$group")
    echo "$quota 100000" >"$group/cpu.max" || return 1
  else
    return 1
  fi
  GROUP_PROCS="$group/cgroup.procs"
}
INIT_PROCS=""
INVOKE_PROCS=""
if [[ -n "$LAMBDA_CPU" ]]; then
  LAMBDA_INIT_VCPU="${LAMBDA_INIT_VCPU:-1}"
  LAMBDA_INVOKE_VCPU="${LAMBDA_INVOKE_VCPU:-0.145}"
  for vcpu in "$LAMBDA_INIT_VCPU" "$LAMBDA_INVOKE_VCPU"; do
    [[ "$vcpu" =~ ^([0-9]+([.][0-9]*)?|[.][0-9]+)$ ]] || { echo "coldstart: LAMBDA_*_VCPU must be a number of vCPUs, not '$vcpu'" >&2; exit 2; }
  done
  { cpu_group "eddy-coldstart-$$-init" "$LAMBDA_INIT_VCPU" && INIT_PROCS="$GROUP_PROCS" &&
    cpu_group "eddy-coldstart-$$-invoke" "$LAMBDA_INVOKE_VCPU" && INVOKE_PROCS="$GROUP_PROCS"; } 2>/dev/null || {
    echo "coldstart: --lambda-cpu needs a writable cpu cgroup (root; cgroup v1's cpu controller, or v2 with cpu enabled)" >&2
    exit 77
  }
fi

# --- Lambda's memory (--lambda-memory) ------------------------------------------------------------------
# memory_limit GROUP MIB: limits an existing cgroup v2 group to MIB MiB, swap none
memory_limit() {
  echo "$(( $2 * 1048576 ))" >"$1/memory.max" && { [[ ! -f "$1/memory.swap.max" ]] || echo 0 >"$1/memory.swap.max"; }
}
# memory_group NAME MIB: creates a memory cgroup limited to MIB MiB and sets GROUP_PROCS to its cgroup.procs
# path; on cgroup v2 with --lambda-cpu, limits the two cpu groups instead and sets GROUP_PROCS empty
memory_group() {
  local name="$1" mib="$2" group
  if [[ -f /sys/fs/cgroup/memory/memory.limit_in_bytes ]]; then    # cgroup v1: a hierarchy of its own
    group="/sys/fs/cgroup/memory/$name"
    mkdir -p "$group" || return 1
    CGROUPS+=("$group")
    echo "$(( mib * 1048576 ))" >"$group/memory.limit_in_bytes" || return 1
    # Memory plus swap, as Lambda has no swap (the file exists only where the kernel accounts for swap)
    if [[ -f "$group/memory.memsw.limit_in_bytes" ]]; then
      echo "$(( mib * 1048576 ))" >"$group/memory.memsw.limit_in_bytes" || return 1
    fi
    GROUP_PROCS="$group/cgroup.procs"
  elif grep -qw memory /sys/fs/cgroup/cgroup.controllers 2>/dev/null; then   # cgroup v2
    # As for cpu above, the memory controller stays enabled for the root's children afterwards.
    grep -qw memory /sys/fs/cgroup/cgroup.subtree_control || echo +memory >/sys/fs/cgroup/cgroup.subtree_control || return 1
    if [[ -n "$INIT_PROCS" ]]; then
      # Pages stay charged to the group that first touched them, so the invocation's own use is limited
      # apart from init's: close to one limit of MIB, not exactly it.
      memory_limit "$(dirname "$INIT_PROCS")" "$mib" && memory_limit "$(dirname "$INVOKE_PROCS")" "$mib" || return 1
      GROUP_PROCS=""
    else
      group="/sys/fs/cgroup/$name"
      mkdir -p "$group" || return 1
      CGROUPS+=("$group")
      memory_limit "$group" "$mib" || return 1
      GROUP_PROCS="$group/cgroup.procs"
    fi
  else
    return 1
  fi
}
# The cgroup.procs files every measured process joins before it execs (the init group, the memory group)
START_PROCS="$INIT_PROCS"
if [[ -n "$LAMBDA_MEMORY" ]]; then
  LAMBDA_MEMORY_MB="${LAMBDA_MEMORY_MB:-$FUNCTION_MEMORY_SIZE}"
  [[ "$LAMBDA_MEMORY_MB" =~ ^[1-9][0-9]*$ ]] || { echo "coldstart: LAMBDA_MEMORY_MB must be a number of MiB, not '$LAMBDA_MEMORY_MB'" >&2; exit 2; }
  memory_group "eddy-coldstart-$$-memory" "$LAMBDA_MEMORY_MB" 2>/dev/null || {
    echo "coldstart: --lambda-memory needs a writable memory cgroup (root; cgroup v1's memory controller, or v2 with memory enabled)" >&2
    exit 77
  }
  START_PROCS="${START_PROCS:+$START_PROCS }$GROUP_PROCS"
fi
# --- TLS (--tls) ------------------------------------------------------------------------------------------
SCHEME=http
CURL=(curl)
SNS_TLS=()
if [[ -n "$TLS" ]]; then
  if ! command -v openssl >/dev/null; then
    echo "coldstart: openssl missing; installing Debian's 'openssl' package" >&2
    apt-get update -qq && apt-get install -y -qq openssl >/dev/null
  fi
  mkdir -p "$WORK/tls"
  (
    cd "$WORK/tls"
    openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 2 -subj "/CN=Eddy coldstart loopback CA" \
      -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"
    openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj "/CN=127.0.0.1"
    printf 'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n' >server.ext
    openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days 2 -extfile server.ext
    cat server.pem ca.pem >chain.pem
  ) >/dev/null 2>"$WORK/tls/openssl.err" || { echo "coldstart: openssl could not make the certificates:" >&2; cat "$WORK/tls/openssl.err" >&2; exit 1; }
  # The JVM's trust store, with the CA added (when there is a JVM; without one the Java rows are skipped)
  JAVA_HOME_DIR=""
  if command -v "$JAVA" >/dev/null; then
    JAVA_HOME_DIR="$("$JAVA" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/^ *java.home = / { print $2 }')"
  fi
  if [[ -n "$JAVA_HOME_DIR" ]]; then
    [[ -f "$JAVA_HOME_DIR/lib/security/cacerts" && -x "$JAVA_HOME_DIR/bin/keytool" ]] || {
      echo "coldstart: --tls needs the JVM's cacerts and keytool, not found under $JAVA_HOME_DIR" >&2; exit 1; }
    cp "$JAVA_HOME_DIR/lib/security/cacerts" "$WORK/tls/cacerts"
    # In the store's own format; a password-less PKCS12 store (JDK 18 and later) stays password-less.
    "$JAVA_HOME_DIR/bin/keytool" -J-Dkeystore.pkcs12.certProtectionAlgorithm=NONE -J-Dkeystore.pkcs12.macAlgorithm=NONE \
      -importcert -noprompt -alias eddy-coldstart-loopback-ca -file "$WORK/tls/ca.pem" -keystore "$WORK/tls/cacerts" \
      -storepass changeit >/dev/null || { echo "coldstart: keytool could not add the CA to a copy of cacerts" >&2; exit 1; }
    JAVA_LAMBDA_FLAGS="$JAVA_LAMBDA_FLAGS -Djavax.net.ssl.trustStore=$WORK/tls/cacerts"
  fi
  SCHEME=https
  CURL=(curl --cacert "$WORK/tls/ca.pem")
  SNS_TLS=(--tls-key "$WORK/tls/server.key" --tls-cert "$WORK/tls/chain.pem")
fi

node loopback-sns.js --port-file "$WORK/sns.port" --max-lifetime-seconds 1800 --quiet "${SNS_TLS[@]}" >"$WORK/sns.out" 2>&1 &
SNS_PID=$!
for _ in $(seq 1 300); do [[ -s "$WORK/sns.port" ]] && break; sleep 0.1; done
[[ -s "$WORK/sns.port" ]] || { echo "coldstart: loopback-sns did not start:" >&2; cat "$WORK/sns.out" >&2; exit 1; }
SNS_PORT="$(tr -d '[:space:]' <"$WORK/sns.port")"
SNS="$SCHEME://127.0.0.1:$SNS_PORT"

# --- loopback DynamoDB for the ledger (--ledger) -----------------------------------------------------
DYNAMO=""
LEDGER_TABLES=0
if [[ -n "$LEDGER" ]]; then
  [[ -f ../node_modules/dynalite/index.js ]] || { echo "coldstart: --ledger needs dynalite: run 'npm ci' at the repository's root" >&2; exit 1; }
  node -e 'const fs = require("fs");
    const tls = process.argv[3] ? { ssl: true, key: fs.readFileSync(process.argv[3] + "/server.key"),
      cert: fs.readFileSync(process.argv[3] + "/chain.pem") } : {};
    const server = require(process.argv[1])({ createTableMs: 0, ...tls });
    server.listen(0, "127.0.0.1", () => fs.writeFileSync(process.argv[2], String(server.address().port)));
    setTimeout(() => process.exit(0), 1800 * 1000).unref();' "$HERE/../node_modules/dynalite" "$WORK/dynamo.port" \
    "${TLS:+$WORK/tls}" >"$WORK/dynamo.out" 2>&1 &
  DYNAMO_PID=$!
  for _ in $(seq 1 300); do [[ -s "$WORK/dynamo.port" ]] && break; sleep 0.1; done
  [[ -s "$WORK/dynamo.port" ]] || { echo "coldstart: dynalite did not start:" >&2; cat "$WORK/dynamo.out" >&2; exit 1; }
  DYNAMO="$SCHEME://127.0.0.1:$(tr -d '[:space:]' <"$WORK/dynamo.port")"
  export AWS_ENDPOINT_URL_DYNAMODB="$DYNAMO"
fi
# new_ledger_table: creates an empty ledger table on dynalite and exports LEDGER_TABLE naming it
new_ledger_table() {
  LEDGER_TABLES=$((LEDGER_TABLES + 1))
  export LEDGER_TABLE="eddy-coldstart-ledger-$LEDGER_TABLES"
  "${CURL[@]}" -fsS -X POST "$DYNAMO/" -H 'Content-Type: application/x-amz-json-1.0' -H 'X-Amz-Target: DynamoDB_20120810.CreateTable' \
    -H "Authorization: AWS4-HMAC-SHA256 Credential=AKIDBENCHMARK/$(date -u +%Y%m%d)/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0" \
    -H "X-Amz-Date: $(date -u +%Y%m%dT%H%M%SZ)" \
    -d "{\"TableName\":\"$LEDGER_TABLE\",\"AttributeDefinitions\":[{\"AttributeName\":\"id\",\"AttributeType\":\"S\"}],\"KeySchema\":[{\"AttributeName\":\"id\",\"KeyType\":\"HASH\"}],\"BillingMode\":\"PAY_PER_REQUEST\"}" >/dev/null
}

export ALERT_RULES; ALERT_RULES="$(cat alert-rules.json)"
export ALERT_TOPIC_ARN="arn:aws:sns:us-east-1:123456789012:eddy-alerts"
export AWS_ENDPOINT_URL_SNS="$SNS"
export AWS_REGION="us-east-1" AWS_DEFAULT_REGION="us-east-1"
export AWS_ACCESS_KEY_ID="AKIDBENCHMARK" AWS_SECRET_ACCESS_KEY="benchmark-secret"
export AWS_LAMBDA_FUNCTION_NAME="eddy-coldstart" AWS_LAMBDA_FUNCTION_MEMORY_SIZE="$FUNCTION_MEMORY_SIZE"
unset AWS_LAMBDA_LOG_LEVEL   # Lambda's default, INFO: a level left in the caller's shell would change the work measured
export AWS_EC2_METADATA_DISABLED="true"
export AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED="true"   # the SDK otherwise prints a Node 20 notice
unset AWS_PROFILE AWS_SESSION_TOKEN JAVA_TOOL_OPTIONS _JAVA_OPTIONS NODE_OPTIONS
# Node trusts the loopback CA as it trusts AWS's CAs (read at start, like its bundled ones).
if [[ -n "$TLS" ]]; then export NODE_EXTRA_CA_CERTS="$WORK/tls/ca.pem"; else unset NODE_EXTRA_CA_CERTS; fi
# As Lambda sets it: an on-demand start, or, when priming is asked for, a SnapStart one.
export AWS_LAMBDA_INITIALIZATION_TYPE="on-demand"
[[ "${EDDY_COLDSTART_PRIME:-}" == "1" ]] && AWS_LAMBDA_INITIALIZATION_TYPE="snap-start"

# --- Java available? ---------------------------------------------------------------------------------
JAVA_SKIP=""
MAIN_ENTRY="${JAVA_COLDSTART_MAIN//.//}.class"
if [[ ! -f "$EDDY_LAMBDA_JAR" ]]; then
  JAVA_SKIP="artifact $EDDY_LAMBDA_JAR not found (build it: ./mvnw -q -B -pl bootstrap-lambda -am package)"
elif ! command -v "$JAVA" >/dev/null; then
  JAVA_SKIP="java binary '$JAVA' not found"
elif ! unzip -Z1 "$EDDY_LAMBDA_JAR" 2>/dev/null | grep -xF "$MAIN_ENTRY" >/dev/null; then   # not grep -q: SIGPIPE + pipefail
  JAVA_SKIP="main class $JAVA_COLDSTART_MAIN not in $(basename "$EDDY_LAMBDA_JAR")"
fi

JAVA_READY_FIELD=ready_ms
[[ "${EDDY_COLDSTART_PRIME:-}" == "1" ]] && JAVA_READY_FIELD=handle_ms

# --- one measured run ---------------------------------------------------------------------------------
# run_one NAME COMMAND... : appends "name,run,wall_ms,peak_rss_kb,ready_ms,sns_requests,sns_entries,cpu_ms,sns_rejected"
# to $RAW (sns_requests: the requests SNS accepted; sns_rejected: the ones it refused)
# (cpu_ms: user + system CPU time of the process, from /usr/bin/time; less sensitive to other load than
# the wall clock, and what a fractional-vCPU function (0.145 vCPU at 256 MB) waits for)
run_one() {
  local name="$1" run="$2"; shift 2
  "${CURL[@]}" -fsS -X POST "$SNS/__reset" >/dev/null
  if [[ -n "$LEDGER" ]]; then new_ledger_table; fi
  local t0 t1 rc=0
  t0=$(date +%s%N)
  if [[ -n "$START_PROCS" ]]; then   # start in the init (and memory) group; with --lambda-cpu the process
    # moves itself into the invoke group when it is invoked
    COLDSTART_EXEC_NS="$t0" EDDY_COLDSTART_INVOKE_CGROUP_PROCS="$INVOKE_PROCS" /usr/bin/time -v -o "$WORK/time" \
      bash -c 'for procs in $0; do echo $$ >"$procs" || exit 1; done; exec "$@"' "$START_PROCS" "$@" >"$WORK/out" 2>"$WORK/err" || rc=$?
  else
    COLDSTART_EXEC_NS="$t0" /usr/bin/time -v -o "$WORK/time" "$@" >"$WORK/out" 2>"$WORK/err" || rc=$?
  fi
  t1=$(date +%s%N)
  if [[ $rc -ne 0 ]]; then
    echo "coldstart: $name run $run failed (exit $rc): $*" >&2
    sed 's/^/  | /' "$WORK/out" "$WORK/err" | tail -20 >&2
    return 1
  fi
  local wall_ms rss_kb ready stats
  wall_ms=$(( (t1 - t0) / 1000 ))   # microseconds, formatted below
  wall_ms="$(awk -v us="$wall_ms" 'BEGIN { printf "%.1f", us / 1000 }')"
  rss_kb="$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$WORK/time")"
  local cpu_ms
  cpu_ms="$(awk -F': ' '/User time \(seconds\)/ { u = $2 } /System time \(seconds\)/ { s = $2 } END { printf "%.0f", (u + s) * 1000 }' "$WORK/time")"
  ready="$(grep -o "${RUN_READY_FIELD:-ready_ms}=[0-9.]*" "$WORK/out" | head -1 | cut -d= -f2 || true)"
  stats="$("${CURL[@]}" -fsS "$SNS/__stats")"
  local req ent
  # Accepted requests; Java's on-demand start adds one rejected, empty PublishBatch (its connection warm-up).
  req="$(node -e 'const s=JSON.parse(process.argv[1]); process.stdout.write(String(s.publishBatchRequests + s.publishRequests))' "$stats")"
  local rej
  rej="$(node -e 'const s=JSON.parse(process.argv[1]); process.stdout.write(String(s.rejected))' "$stats")"
  ent="$(node -e 'const s=JSON.parse(process.argv[1]); process.stdout.write(String(s.entries))' "$stats")"
  [[ "$run" == warmup* ]] || echo "$name,$run,$wall_ms,$rss_kb,${ready:-},$req,$ent,$cpu_ms,$rej" >>"$RAW"
  LAST_OUT="$(head -c 300 "$WORK/out" | tr '\n' ' ')"
}

NODE_CMD=(node $NODE_FLAGS node-baseline/run-once.js "$EVENTS")
NODE_FLOOR_CMD=(node $NODE_FLAGS floors/node-floor.js)
if [[ -n "$EDDY_COMPARE_JAR" && ! -f "$EDDY_COMPARE_JAR" ]]; then
  echo "coldstart: EDDY_COMPARE_JAR $EDDY_COMPARE_JAR not found" >&2; exit 1
fi
# With --task-root, each artifact is unpacked into a task root of its own, and read through floors/TaskRoot.java.
if [[ -n "$TASK_ROOT" && -z "$JAVA_SKIP" ]]; then
  command -v javac >/dev/null || { echo "coldstart: --task-root needs javac (a JDK) to build floors/TaskRoot.java" >&2; exit 1; }
  javac -XDstringConcat=inline --release 17 -d "$WORK/launcher" floors/TaskRoot.java
  unzip -q "$EDDY_LAMBDA_JAR" -d "$WORK/task"
  if [[ -n "$EDDY_COMPARE_JAR" ]]; then unzip -q "$EDDY_COMPARE_JAR" -d "$WORK/task-compare"; fi
  # shellcheck disable=SC2206
  JAVA_CMD=("$JAVA" $JAVA_LAMBDA_FLAGS -cp "$WORK/launcher${JAVA_RUNTIME_CLASSPATH:+:$JAVA_RUNTIME_CLASSPATH}" TaskRoot "$WORK/task" "$JAVA_COLDSTART_MAIN" "$EVENTS")
  # shellcheck disable=SC2206
  JAVA_COMPARE_CMD=("$JAVA" $JAVA_LAMBDA_FLAGS -cp "$WORK/launcher${JAVA_RUNTIME_CLASSPATH:+:$JAVA_RUNTIME_CLASSPATH}" TaskRoot "$WORK/task-compare" "$JAVA_COLDSTART_MAIN" "$EVENTS")
else
  # shellcheck disable=SC2206
  JAVA_CMD=("$JAVA" $JAVA_LAMBDA_FLAGS -cp "$EDDY_LAMBDA_JAR${JAVA_RUNTIME_CLASSPATH:+:$JAVA_RUNTIME_CLASSPATH}" "$JAVA_COLDSTART_MAIN" "$EVENTS")
  # shellcheck disable=SC2206
  JAVA_COMPARE_CMD=("$JAVA" $JAVA_LAMBDA_FLAGS -cp "$EDDY_COMPARE_JAR${JAVA_RUNTIME_CLASSPATH:+:$JAVA_RUNTIME_CLASSPATH}" "$JAVA_COLDSTART_MAIN" "$EVENTS")
fi
# JAVA_TOOL_OPTIONS as the function's environment gives it (EDDY_JAVA_TOOL_OPTIONS), for every Java row
JAVA_ENV=()
[[ -n "$EDDY_JAVA_TOOL_OPTIONS" ]] && JAVA_ENV=(env "JAVA_TOOL_OPTIONS=$EDDY_JAVA_TOOL_OPTIONS")
COMPARE_ENV=()
[[ -n "$EDDY_COMPARE_JAVA_TOOL_OPTIONS" ]] && COMPARE_ENV=(env "JAVA_TOOL_OPTIONS=$EDDY_COMPARE_JAVA_TOOL_OPTIONS")
JAVA_CMD=("${JAVA_ENV[@]}" "${JAVA_CMD[@]}")
JAVA_COMPARE_CMD=("${COMPARE_ENV[@]}" "${JAVA_COMPARE_CMD[@]}")
# shellcheck disable=SC2206
JAVA_FLOOR_CMD=("${JAVA_ENV[@]}" "$JAVA" $JAVA_LAMBDA_FLAGS -cp "$WORK/floor" JvmFloor)
JAVA_FLOOR=""
if [[ -n "$FLOORS" ]] && command -v "$JAVA" >/dev/null && command -v javac >/dev/null; then
  javac -XDstringConcat=inline --release 17 -d "$WORK/floor" floors/JvmFloor.java && JAVA_FLOOR=yes
fi
# The same job as the Node handler in plain Java (floors/SameJobFloor.java): compiled against the artifact's
# SDK, then checked, so that its rows measure the same work: byte-identical alert bodies, the SDK's signature.
# same_job MODE: one run of it (jdk, sdk, jdk-warm or sdk-warm; see the class comment)
same_job() {
  if [[ -n "$TASK_ROOT" ]]; then
    # shellcheck disable=SC2086
    run_one "java same job $1" "$2" "${JAVA_ENV[@]}" "$JAVA" $JAVA_LAMBDA_FLAGS -cp "$WORK/launcher" TaskRoot "$WORK/task-samejob" SameJobFloor "$1" "$EVENTS"
  else
    # shellcheck disable=SC2086
    run_one "java same job $1" "$2" "${JAVA_ENV[@]}" "$JAVA" $JAVA_LAMBDA_FLAGS -cp "$EDDY_LAMBDA_JAR:$WORK/samejob" SameJobFloor "$1" "$EVENTS"
  fi
}
SAME_JOB=""
if [[ -n "$JAVA_FLOOR" && -z "$JAVA_SKIP" ]]; then
  javac --release 17 -cp "$EDDY_LAMBDA_JAR" -d "$WORK/samejob" floors/SameJobFloor.java || {
    echo "coldstart: floors/SameJobFloor.java does not compile against $EDDY_LAMBDA_JAR" >&2; exit 1; }
  "$JAVA" -cp "$EDDY_LAMBDA_JAR:$WORK/samejob" SameJobFloor --self-check >/dev/null || exit 1
  "$JAVA" -cp "$WORK/samejob" SameJobFloor --alerts "$EVENTS" >"$WORK/samejob-alerts.txt"
  node -e 'const { buildAlerts, loadRules } = require("./node-baseline/handler");
    const event = JSON.parse(require("fs").readFileSync(process.argv[1]));
    for (const m of buildAlerts(event, loadRules(process.env.ALERT_RULES)).messages) console.log(m.message);' \
    "$EVENTS" >"$WORK/node-alerts.txt"
  if ! cmp -s "$WORK/samejob-alerts.txt" "$WORK/node-alerts.txt"; then
    echo "coldstart: SameJobFloor's alerts differ from the Node handler's for $(basename "$EVENTS"):" >&2
    diff "$WORK/samejob-alerts.txt" "$WORK/node-alerts.txt" | head -5 | cut -c1-300 >&2
    exit 1
  fi
  if [[ -n "$TASK_ROOT" ]]; then   # its own task root: the artifact's, hard-linked, and its classes
    cp -al "$WORK/task" "$WORK/task-samejob" && cp "$WORK"/samejob/*.class "$WORK/task-samejob/"
  fi
  SAME_JOB=yes
fi

echo "name,run,wall_ms,peak_rss_kb,ready_ms,sns_requests,sns_entries,cpu_ms,sns_rejected" >"$RAW"
echo "Cold start: exec -> first $RECORDS-record batch handled -> exit; $RUNS runs each, interleaved, after $WARMUP warm-up run(s)"
echo "  events: $(basename "$EVENTS") ($(stat -c %s "$EVENTS") bytes); SNS: loopback $SNS"
echo "  node:   ${NODE_CMD[*]}  ($(node --version))"
if [[ -z "$JAVA_SKIP" ]]; then
  if [[ -n "$TASK_ROOT" ]]; then
    echo "  java:   $JAVA $JAVA_LAMBDA_FLAGS -cp <launcher>${JAVA_RUNTIME_CLASSPATH:+:$JAVA_RUNTIME_CLASSPATH} TaskRoot <task root> $JAVA_COLDSTART_MAIN $(basename "$EVENTS")"
  else
    echo "  java:   $JAVA $JAVA_LAMBDA_FLAGS -cp $(basename "$EDDY_LAMBDA_JAR")${JAVA_RUNTIME_CLASSPATH:+:$JAVA_RUNTIME_CLASSPATH} $JAVA_COLDSTART_MAIN $(basename "$EVENTS")"
  fi
  echo "          ($("$JAVA" -version 2>&1 | head -1); artifact $(stat -c %s "$EDDY_LAMBDA_JAR") bytes)"
  if [[ -n "$EDDY_JAVA_TOOL_OPTIONS" ]]; then echo "          JAVA_TOOL_OPTIONS=$EDDY_JAVA_TOOL_OPTIONS (Eddy and the Java floors)"; fi
  if [[ -n "$EDDY_COMPARE_JAR" ]]; then echo "  compare: the same with $EDDY_COMPARE_JAR ($(stat -c %s "$EDDY_COMPARE_JAR") bytes)"; fi
  if [[ -n "$EDDY_COMPARE_JAR" && "$EDDY_COMPARE_JAVA_TOOL_OPTIONS" != "$EDDY_JAVA_TOOL_OPTIONS" ]]; then
    echo "           with JAVA_TOOL_OPTIONS=${EDDY_COMPARE_JAVA_TOOL_OPTIONS:-(none)}"
  fi
else
  echo "  java:   SKIPPED: $JAVA_SKIP"
fi
echo "  machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at start"
echo "  AWS_LAMBDA_INITIALIZATION_TYPE=$AWS_LAMBDA_INITIALIZATION_TYPE"
if [[ -n "$LEDGER" ]]; then
  echo "  --ledger: LEDGER_TABLE on dynalite at $DYNAMO (AWS_ENDPOINT_URL_DYNAMODB), a new empty table for every run"
fi
if [[ -n "$TLS" ]]; then
  echo "  --tls: SNS${LEDGER:+ and dynalite} over HTTPS with a certificate for 127.0.0.1 from a CA of this run, trusted through a copy of the JVM's cacerts and NODE_EXTRA_CA_CERTS"
fi
if [[ -n "$TASK_ROOT" && -z "$JAVA_SKIP" ]]; then
  echo "  --task-root: each artifact unpacked into a task root ($(find "$WORK/task" -type f | wc -l) files), its classes read as Lambda's runtime reads /var/task"
fi
if [[ -n "$LAMBDA_CPU" ]]; then
  echo "  --lambda-cpu: init on $LAMBDA_INIT_VCPU vCPU, the invocation on $LAMBDA_INVOKE_VCPU vCPU (cpu cgroups $(dirname "$INIT_PROCS"), $(dirname "$INVOKE_PROCS"))"
fi
if [[ -n "$LAMBDA_MEMORY" ]]; then
  if [[ -n "$GROUP_PROCS" ]]; then MEMORY_WHERE="memory cgroup $(dirname "$GROUP_PROCS")"; else MEMORY_WHERE="on the cpu cgroups"; fi
  echo "  --lambda-memory: every process limited to $LAMBDA_MEMORY_MB MiB ($MEMORY_WHERE)"
fi
if [[ "${EDDY_COLDSTART_PRIME:-}" == "1" ]]; then
  echo "  EDDY_COLDSTART_PRIME=1: Java runs its SnapStart priming after construction, as a checkpoint would;"
  echo "  Java's self-reported ms is then handle_ms, the first batch after priming (a restore without the"
  echo "  restore itself, which only Lambda can measure); wall and CPU still include init and priming."
fi

# one round: every enabled command once, in a fixed order
JAVA_FAILED=""
round() {
  local run="$1"
  if [[ -n "$FLOORS" ]]; then run_one "node floor" "$run" "${NODE_FLOOR_CMD[@]}"; fi
  run_one node "$run" "${NODE_CMD[@]}"
  NODE_LAST="$LAST_OUT"
  if [[ -n "$JAVA_FLOOR" ]]; then run_one "java floor" "$run" "${JAVA_FLOOR_CMD[@]}" || JAVA_FLOOR=""; fi
  if [[ -n "$SAME_JOB" ]]; then
    for mode in jdk sdk jdk-warm sdk-warm; do same_job "$mode" "$run" || SAME_JOB=""; done
  fi
  if [[ -z "$JAVA_SKIP" && -z "$JAVA_FAILED" ]]; then
    if RUN_READY_FIELD="$JAVA_READY_FIELD" run_one java "$run" "${JAVA_CMD[@]}"; then JAVA_LAST="$LAST_OUT"; else JAVA_FAILED="run $run failed"; fi
    if [[ -n "$EDDY_COMPARE_JAR" && -z "$JAVA_FAILED" ]]; then
      if RUN_READY_FIELD="$JAVA_READY_FIELD" run_one "java compare" "$run" "${JAVA_COMPARE_CMD[@]}"; then COMPARE_LAST="$LAST_OUT"; else JAVA_FAILED="compare run $run failed"; fi
      # A compare jar that predates EDDY_COLDSTART_PRIME would report its unprimed first batch as handle_ms.
      if [[ "$JAVA_READY_FIELD" == handle_ms && -z "$JAVA_FAILED" ]] && ! grep -q 'prime_ms=' "$WORK/out"; then
        JAVA_FAILED="the compare jar does not support EDDY_COLDSTART_PRIME (no prime_ms in its output)"
      fi
    fi
  fi
}
for w in $(seq 1 "$WARMUP"); do round "warmup$w"; done
for i in $(seq 1 "$RUNS"); do round "$i"; done
echo "  load average $(cut -d' ' -f1-3 /proc/loadavg) at end"
echo "  last node output: ${NODE_LAST:-}"
if [[ -n "${JAVA_LAST:-}" ]]; then echo "  last java output: $JAVA_LAST"; fi
if [[ -n "${COMPARE_LAST:-}" ]]; then echo "  last compare output: $COMPARE_LAST"; fi
echo

# --- summary ------------------------------------------------------------------------------------------
node - "$RAW" "${JAVA_SKIP:-${JAVA_FAILED:+failed: $JAVA_FAILED}}" <<'EOF'
const fs = require('fs');
const [raw, javaProblem] = process.argv.slice(2);
const rows = fs.readFileSync(raw, 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
const median = (xs) => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const stat = (name) => {
  const r = rows.filter((x) => x[0] === name);
  if (r.length === 0) return null;
  const col = (i) => r.map((x) => (x[i] === '' ? NaN : Number(x[i])));
  return {
    runs: r.length, wall: median(col(2)), min: Math.min(...col(2)), max: Math.max(...col(2)),
    rss: median(col(3)) / 1024, ready: median(col(4)), req: median(col(5)), ent: median(col(6)), cpu: median(col(7)),
    rej: median(col(8)),
  };
};
const node = stat('node');
const java = stat('java');
const nodeFloor = stat('node floor');
const javaFloor = stat('java floor');
const compare = stat('java compare');
const sameJob = ['jdk', 'sdk', 'jdk-warm', 'sdk-warm'].map((mode) => [mode, stat(`java same job ${mode}`)]).filter(([, st]) => st);
const f = (x, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '-');
const table = [['', 'runs', 'wall ms (median)', 'min', 'max', 'peak RSS MiB (median)', 'self-reported ms', 'SNS requests', 'SNS entries', 'CPU ms (median)', 'SNS rejected']];
const line = (label, s) => [label, String(s.runs), f(s.wall), f(s.min), f(s.max), f(s.rss), f(s.ready), f(s.req, 0), f(s.ent, 0), f(s.cpu, 0), f(s.rej, 0)];
if (nodeFloor) table.push(line('node floor (empty script)', nodeFloor));
table.push(line('node baseline', node));
if (javaFloor) table.push(line('java floor (empty main)', javaFloor));
for (const [mode, st] of sameJob) table.push(line(`java same job, ${mode} (floors/)`, st));
if (java) table.push(line('java (eddy-lambda.jar)', java));
if (compare) table.push(line('java compare (EDDY_COMPARE_JAR)', compare));
if (java && node) table.push(['ratio java/node', '', `${f(java.wall / node.wall, 2)}x`, '', '', `${f(java.rss / node.rss, 2)}x`, `${f(java.ready / node.ready, 2)}x`, '', '', `${f(java.cpu / node.cpu, 2)}x`]);
const ratio = (label, s) => [label, '', `${f(s.wall / node.wall, 2)}x`, '', '', `${f(s.rss / node.rss, 2)}x`, `${f(s.ready / node.ready, 2)}x`, '', '', `${f(s.cpu / node.cpu, 2)}x`];
if (node) for (const [mode, st] of sameJob) table.push(ratio(`ratio same job ${mode}/node`, st));
if (compare && node) table.push(['ratio compare/node', '', `${f(compare.wall / node.wall, 2)}x`, '', '', `${f(compare.rss / node.rss, 2)}x`, `${f(compare.ready / node.ready, 2)}x`, '', '', `${f(compare.cpu / node.cpu, 2)}x`]);
if (java && compare) table.push(['ratio java/compare', '', `${f(java.wall / compare.wall, 2)}x`, '', '', `${f(java.rss / compare.rss, 2)}x`, `${f(java.ready / compare.ready, 2)}x`, '', '', `${f(java.cpu / compare.cpu, 2)}x`]);
for (const r of table) while (r.length < table[0].length) r.push('');
const w = table[0].map((_, i) => Math.max(...table.map((r) => r[i].length)));
for (const r of table) console.log(r.map((c, i) => (i === 0 ? c.padEnd(w[i]) : c.padStart(w[i]))).join('  '));
if (!java) console.log(`java: ${javaProblem.startsWith('failed') ? 'FAILED' : 'SKIPPED'} (${javaProblem || 'no runs'})`);
else if (javaProblem) console.log(`java: incomplete (${javaProblem})`);
console.log(`raw rows: ${raw}`);
EOF
if [[ -n "$JAVA_FAILED" ]]; then
  echo "coldstart: a Java run failed: $JAVA_FAILED" >&2
  exit 1
fi
if [[ -n "${COLDSTART_REQUIRE_JAVA:-}" && -n "$JAVA_SKIP" ]]; then
  echo "coldstart: Java rows required but $JAVA_SKIP" >&2
  exit 1
fi
