// Cold-start runner for the Node baseline: imports the handler (the function's init phase: SDK client,
// config), moves into the invocation's cpu cgroup when EDDY_COLDSTART_INVOKE_CGROUP_PROCS names one
// (coldstart.sh --lambda-cpu), reads the event file, JSON.parses it (the runtime's job in Lambda), calls handler(event) once
// and prints, on one line, how long that took since the process started, then exits at once.
//
//   ALERT_RULES="$(cat ../alert-rules.json)" ALERT_TOPIC_ARN=arn:aws:sns:us-east-1:123456789012:eddy-alerts \
//   AWS_ENDPOINT_URL_SNS=http://127.0.0.1:PORT node run-once.js ../events-100.json
//
// Output: ready_ms=<ms> origin=<exec|process-start> records=<n> messages=<alerts>
//         publish_calls=<PublishBatch requests> failures=<batchItemFailures>
// ready_ms counts from COLDSTART_EXEC_NS (set by coldstart.sh right before exec) or else from the process
// start (performance.now()); see ready.js.
'use strict';

const fs = require('node:fs');
const { readyMs } = require('./ready');

async function main() {
  const file = process.argv[2];
  if (!file) {
    process.stderr.write('usage: node run-once.js EVENT_FILE\n');
    process.exit(2);
  }
  const { handler, stats } = require('./handler');
  // coldstart.sh --lambda-cpu: the invocation starts here, on the invocation phase's CPU share.
  if (process.env.EDDY_COLDSTART_INVOKE_CGROUP_PROCS) {
    fs.writeFileSync(process.env.EDDY_COLDSTART_INVOKE_CGROUP_PROCS, String(process.pid));
  }
  const event = JSON.parse(fs.readFileSync(file));
  const result = await handler(event);
  const ready = readyMs();
  process.stdout.write(`${ready} records=${event.Records.length} messages=${stats.messages} ` +
    `publish_calls=${stats.publishCalls} failures=${result.batchItemFailures.length}\n`);
  process.exit(result.batchItemFailures.length === 0 ? 0 : 1);
}

main().catch((e) => {
  process.stderr.write(`run-once: ${e.stack || e}\n`);
  process.exit(1);
});
