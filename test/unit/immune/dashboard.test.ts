// immuneDashboard() on a dataset small enough to check by hand: health from the failure rate and its
// trend, every failure on the day it happened, recurrences after warnings, top patterns.
import { describe, expect, test } from 'vitest';
import { dashboardMarkdown } from '../../../server/engine/immune/dashboard-markdown.js';
import { type DashboardTrial, type DashboardWarning, immuneDashboard } from '../../../server/engine/immune/dashboard.js';
import type { FailurePattern } from '../../../server/engine/immune/types.js';
import { DAY, HOUR, obs, patternOf } from './helpers.js';

const at = (iso: string): number => Date.parse(iso);
const NOW = at('2025-03-10T12:00:00Z');

const pattern = (id: string, over: Partial<FailurePattern>): FailurePattern => ({ ...patternOf(obs()), id, ...over });
const login = pattern('login', { operation: 'Bash:npm test', failureType: 'test_failure', count: 3, relevance: 0.5, relevanceAt: NOW, lastSeen: at('2025-03-10T09:00:00Z') });
const eslint = pattern('eslint', { operation: 'Write', failureType: 'json_invalid', count: 1, relevance: 0.8, relevanceAt: NOW - 72 * HOUR, lastSeen: NOW - 72 * HOUR });
const faded = pattern('faded', { count: 4, relevance: 0.5, relevanceAt: NOW - 15 * DAY, lastSeen: NOW - 15 * DAY });

const trial = (iso: string, passed: boolean, over: Partial<DashboardTrial> = {}): DashboardTrial => ({
  ts: at(iso), passed, operation: 'Bash:npm test', failureType: passed ? null : 'test_failure', session: 's1', ...over,
});

const trials: DashboardTrial[] = [
  trial('2025-02-20T10:00:00Z', false), // before both windows
  // previous window (2025-02-25 … 03-03): 10 trials, 1 failure
  ...Array.from({ length: 9 }, () => trial('2025-03-01T10:00:00Z', true, { session: 's0' })),
  trial('2025-03-01T11:00:00Z', false, { session: 's0' }),
  // window (2025-03-04 … 03-10): 10 trials, 3 failures
  trial('2025-03-04T00:00:00Z', true),
  trial('2025-03-04T12:00:00Z', false),
  trial('2025-03-05T09:00:00Z', true, { operation: 'Write' }),
  trial('2025-03-05T10:00:00Z', false, { operation: 'Write', failureType: 'json_invalid' }),
  trial('2025-03-05T11:00:00Z', true, { operation: 'Write' }),
  trial('2025-03-05T23:59:59Z', true, { operation: 'Read' }),
  trial('2025-03-08T10:00:00Z', true, { session: 's2' }),
  trial('2025-03-08T11:00:00Z', true, { session: 's2' }),
  trial('2025-03-08T12:00:00Z', true, { session: 's2' }),
  trial('2025-03-10T09:00:00Z', false, { session: 's2' }),
];

const warnings: DashboardWarning[] = [
  { ts: at('2025-03-02T10:00:00Z'), session: 's0', patternIds: ['login'] }, // previous window: ignored
  { ts: at('2025-03-04T13:00:00Z'), session: 's1', patternIds: ['login'] }, // s1 then fails only on Write: prevented
  { ts: at('2025-03-10T08:00:00Z'), session: 's2', patternIds: ['login', 'eslint'] }, // login recurs at 09:00; eslint does not
  { ts: at('2025-03-10T08:30:00Z'), session: 's2', patternIds: ['login'] }, // the same pair again: counted once
  { ts: at('2025-03-06T10:00:00Z'), session: 's4', patternIds: ['forgotten'] }, // unknown pattern, nothing to judge by
];

const d = immuneDashboard({ patterns: [login, eslint, faded], trials, warnings, now: NOW });

describe('immuneDashboard', () => {
  test('windows are whole UTC days, today included', () => {
    expect(d.window).toEqual({ start: at('2025-03-04T00:00:00Z'), end: NOW });
    expect(d.previousWindow).toEqual({ start: at('2025-02-25T00:00:00Z'), end: at('2025-03-04T00:00:00Z') });
  });

  test('failure rates, trend and health', () => {
    expect(d.failureRate).toBeCloseTo(0.3, 12);
    expect(d.previousFailureRate).toBeCloseTo(0.1, 12);
    expect(d.trend).toBe('worsening');
    expect(d.health).toEqual({ status: 'critical', reason: 'failure rate 30.0 %, worsening' });
  });

  test('each failure is credited to the day it happened', () => {
    expect(d.daily.map((p) => p.date)).toEqual(['2025-03-04', '2025-03-05', '2025-03-06', '2025-03-07', '2025-03-08', '2025-03-09', '2025-03-10']);
    expect(d.daily.map((p) => p.trials)).toEqual([2, 4, 0, 0, 3, 0, 1]);
    expect(d.daily.map((p) => p.failures)).toEqual([1, 1, 0, 0, 0, 0, 1]);
    expect(d.daily.map((p) => p.failureRate)).toEqual([0.5, 0.25, null, null, 0, null, 1]);
    expect(d.daily[1]!.byType).toEqual({ json_invalid: 1 });
    expect(d.daily[6]!.byType).toEqual({ test_failure: 1 });
  });

  test('failures by type and by operation', () => {
    expect(d.byType).toEqual([{ type: 'test_failure', failures: 2 }, { type: 'json_invalid', failures: 1 }]);
    expect(d.byOperation).toEqual([
      { operation: 'Bash:npm test', trials: 6, failures: 2, failureRate: 2 / 6 },
      { operation: 'Write', trials: 3, failures: 1, failureRate: 1 / 3 },
      { operation: 'Read', trials: 1, failures: 0, failureRate: 0 },
    ]);
  });

  test('recurrences after warnings, per (session, pattern)', () => {
    expect(d.totals.warnings).toBe(4);
    expect(d.totals.warnedPairs).toBe(4);
    expect(d.recurrencePrevented).toBe(2); // s1·login, s2·eslint
    expect(d.recurrenceAfterWarning).toBe(1); // s2·login
  });

  test('a trial naming its pattern is matched by id', () => {
    const r = immuneDashboard({
      patterns: [login],
      trials: [trial('2025-03-10T10:00:00Z', false, { session: 's9', patternId: 'other' }), trial('2025-03-10T11:00:00Z', false, { session: 's8', patternId: 'gone' })],
      warnings: [{ ts: at('2025-03-10T09:30:00Z'), session: 's9', patternIds: ['login'] }, { ts: at('2025-03-10T09:30:00Z'), session: 's8', patternIds: ['gone'] }],
      now: NOW,
    });
    expect(r.recurrencePrevented).toBe(1); // s9 failed, but as another pattern
    expect(r.recurrenceAfterWarning).toBe(1); // s8: the pruned pattern, named by the trial
  });

  test('top patterns by decayed relevance × count; totals', () => {
    expect(d.topPatterns.map((p) => [p.id, Number(p.score.toFixed(6))])).toEqual([['login', 1.5], ['eslint', 0.4], ['faded', 0.0625]]);
    expect(d.topPatterns[1]!.relevance).toBeCloseTo(0.4, 12);
    expect(d.totals).toMatchObject({ patterns: 3, activePatterns: 2, stalePatterns: 1, occurrences: 8, trials: 10, failures: 3 });
  });

  test('no trials: no-data, stable', () => {
    const empty = immuneDashboard({ patterns: [], trials: [], warnings: [], now: NOW });
    expect(empty.health.status).toBe('no-data');
    expect(empty.failureRate).toBeNull();
    expect(empty.trend).toBe('stable');
    expect(empty.daily).toHaveLength(7);
  });

  test('thresholds: healthy, degraded, degraded when worsening, improving', () => {
    const run = (failNow: number, failBefore: number) => {
      const rows = [
        ...Array.from({ length: 100 }, (_, i) => trial('2025-03-09T10:00:00Z', i >= failNow)),
        ...Array.from({ length: 100 }, (_, i) => trial('2025-03-01T10:00:00Z', i >= failBefore)),
      ];
      const r = immuneDashboard({ patterns: [], trials: rows, warnings: [], now: NOW });
      return [r.health.status, r.trend];
    };
    expect(run(5, 5)).toEqual(['healthy', 'stable']);
    expect(run(15, 14)).toEqual(['degraded', 'stable']);
    expect(run(10, 2)).toEqual(['degraded', 'worsening']);
    expect(run(9, 30)).toEqual(['healthy', 'improving']);
    expect(run(22, 10)).toEqual(['critical', 'worsening']);
  });

  test('days sets the window', () => {
    const one = immuneDashboard({ patterns: [], trials, warnings: [], now: NOW, days: 1 });
    expect(one.daily.map((p) => p.date)).toEqual(['2025-03-10']);
    expect(one.totals.trials).toBe(1);
    expect(one.previousFailureRate).toBeNull(); // nothing on 03-09
  });
});

describe('dashboardMarkdown', () => {
  test('renders health, the daily series, top patterns and warnings', () => {
    const md = dashboardMarkdown(d);
    expect(md).toContain('# Immune memory: last 7 days');
    expect(md).toContain('**Health: critical** (failure rate 30.0 %, worsening)');
    expect(md).toContain('| 2025-03-05 | 4 | 1 | 25.0 % | json_invalid 1 |');
    expect(md).toContain('| test_failure | Bash:npm test | 3 | 3 h ago | 0.50 |');
    expect(md).toContain('4 warning(s) about 4 session·pattern pair(s): 2 not followed by the same failure in that session, 1 followed by it.');
    expect(md.endsWith('\n')).toBe(true);
  });
});
