// In-process throughput of the Node baseline, no network: for each event file, a timed loop of
//   bytes -> UTF-8 decode + JSON.parse -> classify -> unmarshal -> changed fields -> five rules -> alert messages
// after a warm-up, plus the same loop doing JSON.parse alone (the parse floor on this runtime).
//
//   node throughput.js [--warmup-seconds 3] [--seconds 5] [--json] [FILE ...]
//   (default files: ../events-100.json ../events-10000.json; rules from ALERT_RULES or ../alert-rules.json)
//   CI smoke: node throughput.js --warmup-seconds 0 --seconds 0   (one iteration each, timings meaningless)
//
// Prints records/s, MB/s (1 MB = 10^6 bytes of event JSON) and ms per batch, and, once per file, how many
// alerts each rule produced, so the result can be checked against what generate-events.js expected.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { buildAlerts, loadRules } = require('./handler');

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

function main() {
  const opts = parseArgs(process.argv.slice(2));
  const rulesJson = process.env.ALERT_RULES || fs.readFileSync(path.join(__dirname, '..', 'alert-rules.json'), 'utf8');
  const rules = loadRules(rulesJson);
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
      });
    }
  }
  if (opts.json) {
    process.stdout.write(`${JSON.stringify({ node: process.version, warmupSeconds: opts.warmupSeconds, seconds: opts.seconds, rows })}\n`);
  } else {
    process.stdout.write(`Node ${process.version} baseline throughput (warm-up ${opts.warmupSeconds}s, measure ${opts.seconds}s per row)\n`);
    const header = ['file', 'records', 'loop', 'iterations', 'records/s', 'MB/s', 'ms/batch'];
    const table = [header, ...rows.map((r) => [r.file, r.records, r.loop, r.iterations, r.recordsPerSecond, r.mbPerSecond, r.msPerBatch].map(String))];
    const widths = header.map((_, i) => Math.max(...table.map((row) => row[i].length)));
    for (const row of table) process.stdout.write(`${row.map((c, i) => (i < 3 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ')}\n`);
    for (const r of rows) if (r.alertsPerRule) process.stdout.write(`alerts in ${r.file}: ${r.alerts} ${JSON.stringify(r.alertsPerRule)}\n`);
  }
  if (sink === 0) process.stderr.write('throughput: nothing was processed\n');
}

main();
