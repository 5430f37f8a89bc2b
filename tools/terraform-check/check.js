#!/usr/bin/env node
'use strict';
/*
 * Offline Terraform check: what `terraform validate` would catch, without terraform or a registry.
 *
 *   node tools/terraform-check/check.js <dir> [--schema <aws-provider-schema.json>]
 *
 * Checks every directory under <dir> that holds .tf files (the root module, its local modules and
 * examples/*). Every .tf file is parsed with HashiCorp's HCL parser (npm @cdktn/hcl2json, WASM);
 * expressions are parsed with the same parser. Fails (exit 1) on:
 *   - HCL syntax errors (in a file or in an expression);
 *   - arguments and blocks the `provider "aws"` block does not have;
 *   - unknown top-level blocks; variables without type or description; outputs without
 *     description or value; unknown arguments of variable/output/locals/lifecycle/dynamic blocks;
 *   - resource/data-source types the AWS provider does not have, arguments and nested blocks
 *     (also inside `dynamic` blocks) the type does not have, and missing required arguments/blocks,
 *     against the committed schema subset aws-provider-schema.json (see extract-schema.js);
 *   - module inputs the called module does not declare, and its required variables left unset;
 *   - references var.X, local.X, module.X(.OUTPUT), data.T.X(.ATTR) and T.X(.ATTR) (resources) that
 *     do not resolve in their module, or read an attribute the type does not have;
 *   - a hashicorp/aws version constraint the schema's provider version does not satisfy;
 *   - *.tfvars / *.tfvars.example files that assign variables the module does not declare.
 * Exit 0 when clean, 2 when the check itself cannot run.
 */
const fs = require('fs');
const path = require('path');

const TOP_LEVEL_BLOCKS = new Set(['terraform', 'provider', 'variable', 'output', 'locals', 'module',
  'resource', 'data', 'moved', 'import', 'check', 'removed', 'ephemeral']);
const VARIABLE_ARGS = new Set(['type', 'description', 'default', 'validation', 'sensitive', 'nullable', 'ephemeral']);
const OUTPUT_ARGS = new Set(['value', 'description', 'sensitive', 'depends_on', 'precondition', 'ephemeral']);
const VALIDATION_ARGS = new Set(['condition', 'error_message']);
const LIFECYCLE_ARGS = new Set(['create_before_destroy', 'prevent_destroy', 'ignore_changes',
  'replace_triggered_by', 'precondition', 'postcondition']);
const RESOURCE_META = new Set(['count', 'for_each', 'depends_on', 'provider', 'lifecycle', 'provisioner', 'connection']);
const DATA_META = new Set(['count', 'for_each', 'depends_on', 'provider', 'lifecycle']);
const MODULE_META = new Set(['source', 'version', 'count', 'for_each', 'depends_on', 'providers']);
const DYNAMIC_ARGS = new Set(['for_each', 'iterator', 'labels', 'content']);
const SKIP_DIRS = new Set(['.terraform', 'node_modules', '.git', 'target']);

function loadHcl() {
  try {
    return require('@cdktn/hcl2json');
  } catch (e) {
    const err = new Error('cannot load @cdktn/hcl2json (HashiCorp\'s HCL parser); run `npm ci` at the repository root');
    err.cause = e;
    throw err;
  }
}

/** Finds every directory below (and including) root that contains .tf files. */
function moduleDirs(root) {
  const found = [];
  const visit = (dir) => {
    const entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
    if (entries.some((e) => e.isFile() && e.name.endsWith('.tf'))) found.push(dir);
    for (const e of entries) {
      if (e.isDirectory() && !SKIP_DIRS.has(e.name) && !e.name.startsWith('.')) visit(path.join(dir, e.name));
    }
  };
  visit(root);
  return found;
}

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
/** hcl2json renders blocks as arrays of bodies; `x = {...}` attributes as objects. */
const bodiesOf = (v) => (Array.isArray(v) ? v.filter(isObject) : isObject(v) ? [v] : []);
const isBlockValue = (v) => Array.isArray(v) && v.length > 0 && v.every(isObject);

function levenshtein(a, b) {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  return d[a.length][b.length];
}

function suggestion(name, candidates) {
  const all = [...candidates];
  let best = null;
  let bestDistance = Infinity;
  for (const c of all) {
    const distance = levenshtein(name, c);
    if (distance < bestDistance) {
      best = c;
      bestDistance = distance;
    }
  }
  if (best !== null && bestDistance <= Math.max(2, Math.floor(name.length / 4))) return `; did you mean "${best}"?`;
  // Else a candidate that starts with the name (or the other way round): "deletion_protection".
  const prefixed = all.filter((c) => name.length >= 4 && (c.startsWith(name) || name.startsWith(c)))
    .sort((a, b) => Math.abs(a.length - name.length) - Math.abs(b.length - name.length));
  return prefixed.length > 0 ? `; did you mean "${prefixed[0]}"?` : '';
}

/** Satisfies a Terraform version constraint ("~> 6.0", ">= 5.1, < 7") for version "6.66.0"? */
function satisfies(version, constraint) {
  const parse = (v) => v.split('.').map((n) => parseInt(n, 10) || 0);
  const cmp = (a, b) => {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      const d = (a[i] || 0) - (b[i] || 0);
      if (d !== 0) return d;
    }
    return 0;
  };
  const v = parse(version);
  return constraint.split(',').map((c) => c.trim()).filter(Boolean).every((c) => {
    const m = /^(~>|>=|<=|!=|>|<|=)?\s*([0-9][0-9.]*)$/.exec(c);
    if (!m) return true;
    const op = m[1] || '=';
    const parts = m[2].split('.');
    const want = parse(m[2]);
    switch (op) {
      case '~>': {
        const upper = want.slice(0, Math.max(1, parts.length - 1));
        upper[upper.length - 1] += 1;
        return cmp(v, want) >= 0 && cmp(v, upper) < 0;
      }
      case '>=': return cmp(v, want) >= 0;
      case '<=': return cmp(v, want) <= 0;
      case '>': return cmp(v, want) > 0;
      case '<': return cmp(v, want) < 0;
      case '!=': return cmp(v, want) !== 0;
      default: return cmp(v, want) === 0;
    }
  });
}

class Checker {
  constructor(schema, hcl, options = {}) {
    this.schema = schema;
    this.hcl = hcl;
    this.cwd = options.cwd || process.cwd();
    this.problems = [];
    this.notes = [];
    this.modules = new Map();
    this.resourceTypes = new Set(schema.resource_type_names);
    this.dataSourceTypes = new Set(schema.data_source_type_names);
    this.stats = { files: 0, blocks: 0, expressions: 0 };
    this.astCache = new Map();
  }

  rel(file) {
    const r = path.relative(this.cwd, file);
    return r.startsWith('..') ? file : r;
  }

  problem(file, where, message) {
    this.problems.push(`${this.rel(file)}: ${where ? where + ': ' : ''}${message}`);
  }

  /** Parses every .tf file of dir once; returns the module model (cached). */
  async load(dir) {
    const key = path.resolve(dir);
    if (this.modules.has(key)) return this.modules.get(key);
    const model = { dir: key, files: [], variables: new Map(), outputs: new Map(), locals: new Map(),
      moduleCalls: new Map(), resources: new Map(), dataSources: new Map(), parsedOk: true };
    this.modules.set(key, model);
    if (!fs.existsSync(key) || !fs.statSync(key).isDirectory()) {
      model.missing = true;
      return model;
    }
    const files = fs.readdirSync(key).filter((f) => f.endsWith('.tf')).sort();
    for (const name of files) {
      const file = path.join(key, name);
      this.stats.files++;
      let json;
      try {
        json = await this.hcl.parse(name, fs.readFileSync(file, 'utf8'));
      } catch (e) {
        model.parsedOk = false;
        this.problem(file, null, `HCL syntax error: ${String(e.message || e).replace(/^parse config: /, '')}`);
        continue;
      }
      model.files.push({ file, json });
      this.index(model, file, json);
    }
    return model;
  }

  index(model, file, json) {
    const declare = (map, name, what, entry) => {
      if (map.has(name)) {
        this.problem(file, `${what} "${name}"`, `duplicate declaration (also in ${this.rel(map.get(name).file)})`);
      } else {
        map.set(name, entry);
      }
    };
    for (const [name, bodies] of Object.entries(json.variable || {})) {
      declare(model.variables, name, 'variable', { file, body: bodiesOf(bodies)[0] || {} });
    }
    for (const [name, bodies] of Object.entries(json.output || {})) {
      declare(model.outputs, name, 'output', { file, body: bodiesOf(bodies)[0] || {} });
    }
    for (const body of bodiesOf(json.locals)) {
      for (const name of Object.keys(body)) declare(model.locals, name, 'local', { file });
    }
    for (const [name, bodies] of Object.entries(json.module || {})) {
      declare(model.moduleCalls, name, 'module', { file, body: bodiesOf(bodies)[0] || {} });
    }
    for (const [type, byName] of Object.entries(json.resource || {})) {
      for (const [name, bodies] of Object.entries(byName)) {
        declare(model.resources, `${type}.${name}`, 'resource', { file, type, name, body: bodiesOf(bodies)[0] || {} });
      }
    }
    for (const [type, byName] of Object.entries(json.data || {})) {
      for (const [name, bodies] of Object.entries(byName)) {
        declare(model.dataSources, `${type}.${name}`, 'data', { file, type, name, body: bodiesOf(bodies)[0] || {} });
      }
    }
  }

  async checkModule(dir) {
    const model = await this.load(dir);
    for (const { file, json } of model.files) {
      for (const key of Object.keys(json)) {
        if (!TOP_LEVEL_BLOCKS.has(key)) {
          this.problem(file, null, `unsupported top-level block "${key}"${suggestion(key, TOP_LEVEL_BLOCKS)}`);
        }
      }
      this.checkTerraformBlock(file, json.terraform);
      this.checkProviderBlocks(file, json.provider);
    }
    for (const [name, { file, body }] of model.variables) this.checkVariable(file, name, body);
    for (const [name, { file, body }] of model.outputs) this.checkOutput(file, name, body);
    for (const r of model.resources.values()) {
      this.stats.blocks++;
      this.checkTyped(r.file, `resource "${r.type}" "${r.name}"`, r.type, r.body, 'resource');
    }
    for (const d of model.dataSources.values()) {
      this.stats.blocks++;
      this.checkTyped(d.file, `data "${d.type}" "${d.name}"`, d.type, d.body, 'data');
    }
    for (const [name, call] of model.moduleCalls) await this.checkModuleCall(model, name, call);
    await this.checkReferences(model);
    await this.checkVariableFiles(model);
  }

  /** *.tfvars (and *.tfvars.example) files next to a module may only assign its declared variables. */
  async checkVariableFiles(model) {
    const names = fs.readdirSync(model.dir).filter((f) => /\.tfvars(\.example)?$/.test(f)).sort();
    for (const name of names) {
      const file = path.join(model.dir, name);
      this.stats.files++;
      let json;
      try {
        json = await this.hcl.parse(name, fs.readFileSync(file, 'utf8'));
      } catch (e) {
        this.problem(file, null, `HCL syntax error: ${String(e.message || e).replace(/^parse config: /, '')}`);
        continue;
      }
      if (!model.parsedOk) continue;
      for (const key of Object.keys(json)) {
        if (!model.variables.has(key)) {
          this.problem(file, null, `assigns "${key}", which is not a variable of ${this.rel(model.dir) || '.'}${suggestion(key, model.variables.keys())}`);
        }
      }
    }
  }

  checkTerraformBlock(file, terraform) {
    for (const body of bodiesOf(terraform)) {
      for (const providers of bodiesOf(body.required_providers)) {
        const aws = providers.aws;
        if (!isObject(aws) || typeof aws.version !== 'string') continue;
        const have = this.schema.provider.version;
        if (!satisfies(have, aws.version)) {
          this.problem(file, 'terraform.required_providers.aws',
            `version constraint "${aws.version}" does not admit hashicorp/aws ${have}, the version the schema subset was extracted from (regenerate it with extract-schema.js)`);
        }
      }
    }
  }

  checkProviderBlocks(file, providers) {
    if (!isObject(providers) || !this.schema.provider_config) return;
    for (const body of bodiesOf(providers.aws)) {
      this.checkBody(file, 'provider "aws"', 'provider aws', this.schema.provider_config, body, new Set(['version']));
    }
  }

  checkVariable(file, name, body) {
    const where = `variable "${name}"`;
    for (const key of Object.keys(body)) {
      if (!VARIABLE_ARGS.has(key)) this.problem(file, where, `unsupported argument "${key}"${suggestion(key, VARIABLE_ARGS)}`);
    }
    if (!('type' in body)) this.problem(file, where, 'missing "type" (every variable must be typed)');
    if (typeof body.description !== 'string' || body.description.trim() === '') {
      this.problem(file, where, 'missing "description" (every variable must be described)');
    }
    for (const validation of bodiesOf(body.validation)) {
      for (const key of Object.keys(validation)) {
        if (!VALIDATION_ARGS.has(key)) this.problem(file, `${where}: validation`, `unsupported argument "${key}"`);
      }
      for (const key of VALIDATION_ARGS) {
        if (!(key in validation)) this.problem(file, `${where}: validation`, `missing required argument "${key}"`);
      }
    }
  }

  checkOutput(file, name, body) {
    const where = `output "${name}"`;
    for (const key of Object.keys(body)) {
      if (!OUTPUT_ARGS.has(key)) this.problem(file, where, `unsupported argument "${key}"${suggestion(key, OUTPUT_ARGS)}`);
    }
    if (!('value' in body)) this.problem(file, where, 'missing required argument "value"');
    if (typeof body.description !== 'string' || body.description.trim() === '') {
      this.problem(file, where, 'missing "description" (every output must be described)');
    }
  }

  /** A resource or data source against the provider schema subset. */
  checkTyped(file, where, type, body, kind) {
    const described = kind === 'resource' ? this.schema.resources[type] : this.schema.data_sources[type];
    const known = kind === 'resource' ? this.resourceTypes : this.dataSourceTypes;
    if (!described) {
      if (!known.has(type)) {
        this.problem(file, where, `the AWS provider (hashicorp/aws ${this.schema.provider.version}) has no ${kind === 'resource' ? 'resource' : 'data source'} type "${type}"${suggestion(type, known)}`);
      } else {
        this.problem(file, where, `${kind} type "${type}" is not in the schema subset; add it to extract-schema.js and regenerate aws-provider-schema.json`);
      }
      return;
    }
    const meta = kind === 'resource' ? RESOURCE_META : DATA_META;
    if ('count' in body && 'for_each' in body) this.problem(file, where, '"count" and "for_each" cannot both be set');
    for (const lifecycle of bodiesOf(body.lifecycle)) {
      for (const key of Object.keys(lifecycle)) {
        if (!LIFECYCLE_ARGS.has(key)) this.problem(file, `${where}: lifecycle`, `unsupported argument "${key}"${suggestion(key, LIFECYCLE_ARGS)}`);
      }
    }
    this.checkBody(file, where, type, described, body, meta);
  }

  /** Arguments, nested blocks and dynamic blocks of one block body against its schema. */
  checkBody(file, where, type, schema, body, meta = new Set()) {
    const args = schema.arguments || {};
    const blocks = schema.blocks || {};
    const names = [...Object.keys(args), ...Object.keys(blocks)];
    const dynamicNames = new Set();
    for (const [key, value] of Object.entries(body)) {
      if (meta.has(key)) continue;
      if (key === 'dynamic') {
        for (const [blockName, dynBodies] of Object.entries(isObject(value) ? value : {})) {
          dynamicNames.add(blockName);
          const dynWhere = `${where}: dynamic "${blockName}"`;
          if (!(blockName in blocks)) {
            this.problem(file, dynWhere, `${type} has no nested block "${blockName}"${suggestion(blockName, Object.keys(blocks))}`);
            continue;
          }
          for (const dyn of bodiesOf(dynBodies)) {
            for (const k of Object.keys(dyn)) {
              if (!DYNAMIC_ARGS.has(k)) this.problem(file, dynWhere, `unsupported argument "${k}"${suggestion(k, DYNAMIC_ARGS)}`);
            }
            if (!('for_each' in dyn)) this.problem(file, dynWhere, 'missing required argument "for_each"');
            const contents = bodiesOf(dyn.content);
            if (contents.length === 0) this.problem(file, dynWhere, 'missing required block "content"');
            for (const content of contents) this.checkBody(file, `${dynWhere}: content`, type, blocks[blockName], content);
          }
        }
        continue;
      }
      if (key in args) continue;
      if (key in blocks) {
        // `name { ... }` (list of bodies) or nested-attribute syntax `name = { ... }`; expressions are not inspected.
        for (const nested of bodiesOf(value)) this.checkBody(file, `${where}: ${key}`, type, blocks[key], nested);
        continue;
      }
      const what = isBlockValue(value) ? 'block type' : 'argument';
      this.problem(file, where, `unsupported ${what} "${key}": ${type} has no argument or nested block of that name${suggestion(key, names)}`);
    }
    for (const [name, spec] of Object.entries(args)) {
      if (spec.required && !(name in body)) this.problem(file, where, `missing required argument "${name}"`);
    }
    for (const [name, spec] of Object.entries(blocks)) {
      if (spec.required && !(name in body) && !dynamicNames.has(name)) {
        this.problem(file, where, `missing required block "${name}"`);
      }
    }
  }

  async checkModuleCall(model, name, call) {
    const { file, body } = call;
    const where = `module "${name}"`;
    if ('count' in body && 'for_each' in body) this.problem(file, where, '"count" and "for_each" cannot both be set');
    const source = body.source;
    if (typeof source !== 'string') {
      this.problem(file, where, 'missing required argument "source" (a literal string)');
      return;
    }
    if (!source.startsWith('./') && !source.startsWith('../')) {
      this.notes.push(`${this.rel(file)}: ${where}: source "${source}" is not local; its inputs are not checked offline`);
      return;
    }
    const target = await this.load(path.resolve(model.dir, source));
    if (target.missing) {
      this.problem(file, where, `source "${source}" does not exist (${this.rel(target.dir)})`);
      return;
    }
    call.target = target;
    if (!target.parsedOk) return;
    const targetName = this.rel(target.dir);
    for (const key of Object.keys(body)) {
      if (MODULE_META.has(key)) continue;
      if (!target.variables.has(key)) {
        this.problem(file, where, `input "${key}" is not declared by module ${targetName}${suggestion(key, target.variables.keys())}`);
      }
    }
    for (const [variable, decl] of target.variables) {
      if (!('default' in decl.body) && !(variable in body)) {
        this.problem(file, where, `required input "${variable}" is not set (variable "${variable}" in ${this.rel(decl.file)} has no default)`);
      }
    }
  }

  /** Every string holding an interpolation, with the block it belongs to. */
  *expressions(model) {
    const walk = function* (value) {
      if (typeof value === 'string') {
        if (value.includes('${') || value.includes('%{')) yield value;
      } else if (Array.isArray(value)) {
        for (const v of value) yield* walk(v);
      } else if (isObject(value)) {
        for (const v of Object.values(value)) yield* walk(v);
      }
    };
    for (const { file, json } of model.files) {
      for (const [blockType, content] of Object.entries(json)) {
        if (blockType === 'resource' || blockType === 'data') {
          for (const [type, byName] of Object.entries(content)) {
            for (const [name, bodies] of Object.entries(byName)) {
              const where = blockType === 'resource' ? `resource "${type}" "${name}"` : `data "${type}" "${name}"`;
              for (const expr of walk(bodies)) yield { file, where, expr };
            }
          }
        } else if (blockType === 'locals') {
          for (const body of bodiesOf(content)) {
            for (const [name, value] of Object.entries(body)) {
              for (const expr of walk(value)) yield { file, where: `local "${name}"`, expr };
            }
          }
        } else if (isObject(content) && ['variable', 'output', 'module', 'provider'].includes(blockType)) {
          for (const [name, bodies] of Object.entries(content)) {
            for (const expr of walk(bodies)) yield { file, where: `${blockType} "${name}"`, expr };
          }
        } else {
          for (const expr of walk(content)) yield { file, where: blockType, expr };
        }
      }
    }
  }

  async traversals(file, where, expr) {
    // Fast path for the commonest form, a single reference such as ${var.name} or ${aws_x.y[0].arn}.
    const simple = /^\$\{([A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*|\[[0-9]+\])*)\}$/.exec(expr);
    if (simple) {
      return [{ text: simple[1], names: simple[1].replace(/\[[0-9]+\]/g, '').split('.') }];
    }
    if (this.astCache.has(expr)) {
      const cached = this.astCache.get(expr);
      if (cached.error) this.problem(file, where, cached.error);
      return cached.found;
    }
    const result = await this.parseTraversals(file, expr);
    this.astCache.set(expr, result);
    if (result.error) this.problem(file, where, result.error);
    return result.found;
  }

  async parseTraversals(file, expr) {
    // A heredoc template takes any string hcl2json renders, quotes included.
    const source = `<<EOT_EDDY_CHECK\n${expr}\nEOT_EDDY_CHECK\n`;
    let ast;
    try {
      ast = await this.hcl.getExpressionAst(path.basename(file), source);
    } catch (e) {
      const detail = String(e.message || e).replace(/^[\s\S]*?: [\w.-]+:\d+,\d+-\d+: /, '');
      return { found: [], error: `invalid expression ${JSON.stringify(expr)}: ${detail}` };
    }
    const found = [];
    const walk = (node) => {
      if (!node) return;
      if (node.type === 'scopeTraversal' && node.meta && Array.isArray(node.meta.traversal)) {
        found.push({
          text: node.meta.fullAccessor || node.meta.value,
          names: node.meta.traversal.filter((p) => p.type === 'nameTraversal').map((p) => p.segment),
        });
      }
      for (const child of node.children || []) walk(child);
    };
    walk(ast);
    return { found, error: null };
  }

  checkAttribute(bad, kind, type, described, attribute) {
    if (!described || !Array.isArray(described.attributes)) return;
    if (!described.attributes.includes(attribute)) {
      bad(`${kind} type ${type} has no attribute "${attribute}"${suggestion(attribute, described.attributes)}`);
    }
  }

  async checkReferences(model) {
    // With a file unparsed, declarations may be missing: its syntax error is the one problem to report.
    if (!model.parsedOk) return;
    for (const { file, where, expr } of this.expressions(model)) {
      this.stats.expressions++;
      for (const { text, names } of await this.traversals(file, where, expr)) {
        const [root, first, second] = names;
        const bad = (message) => this.problem(file, where, `reference ${text}: ${message}`);
        if (root === 'var') {
          if (first && !model.variables.has(first)) bad(`no variable "${first}" is declared in this module${suggestion(first, model.variables.keys())}`);
        } else if (root === 'local') {
          if (first && !model.locals.has(first)) bad(`no local value "${first}" is defined in this module${suggestion(first, model.locals.keys())}`);
        } else if (root === 'module') {
          const call = model.moduleCalls.get(first);
          if (!call) {
            bad(`no module "${first}" is called in this module${suggestion(first || '', model.moduleCalls.keys())}`);
          } else if (second && call.target && call.target.parsedOk && !call.target.outputs.has(second)) {
            bad(`module "${first}" (${this.rel(call.target.dir)}) has no output "${second}"${suggestion(second, call.target.outputs.keys())}`);
          }
        } else if (root === 'data') {
          if (first && second && !model.dataSources.has(`${first}.${second}`)) {
            const sameType = [...model.dataSources.values()].filter((d) => d.type === first).map((d) => d.name);
            bad(`no data "${first}" "${second}" is declared in this module${suggestion(second, sameType)}`);
          } else if (names[3]) {
            this.checkAttribute(bad, 'data source', first, this.schema.data_sources[first], names[3]);
          }
        } else if (root && first && (this.resourceTypes.has(root) || /^aws_/.test(root))) {
          if (!model.resources.has(`${root}.${first}`)) {
            const sameType = [...model.resources.values()].filter((r) => r.type === root).map((r) => r.name);
            bad(`no resource "${root}" "${first}" is declared in this module${suggestion(first, sameType)}`);
          } else if (second) {
            this.checkAttribute(bad, 'resource', root, this.schema.resources[root], second);
          }
        }
      }
    }
  }
}

async function check(root, options = {}) {
  const schemaPath = options.schema || path.join(__dirname, 'aws-provider-schema.json');
  const schema = JSON.parse(fs.readFileSync(schemaPath, 'utf8'));
  const hcl = options.hcl || loadHcl();
  const checker = new Checker(schema, hcl, options);
  const dirs = moduleDirs(path.resolve(root));
  if (dirs.length === 0) checker.problem(path.resolve(root), null, 'no .tf files found');
  for (const dir of dirs) await checker.checkModule(dir);
  return { problems: checker.problems, notes: checker.notes, stats: { ...checker.stats, modules: dirs.length }, schema };
}

async function main(argv) {
  const args = { root: null, schema: null };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--schema') args.schema = argv[++i];
    else if (!args.root) args.root = argv[i];
    else throw new Error(`unexpected argument ${argv[i]}`);
  }
  if (!args.root) throw new Error('usage: node tools/terraform-check/check.js <terraform-dir> [--schema file]');
  if (!fs.existsSync(args.root)) throw new Error(`${args.root} does not exist`);
  const { problems, notes, stats, schema } = await check(args.root, { schema: args.schema });
  for (const note of notes) process.stdout.write(`note: ${note}\n`);
  const summary = `${stats.files} files in ${stats.modules} modules, ${stats.blocks} resources/data sources, ` +
    `${stats.expressions} expressions; schema: hashicorp/aws ${schema.provider.version} (${schema.source.package}@${schema.source.version})`;
  if (problems.length > 0) {
    for (const p of problems) process.stdout.write(`ERROR ${p}\n`);
    process.stdout.write(`terraform-check: ${problems.length} problem(s) in ${summary}\n`);
    return 1;
  }
  process.stdout.write(`terraform-check: OK, ${summary}\n`);
  return 0;
}

module.exports = { check, satisfies };

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      process.stderr.write(`terraform-check: cannot run: ${e.message}\n`);
      process.exit(2);
    },
  );
}
