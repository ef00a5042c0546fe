// The four rules, each at its boundary: when it fires, when it does not, and what it says.
import { describe, expect, test } from 'vitest';
import { defaultAlertingConfig, emptyAlertHistory } from '../../../server/engine/alerting/defaults.js';
import { evaluateAlerts } from '../../../server/engine/alerting/evaluate.js';
import { configWith, failed, failures, fold, HOUR, kinds, MINUTE, passed, T0 } from './helpers.js';

describe('high risk', () => {
  const onlyHighRisk = (threshold = 0.8) => configWith((c) => {
    c.rules.newPattern.enabled = false;
    c.rules.frequencySpike.enabled = false;
    c.rules.consecutiveFailures.enabled = false;
    c.rules.highRisk.threshold = threshold;
  });
  const only = onlyHighRisk();

  test('a failure whose pattern is at the threshold raises a critical alert', () => {
    const { alerts } = fold([failed({ patternId: 'p-1', risk: 0.8 })], only);
    expect(alerts).toEqual([{
      ts: T0,
      project: '/home/dev/shop',
      kind: 'high_risk',
      severity: 'critical',
      message: 'Risk score 0.80 reaches threshold 0.8',
      dedupKey: 'high_risk:/home/dev/shop:p-1',
      patternId: 'p-1',
      data: { session: 's1', eventTs: T0, risk: 0.8, threshold: 0.8 },
    }]);
  });

  test('above the threshold the message says so', () => {
    expect(fold([failed({ patternId: 'p-1', risk: 0.853 })], only).alerts[0]?.message).toBe('Risk score 0.85 exceeds threshold 0.8');
  });

  test('just below the threshold, on a success, or without a risk, nothing fires', () => {
    expect(fold([failed({ patternId: 'p-1', risk: 0.7999 })], only).alerts).toEqual([]);
    expect(fold([passed({ patternId: 'p-1', risk: 0.95 })], only).alerts).toEqual([]);
    expect(fold([failed({ patternId: 'p-1' })], only).alerts).toEqual([]);
    expect(fold([failed({ patternId: 'p-1', risk: Number.NaN })], only).alerts).toEqual([]);
  });

  test('the threshold is configurable', () => {
    const lower = onlyHighRisk(0.5);
    expect(kinds(fold([failed({ patternId: 'p-1', risk: 0.5 })], lower).alerts)).toEqual(['high_risk']);
    expect(fold([failed({ patternId: 'p-1', risk: 0.49 })], lower).alerts).toEqual([]);
  });

  test('without a pattern the operation names what is risky', () => {
    expect(fold([failed({ operation: 'Bash:npm test', risk: 0.9 })], only).alerts[0]?.dedupKey).toBe('high_risk:/home/dev/shop:Bash:npm test');
  });
});

describe('new pattern', () => {
  test('a failure that created its pattern raises a warning naming it', () => {
    const { alerts } = fold([failed({ patternId: 'p-7', isNewPattern: true, failureType: 'test_failure', operation: 'Bash:npm test' })]);
    expect(alerts).toEqual([expect.objectContaining({
      kind: 'new_pattern',
      severity: 'warning',
      message: 'New failure pattern detected: p-7 (test_failure in Bash:npm test)',
      dedupKey: 'new_pattern:/home/dev/shop:p-7',
      patternId: 'p-7',
    })]);
  });

  test('a recurrence of a known pattern, or a new pattern without an id, raises nothing', () => {
    expect(fold([failed({ patternId: 'p-7', isNewPattern: false })]).alerts).toEqual([]);
    expect(fold([failed({ patternId: 'p-7' })]).alerts).toEqual([]);
    expect(fold([failed({ isNewPattern: true })]).alerts).toEqual([]);
  });

  test('the same pattern announced twice (a replay) is one alert; another pattern is another', () => {
    const events = [
      failed({ patternId: 'p-1', isNewPattern: true, session: 'a' }),
      failed({ patternId: 'p-1', isNewPattern: true, session: 'b', ts: T0 + 5 * HOUR }),
      failed({ patternId: 'p-2', isNewPattern: true, session: 'c', ts: T0 + 6 * HOUR }),
    ];
    expect(fold(events).alerts.map((a) => a.patternId)).toEqual(['p-1', 'p-2']);
  });
});

describe('frequency spike', () => {
  // Every failure in its own session, so the streak rule stays out of the way.
  const spread = (n: number, every: number, start = T0) =>
    failures(n, every, {}, start).map((e, i) => ({ ...e, session: `s${i}` }));

  test('five failures in an hour are within the limit; the sixth raises a warning', () => {
    const { perEvent } = fold(spread(6, 5 * MINUTE));
    expect(perEvent.slice(0, 5).flat()).toEqual([]);
    expect(perEvent[5]).toEqual([expect.objectContaining({
      kind: 'frequency_spike',
      severity: 'warning',
      message: 'Failure frequency spike: 6 failures in last hour (limit: 5)',
      dedupKey: 'frequency_spike:/home/dev/shop',
      data: expect.objectContaining({ count: 6, maxPerHour: 5 }),
    })]);
  });

  test('a failure exactly an hour older is outside the window; a millisecond younger is inside', () => {
    const first = spread(5, MINUTE);
    const atHour = fold([...first, failed({ session: 'x', ts: T0 + HOUR })]);
    expect(atHour.alerts).toEqual([]);
    const insideHour = fold([...first, failed({ session: 'x', ts: T0 + HOUR - 1 })]);
    expect(kinds(insideHour.alerts)).toEqual(['frequency_spike']);
  });

  test('only failures of the same project count, and successes never do', () => {
    const mixed = [
      ...spread(3, MINUTE).map((e) => ({ ...e, project: '/home/dev/a' })),
      ...spread(3, MINUTE, T0 + 10 * MINUTE).map((e) => ({ ...e, project: '/home/dev/b' })),
      ...Array.from({ length: 10 }, (_, i) => passed({ project: '/home/dev/a', session: `p${i}`, ts: T0 + 20 * MINUTE + i })),
    ];
    expect(fold(mixed).alerts).toEqual([]);
  });

  test('the limit is configurable', () => {
    const strict = configWith((c) => {
      c.rules.frequencySpike.maxPerHour = 2;
    });
    expect(kinds(fold(spread(3, MINUTE), strict).perEvent[2] ?? [])).toEqual(['frequency_spike']);
  });
});

describe('consecutive failures', () => {
  test('two failures in a row are not a streak; the third raises a critical alert', () => {
    const { perEvent } = fold(failures(3, MINUTE, { patternId: 'p-1' }));
    expect(perEvent[0]).toEqual([]);
    expect(perEvent[1]).toEqual([]);
    expect(perEvent[2]).toEqual([expect.objectContaining({
      kind: 'consecutive_failures',
      severity: 'critical',
      message: '3 consecutive failures detected in session s1',
      dedupKey: 'consecutive_failures:/home/dev/shop:s1',
      data: expect.objectContaining({ streak: 3, threshold: 3, patternIds: ['p-1'] }),
    })]);
  });

  test('a success ends the streak, and counting starts again after it', () => {
    const events = [
      failed({ ts: T0 }), failed({ ts: T0 + 1 }),
      passed({ ts: T0 + 2 }),
      failed({ ts: T0 + 3 }), failed({ ts: T0 + 4 }),
    ];
    expect(fold(events).alerts).toEqual([]);
    const third = fold([...events, failed({ ts: T0 + 5 })]);
    expect(third.alerts).toEqual([expect.objectContaining({ kind: 'consecutive_failures', data: expect.objectContaining({ streak: 3 }) })]);
  });

  test('the streak is per session: another session succeeding does not end it, nor does its failure extend it', () => {
    const events = [
      failed({ session: 'a', ts: T0 }),
      failed({ session: 'b', ts: T0 + 1 }),
      failed({ session: 'a', ts: T0 + 2 }),
      passed({ session: 'b', ts: T0 + 3 }),
      failed({ session: 'b', ts: T0 + 4 }),
      failed({ session: 'a', ts: T0 + 5 }),
    ];
    const { perEvent } = fold(events);
    expect(perEvent.slice(0, 5).flat()).toEqual([]);
    expect(perEvent[5]).toEqual([expect.objectContaining({ dedupKey: 'consecutive_failures:/home/dev/shop:a' })]);
  });

  test('the threshold is configurable', () => {
    const five = configWith((c) => {
      c.rules.consecutiveFailures.threshold = 5;
    });
    const { perEvent } = fold(failures(5, MINUTE), five);
    expect(perEvent.slice(0, 4).flat()).toEqual([]);
    expect(kinds(perEvent[4] ?? [])).toEqual(['consecutive_failures']);
  });
});

describe('switches', () => {
  const everything = failed({ patternId: 'p-1', isNewPattern: true, risk: 0.99 });

  test('one event may raise several alerts, in rule order', () => {
    const before = [...failures(3, MINUTE).map((e, i) => ({ ...e, session: `s${i}` })), ...failures(2, MINUTE, { session: 'other' }, T0 + 3 * MINUTE)];
    const { alerts: none, history } = fold(before);
    expect(none).toEqual([]);
    const { alerts } = evaluateAlerts({ ...everything, session: 'other', ts: T0 + 5 * MINUTE }, history, defaultAlertingConfig(), T0 + 5 * MINUTE);
    expect(kinds(alerts)).toEqual(['high_risk', 'new_pattern', 'frequency_spike', 'consecutive_failures']);
  });

  test('a disabled rule raises nothing while the others still fire', () => {
    const noRisk = configWith((c) => {
      c.rules.highRisk.enabled = false;
    });
    expect(kinds(fold([everything], noRisk).alerts)).toEqual(['new_pattern']);
  });

  test('with alerting disabled nothing is raised and the history is returned as it was', () => {
    const off = configWith((c) => {
      c.enabled = false;
    });
    const history = emptyAlertHistory();
    const result = evaluateAlerts(everything, history, off, T0);
    expect(result.alerts).toEqual([]);
    expect(result.history).toBe(history);
  });
});
