// The VS Code sidebar's latency, in a real VS Code (code-server 4.100.3 + headless Chromium, as the
// extension tests run it): per round, a real PreToolUse hook process asks about a distinct `npm publish`
// while the extension's heartbeat makes it wait, and we time
//   - hook spawned → its card visible in the inbox webview (and the item's created_at → visible, which
//     leaves out the hook's own start-up), and
//   - the click on Approve → the hook process exited with permissionDecision allow.
// Skips with a note (returns { skipped }) where code-server or Chromium cannot be had.
// Run alone: `node test/bench/vscode.mjs` (knob: BENCH_VSCODE_ROUNDS, default 10).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatTable } from './corpus.mjs';
import { ms, summarise } from './stats.mjs';
import { chromiumPath, EXTENSION_DIR, inboxItems, ROOT, Scratch, spawnHook } from '../vscode/harness.mjs';
import { card, openWorkbench } from '../vscode/ui.mjs';

const STEP_TIMEOUT_MS = 15_000;

/** Builds what is missing (the extension bundle, the cached code-server); a reason to skip, or null. */
async function prepare(log) {
  if (!chromiumPath()) return 'no Chromium (apt-get install -y chromium, or set CHROMIUM_PATH)';
  if (!existsSync(join(ROOT, 'plugin/dist/hook.cjs'))) return 'plugin/dist is not built (npm run build)';
  if (!existsSync(join(EXTENSION_DIR, 'dist/extension.js'))) {
    const b = spawnSync(process.execPath, [join(ROOT, 'extension/scripts/build.mjs')], { encoding: 'utf8', timeout: 120_000 });
    if (b.status !== 0) return `the extension does not build: ${(b.stderr || b.stdout).trim().split('\n').slice(-3).join(' ')}`;
  }
  const { installCodeServer, installProblem } = await import('../../scripts/install-code-server.mjs');
  if (installProblem() !== null) {
    log('installing code-server into .cache/code-server (once)…');
    try {
      installCodeServer();
    } catch (e) {
      return `code-server could not be installed: ${String(e.message).split('\n')[0]}`;
    }
  }
  return null;
}

const within = (p, what) => Promise.race([p, new Promise((_, fail) => setTimeout(() => fail(new Error(`${what}: no answer within ${STEP_TIMEOUT_MS} ms`)), STEP_TIMEOUT_MS))]);

/**
 * Runs `rounds` request → visible → approve → hook-exit rounds (one warm-up round first, not counted).
 * Returns { rounds, spawnToVisible, createdToVisible, clickToExit, answers } (summaries in ms) or
 * { skipped: reason }.
 *
 * @example const r = await runVscodeBench({ rounds: 10 }); console.log(r.clickToExit.p50);
 */
export async function runVscodeBench({ rounds = 10, log = console.log } = {}) {
  const skip = await prepare(log);
  if (skip) {
    log(`note: VS Code bench skipped: ${skip}`);
    return { skipped: skip };
  }
  const scratch = new Scratch('to-vscode-bench-');
  const spawnToVisible = [];
  const createdToVisible = [];
  const clickToExit = [];
  const answers = { allow: 0, other: 0 };
  let wb = null;
  const hooks = [];
  try {
    wb = await openWorkbench(scratch);
    for (let i = 0; i <= rounds; i++) {
      const command = `npm publish --tag bench-${i}`;
      const frame = await wb.inbox();
      const hook = spawnHook(scratch, command);
      hooks.push(hook);
      const c = card(frame, command);
      await c.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
      const visibleAt = performance.now();
      const visibleEpoch = Date.now();
      const clickAt = performance.now();
      await c.locator('button.approve').click({ timeout: STEP_TIMEOUT_MS });
      const a = await within(hook.done, `round ${i}: the hook after the click`);
      if (a.decision === 'allow') answers.allow++;
      else answers.other++;
      if (i === 0) continue; // warm-up: the first render of a card pays for layout and fonts
      const created = inboxItems(scratch).find((x) => x.summary === command)?.created_at;
      spawnToVisible.push(visibleAt - hook.startedAt);
      if (typeof created === 'number') createdToVisible.push(visibleEpoch - created);
      clickToExit.push(a.exitedAt - clickAt);
    }
  } finally {
    for (const h of hooks) h.kill();
    await wb?.close();
    scratch.dispose();
  }
  const out = { rounds, spawnToVisible: summarise(spawnToVisible), createdToVisible: summarise(createdToVisible), clickToExit: summarise(clickToExit), answers };
  const row = (name, s) => [name, s.n, ms(s.p50), ms(s.p90), ms(s.max)];
  log(`${rounds} rounds in code-server 4.100.3 (VS Code 1.100.3) + headless Chromium; a real hook per round, approved by a click:`);
  log(formatTable([
    ['', 'n', 'p50 ms', 'p90 ms', 'max ms'],
    row('hook spawned → card visible in the inbox', out.spawnToVisible),
    row('item created (store) → card visible', out.createdToVisible),
    row('click Approve → hook exited (allow)', out.clickToExit),
  ]));
  log(`hook answers: ${answers.allow} allow, ${answers.other} wrong or missing (warm-up round included)`);
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const n = Number.parseInt(process.env.BENCH_VSCODE_ROUNDS ?? '', 10);
  const r = await runVscodeBench({ rounds: Number.isFinite(n) && n > 0 ? n : 10 });
  process.exit(r.skipped || r.answers.other === 0 ? 0 : 1);
}
