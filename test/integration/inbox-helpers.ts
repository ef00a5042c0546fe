// Shared by the inbox integration tests: the built hook and CLI as real processes in a scratch state dir.
import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { beat, endBeat } from '../../server/engine/store/journal.js';
import { storePaths, type StorePaths } from '../../server/engine/store/paths.js';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const HOOK = join(ROOT, 'plugin/dist/hook.cjs');
export const CLI = join(ROOT, 'plugin/dist/cli.mjs');

/** Builds plugin/dist once when it is missing (CI builds before the tests). */
export function ensureBuilt(): void {
  if (!existsSync(HOOK) || !existsSync(CLI)) spawnSync(process.execPath, [join(ROOT, 'scripts/build.mjs')], { stdio: 'inherit' });
}

export interface HookAnswer {
  decision: string | null;
  reason: string;
  status: number | null;
  stderr: string;
}

/** One scratch installation: HOME, a state dir, a project; every process gets exactly this environment. */
export class Sandbox {
  readonly root = mkdtempSync(join(tmpdir(), 'to-inbox-'));
  readonly home = join(this.root, 'home');
  readonly state = join(this.root, 'state');
  readonly project = join(this.root, 'project');
  readonly paths: StorePaths = storePaths(this.state);
  private beating: NodeJS.Timeout | null = null;

  constructor() {
    for (const d of [this.home, this.state, this.project]) mkdirSync(d, { recursive: true });
  }

  env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
    return { PATH: process.env.PATH, HOME: this.home, TASK_ORCHESTRATOR_HOME: this.state, ...extra };
  }

  /** Writes the user policy (the state dir's policy.json). */
  policy(p: Record<string, unknown>): void {
    writeFileSync(join(this.state, 'policy.json'), JSON.stringify(p));
  }

  stdin(command: string, tool = 'Bash', input?: Record<string, unknown>): string {
    return JSON.stringify({
      session_id: 'test-session', transcript_path: '/dev/null', cwd: this.project, permission_mode: 'default',
      hook_event_name: 'PreToolUse', tool_name: tool, tool_input: input ?? { command }, tool_use_id: 'toolu_test',
    });
  }

  /** Runs the built hook and waits for it (as Claude Code does). */
  hook(command: string, extraEnv: NodeJS.ProcessEnv = {}): Promise<HookAnswer> {
    return new Promise((done, fail) => {
      const child = spawn(process.execPath, [HOOK, 'PreToolUse'], { env: this.env(extraEnv), cwd: this.project });
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      child.on('error', fail);
      child.on('close', (status) => done(parseAnswer(out, status, err)));
      child.stdin.end(this.stdin(command));
    });
  }

  cli(args: string[], extraEnv: NodeJS.ProcessEnv = {}, input = ''): SpawnSyncReturns<string> {
    return spawnSync(process.execPath, [CLI, ...args], { input, encoding: 'utf8', env: this.env(extraEnv), cwd: this.project, timeout: 30_000 });
  }

  /** `inbox list --json` (with --all unless told otherwise). */
  items(all = true): Array<Record<string, unknown>> {
    const r = this.cli(['inbox', 'list', '--json', ...(all ? ['--all'] : [])]);
    expect(r.status, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as Array<Record<string, unknown>>;
  }

  /** Polls until a pending item exists; returns its id. */
  async pendingId(timeoutMs = 10_000): Promise<string> {
    const end = Date.now() + timeoutMs;
    while (Date.now() < end) {
      const pending = this.items(false);
      if (pending[0]) return pending[0].id as string;
      await sleep(100);
    }
    throw new Error('no pending item appeared');
  }

  /** A live decision surface: this test process beats a heartbeat every 500 ms until `stopSurface`. */
  startSurface(): void {
    beat(this.paths, 'test');
    this.beating = setInterval(() => beat(this.paths, 'test'), 500);
  }

  stopSurface(): void {
    if (this.beating) clearInterval(this.beating);
    this.beating = null;
    endBeat(this.paths, 'test');
  }

  dispose(): void {
    this.stopSurface();
    rmSync(this.root, { recursive: true, force: true });
  }
}

export function parseAnswer(stdout: string, status: number | null, stderr: string): HookAnswer {
  const text = stdout.trim();
  if (!text) return { decision: null, reason: '', status, stderr };
  const o = JSON.parse(text) as { hookSpecificOutput: { permissionDecision: string; permissionDecisionReason: string } };
  return { decision: o.hookSpecificOutput.permissionDecision, reason: o.hookSpecificOutput.permissionDecisionReason, status, stderr };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** An ask-category command of the default policy (rule publish.package). */
export const ASK_COMMAND = 'npm publish';
