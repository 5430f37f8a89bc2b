// The side-by-side baseline of issue 8: the original design's runtime, a minimal Node.js 20 Lambda
// handler doing Eddy's alert job in straightforward JavaScript:
//   classify each DynamoDB stream record (CREATED / UPDATED / DELETED / EXPIRED by TTL),
//   unmarshal images to plain values, compute the changed fields, build the change document,
//   evaluate the five rules of issue 3, render alert messages with the attributes rule, severity,
//   kind, table, and send them with one SNS PublishBatch per 10 messages (AWS SDK for JavaScript v3).
// The Lambda runtime itself does the JSON.parse of the event bytes before calling handler(event);
// run-once.js and throughput.js do that parse themselves and count it.
//
// Configuration, as Eddy reads it: ALERT_RULES (JSON array of {name, severity, message, pattern}),
// ALERT_TOPIC_ARN, AWS_ENDPOINT_URL_SNS. The rules' patterns are not interpreted here: each rule name
// maps to a hand-written JavaScript predicate equivalent to its pattern (see PREDICATES), which is what
// a straightforward Node function would do. An unknown rule name fails at start.
//
// Honest differences from Eddy, kept on purpose because a minimal handler would not do more:
// - Numbers become JavaScript Numbers (IEEE doubles). DynamoDB numbers have up to 38 significant digits
//   and Eddy keeps them exact (BigDecimal); here anything beyond ~15-17 digits is rounded, and the
//   change document renders e.g. "80.0" as 80 and 1e21 in exponent form. For the generated events
//   (at most 10 significant digits) the values are identical.
// - No deduplication ledger, no retries with backoff, no truncation of oversized alerts, no metrics.
// - Static test credentials (no credential provider chain is loaded).
'use strict';

const { SNSClient, PublishBatchCommand } = require('@aws-sdk/client-sns');

const TTL_PRINCIPAL = 'dynamodb.amazonaws.com';
const SNS_BATCH = 10;

// One predicate per rule of issue 3, over the change document. They mirror the EventBridge patterns in
// ../alert-rules.json: numeric comparisons need a number, anything-but needs the field to exist.
const isNum = (v) => typeof v === 'number';
const PREDICATES = {
  'temperature-above-80': (doc) => doc.new !== undefined && isNum(doc.new.temperature) && doc.new.temperature > 80,
  'temperature-crossed-80': (doc) => doc.new !== undefined && isNum(doc.new.temperature) && doc.new.temperature > 80 &&
    (doc.kind === 'CREATED' ||
      (doc.kind === 'UPDATED' && doc.old !== undefined && isNum(doc.old.temperature) && doc.old.temperature <= 80)),
  'status-failed': (doc) => doc.kind === 'UPDATED' && doc.new !== undefined && doc.new.status === 'FAILED' &&
    doc.old !== undefined && doc.old.status !== undefined && doc.old.status !== 'FAILED',
  'item-expired': (doc) => doc.kind === 'EXPIRED',
  'temporary-item-deleted': (doc) => doc.kind === 'DELETED' && typeof doc.keys.id === 'string' && doc.keys.id.startsWith('tmp-'),
};

function loadRules(json) {
  if (!json) return [];
  const rules = JSON.parse(json);
  if (!Array.isArray(rules)) throw new TypeError('ALERT_RULES must be a JSON array of rules');
  return rules.map((r, i) => {
    const predicate = PREDICATES[r.name];
    if (!predicate) throw new TypeError(`ALERT_RULES[${i}] "${r.name}": the Node baseline has no predicate for this rule`);
    return { name: r.name, severity: r.severity, message: r.message || '', matches: predicate };
  });
}

// DynamoDB typed JSON -> plain values. Sets become arrays, binary stays base64 (as Lambda delivers it).
function plain(av) {
  for (const type in av) {
    const v = av[type];
    switch (type) {
      case 'S': return v;
      case 'N': return Number(v);
      case 'BOOL': return v;
      case 'NULL': return null;
      case 'B': return v;
      case 'M': { const o = {}; for (const k in v) o[k] = plain(v[k]); return o; }
      case 'L': return v.map(plain);
      case 'SS': return v.slice();
      case 'NS': return v.map(Number);
      case 'BS': return v.slice();
      default: throw new TypeError(`unknown attribute type ${type}`);
    }
  }
  throw new TypeError('empty attribute value');
}

function plainImage(image) {
  const o = {};
  for (const k in image) o[k] = plain(image[k]);
  return o;
}

// Equality of two typed attribute values as DynamoDB means it: numbers by value, sets without order.
function sameValue(a, b) {
  for (const type in a) {
    if (!(type in b)) return false;
    const x = a[type];
    const y = b[type];
    switch (type) {
      case 'N': return Number(x) === Number(y);
      case 'SS': case 'BS': return x.length === y.length && x.every((e) => y.includes(e));
      case 'NS': return x.length === y.length && x.every((e) => y.some((f) => Number(f) === Number(e)));
      case 'L': return x.length === y.length && x.every((e, i) => sameValue(e, y[i]));
      case 'M': {
        const kx = Object.keys(x);
        return kx.length === Object.keys(y).length && kx.every((k) => k in y && sameValue(x[k], y[k]));
      }
      default: return x === y;
    }
  }
  return false;
}

function changedFields(oldImage, newImage) {
  const changed = [];
  for (const k in newImage) if (!(k in oldImage) || !sameValue(oldImage[k], newImage[k])) changed.push(k);
  for (const k in oldImage) if (!(k in newImage)) changed.push(k);
  return changed.sort();
}

function classify(record) {
  switch (record.eventName) {
    case 'INSERT': return 'CREATED';
    case 'MODIFY': return 'UPDATED';
    case 'REMOVE': {
      const who = record.userIdentity;
      return who && who.type === 'Service' && who.principalId === TTL_PRINCIPAL ? 'EXPIRED' : 'DELETED';
    }
    default: throw new TypeError(`record ${record.eventID}: unknown eventName ${record.eventName}`);
  }
}

function tableOf(arn) {
  const start = arn.indexOf(':table/') + 7;
  return arn.slice(start, arn.indexOf('/', start));
}

function isoSeconds(epochSeconds) {
  const iso = new Date(epochSeconds * 1000).toISOString();
  return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso;
}

function changeDocument(record) {
  const d = record.dynamodb;
  const kind = classify(record);
  const doc = { kind, table: tableOf(record.eventSourceARN), keys: plainImage(d.Keys) };
  if (d.OldImage) doc.old = plainImage(d.OldImage);
  if (d.NewImage) doc.new = plainImage(d.NewImage);
  if (kind === 'UPDATED' && d.OldImage && d.NewImage) doc.changed = changedFields(d.OldImage, d.NewImage);
  doc.eventId = record.eventID;
  doc.sequenceNumber = d.SequenceNumber;
  doc.at = isoSeconds(d.ApproximateCreationDateTime);
  return doc;
}

// "{keys.id}" -> the field's value; a missing field renders as an empty string, never throws.
function render(template, doc) {
  return template.replace(/\{([^{}]+)\}/g, (_, path) => {
    let v = doc;
    for (const p of path.split('.')) v = v === undefined || v === null ? undefined : v[p];
    if (v === undefined || v === null) return '';
    return typeof v === 'object' ? JSON.stringify(v) : String(v);
  });
}

const attr = (value) => ({ DataType: 'String', StringValue: value });

// Everything but the network: records -> alert messages. Returns the messages in record order, each
// with the sequence number of its record, and the sequence numbers of records that could not be read.
function buildAlerts(event, rules) {
  const messages = [];
  const unreadable = [];
  for (const record of event.Records) {
    let doc;
    try {
      doc = changeDocument(record);
    } catch (e) {
      unreadable.push(record.dynamodb && record.dynamodb.SequenceNumber);
      continue;
    }
    for (const rule of rules) {
      if (!rule.matches(doc)) continue;
      messages.push({
        sequenceNumber: doc.sequenceNumber,
        message: JSON.stringify({ rule: rule.name, severity: rule.severity, message: render(rule.message, doc), change: doc }),
        attributes: { rule: attr(rule.name), severity: attr(rule.severity), kind: attr(doc.kind), table: attr(doc.table) },
      });
    }
  }
  return { messages, unreadable };
}

const rules = loadRules(process.env.ALERT_RULES);
const topicArn = process.env.ALERT_TOPIC_ARN;
const sns = new SNSClient({
  region: process.env.AWS_REGION || 'us-east-1',
  endpoint: process.env.AWS_ENDPOINT_URL_SNS,
  credentials: { accessKeyId: 'AKIDBENCHMARK', secretAccessKey: 'benchmark-secret' },
});
const stats = { publishCalls: 0, messages: 0 };

async function handler(event) {
  const { messages, unreadable } = buildAlerts(event, rules);
  const failed = new Set(unreadable);
  for (let i = 0; i < messages.length; i += SNS_BATCH) {
    const chunk = messages.slice(i, i + SNS_BATCH);
    const entries = chunk.map((m, j) => ({ Id: `m${j}`, Message: m.message, MessageAttributes: m.attributes }));
    stats.publishCalls++;
    stats.messages += entries.length;
    try {
      const out = await sns.send(new PublishBatchCommand({ TopicArn: topicArn, PublishBatchRequestEntries: entries }));
      for (const f of out.Failed || []) failed.add(chunk[Number(f.Id.slice(1))].sequenceNumber);
    } catch (e) {
      for (const m of chunk) failed.add(m.sequenceNumber);
    }
  }
  // Report in stream order; Lambda restarts from the lowest reported sequence number.
  const batchItemFailures = event.Records
    .map((r) => r.dynamodb && r.dynamodb.SequenceNumber)
    .filter((s) => failed.has(s))
    .map((s) => ({ itemIdentifier: s }));
  return { batchItemFailures };
}

module.exports = { handler, buildAlerts, loadRules, stats, sns };
// The building blocks, for throughput.js's "same job" variant (same-job.js), which reuses them as they are.
module.exports.parts = { plainImage, changedFields, classify, tableOf, isoSeconds, render };
