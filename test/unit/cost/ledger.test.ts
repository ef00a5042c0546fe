// The ledger: one row per call with its token detail, and spend by UTC window and by model.
import { beforeEach, describe, expect, test } from 'vitest';
import { migratedDb } from '../helpers/migrated-db.js';
import { recordUsage, spendByModel, spendByWindow, type UsageRecord } from '../../../server/engine/cost/ledger.js';
import type { LLMUsage } from '../../../server/engine/providers/types.js';
import type { Db } from '../../../server/engine/store/db.js';
import { costLedger } from '../../../server/engine/store/repos-runs.js';

const freshDb = migratedDb();
let db: Db;
beforeEach(() => {
  db = freshDb();
});

const usage = (over: Partial<LLMUsage> = {}): LLMUsage => ({ inputTokens: 100, outputTokens: 50, cachedTokens: 0, thinkingTokens: 0, totalTokens: 150, ...over });
const record = (over: Partial<UsageRecord> & { ts: number; costUsd: number }): string =>
  recordUsage(db, { provider: 'gemini', model: 'gemini-2.5-flash', operation: 'spawn_agent', usage: usage(), priceDate: '2025-12-17', ...over });

describe('recordUsage', () => {
  test('writes every field, cached and thinking tokens included, and redacts data', () => {
    const id = record({
      ts: 1000, costUsd: 0.0001234567891, session: 's1', project: '/home/dev/app', trialId: 't1',
      usage: usage({ inputTokens: 1200, outputTokens: 300, cachedTokens: 1000, thinkingTokens: 200, totalTokens: 1500 }),
      data: { note: 'key sk-abcdefghijklmnopqrstuvwxyz0123456789' },
    });
    const [row] = costLedger.list(db);
    expect(row).toMatchObject({
      id, ts: 1000, provider: 'gemini', model: 'gemini-2.5-flash', operation: 'spawn_agent', session: 's1', project: '/home/dev/app',
      trial_id: 't1', input_tokens: 1200, output_tokens: 300, cached_tokens: 1000, thinking_tokens: 200, cost_usd: 0.000123457, price_date: '2025-12-17',
    });
    expect(row!.data).not.toContain('sk-abcdefghijklmnopqrstuvwxyz0123456789');
    expect(JSON.parse(row!.data)).toMatchObject({ totalTokens: 1500 });
  });

  test('refuses a negative or non-finite cost or token count', () => {
    expect(() => record({ ts: 1, costUsd: -0.01 })).toThrow(/costUsd: must be a non-negative/);
    expect(() => record({ ts: 1, costUsd: Number.NaN })).toThrow(/costUsd/);
    expect(() => record({ ts: 1, costUsd: 0, usage: usage({ cachedTokens: -5 }) })).toThrow(/usage\.cachedTokens/);
    expect(costLedger.list(db)).toEqual([]);
  });
});

describe('spendByWindow', () => {
  const NOW = Date.UTC(2025, 5, 10, 12);
  beforeEach(() => {
    record({ ts: Date.UTC(2025, 4, 31, 23, 59), costUsd: 1 }); // last month
    record({ ts: Date.UTC(2025, 5, 1), costUsd: 0.2 }); // first instant of this month
    record({ ts: Date.UTC(2025, 5, 9, 23, 59, 59, 999), costUsd: 0.3 }); // yesterday's last ms
    record({ ts: Date.UTC(2025, 5, 10), costUsd: 0.1 }); // today's first ms
    record({ ts: Date.UTC(2025, 5, 10, 11), costUsd: 0.1 });
    record({ ts: Date.UTC(2025, 5, 10, 11), costUsd: 0.05, provider: 'openai', model: 'gpt-4.1-mini' });
  });

  test('today and this month are UTC windows; all time is everything', () => {
    expect(spendByWindow(db, { provider: 'gemini', now: NOW })).toEqual({ today: 0.2, month: 0.7, allTime: 1.7 });
    expect(spendByWindow(db, { provider: 'openai', now: NOW })).toEqual({ today: 0.05, month: 0.05, allTime: 0.05 });
    expect(spendByWindow(db, { now: NOW })).toEqual({ today: 0.25, month: 0.75, allTime: 1.75 });
  });

  test('the windows move with now', () => {
    expect(spendByWindow(db, { provider: 'gemini', now: Date.UTC(2025, 5, 11) })).toEqual({ today: 0, month: 0.7, allTime: 1.7 });
    expect(spendByWindow(db, { provider: 'gemini', now: Date.UTC(2025, 4, 31, 23, 59, 59) })).toEqual({ today: 1, month: 1, allTime: 1.7 });
  });

  test('an unknown provider has spent nothing', () => {
    expect(spendByWindow(db, { provider: 'nobody', now: NOW })).toEqual({ today: 0, month: 0, allTime: 0 });
  });
});

describe('spendByModel', () => {
  test('sums calls, tokens and cost per provider and model since a time, costliest first', () => {
    record({ ts: 10, costUsd: 0.5, model: 'gemini-2.5-pro', usage: usage({ inputTokens: 1000, outputTokens: 400, cachedTokens: 600, thinkingTokens: 100 }) });
    record({ ts: 20, costUsd: 0.25, model: 'gemini-2.5-pro', usage: usage({ inputTokens: 10, outputTokens: 4, cachedTokens: 6, thinkingTokens: 1 }) });
    record({ ts: 30, costUsd: 0.1, provider: 'openai', model: 'gpt-4.1' });
    record({ ts: 5, costUsd: 9, model: 'gemini-2.5-flash' }); // before `since`
    expect(spendByModel(db, { since: 10 })).toEqual([
      { provider: 'gemini', model: 'gemini-2.5-pro', calls: 2, inputTokens: 1010, outputTokens: 404, cachedTokens: 606, thinkingTokens: 101, costUsd: 0.75 },
      { provider: 'openai', model: 'gpt-4.1', calls: 1, inputTokens: 100, outputTokens: 50, cachedTokens: 0, thinkingTokens: 0, costUsd: 0.1 },
    ]);
    expect(spendByModel(db, { since: 0, provider: 'openai' }).map((m) => m.model)).toEqual(['gpt-4.1']);
  });
});
