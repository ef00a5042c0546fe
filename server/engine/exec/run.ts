/**
 * run_with_error_capture's runner: `bash -c` in its own process group, bounded and redacted output,
 * the whole group ended on timeout or abort (SIGTERM, then SIGKILL after a grace period) and after
 * the command exits, and the errors in its output parsed. Gating is separate: see gate.ts.
 */
import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { BoundedCapture } from './capture.js';
import { parseErrors } from './parse-errors.js';
import { groupAlive, signalGroup, trackGroup } from './process-group.js';
import { ExecError, type RunOptions, type RunResult } from './types.js';

export const DEFAULT_TIMEOUT_MS = 60_000;
export const MAX_TIMEOUT_MS = 600_000;
export const DEFAULT_MAX_OUTPUT_BYTES = 1024 * 1024;
export const MAX_OUTPUT_BYTES = 16 * 1024 * 1024;
/** Between SIGTERM and SIGKILL. */
export const KILL_GRACE_MS = 2_000;
export const MAX_COMMAND_CHARS = 100_000;

interface Checked {
  command: string;
  cwd: string;
  timeoutMs: number;
  maxOutputBytes: number;
  env: NodeJS.ProcessEnv;
}

function intIn(name: string, value: unknown, fallback: number, max: number, unit: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
    throw new ExecError(`${name}: must be an integer from 1 to ${max} ${unit}, got ${JSON.stringify(value)}`);
  }
  return value;
}

function check(opts: RunOptions): Checked {
  const { command } = opts;
  if (typeof command !== 'string' || !command.trim()) throw new ExecError('command: must be a non-empty string');
  if (command.length > MAX_COMMAND_CHARS) throw new ExecError(`command: ${command.length} characters is more than ${MAX_COMMAND_CHARS}`);
  if (typeof opts.cwd !== 'string' || !opts.cwd) throw new ExecError('cwd: must be a directory path');
  const cwd = resolve(opts.cwd);
  let isDir = false;
  try {
    isDir = statSync(cwd).isDirectory();
  } catch {
    // reported below
  }
  if (!isDir) throw new ExecError(`cwd: not an existing directory: ${cwd}`);
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const [k, v] of Object.entries(opts.env ?? {})) {
    if (typeof v !== 'string') throw new ExecError(`env.${k}: must be a string, got ${typeof v}`);
    env[k] = v;
  }
  return {
    command, cwd, env,
    timeoutMs: intIn('timeoutMs', opts.timeoutMs, DEFAULT_TIMEOUT_MS, MAX_TIMEOUT_MS, 'ms'),
    maxOutputBytes: intIn('maxOutputBytes', opts.maxOutputBytes, DEFAULT_MAX_OUTPUT_BYTES, MAX_OUTPUT_BYTES, 'bytes'),
  };
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Ends what is left of the group: SIGTERM, up to the grace period to exit, then SIGKILL. */
async function endGroup(pgid: number): Promise<void> {
  if (!groupAlive(pgid)) return;
  signalGroup(pgid, 'SIGTERM');
  for (let waited = 0; waited < KILL_GRACE_MS; waited += 50) {
    await sleep(50);
    if (!groupAlive(pgid)) return;
  }
  signalGroup(pgid, 'SIGKILL');
  for (let waited = 0; waited < 1_000 && groupAlive(pgid); waited += 25) await sleep(25);
}

/**
 * Run a command line with bash and capture its output and errors. Throws ExecError for bad options;
 * a failing command is a result (exitCode, errors), never an exception.
 *
 * @example
 * const r = await runCommand({ command: 'python3 app.py', cwd: '/home/dev/app', timeoutMs: 30_000 });
 * r.exitCode // 1; r.errors[0] // { language: 'python', type: 'ModuleNotFoundError', …, suggestion: 'Install it …' }
 */
export async function runCommand(opts: RunOptions): Promise<RunResult> {
  const o = check(opts);
  const started = Date.now();
  const out = new BoundedCapture(o.maxOutputBytes);
  const err = new BoundedCapture(o.maxOutputBytes);
  if (opts.signal?.aborted) return finish(null, null, false, true);

  const child = spawn('bash', ['-c', o.command], { cwd: o.cwd, env: o.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const pgid = child.pid;
  if (pgid === undefined) {
    const reason = await new Promise<string>((r) => child.once('error', (e) => r(e.message)));
    throw new ExecError(`could not start bash: ${reason}`);
  }
  const untrack = trackGroup(pgid);
  child.on('error', () => undefined); // a failed kill or pipe error must not crash the host; 'close' still follows
  child.stdout.on('data', (c: Buffer) => out.push(c));
  child.stderr.on('data', (c: Buffer) => err.push(c));

  let timedOut = false;
  let aborted = false;
  const stop = () => void endGroup(pgid);
  const timer = setTimeout(() => {
    timedOut = true;
    stop();
  }, o.timeoutMs);
  const onAbort = () => {
    aborted = true;
    stop();
  };
  opts.signal?.addEventListener('abort', onAbort, { once: true });

  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((done) => {
    child.once('exit', () => {
      // Background children may still hold the pipes: end them, then stop waiting for the streams.
      void endGroup(pgid).then(() => setTimeout(() => {
        child.stdout.destroy();
        child.stderr.destroy();
      }, 100));
    });
    child.once('close', (c, s) => done([c, s]));
  });
  clearTimeout(timer);
  opts.signal?.removeEventListener('abort', onAbort);
  await endGroup(pgid);
  untrack();
  return finish(code, signal, timedOut, aborted);

  function finish(exitCode: number | null, sig: string | null, t: boolean, a: boolean): RunResult {
    const stdout = out.result();
    const stderr = err.result();
    return {
      exitCode, signal: sig, timedOut: t, aborted: a, durationMs: Date.now() - started, stdout, stderr,
      errors: parseErrors(`${stderr.text}\n${stdout.text}`),
    };
  }
}
