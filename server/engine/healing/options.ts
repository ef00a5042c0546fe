/**
 * The knobs of healing, their defaults (the original's numbers, §12 of the reference) and their checks: a
 * bad value is a clear RangeError naming the option and the value, never a breaker that silently never opens.
 */
import { setTimeout as wait } from 'node:timers/promises';

export interface RetryInfo {
  /** 1 for the first retry. */
  attempt: number;
  /** How long the retry waits before it is sent. */
  delayMs: number;
  /** What the previous attempt threw. */
  error: unknown;
}

export interface HealingOptions {
  /** Consecutive failed calls (after their retries) that open the breaker. Default 3. */
  failureThreshold?: number;
  /** How long an open breaker refuses calls before it admits one trial call. Default 30 s. */
  halfOpenAfterMs?: number;
  /** Retries after the first try (so up to maxAttempts + 1 requests per call). Default 3. */
  maxAttempts?: number;
  /** The first retry's delay; each further retry doubles it. Default 2 s. */
  baseDelayMs?: number;
  /** No retry waits longer than this (before jitter); a longer Retry-After stops the retries. Default 60 s. */
  maxDelayMs?: number;
  /** Each delay is scaled by a uniform factor in [1 − jitter, 1 + jitter]. Default 0.1. */
  jitter?: number;
  /** Semantic failures (wrong answers) within one closed period that open the breaker. Default 5. */
  semanticThreshold?: number;
  /** A half-open trial claim older than this is abandoned (its process died) and may be retaken. Default 60 s. */
  trialStaleMs?: number;
  now?: () => number;
  /** Waits `ms`, rejecting when `signal` aborts. Default: node:timers/promises setTimeout. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Uniform in [0, 1). Default Math.random. */
  random?: () => number;
  onRetry?: (info: RetryInfo) => void;
  /** Aborts the call, including a retry's wait; an aborted call never counts against the breaker. */
  signal?: AbortSignal;
  /** Told when the outcome of a finished call could not be recorded (the call's own result is still returned). */
  onStoreError?: (err: unknown) => void;
}

export type ResolvedOptions = Required<Omit<HealingOptions, 'onRetry' | 'signal' | 'onStoreError'>> &
  Pick<HealingOptions, 'onRetry' | 'signal' | 'onStoreError'>;

export const DEFAULTS = {
  failureThreshold: 3,
  halfOpenAfterMs: 30_000,
  maxAttempts: 3,
  baseDelayMs: 2_000,
  maxDelayMs: 60_000,
  jitter: 0.1,
  semanticThreshold: 5,
  trialStaleMs: 60_000,
} as const;

const sleepFor = (ms: number, signal?: AbortSignal): Promise<void> => wait(ms, undefined, signal ? { signal } : {});

/**
 * Fills in the defaults and checks every number.
 *
 * @example
 * resolveOptions({ maxAttempts: 0 }).failureThreshold // → 3
 * resolveOptions({ jitter: 2 }) // throws RangeError: healing option jitter: must be a number from 0 to 1, got 2
 */
export function resolveOptions(opts: HealingOptions = {}): ResolvedOptions {
  const r: ResolvedOptions = {
    ...DEFAULTS,
    now: Date.now,
    sleep: sleepFor,
    random: Math.random,
    ...definedOnly(opts),
  };
  integer('failureThreshold', r.failureThreshold, 1);
  integer('maxAttempts', r.maxAttempts, 0);
  integer('semanticThreshold', r.semanticThreshold, 1);
  for (const k of ['halfOpenAfterMs', 'baseDelayMs', 'maxDelayMs', 'trialStaleMs'] as const) duration(k, r[k]);
  if (r.maxDelayMs < r.baseDelayMs) throw new RangeError(`healing option maxDelayMs: must be at least baseDelayMs (${r.baseDelayMs}), got ${r.maxDelayMs}`);
  if (typeof r.jitter !== 'number' || !(r.jitter >= 0 && r.jitter <= 1)) {
    throw new RangeError(`healing option jitter: must be a number from 0 to 1, got ${show(r.jitter)}`);
  }
  for (const k of ['now', 'sleep', 'random', 'onRetry', 'onStoreError'] as const) {
    if (r[k] !== undefined && typeof r[k] !== 'function') throw new TypeError(`healing option ${k}: must be a function, got ${show(r[k])}`);
  }
  return r;
}

/**
 * Checks a breaker name: the provider's name, as the store keys it.
 *
 * @example
 * checkProvider('gemini') // → 'gemini'
 * checkProvider('') // throws TypeError: provider: must be a non-empty name such as "gemini", got ""
 */
export function checkProvider(provider: unknown): string {
  if (typeof provider !== 'string' || provider.trim() === '' || provider.length > 200 || /[\u0000-\u001f]/.test(provider)) {
    throw new TypeError(`provider: must be a non-empty name such as "gemini" (at most 200 characters, no control characters), got ${show(provider)}`);
  }
  return provider;
}

function definedOnly(opts: HealingOptions): Partial<ResolvedOptions> {
  return Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined)) as Partial<ResolvedOptions>;
}

function integer(name: string, v: unknown, min: number): void {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) throw new RangeError(`healing option ${name}: must be an integer ≥ ${min}, got ${show(v)}`);
}

function duration(name: string, v: unknown): void {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new RangeError(`healing option ${name}: must be a number of milliseconds ≥ 0, got ${show(v)}`);
}

function show(v: unknown): string {
  if (typeof v === 'function') return 'a function';
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 60 ? `${s.slice(0, 60)}…` : s;
}
