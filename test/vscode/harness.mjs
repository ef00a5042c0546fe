// The pieces every real-VS-Code test shares: a scratch installation (HOME, state dir, workspace, VS Code
// user data and extensions dirs), code-server started on 127.0.0.1 with `auth: none` and stopped by its
// process group, the workbench URL with a `payload`, headless Debian Chromium through playwright-core, the
// webview frames of a view, and the built hook and CLI as real processes. Used by host.mjs (mocha inside the
// extension host), ui.mjs (the sidebar driven by Playwright) and test/bench/vscode.mjs.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** The extension folder under test (TO_VSCODE_EXTENSION_DIR: another build of it, e.g. an unpacked .vsix). */
export const EXTENSION_DIR = process.env.TO_VSCODE_EXTENSION_DIR ? resolve(process.env.TO_VSCODE_EXTENSION_DIR) : join(ROOT, 'extension');
export const EXTENSION_ID = 'task-orchestrator.task-orchestrator';
export const HOOK = join(ROOT, 'plugin/dist/hook.cjs');
export const CLI = join(ROOT, 'plugin/dist/cli.mjs');
export const RESULTS_DIR = join(ROOT, 'test-results/vscode');
export const CODE_SERVER_ENTRY = join(ROOT, '.cache/code-server/node_modules/code-server/out/node/entry.js');
/** An ask-category command of the default policy (rule publish.package). */
export const ASK_COMMAND = 'npm publish';

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls `probe` (sync or async) until it returns something truthy; throws `what` after `timeoutMs`. */
export async function waitFor(what, probe, { timeoutMs = 15_000, everyMs = 50 } = {}) {
  const end = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      const v = await probe();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() >= end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${last.message ?? last})` : ''}`);
    await sleep(everyMs);
  }
}

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((done, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => done(port));
    });
  });
}

/** The Chromium to drive: CHROMIUM_PATH, else Debian's. Null when there is none. */
export function chromiumPath() {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean);
  return candidates.find((p) => existsSync(p)) ?? null;
}

/** One scratch installation; `dispose()` removes it. Every process started for it gets `env()`. */
export class Scratch {
  constructor(prefix = 'to-vscode-') {
    this.root = mkdtempSync(join(tmpdir(), prefix));
    this.home = join(this.root, 'home');
    this.state = join(this.root, 'state');
    this.workspace = join(this.root, 'workspace');
    this.userData = join(this.root, 'user-data');
    this.extensions = join(this.root, 'extensions');
    for (const d of [this.home, this.state, this.workspace, join(this.userData, 'User'), this.extensions]) mkdirSync(d, { recursive: true });
    writeFileSync(join(this.workspace, 'README.md'), '# scratch workspace for the Task Orchestrator extension tests\n');
  }

  env(extra = {}) {
    return {
      PATH: process.env.PATH,
      LANG: 'C.UTF-8',
      HOME: this.home,
      TASK_ORCHESTRATOR_HOME: this.state,
      ...extra,
    };
  }

  dispose() {
    rmSync(this.root, { recursive: true, force: true });
  }
}

// VS Code settings for a quiet, deterministic workbench: no trust prompt (it would block the extension in
// restricted mode), no welcome page, no gallery or update traffic, no AI side panels over the sidebar.
const USER_SETTINGS = {
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  'chat.commandCenter.enabled': false,
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'telemetry.telemetryLevel': 'off',
  'git.enabled': false,
  'window.commandCenter': false,
};

/**
 * Starts code-server for `scratch` on a free 127.0.0.1 port: its own --config (auth none, no TLS), a
 * fresh --user-data-dir and --extensions-dir, the given environment (the extension host inherits it).
 * Resolves when the HTTP server answers; `stop()` kills its process group (and waits, bounded).
 */
export async function startCodeServer(scratch, { env = {}, settings = {}, timeoutMs = 30_000 } = {}) {
  if (!existsSync(CODE_SERVER_ENTRY)) throw new Error('code-server is not installed: run `node scripts/install-code-server.mjs`');
  const port = await freePort();
  const config = join(scratch.root, 'code-server.yaml');
  writeFileSync(config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\ndisable-telemetry: true\ndisable-update-check: true\n`);
  writeFileSync(join(scratch.userData, 'User/settings.json'), JSON.stringify({ ...USER_SETTINGS, ...settings }, null, 2));
  const log = join(scratch.root, 'code-server.log');
  const out = [];
  const child = spawn(
    process.execPath,
    [CODE_SERVER_ENTRY, '--config', config, '--user-data-dir', scratch.userData, '--extensions-dir', scratch.extensions,
      '--disable-workspace-trust', '--disable-getting-started-override', '--ignore-last-opened', scratch.workspace],
    { cwd: scratch.root, env: scratch.env({ ...env, SHELL: '/bin/sh' }), detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const record = (d) => {
    out.push(d.toString());
    if (out.length > 2000) out.splice(0, 1000);
  };
  child.stdout.on('data', record);
  child.stderr.on('data', record);
  let exited = null;
  const exit = new Promise((r) => child.on('exit', (code, signal) => r((exited = { code, signal }))));
  child.on('error', (e) => record(`spawn error: ${e.message}\n`));
  const server = {
    port,
    pid: child.pid,
    authority: `127.0.0.1:${port}`,
    url: `http://127.0.0.1:${port}/`,
    output: () => out.join(''),
    async stop() {
      if (exited === null) {
        try {
          process.kill(-child.pid, 'SIGTERM');
        } catch {
          /* gone */
        }
        const killed = await Promise.race([exit, sleep(5000).then(() => null)]);
        if (killed === null) {
          try {
            process.kill(-child.pid, 'SIGKILL');
          } catch {
            /* gone */
          }
          await Promise.race([exit, sleep(2000)]);
        }
      }
      writeFileSync(log, out.join(''));
    },
  };
  try {
    await waitFor('code-server to answer HTTP', async () => {
      if (exited) throw new Error(`code-server exited (${JSON.stringify(exited)}):\n${server.output().slice(-2000)}`);
      const r = await fetch(`${server.url}healthz`, { signal: AbortSignal.timeout(1000) });
      return r.ok;
    }, { timeoutMs, everyMs: 100 });
  } catch (e) {
    await server.stop();
    throw e;
  }
  return server;
}

/**
 * The workbench URL opening `folder`, with the extension under development (and, for the mocha suite,
 * the tests module) given as VS Code's web `payload`: remote URIs, so the server-side extension host loads
 * them (code-server maps vscode-remote:// to file paths on its side).
 *
 * @example workbenchUrl(server, { folder: '/home/dev/app', extensionDevelopmentPath: '/home/dev/ext' })
 */
export function workbenchUrl(server, { folder, extensionDevelopmentPath, extensionTestsPath }) {
  const remote = (p) => `vscode-remote://${server.authority}${p}`;
  const payload = [['extensionDevelopmentPath', remote(extensionDevelopmentPath)]];
  if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
  return `${server.url}?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

/** Headless Chromium (Debian's) through playwright-core. */
export async function launchChromium() {
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error('no Chromium: apt-get install -y chromium (or set CHROMIUM_PATH)');
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath,
    headless: true,
    timeout: 30_000,
    // As root in a container Chromium's sandbox cannot start; nothing untrusted is loaded here.
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu', '--no-first-run', '--disable-features=Translate'],
  });
}

/**
 * The content frame of the webview whose document has `selector` (VS Code nests an outer iframe, the
 * webview host, and an inner one, #active-frame, holding the extension's HTML).
 */
export async function webviewFrame(page, selector, { timeoutMs = 20_000 } = {}) {
  return waitFor(`a webview with ${selector}`, async () => {
    for (const f of page.frames()) {
      if (f === page.mainFrame() || f.isDetached()) continue;
      if (await f.$(selector).catch(() => null)) return f;
    }
    return null;
  }, { timeoutMs, everyMs: 100 });
}

/** A PreToolUse stdin for a Bash `command`, as Claude Code sends it. */
export function preToolUseStdin(command, cwd, session = 'vscode-test-session') {
  return JSON.stringify({
    session_id: session, transcript_path: '/dev/null', cwd, permission_mode: 'default',
    hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command }, tool_use_id: `toolu_${Date.now()}`,
  });
}

/** Parses the hook's answer: `{ decision, reason }`, decision null when it printed nothing. */
export function parseAnswer(stdout) {
  const text = stdout.trim();
  if (!text) return { decision: null, reason: '' };
  const o = JSON.parse(text);
  return { decision: o.hookSpecificOutput?.permissionDecision ?? null, reason: o.hookSpecificOutput?.permissionDecisionReason ?? '' };
}

/**
 * Spawns the built PreToolUse hook for a Bash `command` (cwd = the workspace, as Claude Code would), killed
 * after `timeoutMs`. `done` resolves with { status, signal, decision, reason, stderr, exitedAt }.
 */
export function spawnHook(scratch, command, { timeoutMs = 90_000, env = {} } = {}) {
  const child = spawn(process.execPath, [HOOK, 'PreToolUse'], { cwd: scratch.workspace, env: scratch.env(env), stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const done = new Promise((resolveDone, fail) => {
    child.on('error', fail);
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      const exitedAt = performance.now();
      try {
        resolveDone({ status, signal, stderr: err, exitedAt, ...parseAnswer(out) });
      } catch (e) {
        fail(new Error(`the hook printed something that is not its JSON answer: ${out.slice(0, 300)} (${e.message})`));
      }
    });
  });
  child.stdin.on('error', () => {});
  child.stdin.end(preToolUseStdin(command, scratch.workspace));
  return { child, startedAt: performance.now(), done, kill: () => child.kill('SIGKILL') };
}

/** Runs the built CLI synchronously (bounded) for `scratch`. */
export function cli(scratch, args, { input = '', env = {} } = {}) {
  return spawnSync(process.execPath, [CLI, ...args], { input, encoding: 'utf8', env: scratch.env(env), cwd: scratch.workspace, timeout: 30_000 });
}

/** `inbox list --json` (all items unless `pendingOnly`). */
export function inboxItems(scratch, { pendingOnly = false } = {}) {
  const r = cli(scratch, ['inbox', 'list', '--json', ...(pendingOnly ? [] : ['--all'])]);
  if (r.status !== 0) throw new Error(`inbox list failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout);
}

/** The live decision surfaces of the state dir, as the hooks see them: e.g. ['vscode-1234'] (<surface>-<pid>). */
export function liveSurfaces(scratch) {
  const r = cli(scratch, ['status', '--json']);
  if (r.status !== 0) throw new Error(`status failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout).liveSurfaces;
}

// Seeding the immune dashboard the way production does: real PostToolUse(Failure) hook processes grade
// tool results (failures become trials and patterns), then `store fold` applies the journal.
const SAMPLES = JSON.parse(readFileSync(join(ROOT, 'test/fixtures/claude-code/hook-stdin-2.1.197.json'), 'utf8'));
const SAMPLES_330 = JSON.parse(readFileSync(join(ROOT, 'test/fixtures/claude-code/hook-stdin-2.1.330.json'), 'utf8'));

function runHookEvent(scratch, event, stdin) {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [HOOK, event], { cwd: scratch.workspace, env: scratch.env(), stdio: ['pipe', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.stdout.resume();
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', fail);
    child.on('close', (status) => {
      clearTimeout(timer);
      if (status !== 0) fail(new Error(`${event} hook exited ${status}: ${err.slice(0, 500)}`));
      else done();
    });
    child.stdin.on('error', () => {});
    child.stdin.end(JSON.stringify(stdin));
  });
}

const VITEST_FAILURE = [
  'Exit code 1', '', '> shop@1.0.0 test', '> vitest run', '',
  ' ❯ test/auth.test.ts (3 tests | 1 failed) 12ms', '   × login > rejects a bad password 4ms', '',
  ' FAIL  test/auth.test.ts > login > rejects a bad password', 'AssertionError: expected 200 to be 401 // Object.is equality', '',
  ' Test Files  1 failed | 3 passed (4)', '      Tests  1 failed | 11 passed (12)',
].join('\n');
const TSC_FAILURE = [
  'Exit code 2',
  "src/cart.ts(14,7): error TS2322: Type 'string' is not assignable to type 'number'.",
  "src/cart.ts(31,12): error TS2339: Property 'totl' does not exist on type 'Cart'.",
  'Found 2 errors in the same file, starting at: src/cart.ts:14',
].join('\n');
const MODULE_FAILURE = [
  'Exit code 1',
  'node:internal/modules/cjs/loader:1228',
  "Error: Cannot find module 'left-pad'",
  'Require stack:', '- /home/dev/app/src/index.js',
  "  code: 'MODULE_NOT_FOUND',",
].join('\n');

/**
 * Seeds failing and passing graded calls through real hook processes and folds them: at least two
 * failure patterns (npm test, npx tsc) and a module error, plus successes, for the dashboard.
 */
export async function seedImmune(scratch, session = 'vscode-seed-session') {
  const failure = (command, error) => ({ ...SAMPLES['PostToolUseFailure:Bash'], session_id: session, cwd: scratch.workspace, tool_input: { command, description: 'seeded by the test' }, error });
  const success = (command, stdout) => {
    const s = SAMPLES_330['PostToolUse:Bash'];
    return { ...s, session_id: session, cwd: scratch.workspace, tool_input: { command, description: 'seeded by the test' }, tool_response: { ...s.tool_response, stdout } };
  };
  for (let i = 0; i < 3; i++) await runHookEvent(scratch, 'PostToolUseFailure', failure('npm test', VITEST_FAILURE));
  for (let i = 0; i < 2; i++) await runHookEvent(scratch, 'PostToolUseFailure', failure('npx tsc --noEmit', TSC_FAILURE));
  await runHookEvent(scratch, 'PostToolUseFailure', failure('node src/index.js', MODULE_FAILURE));
  for (const c of ['ls -la', 'git status --short', 'cat package.json']) await runHookEvent(scratch, 'PostToolUse', success(c, 'ok\n'));
  const r = cli(scratch, ['store', 'fold']);
  if (r.status !== 0) throw new Error(`store fold failed (${r.status}): ${r.stderr}`);
  const p = cli(scratch, ['immune', 'patterns', '--json']);
  if (p.status !== 0) throw new Error(`immune patterns failed (${p.status}): ${p.stderr}`);
  return JSON.parse(p.stdout);
}

/** Writes a JSON file (for results and configs). */
export function writeJson(path, value) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
}
