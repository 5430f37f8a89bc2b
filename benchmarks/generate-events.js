#!/usr/bin/env node
// Generates Lambda DynamoDB Streams events (the JSON Lambda hands to a function: {"Records": [...]})
// for RealTimeDataTable (id S, timestamp N, TTL attribute expiresAt), NEW_AND_OLD_IMAGES.
// Deterministic from --seed: the same arguments always give the same bytes.
//
//   node generate-events.js --records 100   --out events-100.json
//   node generate-events.js --records 10000 --out events-10000.json
//
// Options:
//   --records N      number of stream records (required)
//   --out FILE       output file (required)
//   --seed S         PRNG seed (default 20261124)
//   --profile P      full | compact | auto (default auto: full up to 1,000 records, compact above).
//                    full:    every image carries ~1 KB of DynamoDB JSON: id, timestamp, temperature,
//                             humidity, status, location (M of N), tags (SS), readings (L of 40 N),
//                             firmware (B, 96 bytes), expiresAt. Records are ~1.5-2.5 KB.
//                    compact: what a 10,000-record batch can physically be. Lambda delivers at most
//                             6 MiB, i.e. ~629 bytes a record, and the record envelope alone (eventID,
//                             ARN, keys, sequence number, ...) is ~470 bytes. So images carry id,
//                             timestamp, temperature, status; every 10th record adds one more attribute
//                             in rotation (humidity N, location M, tags SS, readings L, firmware B,
//                             expiresAt N) so every type still appears; and the mix leans to INSERT
//                             (each sensor reading is a new item in a time-series table). ~600 bytes a record.
//   --max-bytes B    refuse to write a file of B bytes or more (default 6291456 = 6 MiB: Lambda's
//                    "6 MB" synchronous invocation payload limit, which also caps every batch an event
//                    source mapping delivers; Lambda requires a request smaller than 6291456 bytes).
//
// Scenario mix (weights out of 100 for the full / compact profile, drawn per record from the seed) and
// the alerts each one must raise under the five rules of issue 3 (see alert-rules.json):
//   insert-normal 30/60 (none), insert-hot 6/5 (threshold + crossing: created above 80),
//   insert-at-80 1/1 (none: 80 is not > 80), modify-normal 20/8 (none), modify-cross 8/4 (threshold +
//   crossing; old is sometimes exactly 80), modify-stay-above 7/3 (threshold only, never crossing),
//   modify-cool 3/1 (none), modify-failed 6/3 (status-failed), modify-still-failed 2/1 (none),
//   modify-recovered 2/1 (none), remove-ttl 8/8 (expired), remove-ttl-tmp 1/1 (expired only, never
//   deleted), remove-user 3/2 (none), remove-user-tmp 3/2 (deleted: key prefix "tmp-").
// About 10% of the other items also have a "tmp-" key. The expected count per rule is printed, so a
// consumer can check its own result against it.
'use strict';

const fs = require('node:fs');

const TABLE = 'RealTimeDataTable';
const REGION = 'us-east-1';
const STREAM_ARN = `arn:aws:dynamodb:${REGION}:123456789012:table/${TABLE}/stream/2026-11-24T00:00:00.000`;
const BASE_EPOCH = Date.UTC(2026, 10, 24) / 1000; // 2026-11-24T00:00:00Z
const TTL_IDENTITY = { type: 'Service', principalId: 'dynamodb.amazonaws.com' };
const DELETE_PREFIX = 'tmp-';

// [scenario, weight in the full profile, weight in the compact profile]
const SCENARIOS = [
  ['insert-normal', 30, 60], ['insert-hot', 6, 5], ['insert-at-80', 1, 1],
  ['modify-normal', 20, 8], ['modify-cross', 8, 4], ['modify-stay-above', 7, 3], ['modify-cool', 3, 1],
  ['modify-failed', 6, 3], ['modify-still-failed', 2, 1], ['modify-recovered', 2, 1],
  ['remove-ttl', 8, 8], ['remove-ttl-tmp', 1, 1], ['remove-user', 3, 2], ['remove-user-tmp', 3, 2],
];
const EXPECTED_RULES = {
  'insert-hot': ['temperature-above-80', 'temperature-crossed-80'],
  'modify-cross': ['temperature-above-80', 'temperature-crossed-80'],
  'modify-stay-above': ['temperature-above-80'],
  'modify-failed': ['status-failed'],
  'remove-ttl': ['item-expired'],
  'remove-ttl-tmp': ['item-expired'],
  'remove-user-tmp': ['temporary-item-deleted'],
};
const RULE_NAMES = ['temperature-above-80', 'temperature-crossed-80', 'status-failed', 'item-expired', 'temporary-item-deleted'];

const PROFILES = {
  full: { mixColumn: 1, idPrefix: 'sensor-', readings: 40, tags: 5, binaryBytes: 96, extrasEvery: 1 },
  compact: { mixColumn: 2, idPrefix: 's-', readings: 2, tags: 2, binaryBytes: 8, extrasEvery: 10 },
};
const EXTRAS = ['humidity', 'location', 'tags', 'readings', 'firmware', 'expiresAt'];
const TAG_POOL = ['building-1', 'building-2', 'building-3', 'floor-1', 'floor-2', 'floor-3', 'zone-a', 'zone-b',
  'zone-c', 'outdoor', 'indoor', 'calibrated', 'battery', 'mains', 'rev-b', 'rev-c'];

function usage(problem) {
  process.stderr.write(`generate-events: ${problem}\n` +
    'usage: node generate-events.js --records N --out FILE [--seed S] [--profile full|compact|auto] [--max-bytes B]\n');
  process.exit(2);
}

function parseArgs(argv) {
  const opts = { seed: 20261124, profile: 'auto', maxBytes: 6 * 1024 * 1024 };
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i];
    const value = argv[i + 1];
    if (value === undefined) usage(`option ${name} needs a value`);
    i++;
    switch (name) {
      case '--records': opts.records = Number(value); break;
      case '--out': opts.out = value; break;
      case '--seed': opts.seed = Number(value); break;
      case '--profile': opts.profile = value; break;
      case '--max-bytes': opts.maxBytes = Number(value); break;
      default: usage(`unknown option ${name}`);
    }
  }
  if (!Number.isInteger(opts.records) || opts.records < 1) usage('--records must be a positive integer');
  if (!opts.out) usage('--out is required');
  if (!Number.isInteger(opts.seed)) usage('--seed must be an integer');
  if (!Number.isInteger(opts.maxBytes) || opts.maxBytes < 1) usage('--max-bytes must be a positive integer');
  if (opts.profile === 'auto') opts.profile = opts.records > 1000 ? 'compact' : 'full';
  if (!PROFILES[opts.profile]) usage(`unknown profile ${opts.profile}`);
  return opts;
}

// mulberry32: small, fast, deterministic 32-bit PRNG.
function prng(seed) {
  let a = seed >>> 0;
  return function next() {
    a = (a + 0x6D2B79F5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function generate(opts) {
  const rnd = prng(opts.seed);
  const profile = PROFILES[opts.profile];
  const int = (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1));
  // Decimal with up to two places, as DynamoDB returns it (no trailing zeros).
  const dec = (lo, hi) => String(Math.round((lo + rnd() * (hi - lo)) * 100) / 100);
  const above80 = () => String(Math.round((80.01 + rnd() * 15) * 100) / 100);
  const hex = (n) => { let s = ''; for (let i = 0; i < n; i++) s += int(0, 15).toString(16); return s; };
  const weight = (scenario) => scenario[profile.mixColumn];
  const totalWeight = SCENARIOS.reduce((sum, sc) => sum + weight(sc), 0);
  const pickScenario = () => {
    let r = rnd() * totalWeight;
    for (const sc of SCENARIOS) { if ((r -= weight(sc)) < 0) return sc[0]; }
    return SCENARIOS[SCENARIOS.length - 1][0];
  };

  // Sequence numbers: 28 decimal digits, strictly increasing within the shard.
  let sequence = 4n * 10n ** 27n + BigInt(opts.seed) * 1_000_000n;
  const records = [];
  const expected = Object.fromEntries(RULE_NAMES.map((r) => [r, 0]));
  const scenarioCounts = {};

  // Draw every record's scenario first; when there are enough records, make sure each scenario (and so
  // each edge case: exactly 80, TTL delete of a "tmp-" key, ...) occurs at least once.
  const picks = Array.from({ length: opts.records }, pickScenario);
  if (opts.records >= SCENARIOS.length * 4) {
    const forced = new Set();
    for (const [name] of SCENARIOS) {
      if (picks.includes(name)) continue;
      let at;
      do { at = int(0, opts.records - 1); } while (forced.has(at));
      forced.add(at);
      picks[at] = name;
    }
  }

  for (let i = 0; i < opts.records; i++) {
    const scenario = picks[i];
    scenarioCounts[scenario] = (scenarioCounts[scenario] || 0) + 1;
    for (const rule of EXPECTED_RULES[scenario] || []) expected[rule]++;

    const at = BASE_EPOCH + 3600 + Math.floor(i * 0.25); // four changes a second
    const tmp = scenario.endsWith('-tmp') || (!scenario.startsWith('remove') && rnd() < 0.1);
    const id = `${tmp ? DELETE_PREFIX : profile.idPrefix}${String(int(0, 4999)).padStart(4, '0')}`;
    const kind = scenario.split('-')[0];
    const created = kind === 'insert' ? at : at - int(60, 86_400);
    const expiresAt = scenario.startsWith('remove-ttl') ? at - int(1, 3600) : created + 7 * 86_400;
    const full = profile.extrasEvery === 1;
    const extra = full || i % profile.extrasEvery !== 0 ? null : EXTRAS[(i / profile.extrasEvery) % EXTRAS.length];

    const image = (temperature, status, shift) => {
      const img = { id: { S: id }, timestamp: { N: String(created) }, temperature: { N: temperature } };
      if (full || extra === 'humidity') img.humidity = { N: dec(20, 90) };
      img.status = { S: status };
      if (full || extra === 'location') img.location = { M: { lat: { N: dec(-60, 70) }, lon: { N: dec(-180, 180) } } };
      if (full || extra === 'tags') {
        const tags = new Set();
        while (tags.size < profile.tags) tags.add(TAG_POOL[int(0, TAG_POOL.length - 1)]);
        img.tags = { SS: [...tags] };
      }
      if (full || extra === 'readings') {
        const readings = [];
        for (let k = 0; k < profile.readings; k++) readings.push({ N: dec(10 + shift, 95) });
        img.readings = { L: readings };
      }
      if (full || extra === 'firmware') {
        const bytes = Buffer.alloc(profile.binaryBytes);
        for (let k = 0; k < bytes.length; k++) bytes[k] = int(0, 255);
        img.firmware = { B: bytes.toString('base64') };
      }
      if (full || extra === 'expiresAt') img.expiresAt = { N: String(expiresAt) };
      return img;
    };

    let oldImage = null;
    let newImage = null;
    switch (scenario) {
      case 'insert-normal': newImage = image(dec(55, 79.99), 'OK', 0); break;
      case 'insert-hot': newImage = image(above80(), 'OK', 0); break;
      case 'insert-at-80': newImage = image('80', 'OK', 0); break;
      case 'modify-normal':
        oldImage = image(dec(55, 79.99), 'OK', 0); newImage = image(dec(55, 79.99), 'OK', 1); break;
      case 'modify-cross':
        oldImage = image(rnd() < 0.25 ? '80' : dec(70, 80), 'OK', 0); newImage = image(above80(), 'OK', 1); break;
      case 'modify-stay-above':
        oldImage = image(above80(), 'OK', 0); newImage = image(above80(), 'OK', 1); break;
      case 'modify-cool':
        oldImage = image(above80(), 'DEGRADED', 0); newImage = image(dec(60, 80), 'OK', 1); break;
      case 'modify-failed':
        oldImage = image(dec(55, 79.99), rnd() < 0.5 ? 'OK' : 'DEGRADED', 0); newImage = image(dec(55, 79.99), 'FAILED', 1); break;
      case 'modify-still-failed':
        oldImage = image(dec(55, 79.99), 'FAILED', 0); newImage = image(dec(55, 79.99), 'FAILED', 1); break;
      case 'modify-recovered':
        oldImage = image(dec(55, 79.99), 'FAILED', 0); newImage = image(dec(55, 79.99), 'OK', 1); break;
      default: // remove-*
        oldImage = image(dec(55, 79.99), 'OK', 0);
    }

    sequence += BigInt(int(1, 999));
    const keys = { id: { S: id }, timestamp: { N: String(created) } };
    const dynamodb = { ApproximateCreationDateTime: at, Keys: keys };
    if (newImage) dynamodb.NewImage = newImage;
    if (oldImage) dynamodb.OldImage = oldImage;
    dynamodb.SequenceNumber = sequence.toString().padStart(28, '0');
    dynamodb.SizeBytes = itemSize(keys) + (newImage ? itemSize(newImage) : 0) + (oldImage ? itemSize(oldImage) : 0);
    dynamodb.StreamViewType = 'NEW_AND_OLD_IMAGES';

    const record = {
      eventID: hex(32),
      eventName: kind === 'insert' ? 'INSERT' : kind === 'modify' ? 'MODIFY' : 'REMOVE',
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: REGION,
      dynamodb,
    };
    if (scenario.startsWith('remove-ttl')) record.userIdentity = TTL_IDENTITY;
    record.eventSourceARN = STREAM_ARN;
    records.push(record);
  }
  return { event: { Records: records }, expected, scenarioCounts };
}

// DynamoDB item size, approximately as DynamoDB counts it: attribute name bytes plus value bytes
// (strings UTF-8, numbers about one byte per two digits plus one, binary raw length).
function itemSize(attributes) {
  let size = 0;
  for (const [name, value] of Object.entries(attributes)) size += Buffer.byteLength(name) + valueSize(value);
  return size;
}
function valueSize(v) {
  if (v.S !== undefined) return Buffer.byteLength(v.S);
  if (v.N !== undefined) return Math.ceil(v.N.replace(/[^0-9]/g, '').length / 2) + 1;
  if (v.B !== undefined) return Buffer.from(v.B, 'base64').length;
  if (v.SS !== undefined) return v.SS.reduce((s, x) => s + Buffer.byteLength(x), 0);
  if (v.L !== undefined) return 3 + v.L.reduce((s, x) => s + 1 + valueSize(x), 0);
  if (v.M !== undefined) return 3 + Object.entries(v.M).reduce((s, [k, x]) => s + 1 + Buffer.byteLength(k) + valueSize(x), 0);
  return 1;
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  const { event, expected, scenarioCounts } = generate(opts);
  const json = JSON.stringify(event);
  const bytes = Buffer.byteLength(json);
  const perRecord = event.Records.map((r) => Buffer.byteLength(JSON.stringify(r)));
  const min = Math.min(...perRecord);
  const max = Math.max(...perRecord);
  const mean = perRecord.reduce((a, b) => a + b, 0) / perRecord.length;
  const mib = (b) => (b / 1024 / 1024).toFixed(2);
  const summary = `${opts.out}: ${opts.records} records, ${bytes} bytes (${mib(bytes)} MiB), profile ${opts.profile}, ` +
    `seed ${opts.seed}; record JSON bytes min ${min} / mean ${Math.round(mean)} / max ${max}`;
  if (bytes >= opts.maxBytes) {
    process.stderr.write(`generate-events: ${summary}\n` +
      `generate-events: refused: ${bytes} bytes is not below the limit of ${opts.maxBytes} bytes; use --profile compact or fewer records\n`);
    process.exit(1);
  }
  fs.writeFileSync(opts.out, json);
  process.stdout.write(`${summary}\n`);
  process.stdout.write(`  payload limit: ${bytes} < ${opts.maxBytes} bytes: ok (${opts.maxBytes - bytes} bytes to spare)\n`);
  const names = Object.fromEntries(['INSERT', 'MODIFY', 'REMOVE'].map((n) => [n, event.Records.filter((r) => r.eventName === n).length]));
  process.stdout.write(`  eventName: ${JSON.stringify(names)}\n`);
  process.stdout.write(`  scenarios: ${JSON.stringify(scenarioCounts)}\n`);
  const total = Object.values(expected).reduce((a, b) => a + b, 0);
  process.stdout.write(`  expected alerts: ${JSON.stringify(expected)} total ${total}\n`);
}

main();
