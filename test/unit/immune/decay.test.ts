// Decay: relevance halves every 72 h, reinforcement adds to the decayed value, a pattern that has not
// recurred for 14 days is stale, and stale + relevance below 0.1 is pruned.
import { describe, expect, test } from 'vitest';
import {
  applyDecay, decayedRelevance, HALF_LIFE_HOURS, INTERACTION_WEIGHTS, isStale, PRUNE_BELOW, reinforce, shouldPrune, STALE_DAYS,
} from '../../../server/engine/immune/decay.js';
import { freshnessFactor, recurrenceFactor } from '../../../server/engine/immune/risk.js';
import type { FailurePattern } from '../../../server/engine/immune/types.js';
import { DAY, HOUR, obs, patternOf, T0 } from './helpers.js';

const base = (over: Partial<FailurePattern> = {}): FailurePattern => ({ ...patternOf(obs()), ...over });

describe('constants', () => {
  test('are the documented ones', () => {
    expect([HALF_LIFE_HOURS, STALE_DAYS, PRUNE_BELOW]).toEqual([72, 14, 0.1]);
    expect(INTERACTION_WEIGHTS).toEqual({ match: 0.05, criticalSuccess: 0.2, partial: 0.01, failurePenalty: -0.15, criticalFailure: -0.5 });
  });
});

describe('decayedRelevance', () => {
  test('S = S_at · 2^(−Δh/72)', () => {
    const p = base({ relevance: 0.8, relevanceAt: T0 });
    expect(decayedRelevance(p, T0)).toBe(0.8);
    expect(decayedRelevance(p, T0 + 72 * HOUR)).toBeCloseTo(0.4, 12);
    expect(decayedRelevance(p, T0 + 144 * HOUR)).toBeCloseTo(0.2, 12);
    expect(decayedRelevance(p, T0 + 36 * HOUR)).toBeCloseTo(0.8 / Math.SQRT2, 12);
  });

  test('a clock that went backwards does not raise it', () => {
    expect(decayedRelevance(base({ relevance: 0.5, relevanceAt: T0 }), T0 - DAY)).toBe(0.5);
  });
});

describe('reinforce', () => {
  test('adds the weight to the decayed relevance and moves relevanceAt', () => {
    const p = base({ relevance: 0.8, relevanceAt: T0 });
    const r = reinforce(p, T0 + 72 * HOUR, INTERACTION_WEIGHTS.match);
    expect(r.relevance).toBeCloseTo(0.45, 12);
    expect(r.relevanceAt).toBe(T0 + 72 * HOUR);
    expect(p.relevance).toBe(0.8); // pure
  });

  test('clamps to [0, 1]', () => {
    expect(reinforce(base({ relevance: 0.95, relevanceAt: T0 }), T0, INTERACTION_WEIGHTS.criticalSuccess).relevance).toBe(1);
    expect(reinforce(base({ relevance: 0.3, relevanceAt: T0 }), T0, INTERACTION_WEIGHTS.criticalFailure).relevance).toBe(0);
  });
});

describe('staleness and pruning', () => {
  test('stale once 14 days have passed without a recurrence', () => {
    const p = base({ lastSeen: T0 });
    expect(isStale(p, T0 + 14 * DAY - 1)).toBe(false);
    expect(isStale(p, T0 + 14 * DAY)).toBe(true);
  });

  test('pruned when stale and below 0.1; a reinforced stale pattern is kept', () => {
    const now = T0 + 15 * DAY;
    const faded = base({ lastSeen: T0, relevance: 0.5, relevanceAt: T0 });
    const reinforced = base({ lastSeen: T0, relevance: 0.6, relevanceAt: now - HOUR });
    const fresh = base({ lastSeen: now - DAY, relevance: 0.05, relevanceAt: now - DAY });
    expect(shouldPrune(faded, now)).toBe(true);
    expect(shouldPrune(reinforced, now)).toBe(false);
    expect(shouldPrune(fresh, now)).toBe(false); // low but not stale
  });

  test('applyDecay splits kept, pruned and stale-but-kept', () => {
    const now = T0 + 15 * DAY;
    const faded = base({ id: 'faded', lastSeen: T0, relevance: 0.5, relevanceAt: T0 });
    const reinforced = base({ id: 'reinforced', lastSeen: T0, relevance: 0.6, relevanceAt: now - HOUR });
    const fresh = base({ id: 'fresh', lastSeen: now - DAY, relevanceAt: now - DAY });
    const r = applyDecay([faded, reinforced, fresh], now);
    expect(r.pruned).toEqual(['faded']);
    expect(r.kept.map((p) => p.id)).toEqual(['reinforced', 'fresh']);
    expect(r.stale).toEqual(['reinforced']);
    expect(r.kept[0]).toBe(reinforced); // kept as is: relevance decays on read
  });
});

describe('risk factors', () => {
  test('recurrence: 0.8 once, rising with log2(count) to 1 at 8', () => {
    expect(recurrenceFactor(1)).toBeCloseTo(0.8, 12);
    expect(recurrenceFactor(2)).toBeCloseTo(0.8 + 0.2 / 3, 12);
    expect(recurrenceFactor(8)).toBeCloseTo(1, 12);
    expect(recurrenceFactor(100)).toBe(1);
  });

  test('freshness: √(relevance / 0.5), at most 1', () => {
    const p = base({ relevance: 0.5, relevanceAt: T0 });
    expect(freshnessFactor(p, T0)).toBe(1);
    expect(freshnessFactor(p, T0 + 72 * HOUR)).toBeCloseTo(Math.SQRT1_2, 12);
    expect(freshnessFactor(p, T0 + 144 * HOUR)).toBeCloseTo(0.5, 12);
    expect(freshnessFactor(base({ relevance: 1, relevanceAt: T0 }), T0 + 72 * HOUR)).toBe(1);
  });
});
