/**
 * The immune system's dashboard: how often tool calls fail and whether that is getting better, which
 * failures recur, and whether warnings prevent recurrences. Pure over plain rows; `now` is a parameter.
 *
 * The window is the last `days` UTC days including today's; the previous window the `days` before it.
 * Health, from the window's failure rate and its trend:
 *   no-data   no trials in the window
 *   critical  failure rate ≥ 30 %, or ≥ 20 % and worsening
 *   degraded  failure rate ≥ 15 %, or ≥ 8 % and worsening
 *   healthy   otherwise
 * Trend: the failure rate moved by at least 5 percentage points against the previous window (down:
 * improving, up: worsening), else stable; stable when either window has no trials.
 */
import type { FailureType } from '../grading/types.js';
import { decayedRelevance, isStale } from './decay.js';
import { patternRank } from './risk.js';
import type { FailurePattern } from './types.js';

export type HealthStatus = 'healthy' | 'degraded' | 'critical' | 'no-data';
export type Trend = 'improving' | 'stable' | 'worsening';

export const HEALTH = { critical: 0.3, criticalWorsening: 0.2, degraded: 0.15, degradedWorsening: 0.08, trendDelta: 0.05 } as const;
const TOP_PATTERNS = 10;
const DAY_MS = 86_400_000;

/** A graded tool call. `patternId`, when the caller knows it, names the pattern a failure was merged into. */
export interface DashboardTrial {
  ts: number;
  passed: boolean;
  operation: string;
  failureType: FailureType | null;
  session: string;
  patternId?: string;
}

/** A warning a hook showed: in which session, about which patterns. */
export interface DashboardWarning {
  ts: number;
  session: string;
  patternIds: string[];
}

export interface DailyPoint {
  /** The UTC day, YYYY-MM-DD. */
  date: string;
  trials: number;
  failures: number;
  failureRate: number | null;
  byType: Partial<Record<FailureType, number>>;
}

export interface TopPattern {
  id: string;
  operation: string;
  failureType: FailureType;
  count: number;
  lastSeen: number;
  /** Decayed to `now`. */
  relevance: number;
  /** Decayed relevance × count: the ranking. */
  score: number;
  reason: string;
}

export interface Dashboard {
  now: number;
  days: number;
  window: { start: number; end: number };
  previousWindow: { start: number; end: number };
  health: { status: HealthStatus; reason: string };
  failureRate: number | null;
  previousFailureRate: number | null;
  trend: Trend;
  daily: DailyPoint[];
  topPatterns: TopPattern[];
  byType: Array<{ type: FailureType; failures: number }>;
  byOperation: Array<{ operation: string; trials: number; failures: number; failureRate: number }>;
  /** Warned (session, pattern) pairs after which that pattern did not fail again in the session. */
  recurrencePrevented: number;
  /** Warned (session, pattern) pairs after which it did. */
  recurrenceAfterWarning: number;
  totals: {
    patterns: number;
    activePatterns: number;
    stalePatterns: number;
    /** Σ count over the patterns. */
    occurrences: number;
    trials: number;
    failures: number;
    warnings: number;
    /** Distinct (session, pattern) pairs warned in the window; those whose pattern is unknown and whose trials name no pattern are not judged. */
    warnedPairs: number;
  };
}

const rate = (failures: number, trials: number): number | null => (trials === 0 ? null : failures / trials);
const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function trendOf(current: number | null, previous: number | null): Trend {
  if (current === null || previous === null) return 'stable';
  const d = current - previous;
  return d <= -HEALTH.trendDelta ? 'improving' : d >= HEALTH.trendDelta ? 'worsening' : 'stable';
}

function healthOf(r: number | null, trend: Trend): { status: HealthStatus; reason: string } {
  if (r === null) return { status: 'no-data', reason: 'no graded tool calls in the window' };
  const pct = `${(r * 100).toFixed(1)} %`;
  const worse = trend === 'worsening';
  if (r >= HEALTH.critical || (worse && r >= HEALTH.criticalWorsening)) return { status: 'critical', reason: `failure rate ${pct}${worse ? ', worsening' : ''}` };
  if (r >= HEALTH.degraded || (worse && r >= HEALTH.degradedWorsening)) return { status: 'degraded', reason: `failure rate ${pct}${worse ? ', worsening' : ''}` };
  return { status: 'healthy', reason: `failure rate ${pct}, ${trend}` };
}

/** Warned pairs, judged: did the pattern fail again in the same session after the first warning? */
function recurrences(warnings: readonly DashboardWarning[], trials: readonly DashboardTrial[], patterns: ReadonlyMap<string, FailurePattern>, end: number) {
  const first = new Map<string, { session: string; id: string; ts: number }>();
  for (const w of warnings) {
    for (const id of w.patternIds) {
      const key = JSON.stringify([w.session, id]);
      const seen = first.get(key);
      if (!seen || w.ts < seen.ts) first.set(key, { session: w.session, id, ts: w.ts });
    }
  }
  const failuresBySession = new Map<string, DashboardTrial[]>();
  for (const t of trials) {
    if (t.passed || t.ts > end) continue;
    const list = failuresBySession.get(t.session);
    if (list) list.push(t);
    else failuresBySession.set(t.session, [t]);
  }
  let prevented = 0;
  let recurred = 0;
  for (const { session, id, ts } of first.values()) {
    const failures = failuresBySession.get(session) ?? [];
    const p = patterns.get(id);
    const named = failures.some((t) => t.patternId !== undefined);
    if (!p && !named) continue; // nothing to judge it by
    const again = failures.some((t) => t.ts > ts && (t.patternId !== undefined ? t.patternId === id
      : p !== undefined && t.operation === p.operation && (t.failureType ?? 'evaluation_failed') === p.failureType));
    if (again) recurred++;
    else prevented++;
  }
  return { pairs: first.size, prevented, recurred };
}

/**
 * The dashboard over `days` (7) UTC days up to `now`; every failure is credited to the day it happened.
 *
 * @example
 * immuneDashboard({ patterns, trials, warnings, now: Date.now() }).health // → { status: 'degraded', reason: 'failure rate 17.5 %' }
 */
export function immuneDashboard(input: {
  patterns: readonly FailurePattern[];
  trials: readonly DashboardTrial[];
  warnings: readonly DashboardWarning[];
  now: number;
  days?: number;
}): Dashboard {
  const { patterns, now } = input;
  const days = Math.max(1, Math.floor(input.days ?? 7));
  const today = Math.floor(now / DAY_MS);
  const start = (today - days + 1) * DAY_MS;
  const prevStart = start - days * DAY_MS;
  const inWindow = input.trials.filter((t) => t.ts >= start && t.ts <= now);
  const inPrevious = input.trials.filter((t) => t.ts >= prevStart && t.ts < start);
  const failed = inWindow.filter((t) => !t.passed);
  const failureRate = rate(failed.length, inWindow.length);
  const previousFailureRate = rate(inPrevious.filter((t) => !t.passed).length, inPrevious.length);
  const trend = trendOf(failureRate, previousFailureRate);

  const daily: DailyPoint[] = Array.from({ length: days }, (_, i) => ({
    date: new Date(start + i * DAY_MS).toISOString().slice(0, 10), trials: 0, failures: 0, failureRate: null, byType: {},
  }));
  for (const t of inWindow) {
    const d = daily[Math.floor(t.ts / DAY_MS) - (today - days + 1)];
    if (!d) continue;
    d.trials++;
    if (!t.passed) {
      d.failures++;
      const type = t.failureType ?? 'evaluation_failed';
      d.byType[type] = (d.byType[type] ?? 0) + 1;
    }
  }
  for (const d of daily) d.failureRate = rate(d.failures, d.trials);

  const types = new Map<FailureType, number>();
  for (const t of failed) types.set(t.failureType ?? 'evaluation_failed', (types.get(t.failureType ?? 'evaluation_failed') ?? 0) + 1);
  const ops = new Map<string, { trials: number; failures: number }>();
  for (const t of inWindow) {
    const o = ops.get(t.operation) ?? { trials: 0, failures: 0 };
    o.trials++;
    if (!t.passed) o.failures++;
    ops.set(t.operation, o);
  }

  const topPatterns = patterns
    .map((p) => ({ id: p.id, operation: p.operation, failureType: p.failureType, count: p.count, lastSeen: p.lastSeen,
      relevance: decayedRelevance(p, now), score: patternRank(p, now), reason: p.lastReason }))
    .sort((a, b) => b.score - a.score || b.lastSeen - a.lastSeen || byName(a.id, b.id))
    .slice(0, TOP_PATTERNS);
  const warnings = input.warnings.filter((w) => w.ts >= start && w.ts <= now);
  const rec = recurrences(warnings, input.trials.filter((t) => t.ts >= start), new Map(patterns.map((p) => [p.id, p])), now);
  const stale = patterns.filter((p) => isStale(p, now)).length;

  return {
    now, days, window: { start, end: now }, previousWindow: { start: prevStart, end: start },
    health: healthOf(failureRate, trend), failureRate, previousFailureRate, trend, daily, topPatterns,
    byType: [...types].map(([type, failures]) => ({ type, failures })).sort((a, b) => b.failures - a.failures || byName(a.type, b.type)),
    byOperation: [...ops].map(([operation, o]) => ({ operation, trials: o.trials, failures: o.failures, failureRate: o.failures / o.trials }))
      .sort((a, b) => b.failures - a.failures || b.trials - a.trials || byName(a.operation, b.operation)),
    recurrencePrevented: rec.prevented, recurrenceAfterWarning: rec.recurred,
    totals: { patterns: patterns.length, activePatterns: patterns.length - stale, stalePatterns: stale, occurrences: patterns.reduce((s, p) => s + p.count, 0),
      trials: inWindow.length, failures: failed.length, warnings: warnings.length, warnedPairs: rec.pairs },
  };
}
