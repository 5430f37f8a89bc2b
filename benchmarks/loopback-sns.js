#!/usr/bin/env node
// A tiny SNS on 127.0.0.1 for benchmarks: speaks SNS's awsQuery protocol (form-encoded POST /,
// XML replies) well enough for Publish and PublishBatch, answers at once, and counts what it gets.
// Any SDK client (JavaScript v3, Java v2) pointed at it with AWS_ENDPOINT_URL_SNS=http://127.0.0.1:PORT
// sees well-formed responses. It never reaches the network: it listens on loopback only.
//
//   node loopback-sns.js [--port 0] [--port-file FILE] [--max-lifetime-seconds 600] [--quiet]
//                        [--tls-key KEY.pem --tls-cert CHAIN.pem]
//
// Prints "loopback-sns listening on http://127.0.0.1:PORT" on stdout (and writes PORT to --port-file).
// With --tls-key and --tls-cert it speaks HTTPS instead, with that key and certificate chain, as SNS's
// endpoints do (https://127.0.0.1:PORT); clients must trust the chain's issuer.
// Stops itself after --max-lifetime-seconds (default 600) or on SIGTERM / SIGINT, printing its totals.
//
// Counters (not part of SNS; SDK clients only ever POST to "/"):
//   GET  /__stats  -> {"requests":..,"publishBatchRequests":..,"publishRequests":..,"entries":..,
//                      "rejected":..,"signed":..,"bodyBytes":..}   (bodyBytes: request bodies, summed)
//   POST /__reset  -> zeroes the counters
// Validation, as SNS does it: PublishBatch needs a TopicArn and 1..10 entries with distinct Ids
// (errors EmptyBatchRequest, TooManyEntriesInBatchRequest, BatchEntryIdsNotDistinct, InvalidParameter);
// Publish needs a TopicArn and a Message. Errors come back as awsQuery ErrorResponse XML with status 400.
'use strict';

const http = require('node:http');
const https = require('node:https');
const fs = require('node:fs');
const { randomUUID } = require('node:crypto');

const NS = 'http://sns.amazonaws.com/doc/2010-03-31/';

function parseArgs(argv) {
  const opts = { port: 0, portFile: null, maxLifetimeSeconds: 600, quiet: false, tlsKey: null, tlsCert: null };
  for (let i = 0; i < argv.length; i++) {
    switch (argv[i]) {
      case '--port': opts.port = Number(argv[++i]); break;
      case '--port-file': opts.portFile = argv[++i]; break;
      case '--max-lifetime-seconds': opts.maxLifetimeSeconds = Number(argv[++i]); break;
      case '--quiet': opts.quiet = true; break;
      case '--tls-key': opts.tlsKey = argv[++i]; break;
      case '--tls-cert': opts.tlsCert = argv[++i]; break;
      default:
        process.stderr.write(`loopback-sns: unknown option ${argv[i]}\n`);
        process.exit(2);
    }
  }
  if (!Number.isInteger(opts.port) || opts.port < 0 || opts.port > 65535) {
    process.stderr.write('loopback-sns: --port must be 0..65535\n');
    process.exit(2);
  }
  if (Boolean(opts.tlsKey) !== Boolean(opts.tlsCert)) {
    process.stderr.write('loopback-sns: --tls-key and --tls-cert go together\n');
    process.exit(2);
  }
  if (!(opts.maxLifetimeSeconds > 0)) {
    process.stderr.write('loopback-sns: --max-lifetime-seconds must be positive\n');
    process.exit(2);
  }
  return opts;
}

const xml = (s) => String(s).replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' }[c]));

function newStats() {
  return { requests: 0, publishBatchRequests: 0, publishRequests: 0, entries: 0, rejected: 0, signed: 0, bodyBytes: 0 };
}

class SnsError extends Error {
  constructor(code, message) { super(message); this.code = code; }
}

function publishBatch(form, stats) {
  if (!form.get('TopicArn')) throw new SnsError('InvalidParameter', 'Invalid parameter: TopicArn');
  const ids = [];
  for (let n = 1; form.has(`PublishBatchRequestEntries.member.${n}.Id`); n++) {
    const id = form.get(`PublishBatchRequestEntries.member.${n}.Id`);
    if (!form.has(`PublishBatchRequestEntries.member.${n}.Message`)) {
      throw new SnsError('InvalidParameter', `Invalid parameter: Message of entry ${id}`);
    }
    ids.push(id);
  }
  if (ids.length === 0) throw new SnsError('EmptyBatchRequest', 'The batch request doesn\'t contain any entries.');
  if (ids.length > 10) throw new SnsError('TooManyEntriesInBatchRequest', 'The batch request contains more entries than permissible.');
  if (new Set(ids).size !== ids.length) throw new SnsError('BatchEntryIdsNotDistinct', 'Two or more batch entries in the request have the same Id.');
  stats.publishBatchRequests++;
  stats.entries += ids.length;
  const members = ids.map((id) => `<member><Id>${xml(id)}</Id><MessageId>${randomUUID()}</MessageId></member>`).join('');
  return `<PublishBatchResponse xmlns="${NS}"><PublishBatchResult><Successful>${members}</Successful><Failed/></PublishBatchResult>` +
    `<ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></PublishBatchResponse>`;
}

function publish(form, stats) {
  if (!form.get('TopicArn') && !form.get('TargetArn') && !form.get('PhoneNumber')) {
    throw new SnsError('InvalidParameter', 'Invalid parameter: TopicArn or TargetArn Reason: no value for required parameter');
  }
  if (!form.has('Message')) throw new SnsError('InvalidParameter', 'Invalid parameter: Message');
  stats.publishRequests++;
  stats.entries++;
  return `<PublishResponse xmlns="${NS}"><PublishResult><MessageId>${randomUUID()}</MessageId></PublishResult>` +
    `<ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></PublishResponse>`;
}

function start(opts) {
  let stats = newStats();
  const handle = (req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      if (req.url === '/__stats' && req.method === 'GET') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(stats));
        return;
      }
      if (req.url === '/__reset' && req.method === 'POST') {
        stats = newStats();
        res.writeHead(204);
        res.end();
        return;
      }
      stats.requests++;
      stats.bodyBytes += chunks.reduce((sum, c) => sum + c.length, 0);
      if (String(req.headers.authorization || '').startsWith('AWS4-HMAC-SHA256 ')) stats.signed++;
      const requestId = randomUUID();
      try {
        if (req.method !== 'POST') throw new SnsError('InvalidAction', `Unsupported method ${req.method}`);
        const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
        const action = form.get('Action');
        let body;
        if (action === 'PublishBatch') body = publishBatch(form, stats);
        else if (action === 'Publish') body = publish(form, stats);
        else throw new SnsError('InvalidAction', `The action ${action} is not valid for this endpoint.`);
        res.writeHead(200, { 'content-type': 'text/xml', 'x-amzn-requestid': requestId });
        res.end(body);
      } catch (e) {
        if (!(e instanceof SnsError)) throw e;
        stats.rejected++;
        res.writeHead(400, { 'content-type': 'text/xml', 'x-amzn-requestid': requestId });
        res.end(`<ErrorResponse xmlns="${NS}"><Error><Type>Sender</Type><Code>${xml(e.code)}</Code>` +
          `<Message>${xml(e.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`);
      }
    });
  };
  const server = opts.tlsKey
    ? https.createServer({ key: fs.readFileSync(opts.tlsKey), cert: fs.readFileSync(opts.tlsCert) }, handle)
    : http.createServer(handle);
  server.keepAliveTimeout = 5000;

  let stopping = false;
  const stop = (why) => {
    if (stopping) return;
    stopping = true;
    if (!opts.quiet) process.stderr.write(`loopback-sns stopping (${why}): ${JSON.stringify(stats)}\n`);
    server.close();
    server.closeAllConnections();
    process.exit(0);
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  setTimeout(() => stop(`max lifetime ${opts.maxLifetimeSeconds}s`), opts.maxLifetimeSeconds * 1000);

  server.listen(opts.port, '127.0.0.1', () => {
    const { port } = server.address();
    if (opts.portFile) fs.writeFileSync(opts.portFile, `${port}\n`);
    process.stdout.write(`loopback-sns listening on ${opts.tlsKey ? 'https' : 'http'}://127.0.0.1:${port}\n`);
  });
  return server;
}

start(parseArgs(process.argv.slice(2)));
