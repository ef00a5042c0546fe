// The budget decision is a pure function of this window's spend: levels at exact thresholds, a stop
// before the limit would be crossed, and recovery that needs nothing but the clock.
import { describe, expect, test } from 'vitest';
import { type BudgetCheck, budgetStatus, evaluateBudget } from '../../../server/engine/cost/budget-check.js';
import type { ProviderBudget } from '../../../server/engine/cost/budgets.js';

const NOW = Date.UTC(2025, 5, 10, 14, 30);
const budget = (over: Partial<ProviderBudget> = {}): ProviderBudget => ({
  provider: 'gemini', daily: 1, monthly: 20, warnAt: 0.8, throttleAt: 0.9, source: { daily: 'default', monthly: 'default' }, updatedAt: null, ...over,
});
const day = (spent: number, estimate: number, b = budget(), essential = false): BudgetCheck =>
  evaluateBudget({ today: spent, month: spent }, b, estimate, NOW, essential);

describe('levels at each threshold (daily $1.00, warn 80%, throttle 90%)', () => {
  test.each([
    [0.5, 0.29999, 'ok', true],
    [0.79, 0.009999999, 'ok', true],
    [0.79, 0.01, 'warn', true],
    [0.8, 0.0999, 'warn', true],
    [0.85, 0.05, 'throttle', false],
    [0.99, 0.01, 'throttle', false],
    [0.99, 0.010000001, 'stop', false],
    [0.95, 0.1, 'stop', false],
    [1.2, 0.001, 'stop', false],
  ] as const)('spent %f + estimate %f → %s', (spent, estimate, level, allowed) => {
    const check = day(spent, estimate);
    expect(check.level).toBe(level);
    expect(check.allowed).toBe(allowed);
  });

  test('float noise in the spend does not move a boundary', () => {
    const tenDimes = Array.from({ length: 9 }, () => 0.1).reduce((a, b) => a + b, 0); // 0.8999999999999999
    expect(day(tenDimes, 0.1).level).toBe('throttle'); // exactly $1.00 of $1.00: allowed up to the limit
    expect(day(0.7, 0.1).level).toBe('warn'); // 0.7999999999999999 rounds to 0.8
  });
});

describe('stop', () => {
  test('stops BEFORE the call would exceed the limit, saying which window, the dollars, the reset and the fix', () => {
    const check = day(0.95, 0.1);
    expect(check).toMatchObject({ allowed: false, level: 'stop' });
    expect(check.reason).toContain('gemini daily budget would be exceeded');
    expect(check.reason).toContain('$0.9500 spent today (UTC)');
    expect(check.reason).toContain("this call's estimated $0.1000");
    expect(check.reason).toContain('limit $1.00');
    expect(check.reason).toContain('resets at 2025-06-11T00:00:00.000Z (in 9h 30m)');
    expect(check.reason).toContain('cost_set_budget raises it (e.g. {"provider":"gemini","daily":2})');
  });

  test('an essential call is stopped too', () => {
    expect(day(0.95, 0.1, budget(), true).allowed).toBe(false);
  });

  test('the monthly window stops when the day is fine', () => {
    const check = evaluateBudget({ today: 0.1, month: 19.95 }, budget(), 0.1, NOW, false);
    expect(check.level).toBe('stop');
    expect(check.reason).toContain('gemini monthly budget would be exceeded: $19.95 spent this month (UTC)');
    expect(check.reason).toContain('resets at 2025-07-01T00:00:00.000Z');
    expect(check.windows.map((w) => [w.period, w.resetsAt])).toEqual([['day', Date.UTC(2025, 5, 11)], ['month', Date.UTC(2025, 6, 1)]]);
  });

  test('a limit of 0 allows no paid call', () => {
    const check = day(0, 0.000001, budget({ daily: 0 }));
    expect(check).toMatchObject({ allowed: false, level: 'stop' });
    expect(check.reason).toContain('gemini daily budget is $0.00 (no spend allowed)');
  });
});

describe('throttle and warn', () => {
  test('throttle allows only essential calls and says parallel agents run one at a time', () => {
    const plain = day(0.85, 0.06);
    expect(plain).toMatchObject({ allowed: false, level: 'throttle' });
    expect(plain.reason).toMatch(/^Throttled: the gemini daily budget is at 91% \(\$0\.9100 of \$1\.00 including this call; throttle at 90%\): only essential calls run/);
    expect(plain.reason).toContain('parallel agents run one at a time');
    const essential = day(0.85, 0.06, budget(), true);
    expect(essential).toMatchObject({ allowed: true, level: 'throttle' });
    expect(essential.reason).toContain('this essential call is allowed');
  });

  test('warn is allowed and says it is a warning', () => {
    const check = day(0.8, 0.02);
    expect(check).toMatchObject({ allowed: true, level: 'warn' });
    expect(check.reason).toMatch(/^Warning: the gemini daily budget is at 82% .*warning at 80%, throttle at 90%/);
  });

  test('custom thresholds apply', () => {
    const b = budget({ warnAt: 0.5, throttleAt: 0.6 });
    expect(day(0.49, 0.01, b).level).toBe('warn');
    expect(day(0.59, 0.01, b).level).toBe('throttle');
  });

  test('the worst window decides', () => {
    const daily = evaluateBudget({ today: 0.85, month: 15 }, budget(), 0.01, NOW, false);
    expect(daily.level).toBe('warn');
    expect(daily.reason).toContain('gemini daily budget is at 86%');
    const monthly = evaluateBudget({ today: 0.85, month: 18.5 }, budget(), 0.01, NOW, false);
    expect(monthly.level).toBe('throttle'); // the month at 92.55% is worse than the day's warning
    expect(monthly.reason).toContain('gemini monthly budget is at 92.5%');
  });

  test('ok says what is spent against both limits', () => {
    const check = evaluateBudget({ today: 0.1234, month: 2 }, budget(), 0.01, NOW, false);
    expect(check).toMatchObject({ allowed: true, level: 'ok' });
    expect(check.reason).toBe('Within budget: gemini $0.1234 of $1.00 today, $2.00 of $20.00 this month (UTC).');
    expect(check.windows[0]).toEqual({ period: 'day', spent: 0.1234, limit: 1, fraction: 0.1334, resetsAt: Date.UTC(2025, 5, 11) });
  });
});

describe('no limit and free calls', () => {
  test('null is unlimited', () => {
    const check = evaluateBudget({ today: 500, month: 5000 }, budget({ daily: null, monthly: null }), 10, NOW, false);
    expect(check).toMatchObject({ allowed: true, level: 'ok' });
    expect(check.reason).toContain('$500.00 of no limit today');
    expect(check.windows.map((w) => w.limit)).toEqual([null, null]);
  });

  test('a call priced at $0 is never stopped, even over or at a zero limit', () => {
    expect(evaluateBudget({ today: 5, month: 50 }, budget(), 0, NOW, false)).toMatchObject({ allowed: true, level: 'ok' });
    const zero = evaluateBudget({ today: 0, month: 0 }, budget({ daily: 0, monthly: 0 }), 0, NOW, false);
    expect(zero).toMatchObject({ allowed: true, level: 'ok' });
    expect(zero.reason).toContain('priced at $0.00');
  });

  test('a bad estimate is a RangeError', () => {
    expect(() => day(0, -0.01)).toThrow(/estimateUsd: must be a non-negative/);
    expect(() => day(0, Number.NaN)).toThrow(RangeError);
  });
});

describe('recovery needs no state', () => {
  test('the same spend history is ok once the UTC day rolls over', () => {
    // 0.95 spent on June 10: stopped on June 10, fine on June 11 (today's spend is 0 there).
    expect(evaluateBudget({ today: 0.95, month: 0.95 }, budget(), 0.1, NOW, false).level).toBe('stop');
    expect(evaluateBudget({ today: 0, month: 0.95 }, budget(), 0.1, Date.UTC(2025, 5, 11), false)).toMatchObject({ allowed: true, level: 'ok' });
  });
});

describe('budgetStatus', () => {
  test('at the limit already is stop (the next paid call would exceed it)', () => {
    expect(budgetStatus({ today: 1, month: 1 }, budget(), NOW).level).toBe('stop');
    expect(budgetStatus({ today: 0.9, month: 1 }, budget(), NOW).level).toBe('throttle');
    expect(budgetStatus({ today: 0.8, month: 1 }, budget(), NOW).level).toBe('warn');
    expect(budgetStatus({ today: 0, month: 0 }, budget({ daily: 0 }), NOW).level).toBe('stop');
    expect(budgetStatus({ today: 0.1, month: 1 }, budget(), NOW).level).toBe('ok');
  });
});
