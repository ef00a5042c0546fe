// The cost engine on a real Store in a temporary state dir: budgets survive a reopen, a stopped provider
// recovers when the UTC day or month rolls over (no state to unlock), and the summary adds up exactly.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import {
  budgetFor, checkBudget, costOf, costSummary, DEFAULT_PRICE_TABLE, estimateCost, formatCostSummary, priceFor, recordUsage, setBudget,
} from '../../server/engine/cost/index.js';
import { geminiUsage } from '../../server/engine/providers/gemini.js';
import type { LLMUsage } from '../../server/engine/providers/types.js';
import { Store } from '../../server/engine/store/store.js';

let dir: string;
let stores: Store[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'to-cost-'));
});
afterEach(() => {
  for (const s of stores) s.close();
  stores = [];
  rmSync(dir, { recursive: true, force: true });
});

async function open(): Promise<Store> {
  const store = await Store.open(dir, { lockStaleMs: 2000, journalGraceMs: 0 });
  stores.push(store);
  return store;
}

const NOW = Date.UTC(2025, 5, 10, 15);
const usage = (over: Partial<LLMUsage> = {}): LLMUsage => ({ inputTokens: 1000, outputTokens: 500, cachedTokens: 0, thinkingTokens: 0, totalTokens: 1500, ...over });
const spend = (store: Store, ts: number, costUsd: number, provider = 'gemini', model = 'gemini-2.5-pro', u = usage()): Promise<string> =>
  store.write((db) => recordUsage(db, { ts, provider, model, operation: 'spawn_agent', usage: u, costUsd, priceDate: DEFAULT_PRICE_TABLE.date }));

describe('budgets persist', () => {
  test('set, close, reopen, read', async () => {
    const a = await open();
    await a.write((db) => setBudget(db, { provider: 'gemini', daily: 3, monthly: null, warnAt: 0.5, throttleAt: 0.7, now: NOW }));
    await a.write((db) => setBudget(db, { provider: 'openai', daily: 0, now: NOW + 1 }));
    a.close();
    stores = [];
    const b = await open();
    expect(await b.read((db) => budgetFor(db, 'gemini'))).toEqual({
      provider: 'gemini', daily: 3, monthly: null, warnAt: 0.5, throttleAt: 0.7, source: { daily: 'set', monthly: 'set' }, updatedAt: NOW,
    });
    expect(await b.read((db) => budgetFor(db, 'openai'))).toMatchObject({ daily: 0, monthly: 10, source: { daily: 'set', monthly: 'default' } });
  });

  test('a rejected setBudget changes nothing on disk', async () => {
    const a = await open();
    await expect(a.write((db) => setBudget(db, { provider: 'gemini', warnAt: 0.95, now: NOW }))).rejects.toThrow(/warnAt/);
    a.close();
    stores = [];
    expect(await (await open()).read((db) => budgetFor(db, 'gemini'))).toMatchObject({ source: { daily: 'default', monthly: 'default' }, warnAt: 0.8 });
  });
});

describe('the call loop: estimate, check, call, record', () => {
  test('a stop comes before the call that would exceed the limit, and recovers on the next UTC day', async () => {
    const store = await open();
    await spend(store, Date.UTC(2025, 5, 10, 9), 0.95);
    const price = priceFor(DEFAULT_PRICE_TABLE, 'gemini', 'gemini-2.5-pro');
    const estimate = estimateCost(price, { promptChars: 40_000, maxOutputTokens: 8192 }); // $0.09442
    const stopped = await store.read((db) => checkBudget(db, { provider: 'gemini', estimateUsd: estimate, now: NOW }));
    expect(stopped).toMatchObject({ allowed: false, level: 'stop' });
    expect(stopped.reason).toContain('resets at 2025-06-11T00:00:00.000Z (in 9h 0m)');
    // Nothing was recorded in between: the same ledger, a later clock.
    const nextDay = await store.read((db) => checkBudget(db, { provider: 'gemini', estimateUsd: estimate, now: Date.UTC(2025, 5, 11, 0, 0, 1) }));
    expect(nextDay).toMatchObject({ allowed: true, level: 'ok' });
    expect(nextDay.windows).toMatchObject([{ period: 'day', spent: 0 }, { period: 'month', spent: 0.95 }]);
  });

  test('a used-up month stays stopped across days and recovers on the 1st (UTC)', async () => {
    const store = await open();
    await spend(store, Date.UTC(2025, 5, 3), 19.99);
    const check = (now: number) => store.read((db) => checkBudget(db, { provider: 'gemini', estimateUsd: 0.02, now }));
    expect(await check(NOW)).toMatchObject({ level: 'stop' });
    expect((await check(NOW)).reason).toContain('monthly');
    expect(await check(Date.UTC(2025, 5, 30, 23, 59))).toMatchObject({ level: 'stop' });
    expect(await check(Date.UTC(2025, 6, 1))).toMatchObject({ allowed: true, level: 'ok' });
  });

  test('throttled calls pass only when essential, and a raised budget lifts it at once', async () => {
    const store = await open();
    await spend(store, NOW - 1000, 0.9);
    expect(await store.read((db) => checkBudget(db, { provider: 'gemini', estimateUsd: 0.01, now: NOW }))).toMatchObject({ allowed: false, level: 'throttle' });
    expect(await store.read((db) => checkBudget(db, { provider: 'gemini', estimateUsd: 0.01, now: NOW, essential: true }))).toMatchObject({ allowed: true, level: 'throttle' });
    await store.write((db) => setBudget(db, { provider: 'gemini', daily: 5, now: NOW }));
    expect(await store.read((db) => checkBudget(db, { provider: 'gemini', estimateUsd: 0.01, now: NOW }))).toMatchObject({ allowed: true, level: 'ok' });
  });

  test('a provider priced at 0 is never stopped', async () => {
    const store = await open();
    await store.write((db) => setBudget(db, { provider: 'ollama', daily: 0, monthly: 0, now: NOW }));
    const free = { inputPerMTok: 0, outputPerMTok: 0 };
    await spend(store, NOW, costOf(free, usage()), 'ollama', 'llama3.1');
    expect(await store.read((db) => checkBudget(db, { provider: 'ollama', estimateUsd: estimateCost(free, { promptChars: 1e5, maxOutputTokens: 4096 }), now: NOW })))
      .toMatchObject({ allowed: true, level: 'ok' });
  });
});

describe('costSummary', () => {
  async function seeded(): Promise<Store> {
    const store = await open();
    const flash = priceFor(DEFAULT_PRICE_TABLE, 'gemini', 'gemini-2.5-flash');
    const u = geminiUsage({ promptTokenCount: 100_000, cachedContentTokenCount: 50_000, candidatesTokenCount: 10_000, thoughtsTokenCount: 6_000 });
    const flashCost = costOf(flash, u); // (50k × 0.30 + 50k × 0.03 + 16k × 2.50) / 1e6 = 0.0565
    expect(flashCost).toBe(0.0565);
    await spend(store, Date.UTC(2025, 5, 10, 8), flashCost, 'gemini', 'gemini-2.5-flash', u);
    await spend(store, Date.UTC(2025, 5, 10, 9), flashCost, 'gemini', 'gemini-2.5-flash', u);
    await spend(store, Date.UTC(2025, 5, 2), 0.75, 'gemini', 'gemini-2.5-pro');
    await spend(store, Date.UTC(2025, 3, 1), 5, 'gemini', 'gemini-2.5-pro'); // April: all time only, not in the 30 days
    await spend(store, Date.UTC(2025, 5, 10, 10), 0.42, 'openai', 'gpt-4.1');
    await store.write((db) => setBudget(db, { provider: 'custom-llm', daily: 2, now: NOW }));
    await store.write((db) => {
      db.run(`INSERT INTO session_costs (session, project, transcript, cost_usd, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, started_at, updated_at, data)
              VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, ['sess-older', '/home/dev/app', '/home/dev/.claude/projects/app/a.jsonl', 1.5, 10, 20, 30, 40, NOW - 7200_000, NOW - 3600_000, '{"model":"claude-sonnet-4-5"}']);
      db.run(`INSERT INTO session_costs (session, project, transcript, cost_usd, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, started_at, updated_at, data)
              VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, ['sess-newer', '/home/dev/api', '', 0.25, 1, 2, 3, 4, NOW - 600_000, NOW - 60_000, '{}']);
    });
    return store;
  }

  test('per provider windows, limits, remaining and level; by model over 30 days; totals; Claude sessions', async () => {
    const store = await seeded();
    const s = await store.read((db) => costSummary(db, { now: NOW }));
    expect(s.generatedAt).toBe(NOW);
    expect(s.providers.map((p) => p.provider)).toEqual(['custom-llm', 'gemini', 'openai']);
    const [custom, gemini, openai] = s.providers;
    expect(gemini).toMatchObject({
      provider: 'gemini',
      today: { spent: 0.113, limit: 1, remaining: 0.887, fraction: 0.113, resetsAt: Date.UTC(2025, 5, 11) },
      month: { spent: 0.863, limit: 20, remaining: 19.137, resetsAt: Date.UTC(2025, 6, 1) },
      allTime: 5.863,
      level: 'ok',
      warnAt: 0.8,
      throttleAt: 0.9,
    });
    expect(gemini!.month.fraction).toBeCloseTo(0.04315, 12);
    expect(openai).toMatchObject({ today: { spent: 0.42, limit: 0.5, remaining: 0.08 }, month: { spent: 0.42, limit: 10 }, allTime: 0.42, level: 'warn' });
    expect(openai!.reason).toContain('Warning: the openai daily budget is at 84%');
    expect(custom).toMatchObject({ today: { spent: 0, limit: 2, remaining: 2 }, month: { spent: 0, limit: 20 }, allTime: 0, level: 'ok', source: { daily: 'set', monthly: 'default' } });
    expect(s.byModel).toEqual([
      { provider: 'gemini', model: 'gemini-2.5-pro', calls: 1, inputTokens: 1000, outputTokens: 500, cachedTokens: 0, thinkingTokens: 0, costUsd: 0.75 },
      { provider: 'openai', model: 'gpt-4.1', calls: 1, inputTokens: 1000, outputTokens: 500, cachedTokens: 0, thinkingTokens: 0, costUsd: 0.42 },
      { provider: 'gemini', model: 'gemini-2.5-flash', calls: 2, inputTokens: 200_000, outputTokens: 32_000, cachedTokens: 100_000, thinkingTokens: 12_000, costUsd: 0.113 },
    ]);
    expect(s.totals).toEqual({ today: 0.533, month: 1.283, allTime: 6.283 });
    expect(s.claudeSessions.map((c) => c.session)).toEqual(['sess-newer', 'sess-older']);
    expect(s.claudeSessions[1]).toEqual({
      session: 'sess-older', project: '/home/dev/app', transcript: '/home/dev/.claude/projects/app/a.jsonl', costUsd: 1.5, inputTokens: 10, outputTokens: 20,
      cacheReadTokens: 30, cacheWriteTokens: 40, startedAt: NOW - 7200_000, updatedAt: NOW - 3600_000, data: { model: 'claude-sonnet-4-5' },
    });
  });

  test('one provider only', async () => {
    const store = await seeded();
    const s = await store.read((db) => costSummary(db, { now: NOW, provider: 'openai' }));
    expect(s.providers.map((p) => p.provider)).toEqual(['openai']);
    expect(s.byModel.map((m) => m.model)).toEqual(['gpt-4.1']);
    expect(s.totals).toEqual({ today: 0.42, month: 0.42, allTime: 0.42 });
  });

  test('the text form shows dollars, levels, models and sessions', async () => {
    const store = await seeded();
    const text = formatCostSummary(await store.read((db) => costSummary(db, { now: NOW })));
    expect(text).toContain('gemini: today $0.1130 / $1.00 (11.3%), month $0.8630 / $20.00 (4.3%), all time $5.86 [ok]');
    expect(text).toContain('openai: today $0.4200 / $0.5000 (84%), month $0.4200 / $10.00 (4.2%), all time $0.4200 [warn]');
    expect(text).toContain('    Warning: the openai daily budget is at 84%');
    expect(text).toContain('total: today $0.5330, month $1.28, all time $6.28');
    expect(text).toContain('gemini/gemini-2.5-flash: 2 calls, 200,000 in (100,000 cached), 32,000 out (12,000 thinking), $0.1130');
    expect(text).toContain('sess-new /home/dev/api: $0.2500, 1 in, 2 out, cache 3 read / 4 written');
  });

  test('an empty store: no providers, no models, no sessions', async () => {
    const store = await open();
    const s = await store.read((db) => costSummary(db, { now: NOW }));
    expect(s).toEqual({ generatedAt: NOW, providers: [], byModel: [], totals: { today: 0, month: 0, allTime: 0 }, claudeSessions: [] });
    expect(formatCostSummary(s)).toContain('no provider spend recorded and no budget set');
    // asking for one provider shows its defaults
    expect((await store.read((db) => costSummary(db, { now: NOW, provider: 'gemini' }))).providers[0]).toMatchObject({ today: { spent: 0, limit: 1 }, level: 'ok' });
  });
});
