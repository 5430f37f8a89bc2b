#!/usr/bin/env node
'use strict';
/*
 * Regenerates aws-provider-schema.json: the small subset of the hashicorp/aws provider schema that
 * check.js validates Eddy's Terraform against.
 *
 * Source of truth: the jsii assembly (.jsii) of npm @cdktn/provider-aws, which is generated from the
 * provider's own schema. For every resource/data source, the "<Name>Config" struct lists the arguments;
 * each property's docs link ends in "#<snake_case_argument>" (the real Terraform name), a property is
 * required when it is not optional, and a property whose type is a struct (or a list of structs) is a
 * nested block, described recursively. The computed attributes a reference may read come from the
 * read-only getters of the construct class (camelCase turned into snake_case).
 *
 * The package is big (~45 MB packed) and is NOT a dependency of the repo: this script fetches it into
 * a temporary directory with `npm pack` and deletes it afterwards.
 *
 * Usage: node tools/terraform-check/extract-schema.js [--version 25.7.0] [--jsii path/to/.jsii]
 * Add a type to RESOURCES / DATA_SOURCES below when Eddy's Terraform starts using it.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync } = require('child_process');

const PACKAGE = '@cdktn/provider-aws';
const DEFAULT_VERSION = '25.7.0';

/** Resource types Eddy's Terraform uses (deploy/terraform/**). */
const RESOURCES = [
  'aws_cloudwatch_dashboard',
  'aws_cloudwatch_log_group',
  'aws_cloudwatch_metric_alarm',
  'aws_dynamodb_table',
  'aws_iam_role',
  'aws_iam_role_policy',
  'aws_lambda_alias',
  'aws_lambda_event_source_mapping',
  'aws_lambda_function',
  'aws_sns_topic',
  'aws_sns_topic_subscription',
  'aws_sqs_queue',
  'aws_sqs_queue_policy',
];

/** Data source types Eddy's Terraform uses. */
const DATA_SOURCES = [
  'aws_caller_identity',
  'aws_iam_policy_document',
  'aws_partition',
  'aws_region',
];

function parseArgs(argv) {
  const args = { version: DEFAULT_VERSION, jsii: null, out: path.join(__dirname, 'aws-provider-schema.json') };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--version') args.version = argv[++i];
    else if (argv[i] === '--jsii') args.jsii = argv[++i];
    else if (argv[i] === '--out') args.out = argv[++i];
    else throw new Error(`unknown option ${argv[i]}`);
  }
  return args;
}

/** Fetches the package tarball into a temp dir and returns { jsiiPath, packageJsonPath, cleanup }. */
function fetchPackage(version) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eddy-provider-aws-'));
  const cleanup = () => fs.rmSync(dir, { recursive: true, force: true });
  try {
    const out = execFileSync('npm', ['pack', `${PACKAGE}@${version}`, '--silent', '--pack-destination', dir],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    const tarball = path.join(dir, out.trim().split('\n').pop());
    execFileSync('tar', ['xzf', tarball, '-C', dir, 'package/.jsii', 'package/package.json'], { stdio: 'inherit' });
    return { jsiiPath: path.join(dir, 'package', '.jsii'), packageJsonPath: path.join(dir, 'package', 'package.json'), cleanup };
  } catch (e) {
    cleanup();
    throw e;
  }
}

const snake = (camel) => camel.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase());

/** The Terraform name of a property: the anchor of its registry docs link, else snake_case of the name. */
function terraformName(prop) {
  const text = `${prop.docs?.summary || ''} ${prop.docs?.remarks || ''}`;
  // The "Docs at Terraform Registry" link: {@link https://.../docs/resources/lambda_function#role LambdaFunction#role}
  // (other links in the text, e.g. to the provider configuration, have no "Name#argument" label).
  const m = text.match(/\{@link https:\/\/registry\.terraform\.io\/providers\/hashicorp\/aws\/\S+#(\w+) \w+#\w+\}/);
  return m ? m[1] : snake(prop.name);
}

/** Where a Config struct documents itself: { kind: 'resources'|'data-sources', name: 'lambda_function', providerVersion }. */
function docsTarget(config) {
  for (const prop of config.properties || []) {
    const text = `${prop.docs?.summary || ''} ${prop.docs?.remarks || ''}`;
    const m = text.match(/registry\.terraform\.io\/providers\/hashicorp\/aws\/([^/]+)\/docs\/(resources|data-sources)\/(\w+)#/);
    if (m) return { providerVersion: m[1], kind: m[2], name: m[3] };
  }
  return null;
}

function structOf(types, typeRef) {
  if (!typeRef) return null;
  if (typeRef.fqn) {
    const t = types[typeRef.fqn];
    return t && t.kind === 'interface' && t.datatype ? { struct: t, list: false } : null;
  }
  if (typeRef.collection && typeRef.collection.kind === 'array') {
    const inner = structOf(types, typeRef.collection.elementtype);
    return inner ? { struct: inner.struct, list: true } : null;
  }
  if (typeRef.union) {
    for (const member of typeRef.union.types) {
      const s = structOf(types, member);
      if (s) return s;
    }
  }
  return null;
}

/** Own and inherited properties of a struct (meta-arguments from cdktn.* interfaces excluded). */
function propertiesOf(types, struct) {
  const props = [...(struct.properties || [])];
  for (const parent of struct.interfaces || []) {
    if (types[parent]) props.push(...propertiesOf(types, types[parent]));
  }
  return props;
}

function describe(types, struct, seen = new Set()) {
  if (seen.has(struct.fqn)) throw new Error(`recursive struct ${struct.fqn}`);
  const next = new Set(seen).add(struct.fqn);
  const out = { arguments: {}, blocks: {} };
  for (const prop of propertiesOf(types, struct).sort((a, b) => terraformName(a).localeCompare(terraformName(b)))) {
    const name = terraformName(prop);
    const required = !prop.optional;
    const nested = structOf(types, prop.type);
    if (nested) {
      out.blocks[name] = { required, list: nested.list, ...describe(types, nested.struct, next) };
    } else {
      out.arguments[name] = { required };
    }
  }
  return out;
}

/**
 * What `<type>.<name>.<attribute>` may read: the arguments and blocks, plus the computed attributes,
 * which are the read-only getters of the construct class next to the Config struct (arn, stream_arn...).
 */
function attributesOf(types, config) {
  const described = describe(types, config);
  const names = new Set([...Object.keys(described.arguments), ...Object.keys(described.blocks)]);
  const construct = types[config.fqn.replace(/Config$/, '')];
  if (!construct) throw new Error(`no construct class for ${config.fqn}`);
  for (const prop of construct.properties || []) {
    if (prop.static || !prop.immutable || prop.name.endsWith('Input')) continue;
    names.add(snake(prop.name));
  }
  return [...names].sort();
}

/** The arguments of the `provider "aws"` block itself. */
function providerConfig(types) {
  const config = types[`${PACKAGE}.provider.AwsProviderConfig`];
  if (!config) throw new Error(`no ${PACKAGE}.provider.AwsProviderConfig in the assembly`);
  return config;
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  let fetched = null;
  let jsiiPath = args.jsii;
  let pkg = null;
  if (!jsiiPath) {
    fetched = fetchPackage(args.version);
    jsiiPath = fetched.jsiiPath;
    pkg = JSON.parse(fs.readFileSync(fetched.packageJsonPath, 'utf8'));
  }
  try {
    const assembly = JSON.parse(fs.readFileSync(jsiiPath, 'utf8'));
    const types = assembly.types;
    const resources = new Map();
    const dataSources = new Map();
    let providerVersion = pkg?.cdktf?.provider?.version || pkg?.cdktn?.provider?.version || null;
    for (const t of Object.values(types)) {
      if (t.kind !== 'interface' || !t.datatype || !t.name.endsWith('Config')) continue;
      if (!(t.interfaces || []).includes('cdktn.TerraformMetaArguments')) continue;
      const target = docsTarget(t);
      if (!target) continue;
      providerVersion = providerVersion || target.providerVersion;
      (target.kind === 'resources' ? resources : dataSources).set(`aws_${target.name}`, t);
    }
    const pick = (map, names, what) => {
      const picked = {};
      for (const name of names) {
        if (!map.has(name)) throw new Error(`${what} ${name} is not in ${PACKAGE}@${assembly.version}`);
        const config = map.get(name);
        picked[name] = { ...describe(types, config), attributes: attributesOf(types, config) };
      }
      return picked;
    };
    const schema = {
      comment: 'Generated by tools/terraform-check/extract-schema.js from the jsii assembly of npm ' +
        `${PACKAGE}; do not edit by hand. Only the types Eddy uses are described in full; ` +
        'resource_type_names/data_source_type_names list every type the provider has.',
      source: { package: PACKAGE, version: assembly.version },
      provider: { source: 'registry.terraform.io/hashicorp/aws', version: providerVersion },
      resource_type_names: [...resources.keys()].sort(),
      data_source_type_names: [...dataSources.keys()].sort(),
      provider_config: describe(types, providerConfig(types)),
      resources: pick(resources, RESOURCES, 'resource'),
      data_sources: pick(dataSources, DATA_SOURCES, 'data source'),
    };
    fs.writeFileSync(args.out, JSON.stringify(schema, null, 1) + '\n');
    process.stdout.write(`wrote ${args.out}: ${PACKAGE}@${assembly.version}, hashicorp/aws ${providerVersion}, ` +
      `${RESOURCES.length} resources and ${DATA_SOURCES.length} data sources described ` +
      `(of ${resources.size} and ${dataSources.size})\n`);
  } finally {
    if (fetched) fetched.cleanup();
  }
}

main();
