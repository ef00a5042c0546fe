// The retry delays: min(base·2^n, max)·(1 ± jitter), a provider's hint instead when it gave one.
import { ExponentialBackoff, type IBackoff, type IRetryBackoffContext } from 'cockatiel';
import { describe, expect, test } from 'vitest';
import { backoffDelay, HealingBackoff, retryHint, symmetricJitter } from '../../../server/engine/healing/retry-delay.js';
import { ProviderError } from '../../../server/engine/providers/types.js';

const cfg = { baseDelayMs: 2_000, maxDelayMs: 60_000, jitter: 0.1 };
type Ctx = IRetryBackoffContext<unknown>;
const ctx = (error: Error, attempt = 1): Ctx => ({ attempt, signal: new AbortController().signal, result: { error } });
const serverError = new ProviderError('gemini', 'server', 'HTTP 500');

describe('backoffDelay', () => {
  test('doubles from the base: 2 s, 4 s, 8 s, 16 s with the jitter factor at 1', () => {
    expect([0, 1, 2, 3].map((n) => backoffDelay(n, cfg, 0.5))).toEqual([2000, 4000, 8000, 16000]);
  });

  test('jitter scales the delay by exactly 1 − jitter at r = 0 and towards 1 + jitter as r → 1', () => {
    expect(backoffDelay(2, cfg, 0)).toBe(7200);
    expect(backoffDelay(2, cfg, 0.75)).toBe(8400);
    expect(backoffDelay(2, cfg, 0.999999)).toBe(8800);
  });

  test('is capped at maxDelayMs before the jitter is applied', () => {
    expect(backoffDelay(5, cfg, 0.5)).toBe(60_000); // 2000·32 = 64000 → 60000
    expect(backoffDelay(30, cfg, 0)).toBe(54_000);
    expect(backoffDelay(30, { ...cfg, jitter: 0 }, 0.9)).toBe(60_000);
  });
});

describe('HealingBackoff (a cockatiel backoff)', () => {
  const chain = (b: HealingBackoff, contexts: Ctx[]): number[] => {
    let cur: IBackoff<Ctx> | undefined;
    return contexts.map((c) => (cur = cur ? cur.next(c) : b.next(c)).duration);
  };

  test('gives the exponential sequence for unhinted failures, one random draw per retry', () => {
    const draws = [0, 0.5, 1 - 1e-9, 0.25];
    let i = 0;
    const b = new HealingBackoff(cfg, () => draws[i++] ?? 0.5);
    expect(chain(b, [ctx(serverError, 1), ctx(serverError, 2), ctx(serverError, 3), ctx(serverError, 4)])).toEqual([1800, 4000, 8800, 15200]);
  });

  test('waits exactly the Retry-After hint of the failed attempt, and the sequence still advances', () => {
    const limited = new ProviderError('openai', 'rate_limit', 'HTTP 429', { status: 429, retryAfterMs: 7_000 });
    const b = new HealingBackoff(cfg, () => 0.5);
    expect(chain(b, [ctx(limited, 1), ctx(serverError, 2), ctx(limited, 3)])).toEqual([7000, 4000, 7000]);
  });

  test('caps a hint at maxDelayMs', () => {
    const limited = new ProviderError('gemini', 'rate_limit', 'HTTP 429', { retryAfterMs: 90_000 });
    expect(new HealingBackoff(cfg, () => 0.5).next(ctx(limited)).duration).toBe(60_000);
  });

  test('symmetricJitter plugs into cockatiel’s ExponentialBackoff', () => {
    const exp = new ExponentialBackoff({ generator: symmetricJitter(0.1, () => 0), initialDelay: 1000, maxDelay: 5000 });
    const first = exp.next();
    expect([first.duration, first.next(undefined).duration, first.next(undefined).next(undefined).next(undefined).duration]).toEqual([900, 1800, 4500]);
  });
});

describe('retryHint', () => {
  test('reads retryAfterMs from a ProviderError only', () => {
    expect(retryHint(new ProviderError('gemini', 'rate_limit', '429', { retryAfterMs: 30_000 }))).toBe(30_000);
    expect(retryHint(serverError)).toBeUndefined();
    expect(retryHint(Object.assign(new Error('x'), { retryAfterMs: 5 }))).toBeUndefined();
  });
});
