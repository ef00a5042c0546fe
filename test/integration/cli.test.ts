// The built `task-orchestrator` command (plugin/dist/cli.mjs), spawned as users and the benchmark run it.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = join(ROOT, 'plugin/dist/cli.mjs');

let scratch: string;
let env: NodeJS.ProcessEnv;

beforeAll(() => {
  if (!existsSync(CLI)) spawnSync(process.execPath, [join(ROOT, 'scripts/build.mjs')], { stdio: 'inherit' });
  scratch = mkdtempSync(join(tmpdir(), 'to-cli-test-'));
  mkdirSync(join(scratch, 'home'));
  env = { PATH: process.env.PATH, HOME: join(scratch, 'home'), TASK_ORCHESTRATOR_HOME: join(scratch, 'state') };
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function cli(args: string[], input = ''): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [CLI, ...args], { input, encoding: 'utf8', env, cwd: scratch, timeout: 20_000 });
}

interface BatchLine {
  decision: string;
  category: string | null;
  rule: string | null;
  reason: string;
}
const batchLines = (r: SpawnSyncReturns<string>): BatchLine[] =>
  r.stdout.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as BatchLine);

describe('classify', () => {
  test('rm -rf / (as separate words) is denied, human-readable', () => {
    const r = cli(['classify', 'rm', '-rf', '/']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^decision\s+deny$/m);
    expect(r.stdout).toMatch(/^category\s+BLOCKED$/m);
    expect(r.stdout).toMatch(/^rule\s+\S+$/m);
    expect(r.stdout).toMatch(/^reason\s+\S/m);
  });

  test('--json prints the classification as JSON (ls is not denied)', () => {
    const r = cli(['classify', '--json', 'ls']);
    expect(r.status).toBe(0);
    const c = JSON.parse(r.stdout) as { decision: string; trail: unknown[]; findings: unknown[] };
    expect(['allow', 'none']).toContain(c.decision); // read-only: auto-allowed, or no opinion
    expect(Array.isArray(c.trail) && Array.isArray(c.findings)).toBe(true);
  });

  test('--tool and --input classify a non-Bash tool call', () => {
    const r = cli(['classify', '--json', '--tool', 'Read', '--input', '{"file_path":".env"}']);
    expect(r.status).toBe(0);
    expect(['allow', 'ask', 'deny', 'none']).toContain((JSON.parse(r.stdout) as { decision: string }).decision);
  });

  test('the cli is executable with a node shebang', () => {
    expect(readFileSync(CLI, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(statSync(CLI).mode & 0o111).not.toBe(0);
  });
});

describe('explain', () => {
  test('shows the decision, the trail and the findings', () => {
    const r = cli(['explain', 'rm -rf /']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^rm -rf \/$/m);
    expect(r.stdout).toMatch(/→ deny \(BLOCKED\) \[\S+\]/);
    expect(r.stdout).toContain('trail:');
    expect(r.stdout).toContain('findings:');
  });
});

describe('classify --batch', () => {
  test('one line out per line in, in order; a malformed line is denied and processing continues', () => {
    const input = [
      '{"tool_name":"Bash","tool_input":{"command":"rm -rf /"}}',
      'this is not json',
      '{"tool_name":"Bash","tool_input":{"command":"ls"}}',
      '',
      '{"tool_name":"Read"}',
      '{"tool_name":"mcp__github__delete_repo","tool_input":{"repo":"x"}}',
    ].join('\n');
    const r = cli(['classify', '--batch'], `${input}\n`);
    expect(r.status).toBe(0);
    const out = batchLines(r);
    expect(out).toHaveLength(6);
    for (const line of out) expect(Object.keys(line)).toEqual(['decision', 'category', 'rule', 'reason']);
    expect(out[0]?.decision).toBe('deny');
    for (const i of [1, 3, 4]) expect(out[i]).toMatchObject({ decision: 'deny', category: null, rule: 'input.invalid' });
    expect(out[1]?.reason).toContain('line 2');
    expect(['allow', 'none']).toContain(out[2]?.decision);
    expect(['allow', 'ask', 'deny', 'none']).toContain(out[5]?.decision);
  });

  test('order is preserved over many lines, and a last line without newline counts', () => {
    const lines = Array.from({ length: 300 }, (_, i) =>
      JSON.stringify({ tool_name: 'Bash', tool_input: { command: i % 3 === 0 ? 'rm -rf /' : `ls ${i}` } }),
    );
    const out = batchLines(cli(['classify', '--batch'], lines.join('\n')));
    expect(out).toHaveLength(300);
    out.forEach((line, i) => expect(line.decision === 'deny', `line ${i + 1}`).toBe(i % 3 === 0));
  });

  test('empty input gives empty output', () => {
    const r = cli(['classify', '--batch']);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
  });
});

describe('hook', () => {
  test('hook PreToolUse answers like dist/hook.cjs', () => {
    const stdin = JSON.stringify({ hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: 'rm -rf /' }, cwd: scratch });
    const r = cli(['hook', 'PreToolUse'], stdin);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).hookSpecificOutput.permissionDecision).toBe('deny');
  });
});

describe('exit codes', () => {
  test.each([
    [[], 'Usage'],
    [['frobnicate'], 'unknown command "frobnicate"'],
    [['classify'], 'missing the command'],
    [['classify', '--bogus', 'ls'], "Unknown option '--bogus'"],
    [['classify', '--tool', 'Read'], 'needs --input'],
    [['classify', '--tool', 'Read', '--input', '{oops'], '--input: not valid JSON'],
    [['classify', '--tool', 'Read', '--input', '[1]'], 'must be a JSON object'],
    [['classify', '--batch', 'ls'], '--batch'],
    [['hook'], 'hook needs exactly one event name'],
  ])('%j is a usage error: exit 2 with a message', (args, message) => {
    const r = cli(args);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(message);
  });

  test('--help and --version exit 0', () => {
    const help = cli(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('classify --batch');
    const version = cli(['--version']);
    expect(version.status).toBe(0);
    expect(version.stdout.trim()).toBe((JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version);
  });
});
