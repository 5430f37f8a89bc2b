#!/usr/bin/env node
'use strict';
/*
 * Prints the hcl2json rendering of .tf files, for tests that read Terraform (e.g. Java contract
 * tests): node tools/terraform-check/hcl2json.js <file.tf>...
 * Output: one JSON object { "<file as given>": <hcl2json of that file>, ... }.
 * Exit 1 (message on stderr naming the file) on a syntax error, 2 when the parser is missing.
 */
const fs = require('fs');
const path = require('path');

async function main(files) {
  let hcl;
  try {
    hcl = require('@cdktn/hcl2json');
  } catch (e) {
    process.stderr.write('cannot load @cdktn/hcl2json; run `npm ci` at the repository root\n');
    return 2;
  }
  const out = {};
  for (const file of files) {
    try {
      out[file] = await hcl.parse(path.basename(file), fs.readFileSync(file, 'utf8'));
    } catch (e) {
      process.stderr.write(`${file}: ${e.message}\n`);
      return 1;
    }
  }
  process.stdout.write(JSON.stringify(out));
  return 0;
}

main(process.argv.slice(2)).then((code) => process.exit(code));
