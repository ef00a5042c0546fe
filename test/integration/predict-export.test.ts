// What the recorded trials are good for, through the built CLI: the failure-risk model (`predict train`,
// `predict "<request>"`) and the training-data export (`immune export`).
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { redact } from '../../server/engine/redact.js';
import { appendJournal, type TrialEvent } from '../../server/engine/store/journal.js';
import { ensureBuilt, GradingSandbox, vitestFailure } from './grading-helpers.js';

beforeAll(() => ensureBuilt());

let sandboxes: GradingSandbox[] = [];
afterEach(async () => {
  await Promise.all(sandboxes.map((s) => s.close()));
  sandboxes = [];
});
function sandbox(): GradingSandbox {
  const sb = new GradingSandbox();
  sandboxes.push(sb);
  return sb;
}

let seq = 0;
/** A graded Bash trial as the hook journals it. */
function trial(sb: GradingSandbox, command: string, passed: boolean, ts: number): TrialEvent {
  const operation = `Bash:${command.split(' ').slice(0, 2).join(' ')}`;
  return {
    type: 'trial', id: `t-${process.pid}-${++seq}`, ts, session: sb.session, project: sb.project, tool: 'Bash', operation, passed,
    score: passed ? 1 : 0, failureType: passed ? null : 'command_failed', reason: passed ? 'exit 0' : `${command} exited with code 1`,
    input: command, output: passed ? '' : 'Error: something broke', results: [{ name: 'exit-status', passed, score: passed ? 1 : 0, reason: passed ? 'exit 0' : 'exit 1' }],
    durationMs: 100, source: 'hook',
  };
}

/** 48 trials, oldest first: test runs and type checks fail most of the time, listings and status never. */
function recordHistory(sb: GradingSandbox): void {
  const start = Date.now() - 48 * 60_000;
  const plan: Array<[string, (i: number) => boolean]> = [
    ['npm test', (i) => i % 4 === 0], // passes 1 in 4
    ['npx tsc --noEmit', (i) => i % 3 === 0],
    ['ls -la', () => true],
    ['git status', () => true],
  ];
  for (let i = 0; i < 12; i++) {
    plan.forEach(([command, passes], k) => appendJournal(sb.paths, trial(sb, command, passes(i), start + (i * 4 + k) * 60_000)));
  }
}

interface Prediction {
  status: string;
  risk: number;
  label: string;
  reason?: string;
}

describe('predict', () => {
  test('untrained: "Not enough data", saying what training needs', async () => {
    const sb = sandbox();
    const r = await sb.run(['predict', 'npm test']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Not enough data: no trained risk model: record at least 20 trials/);
  });

  test('training on too few trials refuses (exit 1) and keeps no model', async () => {
    const sb = sandbox();
    for (let i = 0; i < 3; i++) appendJournal(sb.paths, trial(sb, 'npm test', false, Date.now() - i));
    await sb.fold();
    const r = await sb.run(['predict', 'train']);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('Not enough data: 3 trials recorded; training needs at least 20 (3 trials, 3 failed).\n');
    expect((await sb.run(['predict', 'npm test'])).stdout).toMatch(/^Not enough data/);
  });

  test('after enough folded trials, `predict train` saves a model and `predict` ranks a test run above a listing', async () => {
    const sb = sandbox();
    recordHistory(sb);
    await sb.fold();
    expect((await sb.status()).totals).toMatchObject({ trials: 48, failures: 17 });

    const train = await sb.run(['predict', 'train']);
    expect(train.status, train.stderr).toBe(0);
    expect(train.stdout).toMatch(/^Trained on 48 trials \(17 failed, base rate 35\.4%\); saved to .*models\/risk-model\.json\n/);

    const risky = await sb.run(['predict', 'npm test']);
    expect(risky.status, risky.stderr).toBe(0);
    expect(risky.stdout).toMatch(/^Failure risk \d+\.\d% \((low|medium|high); confidence \d\.\d\d\)\n/);

    const test = await sb.json<Prediction>(['predict', 'npm test', '--json']);
    const listing = await sb.json<Prediction>(['predict', 'ls -la', '--json']);
    expect(test.status).toBe('ok');
    expect(test.risk).toBeGreaterThan(listing.risk);
    expect(listing.label).toBe('low');
  });

  test('trials the hook graded train the model too', async () => {
    const sb = sandbox();
    for (let i = 0; i < 8; i++) {
      await sb.failure('npm test', vitestFailure());
      await sb.success('ls', 'README.md\n');
      await sb.success('git status', 'On branch feature\nnothing to commit, working tree clean\n');
    }
    await sb.fold();
    const r = await sb.run(['predict', 'train']);
    expect(r.status, r.stdout).toBe(0);
    expect(r.stdout).toMatch(/^Trained on 24 trials \(8 failed/);
  });
});

describe('immune export', () => {
  test('--out writes one JSON line per trial, labelled good or bad, with tool and operation', async () => {
    const sb = sandbox();
    await sb.failure('npm test', vitestFailure());
    await sb.success('ls', 'README.md\n');
    await sb.write(join(sb.project, 'config.json'), '{ bad');
    await sb.fold();
    const file = join(sb.root, 'out', 'trials.jsonl');
    const r = await sb.run(['immune', 'export', '--out', file]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe(`Exported 3 trials to ${file}\n`);
    expect(statSync(file).mode & 0o777).toBe(0o600);

    const text = readFileSync(file, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    const lines = text.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => [l.label, l.tool, l.operation, l.failure_type])).toEqual([
      ['bad', 'Bash', 'Bash:npm test', 'test_failure'],
      ['good', 'Bash', 'Bash:ls', null],
      ['bad', 'Write', 'Write', 'json_invalid'],
    ]);
    expect(lines[0]).toMatchObject({ prompt: 'npm test', scores: { 'test-summary': 0 } });
    expect(lines[0]?.timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });

  test('secrets in a command never reach the export', async () => {
    const sb = sandbox();
    const token = `ghp_${'A1b2C3d4E5'.repeat(3)}abcdef`;
    expect(redact(token)).not.toContain(token); // the redactor knows this kind of token
    await sb.failure(`curl -H "Authorization: token ${token}" https://api.github.com/user`, `Exit code 22\ncurl: (22) The requested URL returned error: 401`);
    await sb.fold();
    const file = join(sb.root, 'trials.jsonl');
    expect((await sb.run(['immune', 'export', '--out', file])).status).toBe(0);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('"label":"bad"');
    expect(text).not.toContain(token);
    expect(text).toContain('«redacted:');
  });

  test('no trials: an empty file, and the message says 0', async () => {
    const sb = sandbox();
    const file = join(sb.root, 'empty.jsonl');
    const r = await sb.run(['immune', 'export', '--out', file]);
    expect(r.stdout).toBe(`Exported 0 trials to ${file}\n`);
    expect(readFileSync(file, 'utf8')).toBe('');
  });
});
