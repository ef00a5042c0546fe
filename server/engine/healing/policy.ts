/**
 * Every provider call through its breaker: the breaker's state is read from the store (so every process
 * sees the same one), an open breaker refuses at once, the call runs under cockatiel's RetryPolicy with the
 * healing backoff, and the outcome is written back — only when it changes something.
 */
import { DelegateBackoff, handleWhen, type IBackoff, type IRetryBackoffContext, retry } from 'cockatiel';
import { newId } from '../store/journal.js';
import { breakers } from '../store/repos-runs.js';
import type { Store } from '../store/store.js';
import {
  admission, afterFailure, afterNeutral, afterSemanticFailure, afterSuccess, type BreakerRecord, claimTrial, fromRow, isClean, resetRecord, toRow,
} from './breaker-state.js';
import { BreakerOpenError } from './errors.js';
import { classifyFailure } from './failure.js';
import { checkProvider, type HealingOptions, type ResolvedOptions, resolveOptions } from './options.js';
import { HealingBackoff } from './retry-delay.js';
import { type BreakerStatus, breakerStatus } from './status.js';

type Ctx = IRetryBackoffContext<unknown>;

/**
 * Calls `fn` through `provider`'s circuit breaker, with retries. Throws BreakerOpenError without calling
 * `fn` while the breaker is open (or another process holds its half-open trial); otherwise what `fn`
 * resolves to, or the last error it threw.
 *
 * @example
 * const answer = await callWithHealing(store, 'gemini', (signal) => gemini.generate({ prompt, signal }));
 */
export async function callWithHealing<T>(store: Store, provider: string, fn: (signal: AbortSignal) => Promise<T>, opts: HealingOptions = {}): Promise<T> {
  checkProvider(provider);
  if (typeof fn !== 'function') throw new TypeError(`callWithHealing: fn must be a function (signal) => Promise, got ${typeof fn}`);
  const o = resolveOptions(opts);
  const trialId = await admit(store, provider, o);
  let result: T;
  try {
    result = await attempts(provider, fn, o, trialId === null ? o.maxAttempts : 0);
  } catch (err) {
    const v = classifyFailure(err, provider, { maxDelayMs: o.maxDelayMs, aborted: o.signal?.aborted === true });
    if (v.counts || trialId !== null) {
      await record(o, () =>
        transition(store, provider, o, (r, now) => (v.counts ? afterFailure(r, now, { message: v.message, hintMs: v.hintMs }, o) : afterNeutral(r, now, trialId, v.answered))),
      );
    }
    throw err;
  }
  await record(o, async () => {
    if (trialId === null && isClean(await current(store, provider, o.now()))) return;
    await transition(store, provider, o, afterSuccess);
  });
  return result;
}

/**
 * Counts a graded answer that failed (wrong output, hallucination…) against `provider`'s breaker; the
 * `semanticThreshold`-th of the current closed period opens it. Returns the breaker's status afterwards.
 *
 * @example
 * await recordSemanticFailure(store, 'gemini', 'hallucination');
 */
export async function recordSemanticFailure(store: Store, provider: string, type: string, opts: HealingOptions = {}): Promise<BreakerStatus> {
  checkProvider(provider);
  if (typeof type !== 'string' || type.trim() === '' || type.length > 100) {
    throw new TypeError(`recordSemanticFailure: type must be a non-empty failure type such as "hallucination" (at most 100 characters), got ${JSON.stringify(type)}`);
  }
  const o = resolveOptions(opts);
  const r = await transition(store, provider, o, (rec, now) => afterSemanticFailure(rec, now, type.trim(), o));
  return breakerStatus(r, o.now());
}

/**
 * Closes `provider`'s breaker and clears its counts (a human's decision, from the CLI). Null when no breaker
 * of that name was ever recorded (nothing is written).
 *
 * @example
 * const status = await resetBreaker(store, 'gemini', Date.now()); // status?.state === 'closed'
 */
export async function resetBreaker(store: Store, provider: string, now: number): Promise<BreakerStatus | null> {
  checkProvider(provider);
  if ((await store.read((db) => breakers.get(db, provider))) === null) return null;
  const r = await transition(store, provider, { now: () => now }, (rec, t) => (rec.state === 'closed' && rec.failures === 0 && Object.keys(rec.semantic).length === 0 ? null : resetRecord(rec, t)));
  return breakerStatus(r, now);
}

/** Refuses, lets the call through (null), or claims the half-open trial (its id), deciding again under the lock. */
async function admit(store: Store, provider: string, o: ResolvedOptions): Promise<string | null> {
  const seen = admission(await current(store, provider, o.now()), o.now(), o);
  if (seen.kind === 'call') return null;
  if (seen.kind === 'refuse') throw new BreakerOpenError(provider, seen.retryAfterMs, seen.message);
  const id = newId();
  const decided = await store.write((db) => {
    const now = o.now();
    const r = fromRow(breakers.get(db, provider), provider, now);
    const a = admission(r, now, o);
    if (a.kind === 'trial') breakers.set(db, toRow(claimTrial(r, now, id)));
    return a;
  });
  if (decided.kind === 'refuse') throw new BreakerOpenError(provider, decided.retryAfterMs, decided.message);
  return decided.kind === 'trial' ? id : null;
}

/**
 * cockatiel's RetryPolicy runs the attempts (filtering, counting, giving up with the last error). Its own
 * wait is a bare setTimeout that ignores the abort signal and cannot be injected, so the backoff it sees is
 * 0 ms and the real delay, from HealingBackoff, is slept at the start of the next attempt.
 */
async function attempts<T>(provider: string, fn: (signal: AbortSignal) => Promise<T>, o: ResolvedOptions, maxAttempts: number): Promise<T> {
  const signal = o.signal ?? new AbortController().signal;
  const delays = new HealingBackoff(o, o.random);
  let chain: IBackoff<Ctx> | undefined;
  let pendingMs = 0;
  const backoff = new DelegateBackoff<Ctx>((ctx) => {
    chain = chain ? chain.next(ctx) : delays.next(ctx);
    pendingMs = chain.duration;
    o.onRetry?.({ attempt: ctx.attempt, delayMs: pendingMs, error: 'error' in ctx.result ? ctx.result.error : ctx.result.value });
    return 0;
  });
  const policy = retry(
    handleWhen((err) => classifyFailure(err, provider, { maxDelayMs: o.maxDelayMs, aborted: signal.aborted }).retry),
    { maxAttempts, backoff },
  );
  return policy.execute(async ({ attempt }) => {
    if (attempt > 0) await o.sleep(pendingMs, signal);
    return fn(signal);
  }, signal);
}

async function current(store: Store, provider: string, now: number): Promise<BreakerRecord> {
  return fromRow(await store.read((db) => breakers.get(db, provider)), provider, now);
}

/** Re-reads the record under the lock, applies `step`, and writes the result when it changed. */
async function transition(
  store: Store,
  provider: string,
  o: Pick<ResolvedOptions, 'now'>,
  step: (r: BreakerRecord, now: number) => BreakerRecord | null,
): Promise<BreakerRecord> {
  return store.write((db) => {
    const now = o.now();
    const r = fromRow(breakers.get(db, provider), provider, now);
    const next = step(r, now);
    if (next) breakers.set(db, toRow(next));
    return next ?? r;
  });
}

/** The call is over: failing to record its outcome must not lose its result (or replace its error). */
async function record(o: ResolvedOptions, fn: () => Promise<unknown>): Promise<void> {
  try {
    await fn();
  } catch (err) {
    if (o.onStoreError) o.onStoreError(err);
    else process.stderr.write(`task-orchestrator: could not record a provider call's outcome in the breaker: ${(err as Error).message ?? String(err)}\n`);
  }
}
