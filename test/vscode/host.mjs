#!/usr/bin/env node
// The mocha suite (test/vscode/suite/) inside code-server's extension host: a scratch HOME, state dir and
// workspace; one `npm publish` hook run before VS Code starts (nobody is there, so it expires: the seeded
// history); code-server on 127.0.0.1; headless Chromium opens the workbench with a `payload` carrying
// extensionDevelopmentPath (extension/) and extensionTestsPath (the bundled suite). The extension host
// calls the suite's run(), which writes its result to a JSON file; this script waits for it (bounded),
// prints it and exits 1 on any failure. Everything it started is stopped.
// Run alone: `node test/vscode/host.mjs` (after `npm run build` and `npm run build:extension`).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ASK_COMMAND, CLI, EXTENSION_DIR, HOOK, launchChromium, RESULTS_DIR, Scratch, spawnHook, startCodeServer, waitFor, workbenchUrl, writeJson } from './harness.mjs';
import { buildSuite } from './suite-build.mjs';

/**
 * Runs the suite once; resolves with its result ({ passed, failed, tests, error, vscodeVersion }).
 *
 * @example const r = await runHostSuite(); if (r.failed) process.exit(1);
 */
export async function runHostSuite({ timeoutMs = 120_000, log = console.log } = {}) {
  for (const f of [HOOK, CLI, join(EXTENSION_DIR, 'dist/extension.js')]) {
    if (!existsSync(f)) throw new Error(`${f} is missing: run \`npm run build\` and \`npm run build:extension\` first`);
  }
  const entry = await buildSuite();
  const scratch = new Scratch('to-vscode-host-');
  const resultFile = join(scratch.root, 'suite-result.json');
  let server = null;
  let browser = null;
  try {
    const seeded = await spawnHook(scratch, ASK_COMMAND).done;
    if (seeded.decision !== 'ask') throw new Error(`seeding: the hook with no surface answered ${JSON.stringify(seeded)}`);
    server = await startCodeServer(scratch, {
      env: { TO_VSCODE_RESULT: resultFile, TO_VSCODE_HOOK: HOOK, TO_VSCODE_CLI: CLI, TO_VSCODE_WORKSPACE: scratch.workspace },
    });
    log(`code-server ${server.url} (pid ${server.pid}); extension host suite: ${entry.replace(`${EXTENSION_DIR}/..`, '.')}`);
    browser = await launchChromium();
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(workbenchUrl(server, { folder: scratch.workspace, extensionDevelopmentPath: EXTENSION_DIR, extensionTestsPath: entry }), { timeout: 30_000 });
    const result = await waitFor('the suite result file (the extension host never ran the suite?)', () => existsSync(resultFile) && JSON.parse(readFileSync(resultFile, 'utf8')), { timeoutMs, everyMs: 200 }).catch((e) => {
      throw new Error(`${e.message}\n--- code-server output (tail) ---\n${server.output().slice(-3000)}\n--- page errors ---\n${errors.slice(-10).join('\n')}`);
    });
    return result;
  } finally {
    await browser?.close().catch(() => {});
    await server?.stop();
    scratch.dispose();
  }
}

/** Prints a suite result like mocha's summary; `host` names where it ran. */
export function printResult(r, { host = 'code-server', log = console.log } = {}) {
  log(`VS Code ${r.vscodeVersion} extension host (${host}):`);
  for (const t of r.tests) {
    log(`  ${t.state === 'passed' ? '✓' : t.state === 'failed' ? '✗' : '-'} ${t.title}${t.state === 'passed' ? ` (${t.durationMs} ms)` : ''}`);
    if (t.error) log(`      ${t.error.split('\n').slice(0, 6).join('\n      ')}`);
  }
  if (r.error) log(`  suite error: ${r.error}`);
  log(`  ${r.passed} passed, ${r.failed} failed${r.pending ? `, ${r.pending} pending` : ''}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    const r = await runHostSuite();
    printResult(r);
    writeJson(join(RESULTS_DIR, 'host-suite.json'), r);
    process.exit(r.failed === 0 && !r.error && r.passed > 0 ? 0 : 1);
  } catch (e) {
    console.error(`extension-host suite: ${e.message}`);
    process.exit(1);
  }
}
