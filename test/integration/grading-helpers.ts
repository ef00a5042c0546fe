// Shared by the grading, immune-memory and alerting integration tests: the built hook answering
// PostToolUse(Failure), UserPromptSubmit and SessionStart as a real process, fed Claude Code's real stdin
// shapes; the built CLI run without blocking this process (so an HTTP receiver or an LLM mock living in
// the test can answer it); and bounded waits for the background fold a failing tool call starts.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { FailurePattern } from '../../server/engine/immune/types.js';
import { readImmuneSnapshot } from '../../server/engine/store/immune-snapshot.js';
import { waitFor } from '../helpers/wait-for.js';
import { CLI, HOOK, ROOT, Sandbox } from './inbox-helpers.js';

export { CLI, ensureBuilt, HOOK, ROOT, sleep } from './inbox-helpers.js';

type Json = Record<string, unknown>;

/** Real hook stdin objects captured from Claude Code (test/fixtures/claude-code/). */
export const SAMPLES = {
  v197: JSON.parse(readFileSync(join(ROOT, 'test/fixtures/claude-code/hook-stdin-2.1.197.json'), 'utf8')) as Record<string, Json>,
  v330: JSON.parse(readFileSync(join(ROOT, 'test/fixtures/claude-code/hook-stdin-2.1.330.json'), 'utf8')) as Record<string, Json>,
};

export interface Run {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** What the hook answered: its exit, its stderr, and its stdout parsed (null when it printed nothing). */
export interface HookRun extends Run {
  output: Json | null;
}

/** Runs node with `args`, feeding `input`; killed (and reported by signal) after `timeoutMs`. */
export function runNode(args: string[], opts: { env: NodeJS.ProcessEnv; cwd: string; input?: string | Buffer; timeoutMs?: number }): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env: opts.env, cwd: opts.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
    child.stdin.on('error', () => {}); // a hook that stops reading early (oversized input) closes the pipe
    child.stdin.end(opts.input ?? '');
  });
}

/** A scratch installation (see Sandbox) with helpers for the grading and immune events. */
export class GradingSandbox extends Sandbox {
  readonly session = 'grading-session-1';

  /** Runs the built hook for `event` with `stdin` (an object is sent as JSON, as Claude Code does). */
  async event(event: string, stdin: Json | string | Buffer, extraEnv: NodeJS.ProcessEnv = {}): Promise<HookRun> {
    const input = typeof stdin === 'string' || Buffer.isBuffer(stdin) ? stdin : JSON.stringify(stdin);
    const r = await runNode([HOOK, event], { env: this.env(extraEnv), cwd: this.project, input, timeoutMs: 30_000 });
    const text = r.stdout.trim();
    // The protocol: nothing, or exactly one JSON object.
    return { ...r, output: text ? (JSON.parse(text) as Json) : null };
  }

  /** Claude Code 2.1.197's real PostToolUseFailure:Bash stdin, for `command` failing with `error`. */
  failureInput(command: string, error: string, over: Json = {}): Json {
    const sample = SAMPLES.v197['PostToolUseFailure:Bash'] as Json;
    return { ...sample, session_id: this.session, cwd: this.project, tool_input: { command, description: 'run by the test' }, error, ...over };
  }

  failure(command: string, error: string, over: Json = {}): Promise<HookRun> {
    return this.event('PostToolUseFailure', this.failureInput(command, error, over));
  }

  /** Claude Code 2.1.330's real PostToolUse:Bash stdin, for `command` exiting 0 with `stdout`. */
  success(command: string, stdout: string, over: Json = {}): Promise<HookRun> {
    const sample = SAMPLES.v330['PostToolUse:Bash'] as Json;
    const response = { ...(sample.tool_response as Json), stdout };
    return this.event('PostToolUse', { ...sample, session_id: this.session, cwd: this.project, tool_input: { command, description: 'run by the test' }, tool_response: response, ...over });
  }

  /** A PostToolUse of the Write tool that wrote `content` to `filePath`. */
  write(filePath: string, content: string): Promise<HookRun> {
    const sample = SAMPLES.v330['PostToolUse:Bash'] as Json;
    return this.event('PostToolUse', {
      ...sample, session_id: this.session, cwd: this.project, tool_name: 'Write', tool_input: { file_path: filePath, content },
      tool_response: { type: 'create', filePath, content, structuredPatch: [] },
    });
  }

  /** Claude Code's real UserPromptSubmit stdin with `prompt`. */
  prompt(prompt: string, over: Json = {}): Promise<HookRun> {
    return this.event('UserPromptSubmit', { ...(SAMPLES.v330.UserPromptSubmit as Json), session_id: this.session, cwd: this.project, prompt, ...over });
  }

  /** Claude Code's real SessionStart stdin. */
  sessionStart(over: Json = {}): Promise<HookRun> {
    return this.event('SessionStart', { ...(SAMPLES.v330.SessionStart as Json), session_id: 'grading-session-start', cwd: this.project, ...over });
  }

  /** The built CLI, without blocking this process. */
  run(args: string[], extraEnv: NodeJS.ProcessEnv = {}, input = ''): Promise<Run> {
    return runNode([CLI, ...args], { env: this.env(extraEnv), cwd: this.project, input, timeoutMs: 60_000 });
  }

  /** A CLI command that must succeed, its stdout parsed as JSON. */
  async json<T = unknown>(args: string[]): Promise<T> {
    const r = await this.run(args);
    expect(r.status, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as T;
  }

  /** `store fold`, which must succeed. */
  async fold(): Promise<Run> {
    const r = await this.run(['store', 'fold']);
    expect(r.status, r.stderr).toBe(0);
    return r;
  }

  patterns(): Promise<FailurePattern[]> {
    return this.json<FailurePattern[]>(['immune', 'patterns', '--json']);
  }

  status(): Promise<{ totals: Record<string, number>; topPatterns: Array<Json & { count: number }> }> {
    return this.json(['immune', 'status', '--json']);
  }

  /** What the hooks read: immune.json's patterns. */
  snapshot(): FailurePattern[] {
    return readImmuneSnapshot(this.paths);
  }

  /** Polls `probe` until it returns something truthy (returned), for at most `timeoutMs`. */
  waitFor<T>(what: string, probe: () => T | Promise<T>, timeoutMs = 30_000): Promise<NonNullable<T>> {
    return waitFor(what, probe, timeoutMs);
  }

  /** Waits (bounded) until no `store fold` started by this sandbox's hooks is still running. */
  async quiesce(timeoutMs = 30_000): Promise<void> {
    await this.waitFor('the background folds to end', () => backgroundFolds(this.state).length === 0, timeoutMs);
  }

  /** Waits for the background folds, then removes the scratch directory. */
  async close(): Promise<void> {
    try {
      await this.quiesce();
    } finally {
      this.dispose();
    }
  }
}

/**
 * Pids of the `cli.mjs store fold` processes whose TASK_ORCHESTRATOR_HOME is `stateDir` (Linux /proc;
 * elsewhere none are seen, and the tests rely on their own bounded waits).
 */
export function backgroundFolds(stateDir: string): number[] {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p));
  } catch {
    return [];
  }
  const home = `TASK_ORCHESTRATOR_HOME=${stateDir}`;
  const out: number[] = [];
  for (const pid of pids) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      if (!cmdline.includes('fold') || !cmdline.some((a) => a.endsWith('cli.mjs'))) continue;
      if (readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(home)) out.push(Number(pid));
    } catch {
      // gone, or not ours to read
    }
  }
  return out;
}

/** A vitest run's summary, as `npm test` prints it when one test fails (what Claude Code puts in `error`). */
export function vitestFailure(): string {
  return [
    'Exit code 1',
    '',
    '> shop@1.0.0 test',
    '> vitest run',
    '',
    ' ❯ test/auth.test.ts (3 tests | 1 failed) 12ms',
    '   × login > rejects a bad password 4ms',
    '',
    ' FAIL  test/auth.test.ts > login > rejects a bad password',
    'AssertionError: expected 200 to be 401 // Object.is equality',
    '',
    ' Test Files  1 failed | 3 passed (4)',
    '      Tests  1 failed | 11 passed (12)',
    '   Start at  12:00:00',
    '   Duration  1.20s',
  ].join('\n');
}

/** A pytest run with one failure, as Claude Code reports a failing `pytest`. */
export function pytestFailure(): string {
  return [
    'Exit code 1',
    '============================= test session starts ==============================',
    'collected 3 items',
    '',
    'tests/test_auth.py .F.                                                   [100%]',
    '',
    '=================================== FAILURES ===================================',
    '______________________________ test_login_rejects ______________________________',
    '    def test_login_rejects():',
    '>       assert login("ana", "wrong") == 401',
    'E       assert 200 == 401',
    '=========================== short test summary info ============================',
    'FAILED tests/test_auth.py::test_login_rejects - assert 200 == 401',
    '========================= 1 failed, 2 passed in 0.12s ==========================',
  ].join('\n');
}

/** The additionalContext of a hook answer ('' when there is none). */
export function contextOf(r: HookRun): string {
  const h = r.output?.hookSpecificOutput as { additionalContext?: unknown } | undefined;
  return typeof h?.additionalContext === 'string' ? h.additionalContext : '';
}
