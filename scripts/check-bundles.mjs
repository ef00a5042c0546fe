#!/usr/bin/env node
/**
 * Fails (exit 1) when the committed plugin/dist is not exactly what `npm run build` produces now:
 * rebuilds into a temporary directory and compares every file, byte for byte, both ways.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { buildAll } from './build.mjs';

const committed = join(import.meta.dirname, '..', 'plugin', 'dist');
const fresh = mkdtempSync(join(tmpdir(), 'task-orchestrator-dist-'));
try {
  await buildAll(fresh);
  const a = listFiles(committed);
  const b = listFiles(fresh);
  const problems = [];
  for (const f of b) if (!a.includes(f)) problems.push(`missing from plugin/dist: ${f}`);
  for (const f of a) if (!b.includes(f)) problems.push(`extra in plugin/dist (not produced by the build): ${f}`);
  for (const f of a.filter((x) => b.includes(x))) {
    const ca = join(committed, f);
    const cb = join(fresh, f);
    if (!readFileSync(ca).equals(readFileSync(cb))) problems.push(`differs from a fresh build: ${f}`);
    else if ((statSync(ca).mode & 0o111) !== (statSync(cb).mode & 0o111)) problems.push(`file mode differs: ${f}`);
  }
  if (problems.length) {
    console.error(`task-orchestrator: plugin/dist is stale; run \`npm run build\` and commit the result:\n  ${problems.join('\n  ')}`);
    process.exitCode = 1;
  } else {
    console.error(`task-orchestrator: plugin/dist matches a fresh build (${a.length} files)`);
  }
} finally {
  rmSync(fresh, { recursive: true, force: true });
}

function listFiles(dir) {
  let entries;
  try {
    entries = readdirSync(dir, { recursive: true, withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath ?? e.path, e.name)).split('\\').join('/'))
    .sort();
}
