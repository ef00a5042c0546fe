// runCommand as a real process tree: exit codes, timeouts and aborts that end the whole process group
// (grandchildren included, even ones that ignore SIGTERM), bounded and redacted output, parsed errors.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { ExecError, KILL_GRACE_MS, runCommand } from '../../server/engine/exec/index.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'to-exec-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A process that still runs (a zombie waiting for a reaper does not). */
function alive(pid: number): boolean {
  if (existsSync('/proc/self/stat')) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      return !/^[ZX]/.test(stat.slice(stat.lastIndexOf(')') + 2));
    } catch {
      return false;
    }
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The pid a command wrote to `gc.pid`, waiting (bounded) for the file. */
function grandchildPid(): number {
  const file = join(dir, 'gc.pid');
  const text = existsSync(file) ? readFileSync(file, 'utf8').trim() : '';
  expect(text, 'the command wrote its grandchild pid').toMatch(/^\d+$/);
  return Number(text);
}

const has = (cmd: string) => spawnSync('bash', ['-c', `command -v ${cmd}`]).status === 0;

describe('exit status and output', () => {
  test('the exit code, stdout and stderr of a command', async () => {
    const r = await runCommand({ command: 'echo out; echo err >&2; exit 3', cwd: dir });
    expect(r).toMatchObject({ exitCode: 3, signal: null, timedOut: false, aborted: false });
    expect(r.stdout).toEqual({ text: 'out\n', bytes: 4, truncated: false });
    expect(r.stderr).toEqual({ text: 'err\n', bytes: 4, truncated: false });
    expect((await runCommand({ command: 'true', cwd: dir })).exitCode).toBe(0);
  });

  test('runs in cwd with the extra environment; stdin is closed, so a reader does not hang', async () => {
    const r = await runCommand({ command: 'pwd; echo "$GREETING"; cat', cwd: dir, env: { GREETING: 'hello' }, timeoutMs: 10_000 });
    expect(r.stdout.text).toBe(`${dir}\nhello\n`);
    expect(r.timedOut).toBe(false);
  });

  test('a command killed by a signal reports the signal', async () => {
    const r = await runCommand({ command: 'kill -KILL $$', cwd: dir });
    expect(r).toMatchObject({ exitCode: null, signal: 'SIGKILL' });
  });

  test('output beyond the bound keeps the head and the tail', async () => {
    const r = await runCommand({ command: 'echo START; head -c 3000000 /dev/zero | tr "\\0" a; echo; echo END', cwd: dir, maxOutputBytes: 1000 });
    expect(r.stdout.truncated).toBe(true);
    expect(r.stdout.bytes).toBe(3000000 + 'START\n'.length + 1 + 'END\n'.length);
    expect(r.stdout.text.startsWith('START\n')).toBe(true);
    expect(r.stdout.text.endsWith('END\n')).toBe(true);
    expect(r.stdout.text).toMatch(/…\[\d+ bytes omitted\]…/);
    expect(r.stdout.text.length).toBeLessThan(1100);
  });

  test('a secret the command prints is redacted', async () => {
    const token = 'ghp_abcdefghijklmnopqrstuvwxyz0123456789';
    const r = await runCommand({ command: `echo "GITHUB_TOKEN=${token}"; echo "Authorization: Bearer ${token}" >&2`, cwd: dir });
    expect(r.stdout.text).not.toContain(token);
    expect(r.stderr.text).not.toContain(token);
    expect(r.stdout.text).toContain('«redacted:');
  });
});

describe('timeouts and aborts end the whole process group', () => {
  test('a timeout kills the command and its grandchild', async () => {
    const r = await runCommand({ command: `sh -c 'sleep 30 & echo $! > gc.pid; wait'; echo never`, cwd: dir, timeoutMs: 500 });
    expect(r.timedOut).toBe(true);
    expect(r.stdout.text).not.toContain('never');
    expect(r.durationMs).toBeLessThan(KILL_GRACE_MS + 3_000);
    expect(alive(grandchildPid())).toBe(false);
  });

  test('a grandchild that ignores SIGTERM is killed after the grace period', async () => {
    const r = await runCommand({ command: `trap "" TERM; sleep 30 & echo $! > gc.pid; wait`, cwd: dir, timeoutMs: 300 });
    expect(r.timedOut).toBe(true);
    expect(r.durationMs).toBeGreaterThanOrEqual(KILL_GRACE_MS);
    expect(r.durationMs).toBeLessThan(KILL_GRACE_MS + 4_000);
    expect(alive(grandchildPid())).toBe(false);
  });

  test('a background process left behind by a finished command is ended', async () => {
    const r = await runCommand({ command: 'sleep 30 > /dev/null 2>&1 & echo $! > gc.pid; echo started', cwd: dir });
    expect(r).toMatchObject({ exitCode: 0, timedOut: false });
    expect(r.stdout.text).toBe('started\n');
    expect(alive(grandchildPid())).toBe(false);
  });

  test('a background process holding the output pipe does not keep the run waiting', async () => {
    const r = await runCommand({ command: 'sleep 30 & echo $! > gc.pid; echo started', cwd: dir });
    expect(r.exitCode).toBe(0);
    expect(r.durationMs).toBeLessThan(KILL_GRACE_MS + 2_000);
    expect(alive(grandchildPid())).toBe(false);
  });

  test('the caller’s abort signal ends the run', async () => {
    const ac = new AbortController();
    const timer = setTimeout(() => ac.abort(), 300);
    const r = await runCommand({ command: `sleep 30 & echo $! > gc.pid; wait`, cwd: dir, signal: ac.signal });
    clearTimeout(timer);
    expect(r).toMatchObject({ aborted: true, timedOut: false });
    expect(alive(grandchildPid())).toBe(false);
    const pre = new AbortController();
    pre.abort();
    expect(await runCommand({ command: 'touch ran', cwd: dir, signal: pre.signal })).toMatchObject({ aborted: true, exitCode: null });
    expect(existsSync(join(dir, 'ran'))).toBe(false);
  });
});

describe('errors in the output', () => {
  test.skipIf(!has('python3'))('a Python traceback becomes a parsed error with a fix', async () => {
    const r = await runCommand({ command: 'python3 -c "import notamodule_xyz"', cwd: dir });
    expect(r.exitCode).toBe(1);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ language: 'python', type: 'ModuleNotFoundError', frames: [{ file: '<string>', line: 1, function: '<module>' }] });
    expect(r.errors[0]?.suggestion).toMatch(/pip install notamodule_xyz/);
  });

  test('a Node error and a missing command in one run', async () => {
    const r = await runCommand({ command: 'node -e "undefined.x"; not_a_real_cmd_xyz', cwd: dir });
    expect(r.exitCode).toBe(127);
    expect(r.errors.map((e) => `${e.language}:${e.type}`)).toEqual(['node:TypeError', 'shell:command not found']);
  });

  test('a redacted secret stays redacted in the parsed error', async () => {
    const r = await runCommand({ command: 'node -e "throw new Error(\'bad key sk-ant-abcdefghijklmnopqrstuvwx\')"', cwd: dir });
    expect(r.errors[0]?.message).toBe('bad key «redacted:anthropic-key»');
  });
});

describe('bad options get clear errors', () => {
  const cases: Array<[string, Parameters<typeof runCommand>[0] | (() => Parameters<typeof runCommand>[0]), RegExp]> = [
    ['empty command', () => ({ command: '  ', cwd: dir }), /^command: must be a non-empty string$/],
    ['missing cwd', () => ({ command: 'ls', cwd: join(dir, 'nope') }), /^cwd: not an existing directory: .*nope$/],
    ['zero timeout', () => ({ command: 'ls', cwd: dir, timeoutMs: 0 }), /^timeoutMs: must be an integer from 1 to 600000 ms, got 0$/],
    ['timeout over 10 minutes', () => ({ command: 'ls', cwd: dir, timeoutMs: 600_001 }), /^timeoutMs: must be an integer from 1 to 600000 ms, got 600001$/],
    ['fractional output bound', () => ({ command: 'ls', cwd: dir, maxOutputBytes: 1.5 }), /^maxOutputBytes: must be an integer/],
    ['non-string env', () => ({ command: 'ls', cwd: dir, env: { A: 1 as unknown as string } }), /^env\.A: must be a string, got number$/],
  ];
  for (const [name, opts, message] of cases) {
    test(name, async () => {
      const o = typeof opts === 'function' ? opts() : opts;
      await expect(runCommand(o)).rejects.toThrow(ExecError);
      await expect(runCommand(o)).rejects.toThrow(message);
    });
  }
});
