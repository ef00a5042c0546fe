// Dedup, cool-downs and the bounded history: a storm is a handful of alerts, and memory stays small.
import { describe, expect, test } from 'vitest';
import {
  emptyAlertHistory, HISTORY_MAX_FIRED, HISTORY_MAX_OUTCOMES, HISTORY_RETENTION_MS,
} from '../../../server/engine/alerting/defaults.js';
import { cooldownMs, inCooldown, insertOutcome } from '../../../server/engine/alerting/dedup.js';
import { evaluateAlerts } from '../../../server/engine/alerting/evaluate.js';
import type { AlertHistory } from '../../../server/engine/alerting/types.js';
import { configWith, failed, failures, fold, HOUR, kinds, MINUTE, passed, SECOND, T0 } from './helpers.js';

/** Every failure of one session on one pattern, risky, the first one new. */
const storm = (count: number, every: number) =>
  failures(count, every, { patternId: 'p-1', risk: 0.9 }).map((e, i) => (i === 0 ? { ...e, isNewPattern: true } : e));

describe('a storm', () => {
  test('50 failures in eight minutes raise each alert once, when its rule first holds', () => {
    const { perEvent, alerts } = fold(storm(50, 10 * SECOND));
    expect(alerts).toHaveLength(4);
    expect(kinds(perEvent[0] ?? [])).toEqual(['high_risk', 'new_pattern']);
    expect(kinds(perEvent[2] ?? [])).toEqual(['consecutive_failures']);
    expect(kinds(perEvent[5] ?? [])).toEqual(['frequency_spike']);
  });

  test('a two-hour storm repeats each alert once per cool-down, and a new pattern never', () => {
    const { alerts } = fold(storm(120, MINUTE));
    const at = (kind: string) => alerts.filter((a) => a.kind === kind).map((a) => (a.ts - T0) / MINUTE);
    expect(at('new_pattern')).toEqual([0]);
    expect(at('high_risk')).toEqual([0, 60]); // 60 min
    expect(at('consecutive_failures')).toEqual([2, 32, 62, 92]); // 30 min
    expect(at('frequency_spike')).toEqual([5, 35, 65, 95]); // 30 min
  });

  test('folded ten minutes late, the same events raise the same alerts', () => {
    const live = fold(storm(120, MINUTE)).alerts;
    const late = fold(storm(120, MINUTE), undefined, { lateBy: 10 * MINUTE }).alerts;
    expect(late.map(({ ts, ...rest }) => ({ ts: ts - 10 * MINUTE, ...rest }))).toEqual(live);
  });

  test('different sessions and projects have their own keys', () => {
    const events = [
      ...failures(3, SECOND, { session: 'a' }),
      ...failures(3, SECOND, { session: 'b' }, T0 + 10 * SECOND),
      ...failures(3, SECOND, { session: 'a', project: '/home/dev/blog' }, T0 + 20 * SECOND),
    ];
    expect(fold(events).alerts.map((a) => a.dedupKey)).toEqual([
      'consecutive_failures:/home/dev/shop:a',
      'frequency_spike:/home/dev/shop', // b's third failure is also the project's sixth
      'consecutive_failures:/home/dev/shop:b',
      'consecutive_failures:/home/dev/blog:a',
    ]);
  });
});

describe('cool-downs', () => {
  test('the defaults: high risk an hour, spikes and streaks half an hour, new patterns never', () => {
    const config = configWith();
    expect(cooldownMs('high_risk', config)).toBe(HOUR);
    expect(cooldownMs('frequency_spike', config)).toBe(30 * MINUTE);
    expect(cooldownMs('consecutive_failures', config)).toBe(30 * MINUTE);
    expect(cooldownMs('new_pattern', config)).toBe(Infinity);
  });

  test('an alert repeats exactly when its cool-down has passed', () => {
    expect(inCooldown(undefined, T0, HOUR)).toBe(false);
    expect(inCooldown(T0, T0 + HOUR - 1, HOUR)).toBe(true);
    expect(inCooldown(T0, T0 + HOUR, HOUR)).toBe(false);
    const risky = (ts: number) => failed({ patternId: 'p-1', risk: 0.9, ts, session: `s${ts}` });
    expect(fold([risky(T0), risky(T0 + HOUR - 1)]).alerts).toHaveLength(1);
    expect(fold([risky(T0), risky(T0 + HOUR)]).alerts).toHaveLength(2);
  });

  test('an event older than the last firing (out of order) does not fire again', () => {
    const risky = (ts: number) => failed({ patternId: 'p-1', risk: 0.9, ts, session: `s${ts}` });
    const zero = configWith((c) => {
      c.cooldownMinutes.highRisk = 0;
    });
    expect(fold([risky(T0 + MINUTE), risky(T0)], configWith()).alerts).toHaveLength(1);
    expect(fold([risky(T0), risky(T0)], zero).alerts).toHaveLength(2);
  });

  test('a cool-down of 0 repeats on every event; a configured one replaces the default', () => {
    const spike = (n: number) => failures(n, MINUTE).map((e, i) => ({ ...e, session: `s${i}` }));
    const every = configWith((c) => {
      c.cooldownMinutes.frequencySpike = 0;
    });
    expect(fold(spike(8), every).alerts).toHaveLength(3);
    const short = configWith((c) => {
      c.cooldownMinutes.frequencySpike = 2;
    });
    expect(fold(spike(8), short).alerts.map((a) => (a.ts - T0) / MINUTE)).toEqual([5, 7]);
  });

  test('a new pattern stays announced days later, while its key is remembered', () => {
    const first = failed({ patternId: 'p-1', isNewPattern: true });
    const replay = failed({ patternId: 'p-1', isNewPattern: true, ts: T0 + 3 * 24 * HOUR });
    const { alerts, history } = fold([first, replay]);
    expect(kinds(alerts)).toEqual(['new_pattern']);
    expect(history.lastFired).toEqual({ 'new_pattern:/home/dev/shop:p-1': T0 });
    const always = configWith((c) => {
      c.cooldownMinutes.newPattern = 60;
    });
    expect(fold([first, replay], always).alerts).toHaveLength(2);
  });
});

describe('the history', () => {
  test('outcomes older than the retention are pruned', () => {
    const { history } = fold([failed({ ts: T0 }), failed({ ts: T0 + HISTORY_RETENTION_MS + 1, session: 's2' })]);
    expect(history.outcomes).toEqual([{ ts: T0 + HISTORY_RETENTION_MS + 1, project: '/home/dev/shop', session: 's2', passed: false }]);
  });

  test('the outcome count is capped, newest kept', () => {
    const many = failures(HISTORY_MAX_OUTCOMES + 200, SECOND).map((e, i) => ({ ...e, session: `s${i % 7}` }));
    const { history } = fold(many);
    expect(history.outcomes).toHaveLength(HISTORY_MAX_OUTCOMES);
    expect(history.outcomes.at(-1)?.ts).toBe(many.at(-1)?.ts);
  });

  test('a run of successes in a session is kept as its latest one, and still ends a streak', () => {
    const events = [
      failed({ ts: T0 }), failed({ ts: T0 + 1 }),
      ...Array.from({ length: 100 }, (_, i) => passed({ ts: T0 + 2 + i })),
      failed({ ts: T0 + 200 }), failed({ ts: T0 + 201 }),
    ];
    const { history, alerts } = fold(events);
    expect(alerts).toEqual([]);
    expect(history.outcomes.map((o) => o.passed)).toEqual([false, false, true, false, false]);
    expect(history.outcomes[2]?.ts).toBe(T0 + 101);
  });

  test('successes of other sessions are not merged', () => {
    const out = insertOutcome(
      [{ ts: 1, project: 'p', session: 'a', passed: true }, { ts: 2, project: 'p', session: 'b', passed: true }],
      { ts: 3, project: 'p', session: 'b', passed: true },
    );
    expect(out).toEqual([{ ts: 1, project: 'p', session: 'a', passed: true }, { ts: 3, project: 'p', session: 'b', passed: true }]);
  });

  test('an out-of-order outcome is inserted in time order', () => {
    const out = insertOutcome(
      [{ ts: 1, project: 'p', session: 'a', passed: false }, { ts: 5, project: 'p', session: 'a', passed: false }],
      { ts: 3, project: 'p', session: 'b', passed: false },
    );
    expect(out.map((o) => o.ts)).toEqual([1, 3, 5]);
  });

  test('dedup keys are forgotten once their cool-down is over', () => {
    const { history } = fold([...failures(3, SECOND), passed({ ts: T0 + 31 * MINUTE })]);
    expect(history.lastFired).toEqual({});
  });

  test('keys that never expire are capped, newest kept', () => {
    const patterns = Array.from({ length: HISTORY_MAX_FIRED + 300 }, (_, i) =>
      failed({ ts: T0 + i, session: `s${i}`, patternId: `p-${i}`, isNewPattern: true }));
    const noSpike = configWith((c) => {
      c.rules.frequencySpike.enabled = false;
    });
    const { history } = fold(patterns, noSpike);
    expect(Object.keys(history.lastFired)).toHaveLength(HISTORY_MAX_FIRED);
    expect(history.lastFired[`new_pattern:/home/dev/shop:p-${HISTORY_MAX_FIRED + 299}`]).toBe(T0 + HISTORY_MAX_FIRED + 299);
    expect(history.lastFired['new_pattern:/home/dev/shop:p-0']).toBeUndefined();
  });

  test('an event older than the retention (a late replay) raises nothing and changes nothing', () => {
    const history = fold([failed({ ts: T0 })]).history;
    const stale = failed({ ts: T0 - HISTORY_RETENTION_MS, patternId: 'p-9', isNewPattern: true, session: 'old' });
    const result = evaluateAlerts(stale, history, configWith(), T0);
    expect(result.alerts).toEqual([]);
    expect(result.history).toBe(history);
  });

  test('evaluation does not modify the history it is given', () => {
    const deepFreeze = (h: AlertHistory): AlertHistory => {
      h.outcomes.forEach((o) => Object.freeze(o));
      Object.freeze(h.outcomes);
      Object.freeze(h.lastFired);
      return Object.freeze(h);
    };
    let history = deepFreeze(emptyAlertHistory());
    for (const event of storm(20, SECOND)) {
      const result = evaluateAlerts(event, history, configWith(), event.ts);
      history = deepFreeze(result.history);
    }
    expect(history.outcomes).toHaveLength(20);
  });

  test('the history survives a JSON round trip (it is stored as JSON)', () => {
    const { history } = fold(storm(10, SECOND));
    const again = JSON.parse(JSON.stringify(history)) as AlertHistory;
    const next = failed({ ts: T0 + 20 * SECOND, patternId: 'p-1', risk: 0.9 });
    expect(evaluateAlerts(next, again, configWith(), next.ts)).toEqual(evaluateAlerts(next, history, configWith(), next.ts));
  });
});
