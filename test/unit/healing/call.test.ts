// callWithHealing over a real store in a temporary directory, with the clock, the sleep and the randomness
// injected: the retry delays, what is retried, when the breaker opens, refuses, probes and closes.
import { statSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import {
  BreakerOpenError, callWithHealing, type HealingOptions, loadHealingStatus, recordSemanticFailure, resetBreaker,
} from '../../../server/engine/healing/index.js';
import { ProviderError } from '../../../server/engine/providers/types.js';
import { breakers } from '../../../server/engine/store/repos-runs.js';
import { Store } from '../../../server/engine/store/store.js';
import { useHealingSandbox } from '../helpers/healing-sandbox.js';

const sb = useHealingSandbox('to-healing-');
const { opts } = sb;

const serverError = (): ProviderError => new ProviderError('gemini', 'server', 'gemini: HTTP 500 INTERNAL: boom', { status: 500 });

/** A fn that throws the given errors in turn, then resolves 'ok'; counts its calls. */
function script(...errors: unknown[]): { fn: (signal: AbortSignal) => Promise<string>; calls: () => number } {
  let n = 0;
  return {
    fn: async () => {
      const e = errors[n++];
      if (e !== undefined) throw e;
      return 'ok';
    },
    calls: () => n,
  };
}

async function rejection(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    (v) => {
      throw new Error(`expected a rejection, got ${JSON.stringify(v)}`);
    },
    (e: unknown) => e,
  );
}

const row = () => sb.store.read((db) => breakers.get(db, 'gemini'));

/** Opens the gemini breaker with three failed calls of one attempt each. */
async function openBreaker(): Promise<void> {
  for (let i = 0; i < 3; i++) await rejection(callWithHealing(sb.store, 'gemini', script(serverError()).fn, opts({ maxAttempts: 0 })));
  expect((await row())?.state).toBe('open');
}

describe('retries', () => {
  test('delays are base·2^n: 2 s, 4 s, 8 s, then the fourth try succeeds', async () => {
    const s = script(serverError(), serverError(), serverError());
    expect(await callWithHealing(sb.store, 'gemini', s.fn, opts())).toBe('ok');
    expect(sb.slept).toEqual([2000, 4000, 8000]);
    expect(s.calls()).toBe(4);
  });

  test('jitter is exactly ±10 % at the extremes of the random draw', async () => {
    const draws = [0, 1 - 1e-12, 0];
    let i = 0;
    await callWithHealing(sb.store, 'gemini', script(serverError(), serverError(), serverError()).fn, opts({ random: () => draws[i++] ?? 0.5 }));
    expect(sb.slept).toEqual([1800, 4400, 7200]);
  });

  test('delays are capped at maxDelayMs', async () => {
    await callWithHealing(sb.store, 'gemini', script(serverError(), serverError(), serverError()).fn, opts({ baseDelayMs: 1000, maxDelayMs: 3000 }));
    expect(sb.slept).toEqual([1000, 2000, 3000]);
  });

  test('onRetry hears each retry with its delay and the error before it', async () => {
    const seen: { attempt: number; delayMs: number; error: unknown }[] = [];
    const e = serverError();
    await callWithHealing(sb.store, 'gemini', script(e).fn, opts({ onRetry: (r) => seen.push(r) }));
    expect(seen).toEqual([{ attempt: 1, delayMs: 2000, error: e }]);
  });

  test('a 429’s Retry-After wins over the computed delay', async () => {
    const limited = new ProviderError('openai', 'rate_limit', 'openai: HTTP 429', { status: 429, retryAfterMs: 7000 });
    expect(await callWithHealing(sb.store, 'openai', script(limited, serverError()).fn, opts())).toBe('ok');
    expect(sb.slept).toEqual([7000, 4000]);
  });

  test('a hint longer than maxDelayMs stops the retries: the error surfaces with its hint and counts once', async () => {
    const limited = new ProviderError('gemini', 'rate_limit', 'gemini: HTTP 429 RESOURCE_EXHAUSTED', { status: 429, retryAfterMs: 120_000 });
    const s = script(limited);
    const err = await rejection(callWithHealing(sb.store, 'gemini', s.fn, opts()));
    expect(err).toBe(limited);
    expect((err as ProviderError).retryAfterMs).toBe(120_000);
    expect(s.calls()).toBe(1);
    expect(sb.slept).toEqual([]);
    expect((await row())?.failures).toBe(1);
  });

  test.each([
    ['auth', 401],
    ['bad_request', 400],
    ['no_key', undefined],
  ] as const)('%s is not retried and does not count against the breaker', async (kind, status) => {
    const e = new ProviderError('gemini', kind, `gemini: ${kind}`, status === undefined ? {} : { status });
    const s = script(e, e);
    expect(await rejection(callWithHealing(sb.store, 'gemini', s.fn, opts()))).toBe(e);
    expect(s.calls()).toBe(1);
    expect(await row()).toBeNull();
  });

  test('a raw network error (not a ProviderError) is classified and retried', async () => {
    const net = Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }) });
    expect(await callWithHealing(sb.store, 'gemini', script(net).fn, opts())).toBe('ok');
    expect(sb.slept).toEqual([2000]);
  });

  test('an ordinary bug in fn (a TypeError) is neither retried nor counted', async () => {
    const s = script(new TypeError('cannot read properties of undefined'));
    await rejection(callWithHealing(sb.store, 'gemini', s.fn, opts()));
    expect(s.calls()).toBe(1);
    expect(await row()).toBeNull();
  });

  test('aborting during a retry’s wait stops at once and counts nothing', async () => {
    const ac = new AbortController();
    const s = script(serverError(), serverError());
    const p = callWithHealing(sb.store, 'gemini', s.fn, { now: () => sb.clock, random: () => 0.5, baseDelayMs: 50_000, maxDelayMs: 50_000, signal: ac.signal });
    setTimeout(() => ac.abort(), 20);
    const started = Date.now();
    const err = await rejection(p);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect((err as Error).name).toBe('AbortError');
    expect(s.calls()).toBe(1);
    expect(await row()).toBeNull();
  });
});

describe('the breaker', () => {
  test('a failed call counts once, however many retries it made; three in a row open it', async () => {
    await rejection(callWithHealing(sb.store, 'gemini', script(serverError(), serverError(), serverError(), serverError()).fn, opts()));
    expect(await row()).toMatchObject({ state: 'closed', failures: 1 });
    await rejection(callWithHealing(sb.store, 'gemini', script(serverError()).fn, opts({ maxAttempts: 0 })));
    await rejection(callWithHealing(sb.store, 'gemini', script(serverError()).fn, opts({ maxAttempts: 0 })));
    expect(await row()).toMatchObject({ state: 'open', failures: 3, opened_at: sb.clock });
  });

  test('a success in between resets the count', async () => {
    const fail = () => rejection(callWithHealing(sb.store, 'gemini', script(serverError()).fn, opts({ maxAttempts: 0 })));
    await fail();
    await fail();
    await callWithHealing(sb.store, 'gemini', script().fn, opts());
    await fail();
    await fail();
    expect(await row()).toMatchObject({ state: 'closed', failures: 2 });
  });

  test('open refuses without calling fn, saying when it will try again', async () => {
    await openBreaker();
    sb.clock += 10_000;
    const s = script();
    const err = await rejection(callWithHealing(sb.store, 'gemini', s.fn, opts()));
    expect(err).toBeInstanceOf(BreakerOpenError);
    expect(err).toMatchObject({ provider: 'gemini', retryAfterMs: 20_000, message: 'the gemini circuit breaker is open after 3 consecutive failures; retrying in 20s' });
    expect(s.calls()).toBe(0);
  });

  test('after halfOpenAfterMs a single trial: concurrent callers are refused while it runs', async () => {
    await openBreaker();
    sb.clock += 30_000;
    let release!: () => void;
    let trialCalls = 0;
    const trial = callWithHealing(sb.store, 'gemini', () => {
      trialCalls++;
      return new Promise<string>((r) => (release = () => r('probe ok')));
    }, opts());
    for (let i = 0; trialCalls === 0 && i < 1000; i++) await new Promise((r) => setTimeout(r, 5));
    const other = script();
    const err = await rejection(callWithHealing(sb.store, 'gemini', other.fn, opts()));
    expect(err).toBeInstanceOf(BreakerOpenError);
    expect((err as Error).message).toMatch(/half-open and another call is making the trial request/);
    expect(other.calls()).toBe(0);
    release();
    expect(await trial).toBe('probe ok');
    expect(await row()).toMatchObject({ state: 'closed', failures: 0, opened_at: null });
    expect(await callWithHealing(sb.store, 'gemini', other.fn, opts())).toBe('ok');
  });

  test('trial failure opens it again, after one attempt (a trial is not retried)', async () => {
    await openBreaker();
    sb.clock += 30_000;
    const s = script(serverError(), serverError());
    await rejection(callWithHealing(sb.store, 'gemini', s.fn, opts()));
    expect(s.calls()).toBe(1);
    expect(await row()).toMatchObject({ state: 'open', opened_at: sb.clock });
    const status = await loadHealingStatus(sb.store, sb.clock);
    expect(status.breakers[0]).toMatchObject({ provider: 'gemini', state: 'open', tripCount: 2, retryAfterMs: 30_000 });
  });

  test('a trial claim left by a dead process is retaken after trialStaleMs', async () => {
    await openBreaker();
    sb.clock += 30_000;
    await sb.store.write((db) => {
      const r = breakers.get(db, 'gemini')!;
      breakers.set(db, { name: 'gemini', state: 'half-open', failures: r.failures, opened_at: r.opened_at, ts: sb.clock, data: { ...JSON.parse(r.data), trial: { id: 'dead', at: sb.clock } } });
    });
    expect(await rejection(callWithHealing(sb.store, 'gemini', script().fn, opts()))).toBeInstanceOf(BreakerOpenError);
    sb.clock += 60_000;
    expect(await callWithHealing(sb.store, 'gemini', script().fn, opts())).toBe('ok');
    expect((await row())?.state).toBe('closed');
  });

  test('a success on a closed, clean breaker writes nothing', async () => {
    await sb.store.write(() => undefined);
    const before = statSync(sb.store.paths.db);
    await callWithHealing(sb.store, 'gemini', script().fn, opts());
    const after = statSync(sb.store.paths.db);
    expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs]);
    expect(await row()).toBeNull();
  });

  test('a store that cannot record the outcome does not lose the result', async () => {
    const broken = { read: sb.store.read.bind(sb.store), write: async () => Promise.reject(new Error('disk full')) } as unknown as Store;
    await rejection(callWithHealing(sb.store, 'gemini', script(serverError()).fn, opts({ maxAttempts: 0 })));
    const reported: unknown[] = [];
    expect(await callWithHealing(broken, 'gemini', script().fn, opts({ onStoreError: (e) => reported.push(e) }))).toBe('ok');
    expect(reported).toHaveLength(1);
    expect((reported[0] as Error).message).toBe('disk full');
  });
});

describe('semantic failures', () => {
  test('open the breaker at semanticThreshold and reset when it closes', async () => {
    for (let i = 0; i < 4; i++) expect((await recordSemanticFailure(sb.store, 'gemini', i % 2 ? 'hallucination' : 'wrong_output', opts())).state).toBe('closed');
    const fifth = await recordSemanticFailure(sb.store, 'gemini', 'hallucination', opts());
    expect(fifth).toMatchObject({ state: 'open', semanticFailures: { wrong_output: 2, hallucination: 3 }, retryAfterMs: 30_000 });
    const err = await rejection(callWithHealing(sb.store, 'gemini', script().fn, opts()));
    expect((err as Error).message).toBe('the gemini circuit breaker is open after 5 semantic failures (wrong_output×2, hallucination×3); retrying in 30s');
    sb.clock += 30_000;
    await callWithHealing(sb.store, 'gemini', script().fn, opts());
    const closed = (await loadHealingStatus(sb.store, sb.clock)).breakers[0];
    expect(closed).toMatchObject({ state: 'closed', semanticFailures: {} });
    expect((await recordSemanticFailure(sb.store, 'gemini', 'hallucination', opts())).state).toBe('closed');
  });

  test('a bad type gets a clear error', async () => {
    await expect(recordSemanticFailure(sb.store, 'gemini', '  ', opts())).rejects.toThrow(/type must be a non-empty failure type such as "hallucination"/);
  });
});

describe('status and reset', () => {
  test('status lists every breaker with redacted last errors', async () => {
    const leaky = new ProviderError('openai', 'server', 'openai: HTTP 500: upstream said Authorization: Bearer sk-proj-a1b2c3d4e5f6g7h8i9j0k1l2m3n4', { status: 500 });
    await rejection(callWithHealing(sb.store, 'openai', script(leaky).fn, opts({ maxAttempts: 0 })));
    await openBreaker();
    const { breakers: list } = await loadHealingStatus(sb.store, sb.clock + 5_000);
    expect(list.map((b) => [b.provider, b.state, b.consecutiveFailures, b.retryAfterMs])).toEqual([
      ['gemini', 'open', 3, 25_000],
      ['openai', 'closed', 1, 0],
    ]);
    expect(list[1]?.lastError).not.toContain('a1b2c3d4');
    expect(list[1]?.lastFailureAt).toBe(sb.clock);
  });

  test('resetBreaker closes an open breaker; an unknown name gives null and writes nothing', async () => {
    await openBreaker();
    expect(await resetBreaker(sb.store, 'gemini', sb.clock)).toMatchObject({ provider: 'gemini', state: 'closed', consecutiveFailures: 0, tripCount: 1 });
    expect(await callWithHealing(sb.store, 'gemini', script().fn, opts())).toBe('ok');
    expect(await resetBreaker(sb.store, 'nope', sb.clock)).toBeNull();
  });
});

describe('bad input', () => {
  test.each([
    [{ failureThreshold: 0 }, 'healing option failureThreshold: must be an integer ≥ 1, got 0'],
    [{ maxAttempts: 1.5 }, 'healing option maxAttempts: must be an integer ≥ 0, got 1.5'],
    [{ jitter: 2 }, 'healing option jitter: must be a number from 0 to 1, got 2'],
    [{ halfOpenAfterMs: -1 }, 'healing option halfOpenAfterMs: must be a number of milliseconds ≥ 0, got -1'],
    [{ baseDelayMs: 5000, maxDelayMs: 1000 }, 'healing option maxDelayMs: must be at least baseDelayMs (5000), got 1000'],
  ] as [HealingOptions, string][])('%j is refused before any call', async (o, message) => {
    const s = script();
    await expect(callWithHealing(sb.store, 'gemini', s.fn, o)).rejects.toThrow(message);
    expect(s.calls()).toBe(0);
  });

  test('an empty provider name is refused', async () => {
    await expect(callWithHealing(sb.store, '', script().fn)).rejects.toThrow(/provider: must be a non-empty name such as "gemini"/);
  });
});
