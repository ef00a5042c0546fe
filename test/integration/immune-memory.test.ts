// The immune loop through the built processes: a failure graded by the PostToolUse(Failure) hook becomes
// a remembered pattern (fold → state.db → immune.json), and the UserPromptSubmit and SessionStart hooks
// warn before the same mistake is made again — in that project only, and not when switched off.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { tokenize } from '../../server/engine/immune/normalize.js';
import { contextOf, ensureBuilt, GradingSandbox, vitestFailure } from './grading-helpers.js';

beforeAll(() => ensureBuilt());

let sandboxes: GradingSandbox[] = [];
afterEach(async () => {
  await Promise.all(sandboxes.map((s) => s.close()));
  sandboxes = [];
});

/** A sandbox whose project has failed `npm test` `times` times (folded: immune.json holds it). */
async function afterFailures(times = 1): Promise<GradingSandbox> {
  const sb = new GradingSandbox();
  sandboxes.push(sb);
  for (let i = 0; i < times; i++) {
    await sb.failure('npm test', vitestFailure());
    await sb.fold();
  }
  expect(sb.snapshot()).toMatchObject([{ operation: 'Bash:npm test', count: times }]);
  return sb;
}

const RESEMBLING = 'run npm test and fix the failing login test';
const UNRELATED = 'write a haiku about autumn leaves';

describe('UserPromptSubmit: warnings from remembered failures', () => {
  test('before any failure, a prompt gets nothing', async () => {
    const sb = new GradingSandbox();
    sandboxes.push(sb);
    expect(await sb.prompt(RESEMBLING)).toMatchObject({ status: 0, stdout: '', stderr: '' });
  });

  test('a prompt that resembles a past failure gets the immune memory and its guardrail', async () => {
    const sb = await afterFailures();
    const r = await sb.prompt(RESEMBLING);
    expect(r.status).toBe(0);
    expect(r.output).toMatchObject({ hookSpecificOutput: { hookEventName: 'UserPromptSubmit' } });
    const context = contextOf(r);
    expect(context).toMatch(/^Task Orchestrator immune memory: this request resembles 1 past failure\(s\) in this project:/);
    expect(context).toContain('test_failure ×1');
    expect(context).toContain('on Bash:npm test');
    expect(context).toContain('rejects a bad password');
    expect(context).toContain('IMPORTANT: Similar test runs have failed before.'); // the test_failure guardrail
  });

  test('an unrelated prompt gets nothing', async () => {
    const sb = await afterFailures();
    expect(await sb.prompt(UNRELATED)).toMatchObject({ status: 0, stdout: '' });
  });

  test('the same prompt in another project gets nothing: a lesson stays in its project', async () => {
    const sb = await afterFailures();
    const elsewhere = join(sb.root, 'other-project');
    mkdirSync(elsewhere);
    expect(await sb.prompt(RESEMBLING, { cwd: elsewhere })).toMatchObject({ status: 0, stdout: '' });
  });

  test('immune.enabled false: nothing, however close the prompt', async () => {
    const sb = await afterFailures();
    sb.policy({ immune: { enabled: false } });
    expect(await sb.prompt(RESEMBLING)).toMatchObject({ status: 0, stdout: '' });
    expect(await sb.sessionStart()).toMatchObject({ status: 0, stdout: '' });
  });

  test('a threshold above any match silences the warning; the default lets it through', async () => {
    const sb = await afterFailures();
    sb.policy({ immune: { threshold: 1 } });
    expect(await sb.prompt(RESEMBLING)).toMatchObject({ status: 0, stdout: '' });
    sb.policy({});
    expect(contextOf(await sb.prompt(RESEMBLING))).toContain('immune memory');
  });

  test('a warning shown is journaled as immune.warned and folded into the warnings', async () => {
    const sb = await afterFailures();
    expect((await sb.status()).totals.warnings).toBe(0);
    expect(contextOf(await sb.prompt(RESEMBLING))).toContain('immune memory');
    await sb.prompt(UNRELATED); // no warning, nothing journaled
    await sb.fold();
    expect((await sb.status()).totals).toMatchObject({ warnings: 1, warnedPairs: 1 });
  });
});

describe('the prompt a failure served', () => {
  test('a failure remembers the session’s last prompt, so a request phrased like it is recognised later', async () => {
    const sb = new GradingSandbox();
    sandboxes.push(sb);
    const asked = 'make the checkout discount coupons work';
    await sb.prompt(asked); // nothing to warn about yet; the prompt is remembered for the session
    await sb.failure('npm test', vitestFailure());
    await sb.fold();
    const [pattern] = await sb.patterns();
    expect(pattern?.tokens).toEqual(expect.arrayContaining(tokenize('checkout discount coupons')));
    // Words the command and its output never used now find the pattern.
    expect(contextOf(await sb.prompt('the checkout discount coupons are still broken'))).toContain('immune memory');
  });

  test('another session’s prompt is not mixed in', async () => {
    const sb = new GradingSandbox();
    sandboxes.push(sb);
    await sb.prompt('make the checkout discount coupons work', { session_id: 'someone-else' });
    await sb.failure('npm test', vitestFailure());
    await sb.fold();
    const [pattern] = await sb.patterns();
    expect(pattern?.tokens).not.toContain(tokenize('coupons')[0]);
    expect(await sb.prompt('the checkout discount coupons are still broken')).toMatchObject({ status: 0, stdout: '' });
  });
});

describe('SessionStart: the briefing', () => {
  test('a project without failures gets nothing', async () => {
    const sb = new GradingSandbox();
    sandboxes.push(sb);
    expect(await sb.sessionStart()).toMatchObject({ status: 0, stdout: '' });
  });

  test('after the same failure twice, the session starts with it listed as recurring', async () => {
    const sb = await afterFailures(2);
    const r = await sb.sessionStart();
    expect(r.status).toBe(0);
    expect(r.output).toMatchObject({ hookSpecificOutput: { hookEventName: 'SessionStart' } });
    const context = contextOf(r);
    expect(context).toMatch(/^Task Orchestrator immune memory: recent or recurring failures in this project:\n- test_failure ×2 \(last [^)]+\) on Bash:npm test: /);
    expect(context).toContain('Before repeating one of these operations, check what made it fail.');
  });

  test('sessionBriefing false: no briefing (prompts are still checked)', async () => {
    const sb = await afterFailures(2);
    sb.policy({ immune: { sessionBriefing: false } });
    expect(await sb.sessionStart()).toMatchObject({ status: 0, stdout: '' });
    expect(contextOf(await sb.prompt(RESEMBLING))).toContain('immune memory');
  });

  test('the briefing is journaled as a warning too', async () => {
    const sb = await afterFailures(2);
    await sb.sessionStart();
    await sb.fold();
    expect((await sb.status()).totals.warnings).toBe(1);
  });
});

describe('the CLI sees what the hooks built', () => {
  test('`immune check` matches the same prompt the hook warned about; `immune status` counts the trials', async () => {
    const sb = await afterFailures(2);
    const check = await sb.json<{ risk: number; matches: Array<{ id: string }>; guardrails: string[] }>(['immune', 'check', RESEMBLING, '--json']);
    expect(check.matches.map((m) => m.id)).toEqual([sb.snapshot()[0]?.id]);
    expect(check.risk).toBeGreaterThan(0);
    const status = await sb.status();
    expect(status.totals).toMatchObject({ trials: 2, failures: 2, patterns: 1 });
    expect(status.topPatterns[0]).toMatchObject({ operation: 'Bash:npm test', failureType: 'test_failure', count: 2 });
  });
});
