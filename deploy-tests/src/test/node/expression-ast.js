#!/usr/bin/env node
'use strict';
/*
 * Prints the syntax tree HashiCorp's HCL parser (npm @cdktn/hcl2json, getExpressionAst) gives
 * each Terraform expression, for contract tests that must look inside an expression hcl2json
 * leaves as text (a `for` expression, a function call):
 *   node deploy-tests/src/test/node/expression-ast.js '<expression>'...
 * Output: a JSON array, one tree per expression. Exit 1 (message on stderr) on a syntax error.
 */
async function main(expressions) {
  const hcl = require('@cdktn/hcl2json');
  const out = [];
  for (const expression of expressions) {
    try {
      out.push(await hcl.getExpressionAst('expression.tf', expression));
    } catch (e) {
      process.stderr.write(`${expression}: ${e.message}\n`);
      return 1;
    }
  }
  // A large tree outlives a pipe's buffer: exit only once it is written.
  await new Promise((resolve) => process.stdout.write(JSON.stringify(out), resolve));
  return 0;
}

main(process.argv.slice(2)).then((code) => process.exit(code));
