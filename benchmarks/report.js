// Turns a JMH JSON result (PipelineBenchmark, run with -prof gc) and the Node baseline's
// throughput JSON into the ratio table of issue 8:
//   node report.js JMH.json NODE.json [EVENTS_DIR] [JAVA_FACTS.jsonl]
// One row per JIT x file x benchmark: ms per batch, MB/s (10^6 bytes of event JSON), records/s,
// bytes allocated per record, and the ratios: MB/s vs the token-scan floor of the same JIT and file,
// speed vs the naive path (pipelineFast vs pipelineNaive, readFast vs readNaive), records/s vs
// the Node baseline's original loop (parse+classify+rules+messages: no projections, no SNS request)
// and vs its "same job" loop (the whole job pipelineFast does: + two projections + signed SDK v3
// PublishBatch into an in-process handler), both on the same file. Then one row per Node loop.
// JAVA_FACTS (the output of dev.eddy.benchmarks.SameJobFacts, one JSON object per file) adds the
// alert body sizes of both sides and checks that Node's same job published as many alerts and computed
// as many projection updates as Java does; it exits non-zero when they differ.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const [jmhFile, nodeFile, eventsDir = __dirname, factsFile] = process.argv.slice(2);
const jmh = JSON.parse(fs.readFileSync(jmhFile, 'utf8'));
const node = nodeFile && fs.existsSync(nodeFile) ? JSON.parse(fs.readFileSync(nodeFile, 'utf8')) : null;
const facts = factsFile && fs.existsSync(factsFile)
  ? fs.readFileSync(factsFile, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l)) : [];
const ORIGINAL = 'parse+classify+rules+messages';
const isSameJob = (loop) => loop.startsWith('same job');

const files = {};
const fileInfo = (f) => {
  if (!files[f]) {
    const bytes = fs.readFileSync(path.join(eventsDir, f));
    files[f] = { bytes: bytes.length, records: JSON.parse(bytes.toString('utf8')).Records.length };
  }
  return files[f];
};

const rows = jmh.map((r) => {
  const [jit, bench] = r.benchmark.split('.').slice(-2);
  const file = r.params.file;
  const { bytes, records } = fileInfo(file);
  const opsPerSecond = r.primaryMetric.score;
  const allocKey = Object.keys(r.secondaryMetrics || {}).find((k) => k.endsWith('gc.alloc.rate.norm'));
  const allocPerOp = allocKey ? r.secondaryMetrics[allocKey].score : NaN;
  const gcTimeKey = Object.keys(r.secondaryMetrics || {}).find((k) => k.endsWith('gc.time'));
  return {
    jit, bench, file, records, bytes, opsPerSecond,
    errorPct: 100 * r.primaryMetric.scoreError / opsPerSecond,
    msPerBatch: 1000 / opsPerSecond,
    mbPerSecond: opsPerSecond * bytes / 1e6,
    recordsPerSecond: opsPerSecond * records,
    allocPerRecord: allocPerOp / records,
    gcMs: gcTimeKey ? r.secondaryMetrics[gcTimeKey].score : NaN,
  };
});
const find = (jit, file, bench) => rows.find((x) => x.jit === jit && x.file === file && x.bench === bench);
const nodeRow = (file, loop) => node && node.rows.find((x) => x.file === file && x.loop === loop);
const nodeSameJob = (file) => node && node.rows.find((x) => x.file === file && isSameJob(x.loop));

const order = ['tokenScan', 'readNaive', 'readFast', 'readOnDemand', 'alertsFast', 'pipelineNaive', 'pipelineFast', 'bodyHashes',
  'signedRequests'];
rows.sort((a, b) => a.jit.localeCompare(b.jit) || a.records - b.records || order.indexOf(a.bench) - order.indexOf(b.bench));

const f = (x, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '-');
const big = (x) => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : '-');
const table = [['JIT', 'file', 'benchmark', 'ms/batch', '±%', 'MB/s', 'records/s', 'B alloc/record',
  'MB/s vs floor', 'vs naive', 'records/s vs Node', 'records/s vs Node (same job)']];
for (const r of rows) {
  const floor = find(r.jit, r.file, 'tokenScan');
  const naiveName = r.bench === 'pipelineFast' ? 'pipelineNaive' : r.bench === 'readFast' ? 'readNaive' : null;
  const naive = naiveName && find(r.jit, r.file, naiveName);
  const nodeFull = nodeRow(r.file, ORIGINAL);
  const nodeParse = nodeRow(r.file, 'JSON.parse only');
  const nodeJob = nodeSameJob(r.file);
  const comparable = r.bench.startsWith('pipeline') || r.bench === 'alertsFast';
  const vsNode = comparable && nodeFull ? r.recordsPerSecond / nodeFull.recordsPerSecond
    : r.bench === 'tokenScan' && nodeParse ? r.recordsPerSecond / nodeParse.recordsPerSecond : NaN;
  const vsSameJob = comparable && nodeJob ? r.recordsPerSecond / nodeJob.recordsPerSecond : NaN;
  table.push([r.jit, r.file, r.bench, f(r.msPerBatch, 3), f(r.errorPct, 0), f(r.mbPerSecond), big(r.recordsPerSecond),
    big(r.allocPerRecord), r.bench === 'tokenScan' ? '1.00' : f(floor && r.mbPerSecond / floor.mbPerSecond, 2),
    naive ? `${f(r.opsPerSecond / naive.opsPerSecond, 2)}x` : '', Number.isFinite(vsNode) ? `${f(vsNode, 2)}x` : '',
    Number.isFinite(vsSameJob) ? `${f(vsSameJob, 2)}x` : '']);
}
if (node) {
  for (const r of node.rows) {
    table.push([`node ${node.node}`, r.file, r.loop, f(r.msPerBatch, 3), '', f(r.mbPerSecond), big(r.recordsPerSecond),
      '', '', '', r.loop === ORIGINAL ? '1.00x' : '', isSameJob(r.loop) ? '1.00x' : '']);
  }
}
const w = table[0].map((_, i) => Math.max(...table.map((r) => String(r[i]).length)));
for (const r of table) console.log(r.map((c, i) => (i < 3 ? String(c).padEnd(w[i]) : String(c).padStart(w[i]))).join('  '));
console.log(`vs Node: pipeline and alertsFast rows against Node's ${ORIGINAL} loop (no projections, no SNS request); tokenScan against JSON.parse only.`);
console.log('vs Node (same job): pipeline and alertsFast rows against Node\'s same-job loop (the original loop + the two projections'
  + ' + signed SDK v3 PublishBatch into an in-process handler): like for like with pipelineFast.');
if (node) {
  for (const r of node.rows.filter((x) => isSameJob(x.loop))) {
    const original = nodeRow(r.file, ORIGINAL);
    console.log(`node ${r.file}: same job ${f(r.msPerBatch, 3)} ms/batch, ${original ? f(original.recordsPerSecond / r.recordsPerSecond, 2) : '-'}x`
      + ` the original loop's time; ${r.publishBatchEntries} alerts in ${r.publishBatchRequests} PublishBatch requests,`
      + ` ${r.projectionUpdates} projection updates per batch`);
  }
}

// Java's own facts (SameJobFacts) against Node's same job: alerts, projection updates, body sizes.
let factsWrong = false;
for (const j of facts) {
  const n = nodeSameJob(j.file);
  const original = nodeRow(j.file, ORIGINAL);
  if (!n) continue;
  console.log(`alert body, average UTF-8 bytes, ${j.file}: Java ${j.bodyBytesAvg}, Node same job ${n.bodyBytesAvg}`
    + `${original && original.bodyBytesAvg !== undefined ? `, Node original loop ${original.bodyBytesAvg}` : ''}`);
  console.log(`projection updates per batch, ${j.file}: Java ${j.projectionUpdates}, Node same job ${n.projectionUpdates};`
    + ` alerts: Java ${j.alerts}, Node same job ${n.publishBatchEntries}`);
  if (j.alerts !== n.publishBatchEntries || j.projectionUpdates !== n.projectionUpdates) {
    console.log(`report: ${j.file}: Node's same job does not do Java's job (alerts or projection updates differ)`);
    factsWrong = true;
  }
}

// Targets of issue 8, from the 10,000-record file when present.
const target = (jit, file) => {
  const fast = find(jit, file, 'pipelineFast');
  const floor = find(jit, file, 'tokenScan');
  const readFast = find(jit, file, 'readFast');
  const readOnDemand = find(jit, file, 'readOnDemand');
  const hashes = find(jit, file, 'bodyHashes');
  const signed = find(jit, file, 'signedRequests');
  const nodeFull = nodeRow(file, ORIGINAL);
  const nodeJob = nodeSameJob(file);
  return { fast, floor, readFast, readOnDemand, hashes, signed, nodeFull, nodeJob };
};
// bodyHashes is SigV4's SHA-256 of the pipeline's request bodies alone, so floor / bodyHashes is the most
// any pipeline sending those signed requests could reach, were its reading, rules and rendering free, and
// floor time / (floor time + bodyHashes time) the most one that reads the event no faster than the floor could.
// signedRequests writes those bodies from the alerts' texts and signs them, and nothing else; a pipeline
// that also reads the event, at the floor's speed at best, and writes the bodies no faster than it takes at
// least both times, so the most it could reach is floor time / (floor time + signedRequests time)
// = s / (s + f) in MB/s over the same bytes.
const bound = (t, line) => {
  const verdict = (b) => `(${b < line ? 'below the line: out of reach' : 'above the line: not a bound'})`;
  let out = '';
  if (t.hashes && t.floor) {
    const b = t.hashes.mbPerSecond / t.floor.mbPerSecond;
    out += `; bound for any pipeline sending these signed requests (bodyHashes alone) ${f(b, 2)}x ${verdict(b)}`;
    const h = t.hashes.mbPerSecond;
    const r = h / (h + t.floor.mbPerSecond);
    out += `; reading at the floor's speed plus that hashing ${f(r, 2)}x ${verdict(r)}`;
  }
  if (t.signed && t.floor) {
    const s = t.signed.mbPerSecond;
    const b = s / (s + t.floor.mbPerSecond);
    out += `; reading at the floor's speed and writing and signing them (signedRequests) ${f(b, 2)}x ${verdict(b)}`;
  }
  return out;
};
for (const file of Object.keys(files)) {
  const c1 = target('C1', file);
  const c2 = target('C2', file);
  const verdict = (ok) => (ok ? 'met' : 'NOT met');
  if (c1.fast && c1.nodeJob) {
    const v = c1.fast.recordsPerSecond / c1.nodeJob.recordsPerSecond;
    console.log(`target ${file}: C1 records/s >= 1.0x Node, vs Node row "${c1.nodeJob.loop}" (the same job):`
      + ` pipelineFast ${f(v, 2)}x ${verdict(v >= 1)}`);
  }
  if (c1.fast && c1.nodeFull) {
    const v = c1.fast.recordsPerSecond / c1.nodeFull.recordsPerSecond;
    const like = find('C1', file, 'alertsFast');
    const l = like ? like.recordsPerSecond / c1.nodeFull.recordsPerSecond : NaN;
    console.log(`target ${file}: C1 records/s >= 1.0x Node, vs Node row "${ORIGINAL}" (no projections, no SNS request):`
      + ` pipelineFast ${f(v, 2)}x ${verdict(v >= 1)}; like for like with this row (alertsFast) ${f(l, 2)}x ${verdict(l >= 1)}`);
  }
  if (c1.fast && c1.floor) {
    const v = c1.fast.mbPerSecond / c1.floor.mbPerSecond;
    const r = c1.readFast ? c1.readFast.mbPerSecond / c1.floor.mbPerSecond : NaN;
    const d = c1.readOnDemand ? c1.readOnDemand.mbPerSecond / c1.floor.mbPerSecond : NaN;
    console.log(`target ${file}: C1 MB/s >= 0.5x floor: pipelineFast ${f(v, 2)}x ${verdict(v >= 0.5)}`
      + ` (readFast ${f(r, 2)}x ${verdict(r >= 0.5)}, readOnDemand ${f(d, 2)}x ${verdict(d >= 0.5)})${bound(c1, 0.5)}`);
  }
  if (c2.fast && c2.floor) {
    const v = c2.fast.mbPerSecond / c2.floor.mbPerSecond;
    const r = c2.readFast ? c2.readFast.mbPerSecond / c2.floor.mbPerSecond : NaN;
    const d = c2.readOnDemand ? c2.readOnDemand.mbPerSecond / c2.floor.mbPerSecond : NaN;
    console.log(`target ${file}: C2 MB/s >= 0.6x floor: pipelineFast ${f(v, 2)}x ${verdict(v >= 0.6)}`
      + ` (readFast ${f(r, 2)}x ${verdict(r >= 0.6)}, readOnDemand ${f(d, 2)}x ${verdict(d >= 0.6)})${bound(c2, 0.6)}`);
  }
}

// Lambda compute cost per million records at 256 MB, from the C1 rows (Lambda runs C1):
//   CPU seconds per record on one core of this machine (JMH ms/batch / records / 1000),
//   / 0.145 (the vCPU share a 256 MB function gets) = billed seconds per record,
//   x 0.25 GB = GB-s per record, x $0.0000166667 per GB-s (x86, us-east-1),
//   + $0.20 per million requests x (10^6 / records per batch) invocations.
// Leaves out: waiting on SNS and DynamoDB round trips (billed too, not CPU), init time, SNS/DynamoDB prices.
const GBS = 0.0000166667;
const REQ = 0.20 / 1e6;
for (const r of rows.filter((x) => x.jit === 'C1' && x.bench.startsWith('pipeline'))) {
  const cpuSecondsPerRecord = r.msPerBatch / 1000 / r.records;
  const billedSeconds = 1e6 * cpuSecondsPerRecord / 0.145;
  const compute = billedSeconds * 0.25 * GBS;
  const requests = (1e6 / r.records) * REQ;
  console.log(`cost per 1M records, ${r.bench} on ${r.file} (batches of ${r.records}): ${f(cpuSecondsPerRecord * 1e6, 1)} us CPU/record`
    + ` -> ${f(billedSeconds, 0)} billed s -> $${compute.toFixed(4)} compute + $${requests.toFixed(4)} requests = $${(compute + requests).toFixed(4)}`);
}
if (node) {
  for (const r of node.rows.filter((x) => isSameJob(x.loop) || x.loop === ORIGINAL)) {
    const cpuSecondsPerRecord = r.msPerBatch / 1000 / r.records;
    const billedSeconds = 1e6 * cpuSecondsPerRecord / 0.145;
    const compute = billedSeconds * 0.25 * GBS;
    const requests = (1e6 / r.records) * REQ;
    console.log(`cost per 1M records, node ${r.loop} on ${r.file} (batches of ${r.records}): ${f(cpuSecondsPerRecord * 1e6, 1)} us CPU/record`
      + ` -> ${f(billedSeconds, 0)} billed s -> $${compute.toFixed(4)} compute + $${requests.toFixed(4)} requests = $${(compute + requests).toFixed(4)}`);
  }
}
if (factsWrong) process.exit(1);
