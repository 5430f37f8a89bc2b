// Ratios of interleaved rounds (interleaved.sh): node interleaved.js NODE1.json JMH1.json [NODE2.json JMH2.json ...]
// For each round and event file: Java's C1 pipelineFast records/s (JMH) over Node's same-job loop's
// records/s (throughput.js), taken back to back; then the median, min and max of the rounds' ratios.
// Measures only; exits non-zero only when an input lacks a row it needs.
'use strict';
const fs = require('node:fs');

const args = process.argv.slice(2);
if (args.length < 2 || args.length % 2 !== 0) {
  console.error('usage: node interleaved.js NODE.json JMH.json [NODE.json JMH.json ...]');
  process.exit(2);
}
const SAME_JOB = /^same job/;
const RECORDS = { 'events-100.json': 100, 'events-10000.json': 10000 };
const byFile = new Map();
for (let i = 0; i < args.length; i += 2) {
  const node = JSON.parse(fs.readFileSync(args[i], 'utf8'));
  const jmh = JSON.parse(fs.readFileSync(args[i + 1], 'utf8'));
  for (const file of Object.keys(RECORDS)) {
    const n = node.rows.find((r) => r.file === file && SAME_JOB.test(r.loop));
    const j = jmh.find((r) => r.benchmark.endsWith('C1.pipelineFast') && r.params.file === file);
    if (!n || !j) {
      console.error(`interleaved: round ${i / 2 + 1} lacks ${!n ? "Node's same-job row" : 'the JMH row'} for ${file}`);
      process.exit(1);
    }
    if (j.primaryMetric.scoreUnit !== 'ops/s') {
      console.error(`interleaved: round ${i / 2 + 1}: JMH scored in ${j.primaryMetric.scoreUnit}, expected ops/s`);
      process.exit(1);
    }
    const java = j.primaryMetric.score * RECORDS[file];
    if (!byFile.has(file)) byFile.set(file, []);
    byFile.get(file).push({ round: i / 2 + 1, java, node: n.recordsPerSecond, ratio: java / n.recordsPerSecond });
  }
}
const f0 = (x) => Math.round(x).toLocaleString('en-US');
console.log('file               round  Java C1 pipelineFast records/s  Node same job records/s  Java/Node');
for (const [file, rows] of byFile) {
  for (const r of rows) {
    console.log(`${file.padEnd(18)} ${String(r.round).padStart(5)}  ${f0(r.java).padStart(30)}  ${f0(r.node).padStart(23)}  ${r.ratio.toFixed(2).padStart(8)}x`);
  }
}
for (const [file, rows] of byFile) {
  const ratios = rows.map((r) => r.ratio).sort((a, b) => a - b);
  const m = ratios.length >> 1;
  const median = ratios.length % 2 ? ratios[m] : (ratios[m - 1] + ratios[m]) / 2;
  console.log(`${file}: Java/Node records/s over ${rows.length} round(s): median ${median.toFixed(2)}x, min ${ratios[0].toFixed(2)}x, max ${ratios[ratios.length - 1].toFixed(2)}x`);
}
