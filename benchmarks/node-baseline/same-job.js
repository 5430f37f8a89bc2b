// The "same job" variant of the Node baseline (issue 8): what Java's PipelineBenchmark.pipelineFast does
// per batch, in plain JavaScript, so that the two can be compared like for like:
//
//   1. bytes -> UTF-8 decode + JSON.parse (in Lambda the runtime does this before calling the handler);
//   2. per record: classify, unmarshal, changed fields, the change document in the shape Java renders
//      (dev.eddy.domain.document.ChangeDocument), rendered to JSON once per change;
//   3. the five rules of ../alert-rules.json (the same hand-written predicates as handler.js) and, per
//      match, an alert with Java's id (<eventId>#alert#<rule>), attributes (rule, severity, kind, table)
//      and body {"rule","severity","message","change":{the change document}} (dev.eddy.domain.alert.Alert;
//      a missing template field renders as Java's "<missing>"), with Java's size check (body + attributes
//      <= 256 KiB). For both generated files the bodies are byte-identical to the ones Java's RaiseAlertsStep
//      renders (compared once, body by body, on 2026-11-25); report.js compares the average sizes on every
//      run, against dev.eddy.benchmarks.SameJobFacts;
//   4. per record, the two projections Java's benchmark computes (benchmarks/src/main/java/dev/eddy/
//      benchmarks/Pipeline.java, PROJECTIONS), as pure functions from a change to update descriptors,
//      mirroring dev.eddy.domain.projection.{LatestState, RunningAggregate} with the defaults that
//      ProjectionsParser applies (latest: onDelete/onExpire MARK; aggregate: onUpdate DELTA, onDelete KEEP):
//        latest-reading     latest state per `id`: temperature and status, source key, updatedAt, marks;
//        hourly-temperature per `id` and UTC hour of `timestamp`: temperature count/sum/min/max/last;
//      computed and counted, never stored (no I/O), exactly as Java's benchmark does;
//   5. after the batch, delivery as Java's SnsNotificationPublisher does it: one PublishBatchCommand per 10
//      alerts with @aws-sdk/client-sns v3, each awaited in turn, entry ids as Java builds them, the four
//      attributes plus `eddy-id` (Java adds that attribute to every entry). The client has static fake
//      credentials, region us-east-1, no retries, and a custom requestHandler (InstantSnsHandler) that
//      answers every request at once, in process, with SNS's PublishBatch XML (every entry Successful):
//      SDK middleware, awsQuery serialization, SigV4 signing and XML response parsing all run; no network.
//
// Differences from Java that remain, on purpose or by the nature of JavaScript:
// - Numbers are JavaScript Numbers (IEEE doubles), in the change document and in the projections'
//   arithmetic (sums and corrections are double arithmetic, e.g. 81.2 - 79.5 = 1.7000000000000028);
//   Java keeps them exact (BigDecimal). For the generated events (at most 10 significant digits) the
//   documents are identical; the projections' sums may differ in the last bits of a double.
// - Projection updates are plain objects (attribute values as plain JS values), not typed Value maps, and
//   skip reasons are counted, not worded. Their number per file equals Java's (181 and 18,696 for the
//   generated files; report.js checks it against SameJobFacts).
// - No delivery ledger (Java's benchmark has none either: DeliveryLedger.NONE), no retries (Java's
//   benchmark client does not retry either), no metrics, no logging.
'use strict';

const { Readable } = require('node:stream');
const { SNSClient, PublishBatchCommand } = require('@aws-sdk/client-sns');
const { parts } = require('./handler');

const { plainImage, changedFields, classify, tableOf, isoSeconds } = parts;

// MessageTemplate.MISSING: Java renders a field the change lacks as this (handler.js renders it empty).
const MISSING = '<missing>';

// "{keys.id}" -> the field's value, as handler.js's render, but a missing field renders as Java does.
function render(template, doc) {
  return template.replace(/\{([^{}]+)\}/g, (_, path) => {
    let v = doc;
    for (const p of path.split('.')) v = v === undefined || v === null ? undefined : v[p];
    if (v === undefined) return MISSING;
    if (v === null) return 'null';
    return typeof v === 'object' ? JSON.stringify(v) : String(v);
  });
}

const TOPIC_ARN = 'arn:aws:sns:us-east-1:123456789012:eddy-alerts';
const SNS_BATCH = 10;
const SNS_MAX_BYTES = 256 * 1024;
const ID_ATTRIBUTE = 'eddy-id';
const MAX_ENTRY_ID = 80;

// The two projections of Pipeline.PROJECTIONS, with ProjectionsParser's defaults.
const LATEST = { name: 'latest-reading', partitionKey: 'id', attributes: { temperature: 'temperature', status: 'status' } };
const HOURLY = { name: 'hourly-temperature', partitionKey: 'id', bucketAttribute: 'timestamp', bucketMs: 3600 * 1000, values: ['temperature'] };

// --- the change document, in Java's shape -------------------------------------------------------

// `changed` as ChangeDocument.changedFields: CREATED every attribute of the new image, UPDATED the
// diff, DELETED/EXPIRED empty; left out when an image needed to know it is missing.
function javaChanged(kind, d) {
  switch (kind) {
    case 'CREATED': return d.NewImage ? Object.keys(d.NewImage).sort() : undefined;
    case 'UPDATED': return d.OldImage && d.NewImage ? changedFields(d.OldImage, d.NewImage) : undefined;
    default: return [];
  }
}

function changeOf(record) {
  const d = record.dynamodb;
  const kind = classify(record);
  const doc = { kind, table: tableOf(record.eventSourceARN), keys: plainImage(d.Keys) };
  if (d.OldImage) doc.old = plainImage(d.OldImage);
  if (d.NewImage) doc.new = plainImage(d.NewImage);
  const changed = javaChanged(kind, d);
  if (changed !== undefined) doc.changed = changed;
  doc.eventId = record.eventID;
  doc.sequenceNumber = d.SequenceNumber;
  doc.at = isoSeconds(d.ApproximateCreationDateTime);
  return { kind, doc, d, json: null };
}

function documentJson(change) {
  if (change.json === null) change.json = JSON.stringify(change.doc);
  return change.json;
}

// --- the projections (dev.eddy.domain.projection) ------------------------------------------------

// A number as Keys.render writes it into pk: plain notation without trailing zeros.
function plainNumber(text) {
  const n = Number(text);
  return n === 0 ? '0' : String(n);
}

// Keys.lookup: the attribute in the image, else in the record's key. Typed ({S: ...}, {N: ...}, ...).
function lookup(attribute, image, d) {
  const inImage = image && image[attribute];
  return inImage !== undefined ? inImage : d.Keys[attribute];
}

// Keys.render: a non-empty S as it is, an N in plain notation, a B as base64; otherwise a problem.
function renderKey(projection, attribute, found) {
  if (found === undefined) return { problem: `projection ${projection}: partition key attribute ${attribute} is missing` };
  if (typeof found.S === 'string' && found.S.length > 0) return { value: found.S };
  if (found.N !== undefined) return { value: plainNumber(found.N) };
  if (found.B !== undefined) return { value: found.B };
  return { problem: `projection ${projection}: partition key attribute ${attribute} is ${Object.keys(found)[0]}; it must be a non-empty S, an N or a B` };
}

// Keys.sourceKey: id=S:sensor-1;timestamp=N:1763931600 (names sorted).
function sourceKey(d) {
  const out = [];
  for (const name of Object.keys(d.Keys).sort()) {
    const av = d.Keys[name];
    const type = Object.keys(av)[0];
    const v = av[type];
    const rendered = type === 'N' ? plainNumber(v) : type === 'S' ? v.replace(/\\/g, '\\\\').replace(/;/g, '\\;') : String(v);
    out.push(`${name}=${type}:${rendered}`);
  }
  return out.join(';');
}

function upsert(projection, pk, sk, sequence, set, remove, add, minimums, maximums, expected) {
  return { projection, key: { pk, sk }, sequence, set, remove, add, minimums, maximums, expected };
}

// LatestState.project
function projectLatest(change, sequence, out) {
  const { kind, d, doc } = change;
  const spec = LATEST;
  if (kind === 'CREATED' || kind === 'UPDATED') {
    if (!d.NewImage) { out.skipped++; return; }
    if (kind === 'UPDATED' && doc.changed !== undefined) {
      const relevant = doc.changed.includes(spec.partitionKey) || Object.keys(spec.attributes).some((a) => doc.changed.includes(a));
      if (!relevant) return;
    }
    const key = renderKey(spec.name, spec.partitionKey, lookup(spec.partitionKey, d.NewImage, d));
    if (key.problem) { out.skipped++; return; }
    const set = {};
    const remove = [];
    for (const source in spec.attributes) {
      if (source in doc.new) set[spec.attributes[source]] = doc.new[source];
      else remove.push(spec.attributes[source]);
    }
    set.projection = spec.name;
    set.key = key.value;
    set.updatedAt = doc.at;
    set.source = sourceKey(d);
    remove.push('removed', 'removedAt');
    out.updates.push(upsert(spec.name, `${spec.name}#${key.value}`, 'latest', sequence, set, remove, {}, {}, {}, {}));
    return;
  }
  // DELETED / EXPIRED with the default policy MARK
  const key = renderKey(spec.name, spec.partitionKey, lookup(spec.partitionKey, d.OldImage, d));
  if (key.problem) { out.skipped++; return; }
  const how = kind === 'DELETED' ? 'deleted' : 'expired';
  out.updates.push(upsert(spec.name, `${spec.name}#${key.value}`, 'latest', sequence,
    { projection: spec.name, key: key.value, updatedAt: doc.at, removed: how, removedAt: doc.at },
    [], {}, {}, {}, { source: sourceKey(d) }));
}

// RunningAggregate.contribution: where an image counts (pk, hour bucket) and with which numbers.
function contribution(image, d, out) {
  const spec = HOURLY;
  if (!image) { out.skipped++; return null; }
  const key = renderKey(spec.name, spec.partitionKey, lookup(spec.partitionKey, image, d));
  if (key.problem) { out.skipped++; return null; }
  const time = lookup(spec.bucketAttribute, image, d);
  if (time === undefined || time.N === undefined) { out.skipped++; return null; }
  const ms = Math.floor(Number(time.N) * 1000);
  if (!Number.isFinite(ms)) { out.skipped++; return null; }
  const start = ms - (((ms % spec.bucketMs) + spec.bucketMs) % spec.bucketMs);
  const numbers = new Map();
  for (const value of spec.values) {
    const found = image[value];
    if (found === undefined || found.NULL !== undefined) continue;
    if (found.N !== undefined) numbers.set(value, Number(found.N));
    else out.skipped++;
  }
  return { pk: `${spec.name}#${key.value}`, sk: isoSeconds(start / 1000), key: key.value, numbers };
}

// RunningAggregate.Builder
function aggregateBuilder() {
  return { set: {}, add: {}, minimums: {}, maximums: {}, empty: true };
}
function reading(b, value, n) {
  b.add[`${value}_count`] = 1; b.add[`${value}_sum`] = n;
  b.minimums[`${value}_min`] = n; b.maximums[`${value}_max`] = n; b.set[`${value}_last`] = n; b.empty = false;
}
function correction(b, value, old, n) {
  b.add[`${value}_sum`] = n - old;
  b.minimums[`${value}_min`] = n; b.maximums[`${value}_max`] = n; b.set[`${value}_last`] = n; b.empty = false;
}
function retraction(b, value, old) {
  b.add[`${value}_count`] = -1; b.add[`${value}_sum`] = -old; b.empty = false;
}
function build(b, target, change, sequence, out) {
  if (b.empty) return;
  b.set.projection = HOURLY.name;
  b.set.key = target.key;
  b.set.updatedAt = change.doc.at;
  out.updates.push(upsert(HOURLY.name, target.pk, target.sk, sequence, b.set, [], b.add, b.minimums, b.maximums, {}));
}

// RunningAggregate.project (onUpdate DELTA, onDelete KEEP; EXPIRED never changes the aggregate)
function projectHourly(change, sequence, out) {
  const { kind, d } = change;
  if (kind === 'CREATED') {
    const now = contribution(d.NewImage, d, out);
    if (!now) return;
    const b = aggregateBuilder();
    for (const [value, n] of now.numbers) reading(b, value, n);
    build(b, now, change, sequence, out);
  } else if (kind === 'UPDATED') {
    if (!d.OldImage) { out.skipped++; return; }
    const before = contribution(d.OldImage, d, { skipped: 0 });
    const now = contribution(d.NewImage, d, out);
    if (before && now && before.pk === now.pk && before.sk === now.sk) {
      const b = aggregateBuilder();
      for (const value of HOURLY.values) {
        const old = before.numbers.get(value);
        const n = now.numbers.get(value);
        if (old === undefined && n === undefined) continue;
        if (old === undefined) reading(b, value, n);
        else if (n === undefined) retraction(b, value, old);
        else if (old !== n) correction(b, value, old, n);
      }
      build(b, now, change, sequence, out);
    } else {
      if (before) {
        const b = aggregateBuilder();
        for (const [value, old] of before.numbers) retraction(b, value, old);
        build(b, before, change, sequence, out);
      }
      if (now) {
        const b = aggregateBuilder();
        for (const [value, n] of now.numbers) reading(b, value, n);
        build(b, now, change, sequence, out);
      }
    }
  }
}

// --- the alerts ----------------------------------------------------------------------------------

// Java's SnsNotificationPublisher.entryId: "<position>-<id with unsafe characters as _>", at most 80.
function entryId(position, id) {
  let out = `${position}-`;
  for (let i = 0; i < id.length && out.length < MAX_ENTRY_ID; i++) {
    const c = id.charCodeAt(i);
    const safe = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 45 || c === 95;
    out += safe ? id[i] : '_';
  }
  return out;
}

const json = JSON.stringify;

function raiseAlerts(change, rules, notifications) {
  let documentText = null;
  for (const rule of rules) {
    if (!rule.matches(change.doc)) continue;
    if (documentText === null) documentText = documentJson(change);
    const id = `${change.doc.eventId}#alert#${rule.name}`;
    const body = `{"rule":${json(rule.name)},"severity":${json(rule.severity)},"message":${json(render(rule.message, change.doc))},"change":${documentText}}`;
    const attributes = { rule: rule.name, severity: rule.severity, kind: change.kind, table: change.doc.table };
    let size = Buffer.byteLength(body) + ID_ATTRIBUTE.length + Buffer.byteLength(id) + 6;
    for (const name in attributes) size += Buffer.byteLength(name) + Buffer.byteLength(attributes[name]) + 6;
    if (size > SNS_MAX_BYTES) throw new RangeError(`alert ${id}: ${size} bytes exceed SNS's limit (the generated events never do)`);
    notifications.push({ id, body, attributes });
  }
}

// --- SNS: the SDK client and the in-process HTTP handler ---------------------------------------

const ENTRY_ID = /^PublishBatchRequestEntries\.member\.\d+\.Id$/;

// An SDK HttpHandler (the `requestHandler` of the client config) that answers every PublishBatch at once,
// like Java's InstantSnsHttpClient: it reads the entry ids from the signed form body and returns SNS's
// awsQuery XML with every entry Successful. It refuses an unsigned request. The response is a plain
// object with the shape of @smithy's HttpResponse (statusCode, headers, body), which is what the SDK
// checks (HttpResponse.isInstance); its body is a Node Readable, as the SDK's own Node handler gives.
class InstantSnsHandler {
  constructor() {
    this.requests = 0;
    this.entries = 0;
    this.metadata = { handlerProtocol: 'http/1.1' };
  }

  reset() {
    this.requests = 0;
    this.entries = 0;
  }

  async handle(request) {
    const auth = request.headers.authorization || request.headers.Authorization;
    if (!auth || !auth.startsWith('AWS4-HMAC-SHA256 ')) throw new Error('InstantSnsHandler: the request is not SigV4-signed');
    const form = typeof request.body === 'string' ? request.body : Buffer.from(request.body).toString('utf8');
    this.requests++;
    let members = '';
    let n = 0;
    for (const pair of form.split('&')) {
      const eq = pair.indexOf('=');
      if (eq < 0 || !ENTRY_ID.test(pair.slice(0, eq))) continue;
      const id = decodeURIComponent(pair.slice(eq + 1).replace(/\+/g, ' '));
      members += `<member><Id>${id}</Id><MessageId>m-${this.requests}-${n++}</MessageId></member>`;
    }
    if (n === 0) throw new Error(`InstantSnsHandler: not a PublishBatch with entries: ${form.slice(0, 200)}`);
    this.entries += n;
    const xml = Buffer.from('<PublishBatchResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishBatchResult><Successful>'
      + `${members}</Successful><Failed></Failed></PublishBatchResult><ResponseMetadata><RequestId>instant-${this.requests}`
      + '</RequestId></ResponseMetadata></PublishBatchResponse>', 'utf8');
    return {
      response: {
        statusCode: 200,
        reason: 'OK',
        headers: { 'content-type': 'text/xml', 'content-length': String(xml.length), 'x-amzn-requestid': `instant-${this.requests}` },
        body: Readable.from([xml]),
      },
    };
  }

  updateHttpClientConfig() {}

  httpHandlerConfigs() {
    return {};
  }

  destroy() {}
}

function createSns(handler) {
  return new SNSClient({
    region: 'us-east-1',
    endpoint: 'http://127.0.0.1:9',
    credentials: { accessKeyId: 'AKIDBENCHMARK', secretAccessKey: 'benchmark' },
    maxAttempts: 1,
    requestHandler: handler,
  });
}

async function deliver(sns, notifications) {
  for (let i = 0; i < notifications.length; i += SNS_BATCH) {
    const chunk = notifications.slice(i, i + SNS_BATCH);
    const entries = chunk.map((n, j) => {
      const attributes = {};
      for (const name in n.attributes) attributes[name] = { DataType: 'String', StringValue: n.attributes[name] };
      attributes[ID_ATTRIBUTE] = { DataType: 'String', StringValue: n.id };
      return { Id: entryId(j, n.id), Message: n.body, MessageAttributes: attributes };
    });
    const out = await sns.send(new PublishBatchCommand({ TopicArn: TOPIC_ARN, PublishBatchRequestEntries: entries }));
    const ok = out.Successful ? out.Successful.length : 0;
    if (ok !== entries.length || (out.Failed && out.Failed.length > 0)) {
      throw new Error(`PublishBatch: ${ok} of ${entries.length} entries successful`);
    }
  }
}

// --- the whole job -------------------------------------------------------------------------------

// One batch: event bytes in, alerts delivered, projections computed. Returns what it did.
async function sameJob(bytes, rules, sns) {
  const event = JSON.parse(bytes.toString('utf8'));
  const notifications = [];
  const projections = { updates: [], skipped: 0 };
  for (const record of event.Records) {
    const change = changeOf(record);
    const sequence = BigInt(change.doc.sequenceNumber);
    raiseAlerts(change, rules, notifications);
    projectLatest(change, sequence, projections);
    projectHourly(change, sequence, projections);
  }
  await deliver(sns, notifications);
  return { records: event.Records.length, notifications, projections };
}

module.exports = { sameJob, createSns, InstantSnsHandler, entryId };
