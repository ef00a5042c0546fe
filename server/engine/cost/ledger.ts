/**
 * The cost ledger: one row per LLM call (with cached and thinking tokens and the price table's date),
 * and the spend queries budgets and summaries are computed from.
 */
import { redact } from '../redact.js';
import type { LLMUsage } from '../providers/types.js';
import type { Db } from '../store/db.js';
import { costLedger } from '../store/repos-runs.js';
import { roundUsd } from './price-table.js';
import { windowOf } from './windows.js';

export interface UsageRecord {
  ts: number;
  provider: string;
  model: string;
  /** What the call was for: 'spawn_agent', 'grade', … */
  operation: string;
  usage: LLMUsage;
  costUsd: number;
  /** The `date` of the price table `costUsd` came from. */
  priceDate: string;
  session?: string;
  project?: string;
  trialId?: string;
  data?: unknown;
}

const tokens = (name: string, v: number): number => {
  if (!Number.isFinite(v) || v < 0) throw new RangeError(`usage.${name}: must be a non-negative finite number, got ${String(v)}`);
  return Math.round(v);
};

/**
 * Records one call in cost_ledger and returns its id. Texts and `data` are redacted.
 *
 * @example
 * const id = recordUsage(db, { ts: Date.now(), provider: 'gemini', model: 'gemini-2.5-flash', operation: 'spawn_agent',
 *   usage: res.usage, costUsd: costOf(price, res.usage), priceDate: table.date });
 */
export function recordUsage(db: Db, r: UsageRecord): string {
  if (!Number.isFinite(r.costUsd) || r.costUsd < 0) throw new RangeError(`costUsd: must be a non-negative finite number, got ${String(r.costUsd)}`);
  if (!Number.isFinite(r.ts)) throw new RangeError(`ts: must be a time in ms, got ${String(r.ts)}`);
  return costLedger.insert(db, {
    ts: r.ts,
    provider: r.provider,
    model: redact(r.model),
    operation: redact(r.operation),
    session: r.session ?? '',
    project: r.project ?? '',
    trial_id: r.trialId ?? null,
    input_tokens: tokens('inputTokens', r.usage.inputTokens),
    output_tokens: tokens('outputTokens', r.usage.outputTokens),
    cached_tokens: tokens('cachedTokens', r.usage.cachedTokens),
    thinking_tokens: tokens('thinkingTokens', r.usage.thinkingTokens),
    cost_usd: roundUsd(r.costUsd),
    price_date: r.priceDate,
    data: { totalTokens: r.usage.totalTokens, ...(r.data === undefined ? {} : { data: r.data }) },
  });
}

export interface WindowSpend {
  /** The current UTC day. */
  today: number;
  /** The current UTC month. */
  month: number;
  allTime: number;
}

/**
 * What has been spent in the UTC day and month containing `now`, and ever; all providers or one.
 *
 * @example
 * spendByWindow(db, { provider: 'gemini', now: Date.now() }) // → { today: 0.0123, month: 1.5, allTime: 7.25 }
 */
export function spendByWindow(db: Db, q: { provider?: string; now: number }): WindowSpend {
  const day = windowOf('day', q.now);
  const month = windowOf('month', q.now);
  const p = q.provider === undefined ? {} : { provider: q.provider };
  return {
    today: roundUsd(costLedger.spend(db, { ...p, since: day.start, until: day.end })),
    month: roundUsd(costLedger.spend(db, { ...p, since: month.start, until: month.end })),
    allTime: roundUsd(costLedger.spend(db, p)),
  };
}

export interface ModelSpend {
  provider: string;
  model: string;
  calls: number;
  inputTokens: number;
  outputTokens: number;
  cachedTokens: number;
  thinkingTokens: number;
  costUsd: number;
}

/**
 * Calls, tokens (cached and thinking included) and cost per provider and model since `since` (ms), costliest first.
 *
 * @example
 * spendByModel(db, { since: Date.now() - 30 * 86_400_000 })
 * // → [{ provider: 'gemini', model: 'gemini-2.5-pro', calls: 3, inputTokens: 12000, …, costUsd: 0.061 }, …]
 */
export function spendByModel(db: Db, q: { since: number; provider?: string }): ModelSpend[] {
  return costLedger.byModel(db, q).map((r) => ({
    provider: r.provider,
    model: r.model,
    calls: Number(r.calls),
    inputTokens: Number(r.input_tokens ?? 0),
    outputTokens: Number(r.output_tokens ?? 0),
    cachedTokens: Number(r.cached_tokens ?? 0),
    thinkingTokens: Number(r.thinking_tokens ?? 0),
    costUsd: roundUsd(Number(r.cost_usd ?? 0)),
  }));
}
