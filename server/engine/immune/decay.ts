/**
 * How remembered failures fade: relevance halves every 72 h unless reinforced, a pattern that has not
 * recurred for 14 days is stale, and a stale pattern whose relevance fell below 0.1 is pruned. Relevance
 * is stored as of `relevanceAt` and decayed on read, so nothing needs to run on a timer.
 */
import type { FailurePattern } from './types.js';

export const HALF_LIFE_HOURS = 72;
export const STALE_DAYS = 14;
export const PRUNE_BELOW = 0.1;
/** A new pattern's relevance. */
export const INITIAL_RELEVANCE = 0.5;

/** How much a recurrence of the failure adds to its pattern's relevance (`observeFailure`). */
export const RECURRENCE_WEIGHT = 0.2;

/**
 * Weights for `reinforce` after a warning built from the pattern was shown: the pattern's worth as a
 * lesson. A warning that was followed by success proves the lesson useful; one that did not help, or
 * was judged a false alarm, makes it fade sooner.
 */
export const INTERACTION_WEIGHTS = {
  /** The pattern matched a request and its warning was shown. */
  match: 0.05,
  /** The warned request then succeeded. */
  criticalSuccess: 0.2,
  /** The warned request partly succeeded. */
  partial: 0.01,
  /** The warned request failed anyway, in another way: the warning did not help. */
  failurePenalty: -0.15,
  /** The warning was judged wrong for the request (a false alarm). */
  criticalFailure: -0.5,
} as const;

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

const clamp01 = (x: number): number => (x < 0 ? 0 : x > 1 ? 1 : x);

/**
 * The pattern's relevance at `now`: S = S_at · 2^(−Δh / 72), Δh the hours since `relevanceAt` (never
 * negative, so a clock that went backwards does not raise it).
 *
 * @example
 * decayedRelevance({ ...p, relevance: 0.8, relevanceAt: t }, t + 72 * 3_600_000) // → 0.4
 */
export function decayedRelevance(p: Pick<FailurePattern, 'relevance' | 'relevanceAt'>, now: number): number {
  const hours = Math.max(0, now - p.relevanceAt) / HOUR_MS;
  return clamp01(p.relevance * 2 ** (-hours / HALF_LIFE_HOURS));
}

/**
 * The pattern with `weight` added to its relevance decayed to `now`, clamped to [0, 1].
 *
 * @example
 * reinforce(p, now, INTERACTION_WEIGHTS.match).relevance // → decayedRelevance(p, now) + 0.05 (at most 1)
 */
export function reinforce(p: FailurePattern, now: number, weight: number): FailurePattern {
  return { ...p, relevance: clamp01(decayedRelevance(p, now) + weight), relevanceAt: Math.max(now, p.relevanceAt) };
}

/**
 * True when the failure has not recurred for 14 days.
 *
 * @example
 * isStale({ ...p, lastSeen: now - 15 * 86_400_000 }, now) // → true
 */
export function isStale(p: Pick<FailurePattern, 'lastSeen'>, now: number): boolean {
  return now - p.lastSeen >= STALE_DAYS * DAY_MS;
}

/**
 * True when the pattern is stale and its decayed relevance is below 0.1: it no longer earns its place.
 *
 * @example
 * shouldPrune({ ...p, relevance: 0.5, relevanceAt: t, lastSeen: t }, t + 15 * 86_400_000) // → true
 */
export function shouldPrune(p: FailurePattern, now: number): boolean {
  return isStale(p, now) && decayedRelevance(p, now) < PRUNE_BELOW;
}

/**
 * Splits patterns into those kept and the ids to prune; `stale` lists the kept ones that are stale (a
 * reinforced pattern can stay relevant after it stopped recurring). Kept patterns are returned as they
 * were: relevance is decayed on read.
 *
 * @example
 * const { kept, pruned } = applyDecay(patterns, Date.now()); // the store deletes `pruned`
 */
export function applyDecay(patterns: readonly FailurePattern[], now: number): { kept: FailurePattern[]; pruned: string[]; stale: string[] } {
  const kept: FailurePattern[] = [];
  const pruned: string[] = [];
  const stale: string[] = [];
  for (const p of patterns) {
    if (shouldPrune(p, now)) pruned.push(p.id);
    else {
      kept.push(p);
      if (isStale(p, now)) stale.push(p.id);
    }
  }
  return { kept, pruned, stale };
}
