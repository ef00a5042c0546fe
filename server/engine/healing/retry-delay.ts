/**
 * How long a retry waits: min(base·2^n, max)·(1 ± jitter) for the n-th retry (n from 0), as cockatiel's
 * ExponentialBackoff driven by a generator with the original's symmetric jitter; a provider's own hint
 * (429 Retry-After, Gemini RetryInfo) replaces the computed delay. Pure: the randomness is injected.
 */
import { ExponentialBackoff, type GeneratorFn, type IBackoff, type IBackoffFactory, type IRetryBackoffContext } from 'cockatiel';
import { ProviderError } from '../providers/types.js';

export interface DelayConfig {
  baseDelayMs: number;
  maxDelayMs: number;
  jitter: number;
}

/**
 * The n-th retry's delay (n = 0 for the first retry) without a hint; `r` is uniform in [0, 1).
 *
 * @example
 * backoffDelay(0, { baseDelayMs: 2000, maxDelayMs: 60_000, jitter: 0.1 }, 0.5) // → 2000
 * backoffDelay(2, { baseDelayMs: 2000, maxDelayMs: 60_000, jitter: 0.1 }, 0)   // → 7200 (8000 − 10 %)
 * backoffDelay(9, { baseDelayMs: 2000, maxDelayMs: 60_000, jitter: 0 }, 0.3)   // → 60000
 */
export function backoffDelay(n: number, cfg: DelayConfig, r: number): number {
  const capped = Math.min(cfg.baseDelayMs * 2 ** n, cfg.maxDelayMs);
  return Math.round(capped * (1 + cfg.jitter * (2 * r - 1)));
}

/**
 * A cockatiel backoff generator (its state: the retry number) applying {@link backoffDelay}.
 *
 * @example
 * new ExponentialBackoff({ generator: symmetricJitter(0.1, Math.random), initialDelay: 2000, maxDelay: 60_000 })
 */
export function symmetricJitter(jitter: number, random: () => number): GeneratorFn<number> {
  return (n = 0, o) => [backoffDelay(n, { baseDelayMs: o.initialDelay, maxDelayMs: o.maxDelay, jitter }, random()), n + 1];
}

/**
 * The provider's own retry hint on a failed attempt, in ms, when it gave one.
 *
 * @example
 * retryHint(new ProviderError('openai', 'rate_limit', '429', { retryAfterMs: 7000 })) // → 7000
 */
export function retryHint(error: unknown): number | undefined {
  return error instanceof ProviderError && typeof error.retryAfterMs === 'number' && Number.isFinite(error.retryAfterMs)
    ? Math.max(0, error.retryAfterMs)
    : undefined;
}

type Ctx = IRetryBackoffContext<unknown>;

/**
 * The retry backoff: the exponential sequence, except that an attempt which failed with a hint waits exactly
 * the hint (capped at maxDelayMs; a longer hint is not retried at all, see `classifyFailure`). The sequence
 * advances on every retry, hinted or not, so the n-th retry's fallback delay is always base·2^n.
 *
 * @example
 * const first = new HealingBackoff(cfg, Math.random).next(ctx); // first.duration: ≈ 2000, or ctx's hint
 */
export class HealingBackoff implements IBackoffFactory<Ctx> {
  private readonly exponential: ExponentialBackoff<number>;

  constructor(private readonly cfg: DelayConfig, random: () => number) {
    this.exponential = new ExponentialBackoff({ generator: symmetricJitter(cfg.jitter, random), initialDelay: cfg.baseDelayMs, maxDelay: cfg.maxDelayMs });
  }

  next(context: Ctx): IBackoff<Ctx> {
    return this.step(this.exponential.next(), context);
  }

  private step(exp: IBackoff<unknown>, context: Ctx): IBackoff<Ctx> {
    const hint = 'error' in context.result ? retryHint(context.result.error) : undefined;
    return {
      duration: hint === undefined ? exp.duration : Math.min(hint, this.cfg.maxDelayMs),
      next: (ctx: Ctx) => this.step(exp.next(undefined), ctx),
    };
  }
}
