// Budgets in the budgets table: defaults, setBudget's validation, unlimited, thresholds.
import { beforeEach, describe, expect, test } from 'vitest';
import { migratedDb } from '../helpers/migrated-db.js';
import { checkBudget } from '../../../server/engine/cost/budget-check.js';
import { BudgetError, budgetFor, setBudget } from '../../../server/engine/cost/budgets.js';
import { recordUsage } from '../../../server/engine/cost/ledger.js';
import type { Db } from '../../../server/engine/store/db.js';
import { budgets } from '../../../server/engine/store/repos-runs.js';

const freshDb = migratedDb();
let db: Db;
beforeEach(() => {
  db = freshDb();
});

const NOW = Date.UTC(2025, 5, 10, 12);

function budgetError(fn: () => unknown): BudgetError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(BudgetError);
    return e as BudgetError;
  }
  throw new Error('expected a BudgetError');
}

describe('defaults', () => {
  test('gemini 1/20, openai 0.50/10, any other provider 1/20, warn 80% and throttle 90%', () => {
    expect(budgetFor(db, 'gemini')).toEqual({
      provider: 'gemini', daily: 1, monthly: 20, warnAt: 0.8, throttleAt: 0.9, source: { daily: 'default', monthly: 'default' }, updatedAt: null,
    });
    expect(budgetFor(db, 'openai')).toMatchObject({ daily: 0.5, monthly: 10 });
    expect(budgetFor(db, 'ollama')).toMatchObject({ daily: 1, monthly: 20 });
    expect(budgets.list(db)).toEqual([]); // defaults are not written
  });
});

describe('setBudget', () => {
  test('sets one limit and keeps the other at its default', () => {
    const b = setBudget(db, { provider: 'gemini', daily: 2.5, now: NOW });
    expect(b).toMatchObject({ daily: 2.5, monthly: 20, source: { daily: 'set', monthly: 'default' }, updatedAt: NOW });
    expect(budgets.list(db).map((r) => [r.scope, r.period, r.limit_usd, JSON.parse(r.data)])).toEqual([
      ['provider:gemini', 'day', 2.5, { warnAt: 0.8, throttleAt: 0.9 }],
    ]);
  });

  test('null removes a limit (unlimited), and a later number restores one', () => {
    expect(setBudget(db, { provider: 'openai', monthly: null, now: NOW })).toMatchObject({ daily: 0.5, monthly: null, source: { monthly: 'set' } });
    expect(budgets.get(db, 'provider:openai', 'month')?.limit_usd).toBe(Number.POSITIVE_INFINITY);
    expect(setBudget(db, { provider: 'openai', monthly: 3, now: NOW + 1 }).monthly).toBe(3);
  });

  test('0 means no spend allowed', () => {
    setBudget(db, { provider: 'gemini', daily: 0, now: NOW });
    expect(budgetFor(db, 'gemini').daily).toBe(0);
    expect(checkBudget(db, { provider: 'gemini', estimateUsd: 0.0001, now: NOW })).toMatchObject({ allowed: false, level: 'stop' });
  });

  test('thresholds apply to both windows and pin both limits', () => {
    const b = setBudget(db, { provider: 'gemini', warnAt: 0.5, throttleAt: 0.75, now: NOW });
    expect(b).toMatchObject({ daily: 1, monthly: 20, warnAt: 0.5, throttleAt: 0.75, source: { daily: 'set', monthly: 'set' } });
    expect(setBudget(db, { provider: 'gemini', throttleAt: 1, now: NOW + 1 })).toMatchObject({ warnAt: 0.5, throttleAt: 1 });
    expect(setBudget(db, { provider: 'gemini', daily: 4, now: NOW + 2 })).toMatchObject({ daily: 4, warnAt: 0.5, throttleAt: 1 });
  });

  test('works while the provider is stopped, and the next check sees the new limit', () => {
    recordUsage(db, { ts: NOW, provider: 'gemini', model: 'gemini-2.5-pro', operation: 'spawn_agent', costUsd: 0.99,
      usage: { inputTokens: 1, outputTokens: 1, cachedTokens: 0, thinkingTokens: 0, totalTokens: 2 }, priceDate: '2025-12-17' });
    expect(checkBudget(db, { provider: 'gemini', estimateUsd: 0.05, now: NOW }).level).toBe('stop');
    setBudget(db, { provider: 'gemini', daily: 2, now: NOW });
    expect(checkBudget(db, { provider: 'gemini', estimateUsd: 0.05, now: NOW })).toMatchObject({ allowed: true, level: 'ok' });
  });

  test('rejects bad values with the field and the value', () => {
    expect(budgetError(() => setBudget(db, { provider: 'gemini', daily: -1, now: NOW })).message).toBe(
      'daily: must be a non-negative number of US dollars (0 = no spend allowed) or null for no limit, got -1');
    expect(budgetError(() => setBudget(db, { provider: 'gemini', monthly: Number.NaN, now: NOW })).field).toBe('monthly');
    expect(budgetError(() => setBudget(db, { provider: 'gemini', daily: Number.POSITIVE_INFINITY, now: NOW })).field).toBe('daily');
    expect(budgetError(() => setBudget(db, { provider: 'gemini', daily: '2' as unknown as number, now: NOW })).message).toContain('got "2"');
    expect(budgetError(() => setBudget(db, { provider: 'gemini', warnAt: 1.5, now: NOW })).message).toBe(
      'warnAt: must be a fraction of the limit between 0 and 1 (e.g. 0.8), got 1.5');
    expect(budgetError(() => setBudget(db, { provider: 'gemini', warnAt: 0.95, now: NOW })).message).toBe(
      'warnAt: warnAt (0.95) must be below throttleAt (0.9), and throttleAt at most 1');
    expect(budgetError(() => setBudget(db, { provider: 'gemini', throttleAt: 0.8, now: NOW })).field).toBe('throttleAt');
    expect(budgetError(() => setBudget(db, { provider: ' ', daily: 1, now: NOW })).field).toBe('provider');
    expect(budgetError(() => setBudget(db, { provider: 'gemini', now: NOW })).message).toContain('nothing to change');
    expect(budgets.list(db)).toEqual([]); // nothing was written by the failed calls
  });
});

describe('stored data read defensively', () => {
  test('hand-edited thresholds that make no sense fall back to the defaults', () => {
    budgets.set(db, { scope: 'provider:gemini', period: 'day', limit_usd: 3, ts: NOW, data: { warnAt: 0.95, throttleAt: 0.5 } });
    expect(budgetFor(db, 'gemini')).toMatchObject({ daily: 3, warnAt: 0.8, throttleAt: 0.9 });
    db.run("UPDATE budgets SET data = 'not json'");
    expect(budgetFor(db, 'gemini')).toMatchObject({ daily: 3, warnAt: 0.8, throttleAt: 0.9 });
  });
});
