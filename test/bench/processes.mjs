// Section b (and the peer's hook for section c): hooks as whole processes, wall time from spawn to exit,
// interleaved with a bare `node -e 0` in the same loop (baseline, variant, baseline, variant, …).
import { makeBigState } from './store.mjs';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './engine.mjs';
import { summarise } from './stats.mjs';

const PLUGIN_DIR = join(ROOT, 'plugin');
export const OUR_HOOK = join(PLUGIN_DIR, 'dist/hook.cjs');
const HOOKS_JSON = join(PLUGIN_DIR, 'hooks/hooks.json');
export const PEER_HOOK = join(ROOT, 'node_modules/cc-safety-net/dist/bin/cc-safety-net.js');
const SHARED_SAMPLE = join(ROOT, 'test/fixtures/claude-code/hook-stdin-2.1.330.json');
const OWN_SAMPLE = join(ROOT, 'test/bench/pretooluse-samples.json');

/** Temp dirs for one bench run: a scratch HOME, a project, an empty state dir and one holding a big store. */
export async function prepareDirs() {
  const root = mkdtempSync(join(tmpdir(), 'task-orchestrator-bench-'));
  const dirs = {
    root,
    home: join(root, 'home'),
    project: join(root, 'project'),
    stateEmpty: join(root, 'state-empty'),
    stateBig: join(root, 'state-big'),
    peerHome: join(root, 'cc-safety-net-home'),
    stateImmune: join(root, 'state-immune'),
  };
  for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
  // A real store with a long history: 100,000 trials and 10,000 audit events (test/bench/store.mjs).
  await makeBigState(dirs.stateBig);
  // A full immune snapshot (500 patterns, the most a hook ever reads) for the UserPromptSubmit check.
  writeFileSync(join(dirs.stateImmune, 'immune.json'), JSON.stringify({ version: 1, writtenAt: Date.now(), patterns: syntheticPatterns(500, dirs.project) }));
  return dirs;
}

const WORDS = ['auth', 'login', 'webhook', 'stripe', 'invoice', 'config', 'schema', 'lint', 'docker', 'image', 'deploy', 'cache', 'parser',
  'token', 'session', 'render', 'router', 'migration', 'database', 'upload', 'thumbnail', 'search', 'index', 'queue', 'worker', 'email'];
const OPS = ['Bash:npm test', 'Bash:pytest', 'Bash:tsc', 'Write', 'Bash:docker build', 'Bash:cargo test', 'Edit', 'mcp__github__create_pull_request'];
const TYPES = ['test_failure', 'command_failed', 'json_invalid', 'hidden_error', 'tool_error', 'schema_violation'];

/** Realistic-looking failure patterns, deterministic (seeded), for the snapshot the prompt hook reads. */
function syntheticPatterns(n, project) {
  let seed = 42;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const pick = (a) => a[Math.floor(rand() * a.length)];
  const now = Date.now();
  return Array.from({ length: n }, (_, i) => {
    const words = Array.from({ length: 6 }, () => pick(WORDS));
    const op = pick(OPS);
    const type = pick(TYPES);
    return {
      id: (0x1000000000000 + i).toString(16).padStart(16, '0'), signature: JSON.stringify([project, op, type, words.join(' ')]), operation: op, failureType: type, project,
      inputSummary: `${op.replace('Bash:', '')} ${words.slice(0, 3).join('/')}`, outputSummary: `${words[3]} ${words[4]} failed`,
      tokens: [...new Set([...op.toLowerCase().split(/[^a-z]+/).filter(Boolean), ...words])], count: 1 + Math.floor(rand() * 6),
      firstSeen: now - 3 * 86_400_000, lastSeen: now - Math.floor(rand() * 86_400_000), relevance: 0.5 + rand() / 2, relevanceAt: now - 3_600_000,
      lastReason: `${words[3]} ${words[4]} failed`,
    };
  });
}

/**
 * How Claude Code starts our PreToolUse hook: the node arguments of plugin/hooks/hooks.json's PreToolUse
 * command (with ${CLAUDE_PLUGIN_ROOT} expanded), or `--liftoff-only plugin/dist/hook.cjs` when there is none.
 */
export function ourHookArgv() {
  const fallback = { argv: ['--liftoff-only', OUR_HOOK], from: 'default (no plugin/hooks/hooks.json)' };
  if (!existsSync(HOOKS_JSON)) return fallback;
  const entries = JSON.parse(readFileSync(HOOKS_JSON, 'utf8'))?.hooks?.PreToolUse ?? [];
  const command = entries.flatMap((e) => e.hooks ?? []).find((h) => h.type === 'command')?.command;
  if (typeof command !== 'string') return fallback;
  const words = [...command.replaceAll('${CLAUDE_PLUGIN_ROOT}', PLUGIN_DIR).matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map(
    (m) => m[1] ?? m[2] ?? m[3] ?? '',
  );
  if (words[0] !== 'node') throw new Error(`${HOOKS_JSON}: PreToolUse command does not start with node: ${command}`);
  return { argv: words.slice(1), from: `${HOOKS_JSON}: ${command}` };
}

/** The recorded PreToolUse samples (Bash and MCP) from Claude Code 2.1.330. */
function samples() {
  const file = existsSync(SHARED_SAMPLE) ? SHARED_SAMPLE : OWN_SAMPLE;
  const all = JSON.parse(readFileSync(file, 'utf8'));
  const bash = all['PreToolUse:Bash'];
  const mcp = all['PreToolUse:mcp'];
  if (!bash || !mcp) throw new Error(`${file}: needs "PreToolUse:Bash" and "PreToolUse:mcp" samples`);
  return { bash, mcp, file };
}

/** The real PreToolUse stdin shape with our tool call and cwd swapped in. */
function stdinFor(base, cwd, toolName, toolInput) {
  return JSON.stringify({ ...base, cwd, tool_name: toolName, tool_input: toolInput });
}

/** Every process to time. `group`: baseline | ours | peer. */
export function variants(dirs) {
  const { bash, mcp, file } = samples();
  const hook = ourHookArgv();
  const emptyModule = join(dirs.root, 'empty.mjs');
  writeFileSync(emptyModule, '');
  const env = (stateDir) => ({
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: dirs.home,
    CLAUDE_PROJECT_DIR: dirs.project,
    TASK_ORCHESTRATOR_HOME: stateDir,
    CC_SAFETY_NET_HOME: dirs.peerHome,
  });
  const bashIn = (command) => stdinFor(bash, dirs.project, 'Bash', { command, description: 'bench' });
  // Claude Code's own commit command: heredoc inside $( ) — read by the fast path.
  const commit = `git commit -m "$(cat <<'EOF'\nFix the parser\nEOF\n)"`;
  // Control flow: only the tree-sitter grammar reads it (wasm loaded in the hook process).
  const structured = 'for f in build/*.log; do if [ -s "$f" ]; then gzip "$f"; fi; done';
  const ours = (id, label, input, stateDir = dirs.stateEmpty) => ({
    id, label, group: 'ours', argv: hook.argv, input, env: env(stateDir),
  });
  // The bench must not start a background fold per failing run (it would load the machine under the loop).
  const events = (id, label, input, stateDir = dirs.stateEmpty) => ({
    id, label, group: 'events', argv: hook.argv.map((a) => (a === 'PreToolUse' ? JSON.parse(input).hook_event_name : a)), input,
    env: { ...env(stateDir), TASK_ORCHESTRATOR_FOLD: 'off' },
  });
  const postIn = (event, response, error) => JSON.stringify({
    ...bash, cwd: dirs.project, hook_event_name: event, tool_name: 'Bash', tool_input: { command: event === 'PostToolUse' ? 'ls -la' : 'npm test', description: 'bench' },
    ...(response ? { tool_response: response } : {}), ...(error ? { error, is_interrupt: false } : {}), duration_ms: 40,
  });
  const promptIn = (prompt) => JSON.stringify({ session_id: bash.session_id, transcript_path: bash.transcript_path, cwd: dirs.project, hook_event_name: 'UserPromptSubmit', permission_mode: 'default', prompt });
  const peer = (id, label, input) => ({
    id, label, group: 'peer', argv: [PEER_HOOK, 'hook', '--claude-code'], input, env: env(dirs.stateEmpty),
  });
  const list = [
    { id: 'node-liftoff', label: 'node --liftoff-only -e 0 (the flag alone)', group: 'baseline', argv: ['--liftoff-only', '-e', '0'], input: '', env: env(dirs.stateEmpty) },
    { id: 'node-empty-esm', label: 'node empty.mjs (ESM loader start-up)', group: 'baseline', argv: [emptyModule], input: '', env: env(dirs.stateEmpty) },
    ours('simple', 'Bash `ls -la`', bashIn('ls -la')),
    ours('destructive', 'Bash `rm -rf ~`', bashIn('rm -rf ~')),
    ours('commit', 'Bash heredoc inside $(…) (git commit -m)', bashIn(commit)),
    ours('parser', 'Bash for/if loop (needs the bash grammar)', bashIn(structured)),
    ours('read', 'Read src/index.ts', stdinFor(bash, dirs.project, 'Read', { file_path: join(dirs.project, 'src/index.ts') })),
    ours('mcp', `MCP ${mcp.tool_name}`, stdinFor(mcp, dirs.project, mcp.tool_name, mcp.tool_input)),
    ours('simple-big-state', 'Bash `ls -la`, store with 100k trials + 10k audit events', bashIn('ls -la'), dirs.stateBig),
    // The other events: graded results and the immune check (their own hooks.json entries, same bundle).
    events('post-pass', 'PostToolUse: Bash `ls -la` result, graded passed', postIn('PostToolUse', { stdout: 'total 8\ndrwxr-xr-x 2 u u 4096 .\n-rw-r--r-- 1 u u 12 README.md', stderr: '', interrupted: false, isImage: false, noOutputExpected: false })),
    events('post-fail', 'PostToolUseFailure: `npm test`, 2 tests failed', postIn('PostToolUseFailure', null, 'Exit code 1\n FAIL  src/auth.test.ts > login rejects a bad password\n Test Files  1 failed (1)\n      Tests  2 failed | 10 passed (12)')),
    events('prompt-500', 'UserPromptSubmit: prompt checked against 500 remembered patterns', promptIn('run the auth login tests and fix the failing session token case'), dirs.stateImmune),
    peer('peer-simple', 'cc-safety-net hook, Bash `ls -la`', bashIn('ls -la')),
    peer('peer-destructive', 'cc-safety-net hook, Bash `rm -rf ~`', bashIn('rm -rf ~')),
  ];
  return { list, sampleFile: file, hook };
}

function runOnce(v, cwd) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, v.argv, { input: v.input, env: v.env, cwd, encoding: 'utf8', timeout: 15_000 });
  const wallMs = performance.now() - t0;
  return { wallMs, status: r.status, signal: r.signal, stdout: r.stdout ?? '', stderr: r.stderr ?? '', error: r.error };
}

/** What the hook told Claude Code: permissionDecision, "none" for empty stdout, or what went wrong. */
function decisionOf(r) {
  if (r.error) return `error: ${r.error.message}`;
  if (r.status === 2) return 'deny (exit 2)';
  if (r.status !== 0) return `exit ${r.status ?? r.signal}`;
  const out = r.stdout.trim();
  if (out === '') return 'none';
  try {
    const o = JSON.parse(out);
    if (o?.decision === 'block') return 'block';
    if (o?.hookSpecificOutput?.additionalContext && !o.hookSpecificOutput.permissionDecision) return 'context';
    return o?.hookSpecificOutput?.permissionDecision ?? 'none (no permissionDecision)';
  } catch {
    return 'invalid JSON on stdout';
  }
}

function snapshot(dir) {
  return Object.fromEntries(readdirSync(dir).map((name) => {
    const st = statSync(join(dir, name));
    return [name, { bytes: st.size, mtimeMs: st.mtimeMs }];
  }));
}

/**
 * The interleaved loop. Each round visits every variant (order rotated per round), each one preceded by a
 * `node -e 0` run; `warmup` rounds are discarded. Variants whose script is missing are skipped and reported.
 */
export function runInterleaved(dirs, { runs, warmup }) {
  const { list, sampleFile, hook } = variants(dirs);
  const skipped = [];
  const active = list.filter((v) => {
    const script = v.argv.find((a) => /\.[cm]?js$/.test(a));
    if (script && !existsSync(script)) {
      skipped.push({ id: v.id, label: v.label, reason: `${script} not found (run npm run build)` });
      return false;
    }
    return true;
  });
  const baseline = { id: 'node', label: 'node -e 0', argv: ['-e', '0'], input: '', env: active[0]?.env ?? {} };
  const bigStateBefore = snapshot(dirs.stateBig);
  const first = new Map();
  const samples = new Map(active.map((v) => [v.id, []]));
  const baseSamples = [];
  for (let round = 0; round < warmup + runs; round++) {
    for (let k = 0; k < active.length; k++) {
      const v = active[(k + round) % active.length];
      if (!v) continue;
      const b = runOnce(baseline, dirs.project);
      const r = runOnce(v, dirs.project);
      if (!first.has(v.id)) first.set(v.id, r);
      if (round >= warmup) {
        baseSamples.push(b.wallMs);
        samples.get(v.id)?.push(r.wallMs);
      }
    }
  }
  const base = summarise(baseSamples);
  const results = active.map((v) => {
    const r = first.get(v.id);
    const s = summarise(samples.get(v.id) ?? []);
    return {
      id: v.id, label: v.label, group: v.group, ...s,
      ratio: s.p50 / base.p50,
      decision: r && v.group !== 'baseline' ? decisionOf(r) : '-',
      stderr: r?.stderr.trim().slice(0, 300) ?? '',
    };
  });
  const ours = (id) => results.find((x) => x.id === id);
  const big = ours('simple-big-state');
  const small = ours('simple');
  return {
    baseline: base,
    results,
    skipped,
    sampleFile,
    hook,
    stateGrowth: big && small ? { emptyP50: small.p50, bigP50: big.p50, ratio: big.p50 / small.p50 } : null,
    bigStateDir: { before: bigStateBefore, after: snapshot(dirs.stateBig) },
    emptyStateDirAfter: snapshot(dirs.stateEmpty),
  };
}
