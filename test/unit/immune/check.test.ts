// checkPrompt() and sessionBriefing(): what Claude is told. Deterministic (the same memory gives the
// same bytes whatever the order it was built in), bounded, redacted, and silent when nothing matches.
import { describe, expect, test } from 'vitest';
import { FAILURE_TYPES } from '../../../server/engine/grading/types.js';
import { checkPrompt, MAX_CONTEXT_CHARS, patternLine, sessionBriefing } from '../../../server/engine/immune/check.js';
import { GUARDRAILS, guardrailsFor } from '../../../server/engine/immune/guardrails.js';
import { PatternIndex } from '../../../server/engine/immune/matcher.js';
import { observeFailure } from '../../../server/engine/immune/patterns.js';
import type { FailurePattern } from '../../../server/engine/immune/types.js';
import { DAY, HOUR, obs, patternOf, PROJECT, T0 } from './helpers.js';

const NOW = T0 + 2 * HOUR;
const login = patternOf(obs(), obs({ ts: T0 + HOUR }), obs({ ts: T0 + HOUR }));
const eslint = observeFailure(null, obs({
  operation: 'Write', failureType: 'json_invalid', input: 'Write /home/dev/shop/.eslintrc.json', reason: 'invalid JSON in .eslintrc.json: trailing comma',
  prompt: 'add a JSON config for the linter and the login tests',
}));
const lockout = observeFailure(null, obs({
  operation: 'Bash:npx vitest', failureType: 'hidden_error', input: 'npx vitest run test/auth/lockout.test.ts', reason: 'exit 0 but FAILED in output: login lockout',
  prompt: 'check the login lockout tests',
}));
const all = [login, eslint, lockout];

describe('checkPrompt', () => {
  test('nothing matched: risk 0, no guardrails, empty context', () => {
    const c = checkPrompt(new PatternIndex(all), 'compose a haiku about autumn', { project: PROJECT, now: NOW });
    expect(c).toEqual({ risk: 0, matches: [], guardrails: [], context: '' });
  });

  test('a similar request: its matches, their guardrails, a compact context', () => {
    const c = checkPrompt(new PatternIndex(all), 'the login tests are failing again, fix the expired session check', { project: PROJECT, now: NOW });
    expect(c.matches[0]?.pattern.id).toBe(login.id);
    expect(c.risk).toBe(c.matches[0]!.risk);
    expect(c.guardrails[0]).toBe(GUARDRAILS.test_failure);
    const lines = c.context.split('\n');
    expect(lines[0]).toBe(`Task Orchestrator immune memory: this request resembles ${c.matches.length} past failure(s) in this project:`);
    expect(lines[1]).toBe(
      `- test_failure ×3 (last 1 h ago) on Bash:npm test: "2 tests failed (vitest): login.test.ts > rejects an expired session" (similarity ${Number(c.matches[0]!.similarity.toFixed(2))})`,
    );
    expect(lines.slice(-c.guardrails.length)).toEqual(c.guardrails);
  });

  test('matches below the threshold are not reported', () => {
    const index = new PatternIndex(all);
    const prompt = 'the login tests are failing again, fix the expired session check';
    const top = checkPrompt(index, prompt, { project: PROJECT, now: NOW, threshold: 0 }).matches[0]!;
    expect(checkPrompt(index, prompt, { project: PROJECT, now: NOW, threshold: top.risk + 1e-9 }).context).toBe('');
  });

  test('byte-identical context whatever the order the memory was built in', () => {
    const prompt = 'fix the login tests and the linter json config';
    const orders: FailurePattern[][] = [all, [...all].reverse(), [eslint, login, lockout], [lockout, login, eslint]];
    const texts = orders.map((o) => checkPrompt(new PatternIndex(o), prompt, { project: PROJECT, now: NOW, threshold: 0.1 }).context);
    expect(texts[0]).not.toBe('');
    for (const t of texts) expect(t).toBe(texts[0]);
  });

  test('one guardrail per failure type, by risk then type name', () => {
    expect(guardrailsFor([
      { risk: 0.4, pattern: { failureType: 'json_invalid' } },
      { risk: 0.7, pattern: { failureType: 'test_failure' } },
      { risk: 0.5, pattern: { failureType: 'json_invalid' } },
      { risk: 0.5, pattern: { failureType: 'hidden_error' } },
    ])).toEqual([GUARDRAILS.test_failure, GUARDRAILS.hidden_error, GUARDRAILS.json_invalid]);
  });

  test('every failure type has a guardrail; the original ones are kept verbatim', () => {
    for (const t of FAILURE_TYPES) expect(GUARDRAILS[t]).toMatch(/^IMPORTANT: /);
    expect(GUARDRAILS.json_invalid).toBe(
      'IMPORTANT: Your response MUST be valid JSON. Do not include markdown code blocks, comments, or trailing commas. Ensure all strings are properly quoted and all brackets are balanced.',
    );
    expect(GUARDRAILS.evaluation_failed).toBe(
      'IMPORTANT: Previous similar requests have failed evaluation. Please be extra careful to follow all requirements exactly. Double-check your response before submitting.',
    );
  });

  test('the context stays within 1,500 characters however many matches', () => {
    const many = FAILURE_TYPES.map((type, i) =>
      observeFailure(null, obs({ failureType: type, input: `npm test -- login${i}.test.ts`, reason: `login session failure ${'detail '.repeat(40)}` })));
    const c = checkPrompt(new PatternIndex(many), 'fix the failing login session tests', { project: PROJECT, now: NOW, limit: 15, threshold: 0 });
    expect(c.matches.length).toBeGreaterThan(5);
    expect(c.context.length).toBeLessThanOrEqual(MAX_CONTEXT_CHARS);
    expect(c.context).toMatch(/- … and \d+ more/);
  });

  test('no secret reaches the context', () => {
    const p = observeFailure(null, obs({ reason: 'login failed with password=hunter2hunter2 for the session' }));
    const c = checkPrompt(new PatternIndex([p]), 'fix the failing login session tests', { project: PROJECT, now: NOW, threshold: 0 });
    expect(c.context).not.toContain('hunter2');
    expect(c.context).toContain('«redacted:password»');
  });

  test('patterns of another project are not mentioned', () => {
    const blog = observeFailure(null, obs({ project: '/home/dev/blog' }));
    const c = checkPrompt(new PatternIndex([blog]), 'run the auth tests and fix the failing login case', { project: PROJECT, now: NOW });
    expect(c.matches).toEqual([]);
  });
});

describe('sessionBriefing', () => {
  test("lists the project's recurring and recent failures, most relevant first", () => {
    const old = observeFailure(null, obs({ input: 'npm test -- old.test.ts', ts: T0 - 3 * DAY }));
    const now = T0 + 2 * HOUR;
    const text = sessionBriefing([old, eslint, login, observeFailure(null, obs({ project: '/home/dev/blog' }))], { project: PROJECT, now });
    const lines = text.split('\n');
    expect(lines[0]).toBe('Task Orchestrator immune memory: recent or recurring failures in this project:');
    expect(lines[1]).toBe(patternLine(login, now)); // ×3 first
    expect(lines[2]).toBe(patternLine(eslint, now)); // once, 2 h ago
    expect(text).not.toContain('old.test'); // once, 3 days ago
    expect(lines).toHaveLength(4);
  });

  test("'' when there is nothing to brief", () => {
    expect(sessionBriefing([], { project: PROJECT, now: NOW })).toBe('');
    expect(sessionBriefing([observeFailure(null, obs({ ts: T0 - 2 * DAY }))], { project: PROJECT, now: NOW })).toBe('');
  });

  test('at most `limit` failures', () => {
    const ps = Array.from({ length: 9 }, (_, i) => observeFailure(null, obs({ input: `npm test -- f${i}.test.ts` })));
    expect(sessionBriefing(ps, { project: PROJECT, now: NOW, limit: 3 }).split('\n').filter((l) => l.startsWith('- '))).toHaveLength(3);
  });
});
