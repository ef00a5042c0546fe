#!/usr/bin/env node
// Writes schema/policy.schema.json from the zod schema in server/engine/policy/policy-schema.ts
// (the one source of truth). `--check` exits 1 instead of writing when the file is out of date.
import { build } from 'esbuild';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const target = `${root}schema/policy.schema.json`;

const out = await build({
  entryPoints: [`${root}server/engine/policy/policy-schema.ts`],
  bundle: true,
  format: 'esm',
  platform: 'node',
  write: false,
  logLevel: 'silent',
});
const code = out.outputFiles[0].text;
const { policyJsonSchemaText } = await import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);
const text = policyJsonSchemaText();

let current = null;
try {
  current = readFileSync(target, 'utf8');
} catch {}
if (process.argv.includes('--check')) {
  if (current !== text) {
    console.error(`${target} is out of date: run node scripts/gen-policy-schema.mjs`);
    process.exit(1);
  }
} else if (current !== text) {
  writeFileSync(target, text);
  console.error(`wrote ${target}`);
}
