// In-process throughput of the Node baseline, no network: for each event file, three timed loops after a warm-up:
//   JSON.parse only                 bytes -> UTF-8 decode + JSON.parse (the parse floor on this runtime);
//   parse+classify+rules+messages   bytes -> JSON.parse -> classify -> unmarshal -> changed fields -> five rules
//                                   -> alert messages (the original loop: no projections, no SNS request);
//   same job                        what Java's pipelineFast does (see same-job.js): the loop above with the
//                                   change document in Java's shape, PLUS the two projections Java computes
//                                   (latest state, hourly aggregate; no I/O), PLUS delivery of the alerts with
//                                   @aws-sdk/client-sns v3 PublishBatchCommand (10 per request, awaited in turn)
//                                   through an in-process request handler that answers at once: SDK middleware,
//                                   query serialization, SigV4 signing and XML parsing run, no network.
//
//   node throughput.js [--warmup-seconds 3] [--seconds 5] [--json] [FILE ...]
//   (default files: ../events-100.json ../events-10000.json; rules from ALERT_RULES or ../alert-rules.json)
//   CI smoke: node throughput.js --warmup-seconds 0 --seconds 0   (one iteration each, timings meaningless)
//
// Prints records/s, MB/s (1 MB = 10^6 bytes of event JSON) and ms per batch, and, once per file, how many
// alerts each rule produced, so the result can be checked against what generate-events.js expected, the
// PublishBatch requests and entries of one "same job" batch, and the average alert body size of both loops.
// Checks its own work and exits non-zero when it is wrong: the "same job" loop must publish as many alerts as
// the original loop builds, in ceil(alerts / 10) requests, on every iteration, and for the generated files
// exactly what Java's benchmark setup checks (48 alerts in 5 requests, 3,636 in 364).
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { buildAlerts, loadRules } = require('./handler');
const { sameJob, createSns, InstantSnsHandler } = require('./same-job');

// What Java's PipelineBenchmark setup checks for the generated files (alerts; requests = ceil(alerts / 10)).
const EXPECTED_ALERTS = { 'events-100.json': 48, 'events-10000.json': 3636 };
const SAME_JOB = 'same job: +projections +PublishBatch (SDK v3, signed)';

function parseArgs(argv) {
  const opts = { warmupSeconds: 3, seconds: 5, json: false, files: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--warmup-seconds') opts.warmupSeconds = Number(argv[++i]);
    else if (a === '--seconds') opts.seconds = Number(argv[++i]);
    else if (a === '--json') opts.json = true;
    else if (a.startsWith('--')) { process.stderr.write(`throughput: unknown option ${a}\n`); process.exit(2); }
    else opts.files.push(a);
  }
  if (!(opts.warmupSeconds >= 0) || !(opts.seconds >= 0)) {
    process.stderr.write('throughput: --warmup-seconds and --seconds must be >= 0\n');
    process.exit(2);
  }
  if (opts.files.length === 0) opts.files = ['../events-100.json', '../events-10000.json'].map((f) => path.join(__dirname, f));
  return opts;
}

let sink = 0; // keeps the work observable so nothing is optimised away

function timeLoop(seconds, body) {
  const limitNs = BigInt(Math.round(seconds * 1e9));
  const start = process.hrtime.bigint();
  let iterations = 0;
  let elapsed = 0n;
  do {
    body();
    iterations++;
    elapsed = process.hrtime.bigint() - start;
  } while (elapsed < limitNs);
  return { iterations, seconds: Number(elapsed) / 1e9 };
}

async function timeLoopAsync(seconds, body) {
  const limitNs = BigInt(Math.round(seconds * 1e9));
  const start = process.hrtime.bigint();
  let iterations = 0;
  let elapsed = 0n;
  do {
    await body();
    iterations++;
    elapsed = process.hrtime.bigint() - start;
  } while (elapsed < limitNs);
  return { iterations, seconds: Number(elapsed) / 1e9 };
}

function fail(message) {
  process.stderr.write(`throughput: ${message}\n`);
  process.exit(1);
}

const average = (xs) => (xs.length ? Math.round(xs.reduce((a, x) => a + x, 0) / xs.length) : 0);

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const rulesJson = process.env.ALERT_RULES || fs.readFileSync(path.join(__dirname, '..', 'alert-rules.json'), 'utf8');
  const rules = loadRules(rulesJson);
  const instant = new InstantSnsHandler();
  const sns = createSns(instant);
  const rows = [];
  for (const file of opts.files) {
    const bytes = fs.readFileSync(file);
    const records = JSON.parse(bytes.toString('utf8')).Records.length;

    const check = buildAlerts(JSON.parse(bytes.toString('utf8')), rules);
    const perRule = {};
    for (const m of check.messages) {
      const rule = m.attributes.rule.StringValue;
      perRule[rule] = (perRule[rule] || 0) + 1;
    }

    const parseOnly = () => { sink += JSON.parse(bytes.toString('utf8')).Records.length; };
    const pipeline = () => {
      const { messages } = buildAlerts(JSON.parse(bytes.toString('utf8')), rules);
      sink += messages.length + (messages.length ? messages[messages.length - 1].message.length : 0);
    };
    for (const [name, body] of [['JSON.parse only', parseOnly], ['parse+classify+rules+messages', pipeline]]) {
      timeLoop(opts.warmupSeconds, body);
      const { iterations, seconds } = timeLoop(opts.seconds, body);
      const perSecond = iterations / seconds;
      rows.push({
        file: path.basename(file), bytes: bytes.length, records, loop: name, iterations,
        recordsPerSecond: Math.round(records * perSecond),
        mbPerSecond: Number((bytes.length * perSecond / 1e6).toFixed(1)),
        msPerBatch: Number((1000 / perSecond).toFixed(3)),
        alerts: name === 'JSON.parse only' ? undefined : check.messages.length,
        alertsPerRule: name === 'JSON.parse only' ? undefined : perRule,
        bodyBytesAvg: name === 'JSON.parse only' ? undefined : average(check.messages.map((m) => Buffer.byteLength(m.message))),
      });
    }

    // The same job as Java's pipelineFast. One checked run first: the alerts of the original loop, in
    // ceil(alerts / 10) signed PublishBatch requests, and what Java's setup expects for the generated files.
    const alerts = check.messages.length;
    const expectedAlerts = EXPECTED_ALERTS[path.basename(file)];
    if (expectedAlerts !== undefined && alerts !== expectedAlerts) fail(`${file}: the rules raised ${alerts} alerts, expected ${expectedAlerts}`);
    const requestsPerBatch = Math.ceil(alerts / 10);
    instant.reset();
    const once = await sameJob(bytes, rules, sns);
    if (once.notifications.length !== alerts || instant.entries !== alerts || instant.requests !== requestsPerBatch) {
      fail(`${file}: same job published ${instant.entries} entries (${once.notifications.length} alerts) in ${instant.requests}`
        + ` PublishBatch requests, expected ${alerts} in ${requestsPerBatch}`);
    }
    const projectionUpdates = once.projections.updates.length;
    const bodyBytesAvg = average(once.notifications.map((n) => Buffer.byteLength(n.body)));
    const job = async () => {
      const done = await sameJob(bytes, rules, sns);
      sink += done.notifications.length + done.projections.updates.length;
    };
    await timeLoopAsync(opts.warmupSeconds, job);
    instant.reset();
    const { iterations, seconds } = await timeLoopAsync(opts.seconds, job);
    if (instant.requests !== iterations * requestsPerBatch || instant.entries !== iterations * alerts) {
      fail(`${file}: same job made ${instant.requests} requests with ${instant.entries} entries in ${iterations} iterations,`
        + ` expected ${iterations * requestsPerBatch} with ${iterations * alerts}`);
    }
    const perSecond = iterations / seconds;
    rows.push({
      file: path.basename(file), bytes: bytes.length, records, loop: SAME_JOB, iterations,
      recordsPerSecond: Math.round(records * perSecond),
      mbPerSecond: Number((bytes.length * perSecond / 1e6).toFixed(1)),
      msPerBatch: Number((1000 / perSecond).toFixed(3)),
      alerts, alertsPerRule: perRule, bodyBytesAvg,
      publishBatchRequests: requestsPerBatch, publishBatchEntries: alerts, projectionUpdates,
      projectionSkips: once.projections.skipped,
    });
  }
  sns.destroy();
  if (opts.json) {
    process.stdout.write(`${JSON.stringify({ node: process.version, warmupSeconds: opts.warmupSeconds, seconds: opts.seconds, rows })}\n`);
  } else {
    process.stdout.write(`Node ${process.version} baseline throughput (warm-up ${opts.warmupSeconds}s, measure ${opts.seconds}s per row)\n`);
    const header = ['file', 'records', 'loop', 'iterations', 'records/s', 'MB/s', 'ms/batch'];
    const table = [header, ...rows.map((r) => [r.file, r.records, r.loop, r.iterations, r.recordsPerSecond, r.mbPerSecond, r.msPerBatch].map(String))];
    const widths = header.map((_, i) => Math.max(...table.map((row) => row[i].length)));
    for (const row of table) process.stdout.write(`${row.map((c, i) => (i < 3 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ')}\n`);
    for (const r of rows) if (r.alertsPerRule && r.loop !== SAME_JOB) process.stdout.write(`alerts in ${r.file}: ${r.alerts} ${JSON.stringify(r.alertsPerRule)}\n`);
    for (const r of rows) {
      if (r.loop === SAME_JOB) {
        process.stdout.write(`same job on ${r.file}: ${r.publishBatchEntries} alerts in ${r.publishBatchRequests} PublishBatch requests per batch,`
          + ` ${r.projectionUpdates} projection updates computed (${r.projectionSkips} skipped)\n`);
      }
    }
    for (const r of rows) if (r.bodyBytesAvg !== undefined) process.stdout.write(`average alert body on ${r.file}, ${r.loop}: ${r.bodyBytesAvg} bytes\n`);
  }
  if (sink === 0) process.stderr.write('throughput: nothing was processed\n');
}

main().catch((e) => fail(e.stack || String(e)));
