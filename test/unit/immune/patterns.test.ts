// Signatures, ids and observeFailure(): recurrences of one mistake merge into one pattern (and only they),
// the pattern keeps its first sighting and its latest details; failureTypeFromResults() picks the type.
import { describe, expect, test } from 'vitest';
import type { GraderResult } from '../../../server/engine/grading/types.js';
import { decayedRelevance, INITIAL_RELEVANCE, RECURRENCE_WEIGHT } from '../../../server/engine/immune/decay.js';
import { failureTypeFromResults } from '../../../server/engine/immune/failure-type.js';
import { observationTokens, observeFailure, patternId, patternSignature } from '../../../server/engine/immune/patterns.js';
import { inputFingerprint } from '../../../server/engine/immune/signature.js';
import { HOUR, obs, PROJECT, T0 } from './helpers.js';

describe('patternSignature', () => {
  test('a recurrence on another line, in another checkout, merges', () => {
    const a = patternSignature(obs({ input: 'npx vitest run /home/ana/shop/test/auth/login.test.ts:42' }));
    const b = patternSignature(obs({ input: 'npx vitest run /Users/bob/src/shop/test/auth/login.test.ts:57' }));
    expect(a).toBe(b);
  });

  test('a recurrence with another id, timestamp or literal merges', () => {
    const a = patternSignature(obs({ operation: 'Bash:git commit', failureType: 'command_failed', input: 'git commit -m "fix login" --date 2025-03-01T10:00:00Z' }));
    const b = patternSignature(obs({ operation: 'Bash:git commit', failureType: 'command_failed', input: "git commit -m 'wip 2' --date 2025-03-04T18:30:00Z" }));
    expect(a).toBe(b);
  });

  test('the same file name under another temporary directory merges', () => {
    const a = patternSignature(obs({ operation: 'Write', failureType: 'json_invalid', input: 'Write /tmp/tmp.x81/out-1234.json' }));
    const b = patternSignature(obs({ operation: 'Write', failureType: 'json_invalid', input: 'Write /tmp/tmp.q07/out-5678.json' }));
    expect(a).toBe(b);
  });

  test('a failure in another file is another mistake', () => {
    const login = patternSignature(obs({ input: 'npm test -- test/auth/login.test.ts' }));
    const webhook = patternSignature(obs({ input: 'npm test -- services/payments/webhook.test.ts' }));
    expect(login).not.toBe(webhook);
  });

  test('operation, failure type and project each separate patterns', () => {
    const base = patternSignature(obs());
    expect(patternSignature(obs({ operation: 'Bash:npx vitest' }))).not.toBe(base);
    expect(patternSignature(obs({ failureType: 'hidden_error' }))).not.toBe(base);
    expect(patternSignature(obs({ project: '/home/dev/blog' }))).not.toBe(base);
  });

  test('output, reason, prompt and time do not change it', () => {
    expect(patternSignature(obs({ output: 'other', reason: 'other', prompt: 'other', ts: T0 + 5 * HOUR }))).toBe(patternSignature(obs()));
  });

  test('the fingerprint is the command and its shape, not the payload', () => {
    expect(inputFingerprint('npx vitest run /home/ana/shop/test/auth/login.test.ts:42 --reporter dot')).toBe('npx vitest run login test ts reporter dot');
  });
});

describe('patternId', () => {
  test('16 hex digits, stable for a signature, different for another', () => {
    const s = patternSignature(obs());
    expect(patternId(s)).toMatch(/^[0-9a-f]{16}$/);
    expect(patternId(s)).toBe(patternId(s));
    expect(patternId(patternSignature(obs({ failureType: 'hidden_error' })))).not.toBe(patternId(s));
  });
});

describe('observeFailure', () => {
  test('a first observation makes a new pattern', () => {
    const p = observeFailure(null, obs());
    expect(p).toMatchObject({
      id: patternId(patternSignature(obs())), operation: 'Bash:npm test', failureType: 'test_failure', project: PROJECT, count: 1,
      firstSeen: T0, lastSeen: T0, relevance: INITIAL_RELEVANCE, relevanceAt: T0,
      inputSummary: 'npm test -- test/auth/login.test.ts', lastReason: '2 tests failed (vitest): login.test.ts > rejects an expired session',
    });
    expect(p.tokens).toEqual(observationTokens(obs()));
    expect(p.tokens).toEqual(expect.arrayContaining(['npm', 'auth', 'login', 'vitest', 'expir', 'session', 'fix']));
  });

  test('a recurrence counts, keeps the first sighting and takes the latest details', () => {
    const first = observeFailure(null, obs());
    const t2 = T0 + 10 * HOUR;
    const again = observeFailure(first, obs({ ts: t2, reason: '1 test failed (vitest): login.test.ts > locks the account', output: 'FAIL locks the account' }));
    expect(again.id).toBe(first.id);
    expect(again.count).toBe(2);
    expect(again.firstSeen).toBe(T0);
    expect(again.lastSeen).toBe(t2);
    expect(again.lastReason).toBe('1 test failed (vitest): login.test.ts > locks the account');
    expect(again.outputSummary).toBe('FAIL locks the account');
    expect(again.tokens).toContain('lock'); // the new words join the old
    expect(again.tokens).toContain('expir');
  });

  test('relevance is decayed to the recurrence, then reinforced', () => {
    const first = observeFailure(null, obs());
    const t2 = T0 + 72 * HOUR;
    const again = observeFailure(first, obs({ ts: t2 }));
    expect(again.relevance).toBeCloseTo(decayedRelevance(first, t2) + RECURRENCE_WEIGHT, 10);
    expect(again.relevance).toBeCloseTo(0.25 + 0.2, 10);
    expect(again.relevanceAt).toBe(t2);
  });

  test('a late observation counts but does not replace the latest details', () => {
    const latest = observeFailure(null, obs({ ts: T0 + 5 * HOUR, reason: 'latest' }));
    const late = observeFailure(latest, obs({ ts: T0, reason: 'older' }));
    expect(late).toMatchObject({ count: 2, firstSeen: T0, lastSeen: T0 + 5 * HOUR, lastReason: 'latest' });
  });

  test('summaries are redacted, one line and bounded', () => {
    const p = observeFailure(null, obs({ output: `curl -H "Authorization: Bearer abcdefghijklmnop"\n${'x'.repeat(1000)}`, reason: `token=s3cr3tvalue ${'y'.repeat(500)}` }));
    expect(p.outputSummary).not.toContain('abcdefghijklmnop');
    expect(p.outputSummary).not.toContain('\n');
    expect(p.outputSummary.length).toBeLessThanOrEqual(300);
    expect(p.lastReason).not.toContain('s3cr3tvalue');
    expect(p.lastReason.length).toBeLessThanOrEqual(200);
  });

  test('merging into a pattern of another signature is refused', () => {
    const p = observeFailure(null, obs());
    expect(() => observeFailure(p, obs({ failureType: 'hidden_error' }))).toThrow(/signature/);
  });
});

describe('failureTypeFromResults', () => {
  const r = (name: string, over: Partial<GraderResult> = {}): GraderResult => ({ name, passed: false, score: 0, reason: 'x', ...over });

  test("the first failing result's own failure type wins", () => {
    expect(failureTypeFromResults([r('ok', { passed: true }), r('ExitCode', { failureType: 'command_failed' }), r('Tests', { failureType: 'test_failure' })])).toBe('command_failed');
  });

  test('skipped and passing results never count', () => {
    expect(failureTypeFromResults([r('Judge', { skipped: true, failureType: 'hallucination' }), r('JsonParse', { passed: true }), r('LengthCheck')])).toBe('length_violation');
  });

  test('a JSON-schema grader is a schema violation, not invalid JSON', () => {
    expect(failureTypeFromResults([r('JSONSchemaCheck')])).toBe('schema_violation');
    expect(failureTypeFromResults([r('JSONValidCheck')])).toBe('json_invalid');
  });

  test('names imply regex, length and empty failures', () => {
    expect(failureTypeFromResults([r('RegexMatch')])).toBe('pattern_mismatch');
    expect(failureTypeFromResults([r('MaxLength')])).toBe('length_violation');
    expect(failureTypeFromResults([r('NotEmpty')])).toBe('empty_response');
  });

  test('otherwise evaluation_failed', () => {
    expect(failureTypeFromResults([r('CustomGrader')])).toBe('evaluation_failed');
    expect(failureTypeFromResults([])).toBe('evaluation_failed');
  });
});
