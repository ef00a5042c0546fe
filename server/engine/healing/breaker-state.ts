/**
 * A provider's breaker as the store keeps it, and its transitions as pure functions: each takes the record
 * read inside the write transaction and returns the next one, or null when nothing changes (so the caller
 * writes nothing). The columns hold what every surface reads (state, consecutive failures, opened_at); the
 * rest lives in `data`: trip count, when an open breaker admits a trial, the trial claim, the last error,
 * and the semantic failures of the current closed period.
 */
import { ConsecutiveBreaker } from 'cockatiel';
import { z } from 'zod/v4';
import { redact } from '../redact.js';
import type { Breaker } from '../store/repos-runs.js';

export type BreakerState = Breaker['state'];

export interface BreakerRecord {
  provider: string;
  state: BreakerState;
  /** Consecutive counted failures: of the current closed period, or those that opened it (plus failed trials). */
  failures: number;
  openedAt: number | null;
  /** When an open breaker admits a trial call. */
  halfOpenAt: number | null;
  openedBy: 'failures' | 'semantic' | null;
  /** How many times it has opened. */
  tripCount: number;
  lastFailureAt: number | null;
  /** Redacted and short. */
  lastError: string | null;
  /** Semantic failures by type, in the current closed period only. */
  semantic: Record<string, number>;
  /** The half-open trial in flight: who claimed it and when. */
  trial: { id: string; at: number } | null;
  updatedAt: number;
}

export interface TripConfig {
  failureThreshold: number;
  halfOpenAfterMs: number;
}

const LAST_ERROR_CHARS = 200;

const dataSchema = z.object({
  tripCount: z.number().int().nonnegative().catch(0),
  halfOpenAt: z.number().nullable().catch(null),
  openedBy: z.enum(['failures', 'semantic']).nullable().catch(null),
  lastFailureAt: z.number().nullable().catch(null),
  lastError: z.string().nullable().catch(null),
  semantic: z.record(z.string(), z.number().int().nonnegative()).catch({}),
  trial: z.object({ id: z.string(), at: z.number() }).nullable().catch(null),
});

/**
 * The record for a stored row (a closed, clean breaker when there is none). A damaged `data` field loses
 * only the damaged parts.
 *
 * @example
 * fromRow(null, 'gemini', 0) // → { provider: 'gemini', state: 'closed', failures: 0, … }
 */
export function fromRow(row: Breaker | null, provider: string, now: number): BreakerRecord {
  if (!row) return closed(provider, now);
  const parsed = dataSchema.safeParse(parseJson(row.data));
  const d = parsed.success ? parsed.data : dataSchema.parse({});
  const state: BreakerState = row.state === 'open' || row.state === 'half-open' ? row.state : 'closed';
  return {
    provider,
    state,
    failures: Math.max(0, Math.trunc(Number(row.failures) || 0)),
    openedAt: row.opened_at ?? null,
    updatedAt: row.updated_at,
    ...d,
  };
}

/**
 * The arguments of `breakers.set` for a record.
 *
 * @example
 * store.write((db) => breakers.set(db, toRow(next)))
 */
export function toRow(r: BreakerRecord): { name: string; state: BreakerState; failures: number; opened_at: number | null; ts: number; data: unknown } {
  const { tripCount, halfOpenAt, openedBy, lastFailureAt, lastError, semantic, trial } = r;
  return {
    name: r.provider,
    state: r.state,
    failures: r.failures,
    opened_at: r.openedAt,
    ts: r.updatedAt,
    data: { tripCount, halfOpenAt, openedBy, lastFailureAt, lastError, semantic, trial },
  };
}

/** Whether a success would change nothing: closed with no failure counted. */
export function isClean(r: BreakerRecord): boolean {
  return r.state === 'closed' && r.failures === 0;
}

/** When an open breaker admits its trial (older rows without `halfOpenAt`: opened_at + the caller's halfOpenAfterMs). */
export function trialAt(r: BreakerRecord, halfOpenAfterMs: number): number {
  return r.halfOpenAt ?? (r.openedAt ?? 0) + halfOpenAfterMs;
}

export type Admission =
  | { kind: 'call' }
  | { kind: 'trial' }
  | { kind: 'refuse'; retryAfterMs: number; message: string };

/** How soon a refused caller should look again while another process runs the trial. */
export const TRIAL_POLL_MS = 1_000;

/**
 * Whether a call may go ahead: closed → call; open before its trial time → refuse; open after it, or
 * half-open with no live claim (none, or one older than `trialStaleMs`) → trial; half-open with a live
 * claim → refuse (one trial at a time, across processes).
 *
 * @example
 * admission(openRecord, openRecord.halfOpenAt! - 5000, cfg) // → { kind: 'refuse', retryAfterMs: 5000, message: 'the gemini circuit breaker is open after 3 consecutive failures; retrying in 5s' }
 */
export function admission(r: BreakerRecord, now: number, cfg: { halfOpenAfterMs: number; trialStaleMs: number }): Admission {
  if (r.state === 'closed') return { kind: 'call' };
  if (r.state === 'open') {
    const wait = trialAt(r, cfg.halfOpenAfterMs) - now;
    return wait > 0 ? { kind: 'refuse', retryAfterMs: wait, message: openMessage(r, wait) } : { kind: 'trial' };
  }
  const left = r.trial === null ? 0 : r.trial.at + cfg.trialStaleMs - now;
  if (left <= 0) return { kind: 'trial' };
  const wait = Math.min(TRIAL_POLL_MS, left);
  return { kind: 'refuse', retryAfterMs: wait, message: `the ${r.provider} circuit breaker is half-open and another call is making the trial request; retrying in ${seconds(wait)}s` };
}

/**
 * The refusal text of an open breaker.
 *
 * @example
 * openMessage({ provider: 'openai', failures: 3, openedBy: 'failures', … }, 30_000) // → 'the openai circuit breaker is open after 3 consecutive failures; retrying in 30s'
 */
export function openMessage(r: BreakerRecord, waitMs: number): string {
  const why =
    r.openedBy === 'semantic'
      ? `${Object.values(r.semantic).reduce((a, b) => a + b, 0)} semantic failures (${Object.entries(r.semantic).map(([t, n]) => `${t}×${n}`).join(', ')})`
      : `${r.failures} consecutive failure${r.failures === 1 ? '' : 's'}`;
  return `the ${r.provider} circuit breaker is open after ${why}; retrying in ${seconds(waitMs)}s`;
}

/**
 * Claims the half-open trial for `id`.
 *
 * @example
 * claimTrial(openRecord, now, 'a1b2') // → { …, state: 'half-open', trial: { id: 'a1b2', at: now } }
 */
export function claimTrial(r: BreakerRecord, now: number, id: string): BreakerRecord {
  return { ...r, state: 'half-open', trial: { id, at: now }, updatedAt: now };
}

/**
 * After a successful call: half-open → closed (counts, semantic ones included, reset); closed with
 * failures → failures reset; clean or open (a call admitted before it opened) → null.
 *
 * @example
 * afterSuccess({ ...halfOpen }, now)?.state // → 'closed'
 */
export function afterSuccess(r: BreakerRecord, now: number): BreakerRecord | null {
  if (r.state === 'half-open') return close(r, now);
  if (r.state === 'closed' && r.failures > 0) return { ...r, failures: breakerCount(r.failures, 1, (b) => b.success()).count, updatedAt: now };
  return null;
}

/**
 * After a call that failed with a counted failure (its retries spent): closed → one more consecutive
 * failure, opening at the threshold; half-open (the trial failed) → open again; open → counted, stays open.
 * An open breaker waits halfOpenAfterMs, or the provider's hint when that is longer.
 *
 * @example
 * afterFailure(closedWith2Failures, now, { message: 'HTTP 500' }, { failureThreshold: 3, halfOpenAfterMs: 30_000 }).state // → 'open'
 */
export function afterFailure(r: BreakerRecord, now: number, f: { message: string; hintMs?: number }, cfg: TripConfig): BreakerRecord {
  const { count, trips } = breakerCount(r.failures, cfg.failureThreshold, (b) => b.failure());
  const next: BreakerRecord = { ...r, failures: count, lastFailureAt: now, lastError: shortError(f.message), updatedAt: now };
  if (r.state === 'open') return next;
  if (r.state === 'half-open' || trips) return open(next, now, 'failures', cfg.halfOpenAfterMs, f.hintMs);
  return next;
}

/**
 * After a call whose failure does not count (auth, bad request, an abort): when it was this caller's trial,
 * a provider that answered is reachable again → closed; otherwise the claim is released for the next caller.
 *
 * @example
 * afterNeutral(halfOpenClaimedBy('t1'), now, 't1', true)?.state // → 'closed'
 */
export function afterNeutral(r: BreakerRecord, now: number, trialId: string | null, answered: boolean): BreakerRecord | null {
  if (r.state !== 'half-open' || trialId === null || r.trial?.id !== trialId) return null;
  return answered ? close(r, now) : { ...r, trial: null, updatedAt: now };
}

/**
 * A graded answer that failed: counted by type in the current closed period; `semanticThreshold` of them
 * open the breaker. Ignored (null) while it is open or half-open: the period they belong to has ended.
 *
 * @example
 * afterSemanticFailure(closedRecord, now, 'hallucination', { semanticThreshold: 5, halfOpenAfterMs: 30_000 })?.semantic // → { hallucination: 1 }
 */
export function afterSemanticFailure(r: BreakerRecord, now: number, type: string, cfg: { semanticThreshold: number; halfOpenAfterMs: number }): BreakerRecord | null {
  if (r.state !== 'closed') return null;
  const semantic = { ...r.semantic, [type]: (r.semantic[type] ?? 0) + 1 };
  const next: BreakerRecord = { ...r, semantic, updatedAt: now };
  const total = Object.values(semantic).reduce((a, b) => a + b, 0);
  return total >= cfg.semanticThreshold ? open({ ...next, lastError: shortError(`semantic failure: ${type}`), lastFailureAt: now }, now, 'semantic', cfg.halfOpenAfterMs) : next;
}

/**
 * A human's reset: closed and clean; the trip count and the last error stay as history.
 *
 * @example
 * resetRecord(openRecord, now).state // → 'closed'
 */
export function resetRecord(r: BreakerRecord, now: number): BreakerRecord {
  return close(r, now);
}

function closed(provider: string, now: number): BreakerRecord {
  return {
    provider, state: 'closed', failures: 0, openedAt: null, halfOpenAt: null, openedBy: null, tripCount: 0, lastFailureAt: null, lastError: null,
    semantic: {}, trial: null, updatedAt: now,
  };
}

function close(r: BreakerRecord, now: number): BreakerRecord {
  return { ...r, state: 'closed', failures: 0, openedAt: null, halfOpenAt: null, openedBy: null, semantic: {}, trial: null, updatedAt: now };
}

function open(r: BreakerRecord, now: number, by: 'failures' | 'semantic', halfOpenAfterMs: number, hintMs?: number): BreakerRecord {
  return {
    ...r, state: 'open', openedAt: now, halfOpenAt: now + Math.max(halfOpenAfterMs, hintMs ?? 0), openedBy: by, tripCount: r.tripCount + 1, trial: null,
    updatedAt: now,
  };
}

/** cockatiel's ConsecutiveBreaker decides when the count trips; its serialisable `state` is our `failures`. */
function breakerCount(failures: number, threshold: number, apply: (b: ConsecutiveBreaker) => boolean | void): { count: number; trips: boolean } {
  const b = new ConsecutiveBreaker(threshold);
  b.state = failures;
  const trips = apply(b) === true;
  return { count: b.state, trips };
}

function shortError(message: string): string {
  const one = redact(message).replace(/\s+/g, ' ').trim();
  return one.length > LAST_ERROR_CHARS ? `${one.slice(0, LAST_ERROR_CHARS - 1)}…` : one;
}

function seconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return {};
  }
}
