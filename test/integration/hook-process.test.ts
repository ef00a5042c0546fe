// The built PreToolUse hook (plugin/dist/hook.cjs) as Claude Code runs it: a new process, stdin in,
// one JSON object (or nothing) out, exit 0. Fail-safe rules: docs/hook.md.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { PreToolUseInputSchema } from '../../hooks/input-schema.js';
import { handleHook, type HookDeps } from '../../hooks/main.js';
import { formatReason, quickPreToolUse, REASON_LIMIT } from '../../hooks/protocol.js';
import { defaultPolicy } from '../../server/engine/policy/policy-file.js';
import type { Classification, ClassifyContext } from '../../server/engine/policy/types.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const HOOK = join(ROOT, 'plugin/dist/hook.cjs');
const FIXTURES = join(ROOT, 'test/fixtures/claude-code');
const VERSIONS = ['2.1.197', '2.1.330'] as const;

type Sample = Record<string, unknown> & { tool_input?: Record<string, unknown> };
const samples = (version: string): Record<string, Sample> =>
  JSON.parse(readFileSync(join(FIXTURES, `hook-stdin-${version}.json`), 'utf8')) as Record<string, Sample>;

let scratch: string;
let env: NodeJS.ProcessEnv;

beforeAll(() => {
  if (!existsSync(HOOK)) spawnSync(process.execPath, [join(ROOT, 'scripts/build.mjs')], { stdio: 'inherit' });
  scratch = mkdtempSync(join(tmpdir(), 'to-hook-test-'));
  for (const d of ['home', 'state', 'project']) mkdirSync(join(scratch, d));
  // A scratch HOME and state dir, so the tester's own policy files cannot change the outcome.
  env = { PATH: process.env.PATH, HOME: join(scratch, 'home'), TASK_ORCHESTRATOR_HOME: join(scratch, 'state') };
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function runHook(stdin: string | Buffer, extraEnv: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [HOOK], {
    input: stdin,
    encoding: 'utf8',
    env: { ...env, ...extraEnv },
    cwd: join(scratch, 'project'),
    maxBuffer: 64 * 1024 * 1024,
    timeout: 20_000,
  });
}

/** The one JSON object on stdout, or null when the hook printed nothing. */
function answer(r: SpawnSyncReturns<string>): { hookSpecificOutput: Record<string, string> } | null {
  const out = r.stdout.trim();
  if (out === '') return null;
  expect(out.split('\n')).toHaveLength(1);
  return JSON.parse(out) as { hookSpecificOutput: Record<string, string> };
}

function expectDenied(r: SpawnSyncReturns<string>, reasonContains?: string): void {
  expect(r.status).toBe(0);
  const a = answer(r);
  expect(a?.hookSpecificOutput.hookEventName).toBe('PreToolUse');
  expect(a?.hookSpecificOutput.permissionDecision).toBe('deny');
  if (reasonContains) expect(a?.hookSpecificOutput.permissionDecisionReason).toContain(reasonContains);
}

function bashCall(version: string, command: string): string {
  const base = samples(version)['PreToolUse:Bash'] as Sample;
  return JSON.stringify({ ...base, cwd: join(scratch, 'project'), tool_input: { ...base.tool_input, command } });
}

describe.each(VERSIONS)('real stdin from Claude Code %s', (version) => {
  // Each version's samples get their own state: 2.1.197's PostToolUseFailure records a failure whose detached
  // fold, if it lands in time, rightly puts a briefing into 2.1.330's SessionStart (CI caught that race).
  let shared: NodeJS.ProcessEnv;
  beforeAll(() => {
    shared = env;
    const state = join(scratch, `state-${version}`);
    mkdirSync(state);
    env = { ...env, TASK_ORCHESTRATOR_HOME: state };
  });
  afterAll(() => {
    env = shared;
  });

  test('rm -rf / is denied with a rule id, exit 0', () => {
    const r = runHook(bashCall(version, 'rm -rf /'));
    expectDenied(r);
    expect(answer(r)?.hookSpecificOutput.permissionDecisionReason).toMatch(/^\[[^\]]+\] /);
  });

  test('ls is not denied', () => {
    const r = runHook(bashCall(version, 'ls'));
    expect(r.status).toBe(0);
    expect(answer(r)?.hookSpecificOutput.permissionDecision ?? 'none').not.toBe('deny');
  });

  test('the MCP tool call sample parses (no input error)', () => {
    const r = runHook(JSON.stringify(samples(version)['PreToolUse:mcp']));
    expect(r.status).toBe(0);
    expect(r.stderr).not.toMatch(/invalid|not valid JSON/);
    const a = answer(r);
    if (a) expect(a.hookSpecificOutput.hookEventName).toBe('PreToolUse');
  });

  test('other events get no output and exit 0', () => {
    for (const [key, sample] of Object.entries(samples(version))) {
      if (key.startsWith('PreToolUse')) continue;
      const r = runHook(JSON.stringify(sample));
      expect(r.status, key).toBe(0);
      expect(r.stdout, key).toBe('');
    }
  });
});

describe('input the hook cannot classify', () => {
  test('malformed JSON with rm -rf / inside is denied, with one stderr line', () => {
    const r = runHook('{"hook_event_name":"PreToolUse","tool_name":"Bash","tool_input":{"command":"rm -rf /"');
    expectDenied(r, '[input.invalid]');
    expect(r.stderr).toMatch(/^task-orchestrator: stdin is not valid JSON/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  test('empty stdin: nothing printed, exit 0, a note on stderr', () => {
    const r = runHook('');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^task-orchestrator: empty stdin/);
  });

  test('binary garbage is denied, and the reason holds no control characters', () => {
    const garbage = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256));
    const r = runHook(garbage);
    expectDenied(r, '[input.invalid]');
    expect(answer(r)?.hookSpecificOutput.permissionDecisionReason).not.toMatch(/[\u0000-\u001f\ufffd]/);
  });

  test('a PreToolUse whose tool_input is not an object is denied, naming the field', () => {
    const r = runHook(JSON.stringify({ hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: 'rm -rf /', cwd: '/' }));
    expectDenied(r, 'tool_input');
  });

  test('JSON without hook_event_name is denied (it could be a tool call)', () => {
    expectDenied(runHook(JSON.stringify({ tool_name: 'Bash', tool_input: { command: 'rm -rf /' } })), '[input.invalid]');
  });

  test('an unknown event: nothing printed, exit 0', () => {
    const r = runHook(JSON.stringify({ hook_event_name: 'SomeFutureEvent', session_id: 'x', cwd: '/' }));
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('SomeFutureEvent');
  });

  test('10 MB of stdin completes well within the hook timeout, with a decision', () => {
    const command = `echo ${'x'.repeat(10 * 1024 * 1024)}; rm -rf /`;
    const started = Date.now();
    const r = runHook(bashCall('2.1.330', command));
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(r.status).toBe(0);
    expect(['deny', 'ask']).toContain(answer(r)?.hookSpecificOutput.permissionDecision);
  });

  test('stdin past the 16 MiB cap is denied without being read further', () => {
    const r = runHook(bashCall('2.1.330', `echo ${'y'.repeat(17 * 1024 * 1024)}`));
    expectDenied(r, '[input.too-large]');
  });
});

describe('policy files', () => {
  test('a broken policy file is reported on stderr and the decision still comes', () => {
    const state = join(scratch, 'state-bad');
    mkdirSync(state, { recursive: true });
    writeFileSync(join(state, 'policy.json'), '{"rules": 42}');
    const r = runHook(bashCall('2.1.330', 'rm -rf /'), { TASK_ORCHESTRATOR_HOME: state });
    expectDenied(r);
    expect(r.stderr).toMatch(/task-orchestrator: policy file .*policy\.json: /);
  });
});

describe('the hot path stays small', () => {
  test('hook.cjs and the files it requires contain no zod, no sql.js and no proper-lockfile', () => {
    // Markers of each library that survive minification: zod's internals, sql.js's wasm file name,
    // proper-lockfile's ELOCKED message; and any require of the packages themselves.
    const forbidden = ['_zod', 'sql-wasm.wasm', 'Lock file is already being held', '"sql.js"', "'sql.js'", 'proper-lockfile'];
    const seen = new Set<string>();
    const visit = (file: string): void => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = readFileSync(file, 'utf8');
      for (const marker of forbidden) expect(text, `${file} contains ${marker}`).not.toContain(marker);
      for (const m of text.matchAll(/(?:(?:^|[;\s}])import\s*(?:[^'"();]*?\bfrom\s*)?|\brequire\()["'](\.[^"']+)["']/g)) {
        if ((m[1] as string).startsWith('./lazy/')) continue; // loaded on demand only (grammar, schemas)
        visit(resolve(dirname(file), m[1] as string));
      }
    };
    visit(HOOK);
    visit(join(dirname(HOOK), 'hook-main.cjs')); // what the loader compiles through the code cache
    expect(seen.size).toBeGreaterThan(1);
  });
});

describe('handleHook (in process)', () => {
  const ctx: ClassifyContext = {
    cwd: '/p', home: '/h', projectDir: '/p', stateDir: '/h/.task-orchestrator', tmpDirs: ['/tmp'], policy: defaultPolicy(),
  };
  const stdin = (obj: unknown) => ({ data: Buffer.from(JSON.stringify(obj)), oversized: false });
  const call = { hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: 'ls' }, cwd: '/p' };
  const deps = (classify: HookDeps['classify']): HookDeps => ({ classify, context: async () => ctx });
  const result = (r: Partial<Classification>): Classification => ({
    decision: 'none', category: null, rule: null, reason: '', findings: [], trail: [], ...r,
  });

  test('a classifier that throws ends in a deny: internal error, refusing to be safe', async () => {
    const r = await handleHook('PreToolUse', stdin(call), deps(async () => { throw new Error('boom'); }));
    expect(JSON.parse(r.stdout).hookSpecificOutput).toMatchObject({
      permissionDecision: 'deny',
      permissionDecisionReason: '[internal.error] internal error, refusing to be safe.',
    });
    expect(r.notes.join()).toContain('boom');
  });

  test('a context that throws (unreadable policy) ends in a deny', async () => {
    const r = await handleHook('PreToolUse', stdin(call), { classify: async () => result({}), context: async () => { throw new Error('EACCES'); } });
    expect(JSON.parse(r.stdout).hookSpecificOutput.permissionDecision).toBe('deny');
  });

  test('ask and allow are passed through with "[rule] reason"', async () => {
    for (const decision of ['ask', 'allow'] as const) {
      const r = await handleHook('PreToolUse', stdin(call), deps(async () => result({ decision, rule: 'x.y', reason: 'because' })));
      expect(JSON.parse(r.stdout).hookSpecificOutput).toEqual({
        hookEventName: 'PreToolUse', permissionDecision: decision, permissionDecisionReason: '[x.y] because',
      });
    }
  });

  test('none prints nothing', async () => {
    const r = await handleHook('PreToolUse', stdin(call), deps(async () => result({})));
    expect(r.stdout).toBe('');
  });

  test('reasons are capped at 10,000 characters', () => {
    expect(formatReason('r', 'x'.repeat(20_000))).toHaveLength(REASON_LIMIT);
  });

  test('the quick check accepts only what the schema accepts', () => {
    const candidates: unknown[] = [call, null, [], 'x', { ...call, tool_input: [] }, { ...call, tool_name: '' },
      { ...call, cwd: 3 }, { ...call, hook_event_name: 'PostToolUse' }, { ...call, tool_use_id: null }, { ...call, extra: { a: 1 } }];
    for (const v of VERSIONS) candidates.push(...Object.values(samples(v)));
    for (const c of candidates) {
      if (quickPreToolUse(c)) expect(PreToolUseInputSchema.safeParse(c).success, JSON.stringify(c)).toBe(true);
    }
    expect(candidates.filter((c) => quickPreToolUse(c)).length).toBeGreaterThanOrEqual(5);
  });
});

describe('the process-level safety net (hook.cjs rebuilt around a misbehaving engine)', () => {
  const engines: Record<string, string> = {
    'never answers': 'export async function classify() { return new Promise(() => {}); }',
    'calls process.exit(1)': 'export async function classify() { process.exit(1); }',
    'throws from a timer': 'export async function classify() { setTimeout(() => { throw new Error("late"); }); return new Promise(() => {}); }',
    'leaves a rejection unhandled': 'export async function classify() { Promise.reject(new Error("lost")); return new Promise(() => {}); }',
  };
  let dir: string;

  beforeAll(async () => {
    const { build } = await import('esbuild');
    dir = join(scratch, 'variants');
    for (const [name, source] of Object.entries(engines)) {
      const engineFile = join(scratch, `${name.replace(/\W+/g, '-')}.mjs`);
      writeFileSync(engineFile, source);
      await build({
        absWorkingDir: ROOT, entryPoints: [join(ROOT, 'hooks/bin.ts')], outfile: join(dir, `${name.replace(/\W+/g, '-')}.mjs`),
        bundle: true, format: 'esm', platform: 'node', target: 'node20', logLevel: 'error',
        plugins: [{ name: 'engine', setup(b) { b.onResolve({ filter: /engine\/policy\/index\.js$/ }, () => ({ path: engineFile })); } }],
      });
    }
  });

  test.each(Object.keys(engines))('an engine that %s still gets a deny and exit 0', (name) => {
    const r = spawnSync(process.execPath, [join(dir, `${name.replace(/\W+/g, '-')}.mjs`)], {
      input: bashCall('2.1.330', 'ls'), encoding: 'utf8', env, timeout: 15_000,
    });
    expectDenied(r, '[internal.error]');
    expect(r.stderr).toMatch(/^task-orchestrator: /);
  });
});

describe('the V8 code cache (hook.cjs loading hook-main.cjs)', () => {
  const cacheDir = (state: string) => join(state, 'cache');
  const freshState = (name: string) => {
    const state = join(scratch, `cache-${name}`);
    rmSync(state, { recursive: true, force: true });
    return state;
  };

  test('the first call writes the cache and later calls decide the same through it', () => {
    const state = freshState('first');
    expectDenied(runHook(bashCall('2.1.330', 'rm -rf ~'), { TASK_ORCHESTRATOR_HOME: state }), '[fs.rm.critical]');
    const files = readdirSync(cacheDir(state));
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^hook-main-v\d+\.\d+\.\d+-\w+\.v8cache$/);
    const size = statSync(join(cacheDir(state), files[0]!)).size;
    expectDenied(runHook(bashCall('2.1.330', 'rm -rf ~'), { TASK_ORCHESTRATOR_HOME: state }), '[fs.rm.critical]');
    expect(statSync(join(cacheDir(state), files[0]!)).size).toBe(size);
  });

  test('a corrupt cache file is ignored, the decision is unchanged, and the cache is rewritten', () => {
    const state = freshState('corrupt');
    runHook(bashCall('2.1.330', 'ls'), { TASK_ORCHESTRATOR_HOME: state });
    const file = join(cacheDir(state), readdirSync(cacheDir(state))[0]!);
    writeFileSync(file, Buffer.from('not a V8 code cache at all'));
    expectDenied(runHook(bashCall('2.1.330', 'rm -rf /'), { TASK_ORCHESTRATOR_HOME: state }), '[fs.rm.critical]');
    expect(statSync(file).size).toBeGreaterThan(1000);
  });

  test('a call that loads the shell grammar (V8 flags changed) does not write a cache', () => {
    const state = freshState('parser');
    expectDenied(runHook(bashCall('2.1.330', 'if true; then (rm -rf /); fi'), { TASK_ORCHESTRATOR_HOME: state }));
    expect(existsSync(cacheDir(state)) ? readdirSync(cacheDir(state)) : []).toEqual([]);
  });

  test('the other events load lazy/events.cjs through a cache of its own; a corrupt one is rewritten', () => {
    const state = freshState('events');
    const post = JSON.stringify({
      session_id: 's', cwd: scratch, hook_event_name: 'PostToolUse', tool_name: 'Bash', tool_input: { command: 'ls' },
      tool_response: { stdout: 'a\nb', stderr: '', interrupted: false },
    });
    const first = runHook(post, { TASK_ORCHESTRATOR_HOME: state });
    expect(first.status).toBe(0);
    expect(first.stdout).toBe('');
    const lazy = () => readdirSync(cacheDir(state)).filter((f) => f.startsWith('lazy_events_cjs-'));
    expect(lazy()).toHaveLength(1);
    const file = join(cacheDir(state), lazy()[0]!);
    writeFileSync(file, Buffer.from('garbage'));
    const failing = JSON.stringify({
      session_id: 's', cwd: scratch, hook_event_name: 'PostToolUseFailure', tool_name: 'Bash', tool_input: { command: 'npm test' },
      error: 'Exit code 1\n      Tests  2 failed | 10 passed (12)',
    });
    const again = runHook(failing, { TASK_ORCHESTRATOR_HOME: state, TASK_ORCHESTRATOR_FOLD: 'off' });
    expect(again.status).toBe(0);
    expect(JSON.parse(again.stdout).hookSpecificOutput.additionalContext).toMatch(/test_failure/);
    expect(statSync(file).size).toBeGreaterThan(1000);
  });

  test('TASK_ORCHESTRATOR_NO_CODE_CACHE=1 turns it off', () => {
    const state = freshState('off');
    expectDenied(runHook(bashCall('2.1.330', 'rm -rf ~'), { TASK_ORCHESTRATOR_HOME: state, TASK_ORCHESTRATOR_NO_CODE_CACHE: '1' }));
    expect(existsSync(cacheDir(state))).toBe(false);
  });
});
