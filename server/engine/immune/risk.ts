/**
 * A match's risk: how much a request's resemblance to a past failure should worry us.
 *
 *   risk = similarity × recurrence(count) × freshness(relevance) × operationWeight
 *
 * Each factor is in [0, 1] and only `similarity` depends on the request's words, so for one pattern a more
 * similar request always has the higher risk, and a request with nothing in common (similarity 0) has
 * risk 0 however often the pattern recurred.
 */
import { decayedRelevance, INITIAL_RELEVANCE } from './decay.js';
import type { FailurePattern } from './types.js';

/** The recurrence factor of a pattern seen once; it rises to 1 at RECURRENCE_FULL occurrences. */
export const RECURRENCE_FLOOR = 0.8;
export const RECURRENCE_FULL = 8;
/** A pattern of another operation than the one asked about counts this much (a weight, never a vote). */
export const OTHER_OPERATION_WEIGHT = 0.7;

/**
 * 0.8 for a single occurrence, rising with log2(count) to 1 at 8 occurrences and more.
 *
 * @example
 * recurrenceFactor(1) // → 0.8
 * recurrenceFactor(2) // → 0.8667
 * recurrenceFactor(8) // → 1
 */
export function recurrenceFactor(count: number): number {
  const c = Math.max(1, count);
  return RECURRENCE_FLOOR + (1 - RECURRENCE_FLOOR) * Math.min(1, Math.log2(c) / Math.log2(RECURRENCE_FULL));
}

/**
 * √(relevance / 0.5), at most 1: 1 for a new pattern, 0.71 three days (one half-life) later, 0.5 after
 * six; a reinforced pattern stays at 1 longer. The square root makes a memory fade more gently than its
 * relevance, which governs pruning.
 *
 * @example
 * freshnessFactor({ relevance: 0.5, relevanceAt: t }, t + 72 * 3_600_000) // → 0.7071
 */
export function freshnessFactor(p: Pick<FailurePattern, 'relevance' | 'relevanceAt'>, now: number): number {
  return Math.min(1, Math.sqrt(decayedRelevance(p, now) / INITIAL_RELEVANCE));
}

/**
 * The risk of a match of `similarity` with `p` at `now`; `sameOperation` false applies OTHER_OPERATION_WEIGHT.
 *
 * @example
 * matchRisk(0.9, newPattern, newPattern.lastSeen, true) // → 0.72 (0.9 × 0.8 × 1 × 1)
 */
export function matchRisk(similarity: number, p: FailurePattern, now: number, sameOperation = true): number {
  const s = Math.min(1, Math.max(0, similarity));
  return s * recurrenceFactor(p.count) * freshnessFactor(p, now) * (sameOperation ? 1 : OTHER_OPERATION_WEIGHT);
}

/**
 * How much a pattern matters on its own, for ranking lists (briefing, dashboard): decayed relevance × count.
 *
 * @example
 * patternRank({ ...p, count: 3, relevance: 0.5, relevanceAt: now }, now) // → 1.5
 */
export function patternRank(p: FailurePattern, now: number): number {
  return decayedRelevance(p, now) * p.count;
}
