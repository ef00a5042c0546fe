/**
 * The cost summary behind `cost_summary`, the CLI's status and the extension's cost view: per provider
 * spend against its budget, spend by model over 30 days, totals, and the Claude Code session costs another
 * module records in session_costs (only read here).
 */
import { redact } from '../redact.js';
import type { Db } from '../store/db.js';
import { budgets, costLedger } from '../store/repos-runs.js';
import { type BudgetLevel, budgetStatus } from './budget-check.js';
import { budgetFor, type ProviderBudget } from './budgets.js';
import { type ModelSpend, spendByModel, spendByWindow } from './ledger.js';
import { roundUsd } from './price-table.js';
import { formatPercent, formatUsd } from './pricing.js';
import type { SessionCostEvent } from '../store/journal.js';
import { sessionCosts } from '../store/repos-sessions.js';

export const BY_MODEL_DAYS = 30;
const DAY_MS = 86_400_000;

export interface WindowSummary {
  spent: number;
  limit: number | null;
  /** null without a limit. */
  remaining: number | null;
  /** spent / limit; 0 without a limit. */
  fraction: number;
  resetsAt: number;
}

export interface ProviderCostSummary {
  provider: string;
  today: WindowSummary;
  month: WindowSummary;
  allTime: number;
  /** What the next paid call would meet. */
  level: BudgetLevel;
  reason: string;
  warnAt: number;
  throttleAt: number;
  source: ProviderBudget['source'];
}

/** A session's reading as the hooks journal it (`session.cost`), with when it was last updated and its detail. */
export type ClaudeSessionCost = Pick<
  SessionCostEvent,
  'session' | 'project' | 'transcript' | 'costUsd' | 'inputTokens' | 'outputTokens' | 'cacheReadTokens' | 'cacheWriteTokens' | 'startedAt'
> & { updatedAt: number; data: unknown };

export interface CostSummary {
  generatedAt: number;
  providers: ProviderCostSummary[];
  /** The last 30 days, costliest first. */
  byModel: ModelSpend[];
  totals: { today: number; month: number; allTime: number };
  /** Most recently updated first. */
  claudeSessions: ClaudeSessionCost[];
}

const parse = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return {};
  }
};

/**
 * The most recently updated Claude Code sessions' costs (an empty array when none are recorded).
 *
 * @example
 * claudeSessionCosts(db, 5) // → [{ session: 'c0ffee…', project: '/home/dev/app', costUsd: 1.23, … }]
 */
export function claudeSessionCosts(db: Db, limit = 20): ClaudeSessionCost[] {
  return sessionCosts.list(db, { limit }).map((r) => ({
    session: r.session,
    project: redact(r.project),
    transcript: redact(r.transcript),
    costUsd: roundUsd(Number(r.cost_usd)),
    inputTokens: Number(r.input_tokens),
    outputTokens: Number(r.output_tokens),
    cacheReadTokens: Number(r.cache_read_tokens),
    cacheWriteTokens: Number(r.cache_write_tokens),
    startedAt: Number(r.started_at),
    updatedAt: Number(r.updated_at),
    data: parse(r.data),
  }));
}

const windowSummary = (spent: number, limit: number | null, resetsAt: number): WindowSummary => ({
  spent,
  limit,
  remaining: limit === null ? null : roundUsd(Math.max(0, limit - spent)),
  fraction: limit === null ? 0 : limit > 0 ? spent / limit : spent > 0 ? 1 : 0,
  resetsAt,
});

/**
 * Every provider with spend or a budget (or just `provider`), with its windows, limits and level; spend by
 * model over the last 30 days; totals; and the latest Claude Code session costs.
 *
 * @example
 * const summary = await store.read((db) => costSummary(db, { now: Date.now() }));
 * console.log(formatCostSummary(summary));
 */
export function costSummary(db: Db, q: { now: number; provider?: string; sessions?: number }): CostSummary {
  const names =
    q.provider !== undefined
      ? [q.provider]
      : [...new Set([
        ...costLedger.providers(db),
        ...budgets.list(db).filter((b) => b.scope.startsWith('provider:')).map((b) => b.scope.slice('provider:'.length)),
      ])].sort();
  const providers = names.map((provider): ProviderCostSummary => {
    const spend = spendByWindow(db, { provider, now: q.now });
    const budget = budgetFor(db, provider);
    const status = budgetStatus(spend, budget, q.now);
    const [day, month] = status.windows;
    return {
      provider,
      today: windowSummary(spend.today, budget.daily, day?.resetsAt ?? 0),
      month: windowSummary(spend.month, budget.monthly, month?.resetsAt ?? 0),
      allTime: spend.allTime,
      level: status.level,
      reason: status.reason,
      warnAt: budget.warnAt,
      throttleAt: budget.throttleAt,
      source: budget.source,
    };
  });
  const sum = (pick: (p: ProviderCostSummary) => number): number => roundUsd(providers.reduce((s, p) => s + pick(p), 0));
  return {
    generatedAt: q.now,
    providers,
    byModel: spendByModel(db, { since: q.now - BY_MODEL_DAYS * DAY_MS, ...(q.provider === undefined ? {} : { provider: q.provider }) }),
    totals: { today: sum((p) => p.today.spent), month: sum((p) => p.month.spent), allTime: sum((p) => p.allTime) },
    claudeSessions: claudeSessionCosts(db, q.sessions ?? 20),
  };
}

const n = (v: number): string => v.toLocaleString('en-US');
const limitText = (w: WindowSummary): string =>
  w.limit === null ? `${formatUsd(w.spent)} (no limit)` : `${formatUsd(w.spent)} / ${formatUsd(w.limit)} (${formatPercent(w.fraction)})`;

/**
 * The summary as compact text for people (MCP tool text, the CLI).
 *
 * @example
 * formatCostSummary(costSummary(db, { now: Date.now() }))
 * // → 'Cost (UTC day and month)\n  gemini: today $0.0123 / $1.00 (1.2%), month $1.50 / $20.00 (7.5%), all time $7.25 [ok]\n…'
 */
export function formatCostSummary(s: CostSummary): string {
  const lines = ['Cost (UTC day and month)'];
  if (s.providers.length === 0) lines.push('  no provider spend recorded and no budget set');
  for (const p of s.providers) {
    lines.push(`  ${p.provider}: today ${limitText(p.today)}, month ${limitText(p.month)}, all time ${formatUsd(p.allTime)} [${p.level}]`);
    if (p.level !== 'ok') lines.push(`    ${p.reason}`);
  }
  lines.push(`  total: today ${formatUsd(s.totals.today)}, month ${formatUsd(s.totals.month)}, all time ${formatUsd(s.totals.allTime)}`);
  if (s.byModel.length > 0) {
    lines.push(`By model (last ${BY_MODEL_DAYS} days)`);
    for (const m of s.byModel) {
      const cached = m.cachedTokens > 0 ? ` (${n(m.cachedTokens)} cached)` : '';
      const thinking = m.thinkingTokens > 0 ? ` (${n(m.thinkingTokens)} thinking)` : '';
      lines.push(`  ${m.provider}/${m.model}: ${n(m.calls)} call${m.calls === 1 ? '' : 's'}, ${n(m.inputTokens)} in${cached}, ${n(m.outputTokens)} out${thinking}, ${formatUsd(m.costUsd)}`);
    }
  }
  if (s.claudeSessions.length > 0) {
    lines.push('Claude Code sessions (latest)');
    for (const c of s.claudeSessions) {
      const cache = c.cacheReadTokens + c.cacheWriteTokens > 0 ? `, cache ${n(c.cacheReadTokens)} read / ${n(c.cacheWriteTokens)} written` : '';
      lines.push(`  ${c.session.slice(0, 8)} ${c.project || '(no project)'}: ${formatUsd(c.costUsd)}, ${n(c.inputTokens)} in, ${n(c.outputTokens)} out${cache}, updated ${new Date(c.updatedAt).toISOString()}`);
    }
  }
  return lines.join('\n');
}
