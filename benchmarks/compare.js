// Compares two JMH JSON results of PipelineBenchmark taken side by side (same machine, same
// session, run back to back or interleaved): a baseline build and the current one.
//   node compare.js BASELINE.json CURRENT.json [BASELINE.json CURRENT.json ...]
// Pairs of files are matched per JIT x file x benchmark; several pairs (e.g. A B A B, interleaved
// to spread the load) are combined by taking the median score of each side. Prints, per row, both
// ms per batch, the speed-up (baseline time / current time) and both allocations per operation.
// It asserts nothing: it is a measuring tool.
'use strict';
const fs = require('node:fs');

const args = process.argv.slice(2);
if (args.length < 2 || args.length % 2 !== 0) {
  console.error('usage: node compare.js BASELINE.json CURRENT.json [BASELINE.json CURRENT.json ...]');
  process.exit(2);
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

// key -> { base: [ops/s...], current: [...], baseAlloc: [...], currentAlloc: [...] }
const rows = new Map();
args.forEach((file, i) => {
  const side = i % 2 === 0 ? 'base' : 'current';
  for (const r of JSON.parse(fs.readFileSync(file, 'utf8'))) {
    const [jit, bench] = r.benchmark.split('.').slice(-2);
    const key = `${jit}\t${r.params.file}\t${bench}`;
    if (!rows.has(key)) rows.set(key, { base: [], current: [], baseAlloc: [], currentAlloc: [] });
    const row = rows.get(key);
    row[side].push(r.primaryMetric.score);
    const allocKey = Object.keys(r.secondaryMetrics || {}).find((k) => k.endsWith('gc.alloc.rate.norm'));
    if (allocKey) row[`${side}Alloc`].push(r.secondaryMetrics[allocKey].score);
  }
});

const f = (x, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '-');
const table = [['JIT', 'file', 'benchmark', 'baseline ms/batch', 'current ms/batch', 'speed-up',
  'baseline KB alloc/op', 'current KB alloc/op', 'runs (base/current)']];
for (const [key, row] of [...rows.entries()].sort()) {
  const [jit, file, bench] = key.split('\t');
  const base = row.base.length ? median(row.base) : NaN;
  const current = row.current.length ? median(row.current) : NaN;
  const baseMs = 1000 / base;
  const currentMs = 1000 / current;
  table.push([jit, file, bench, f(baseMs, 3), f(currentMs, 3), `${f(baseMs / currentMs, 2)}x`,
    f(median(row.baseAlloc) / 1024, 1), f(median(row.currentAlloc) / 1024, 1),
    `${row.base.length}/${row.current.length}`]);
}
const widths = table[0].map((_, c) => Math.max(...table.map((r) => String(r[c]).length)));
for (const r of table) {
  console.log(r.map((cell, c) => (c < 3 ? String(cell).padEnd(widths[c]) : String(cell).padStart(widths[c]))).join('  '));
}
