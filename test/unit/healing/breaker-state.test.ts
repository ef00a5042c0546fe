// The breaker's transitions as pure functions over the stored record.
import { describe, expect, test } from 'vitest';
import {
  admission, afterFailure, afterNeutral, afterSemanticFailure, afterSuccess, type BreakerRecord, claimTrial, fromRow, resetRecord, toRow,
} from '../../../server/engine/healing/breaker-state.js';
import type { Breaker } from '../../../server/engine/store/repos-runs.js';

const T0 = 1_700_000_000_000;
const trip = { failureThreshold: 3, halfOpenAfterMs: 30_000 };
const admit = { halfOpenAfterMs: 30_000, trialStaleMs: 60_000 };
const fail = (r: BreakerRecord, now: number, message = 'gemini: HTTP 500 INTERNAL: boom', hintMs?: number): BreakerRecord =>
  afterFailure(r, now, { message, ...(hintMs === undefined ? {} : { hintMs }) }, trip);
const fresh = (): BreakerRecord => fromRow(null, 'gemini', T0);
const opened = (): BreakerRecord => fail(fail(fail(fresh(), T0), T0 + 1), T0 + 2);

describe('closed', () => {
  test('three consecutive failures open it, with opened_at and a trip counted', () => {
    const r = opened();
    expect(r).toMatchObject({ state: 'open', failures: 3, openedAt: T0 + 2, halfOpenAt: T0 + 2 + 30_000, tripCount: 1, openedBy: 'failures' });
    expect(r.lastError).toBe('gemini: HTTP 500 INTERNAL: boom');
  });

  test('a success between failures resets the count: the failures must be consecutive', () => {
    const two = fail(fail(fresh(), T0), T0);
    const reset = afterSuccess(two, T0 + 1)!;
    expect(reset.failures).toBe(0);
    expect(fail(fail(reset, T0 + 2), T0 + 3).state).toBe('closed');
  });

  test('a success on a clean breaker changes nothing', () => {
    expect(afterSuccess(fresh(), T0)).toBeNull();
  });

  test('calls go straight through', () => {
    expect(admission(fail(fresh(), T0), T0, admit)).toEqual({ kind: 'call' });
  });
});

describe('open', () => {
  test('refuses before halfOpenAfterMs, saying why and for how long', () => {
    expect(admission(opened(), T0 + 2 + 10_000, admit)).toEqual({
      kind: 'refuse',
      retryAfterMs: 20_000,
      message: 'the gemini circuit breaker is open after 3 consecutive failures; retrying in 20s',
    });
  });

  test('admits a trial once halfOpenAfterMs has passed', () => {
    expect(admission(opened(), T0 + 2 + 30_000, admit)).toEqual({ kind: 'trial' });
  });

  test('a provider hint longer than halfOpenAfterMs keeps it open for the hint', () => {
    const r = fail(fail(fail(fresh(), T0), T0), T0, 'HTTP 429', 120_000);
    expect(r.halfOpenAt).toBe(T0 + 120_000);
    expect(admission(r, T0 + 60_000, admit).kind).toBe('refuse');
  });

  test('a late failure of a call admitted before it opened is counted but does not move opened_at', () => {
    const r = fail(opened(), T0 + 10);
    expect(r).toMatchObject({ state: 'open', failures: 4, openedAt: T0 + 2, tripCount: 1 });
  });
});

describe('half-open', () => {
  const claimed = (): BreakerRecord => claimTrial(opened(), T0 + 40_000, 'trial-1');

  test('one trial at a time: a live claim refuses everyone else', () => {
    const a = admission(claimed(), T0 + 41_000, admit);
    expect(a).toMatchObject({ kind: 'refuse', retryAfterMs: 1000 });
    expect(a.kind === 'refuse' && a.message).toBe('the gemini circuit breaker is half-open and another call is making the trial request; retrying in 1s');
  });

  test('a claim older than trialStaleMs (its process died) is retaken', () => {
    expect(admission(claimed(), T0 + 40_000 + 60_000, admit)).toEqual({ kind: 'trial' });
  });

  test('trial success closes it and clears the counts', () => {
    const r = afterSuccess({ ...claimed(), semantic: { hallucination: 2 } }, T0 + 42_000)!;
    expect(r).toMatchObject({ state: 'closed', failures: 0, openedAt: null, halfOpenAt: null, trial: null, semantic: {}, tripCount: 1 });
  });

  test('trial failure opens it again for another halfOpenAfterMs', () => {
    const r = fail(claimed(), T0 + 42_000);
    expect(r).toMatchObject({ state: 'open', failures: 4, openedAt: T0 + 42_000, halfOpenAt: T0 + 72_000, tripCount: 2, trial: null });
  });

  test('a trial that failed on the caller’s side: closed when the provider answered, otherwise the claim is released', () => {
    expect(afterNeutral(claimed(), T0 + 42_000, 'trial-1', true)?.state).toBe('closed');
    const released = afterNeutral(claimed(), T0 + 42_000, 'trial-1', false)!;
    expect(released).toMatchObject({ state: 'half-open', trial: null });
    expect(admission(released, T0 + 42_001, admit)).toEqual({ kind: 'trial' });
    expect(afterNeutral(claimed(), T0 + 42_000, 'someone-else', true)).toBeNull();
  });
});

describe('semantic failures', () => {
  const cfg = { semanticThreshold: 5, halfOpenAfterMs: 30_000 };
  const semantic = (r: BreakerRecord, types: string[]): BreakerRecord => types.reduce((acc, t, i) => afterSemanticFailure(acc, T0 + i, t, cfg) ?? acc, r);

  test('count by type and open the breaker at the threshold, whatever the mix of types', () => {
    const four = semantic(fresh(), ['hallucination', 'wrong_output', 'hallucination', 'schema_violation']);
    expect(four).toMatchObject({ state: 'closed', semantic: { hallucination: 2, wrong_output: 1, schema_violation: 1 } });
    const five = semantic(four, ['wrong_output']);
    expect(five).toMatchObject({ state: 'open', openedBy: 'semantic', tripCount: 1 });
    expect(admission(five, T0, admit)).toMatchObject({
      message: 'the gemini circuit breaker is open after 5 semantic failures (hallucination×2, wrong_output×2, schema_violation×1); retrying in 30s',
    });
  });

  test('reset when the breaker closes: the next period needs the full threshold again (the original never reset them)', () => {
    const five = semantic(fresh(), ['a', 'a', 'a', 'a', 'a']);
    const closedAgain = afterSuccess(claimTrial(five, T0 + 40_000, 't'), T0 + 41_000)!;
    expect(closedAgain.semantic).toEqual({});
    expect(semantic(closedAgain, ['a']).state).toBe('closed');
    expect(semantic(closedAgain, ['a', 'a', 'a', 'a']).state).toBe('closed');
  });

  test('are ignored while open: they belong to no closed period', () => {
    expect(afterSemanticFailure(opened(), T0, 'x', cfg)).toBeNull();
  });
});

describe('stored rows', () => {
  test('round-trip through toRow / fromRow', () => {
    const r = claimTrial(opened(), T0 + 40_000, 'trial-1');
    const row = toRow(r);
    const stored: Breaker = { name: row.name, state: row.state, failures: row.failures, opened_at: row.opened_at, updated_at: row.ts, data: JSON.stringify(row.data) };
    expect(fromRow(stored, 'gemini', T0)).toEqual(r);
  });

  test('a damaged data field loses only the damaged parts', () => {
    const row: Breaker = { name: 'gemini', state: 'open', failures: 3, opened_at: T0, updated_at: T0, data: '{"tripCount":"many","semantic":{"a":2},"trial":42' };
    expect(fromRow(row, 'gemini', T0)).toMatchObject({ state: 'open', failures: 3, tripCount: 0, semantic: {}, trial: null });
    const partly: Breaker = { ...row, data: '{"tripCount":"many","semantic":{"a":2}}' };
    expect(fromRow(partly, 'gemini', T0)).toMatchObject({ tripCount: 0, semantic: { a: 2 } });
  });

  test('a human reset closes it but keeps the history', () => {
    expect(resetRecord(opened(), T0 + 5)).toMatchObject({ state: 'closed', failures: 0, tripCount: 1, lastError: 'gemini: HTTP 500 INTERNAL: boom' });
  });

  test('lastError is redacted and short', () => {
    const r = fail(fresh(), T0, `openai: HTTP 401: bad key sk-proj-a1b2c3d4e5f6g7h8i9j0k1l2m3n4 ${'x'.repeat(400)}`);
    expect(r.lastError).not.toContain('sk-proj-a1b2');
    expect(r.lastError).toContain('«redacted:');
    expect(r.lastError!.length).toBeLessThanOrEqual(200);
  });
});
