/**
 * The budget decision before a call. It is computed from the current window's spend every time, so it
 * recovers by itself when a UTC day or month rolls over: there is no stored governance state to get stuck
 * (the original only re-evaluated after a successful paid call, which a throttled state never allowed).
 */
import type { Db } from '../store/db.js';
import { budgetFor, type ProviderBudget } from './budgets.js';
import { spendByWindow } from './ledger.js';
import { roundUsd } from './price-table.js';
import { formatPercent as pct, formatUsd } from './pricing.js';
import { type BudgetPeriod, untilText, windowOf } from './windows.js';

export type BudgetLevel = 'ok' | 'warn' | 'throttle' | 'stop';

export interface BudgetWindow {
  period: BudgetPeriod;
  spent: number;
  limit: number | null;
  /** (spent + the call's estimate) / limit; 0 without a limit. */
  fraction: number;
  /** When the window ends (ms, UTC). */
  resetsAt: number;
}

export interface BudgetCheck {
  allowed: boolean;
  level: BudgetLevel;
  reason: string;
  windows: BudgetWindow[];
}

const RANK: Record<BudgetLevel, number> = { ok: 0, warn: 1, throttle: 2, stop: 3 };
const NAME: Record<BudgetPeriod, { adj: string; spent: string }> = {
  day: { adj: 'daily', spent: 'today' },
  month: { adj: 'monthly', spent: 'this month' },
};

interface Assessed extends BudgetWindow {
  level: BudgetLevel;
  projected: number;
}

function assess(period: BudgetPeriod, spent: number, limit: number | null, budget: ProviderBudget, estimate: number, now: number): Assessed {
  const projected = roundUsd(spent + estimate);
  const resetsAt = windowOf(period, now).end;
  if (limit === null) return { period, spent, limit, fraction: 0, resetsAt, level: 'ok', projected };
  const fraction = limit > 0 ? projected / limit : projected > 0 ? 1 : 0;
  // With no estimate this is the state a paid call would meet: at the limit already means stop.
  const over = estimate > 0 ? projected > limit : projected >= limit;
  const level: BudgetLevel = over
    ? 'stop'
    : projected >= roundUsd(budget.throttleAt * limit)
      ? 'throttle'
      : projected >= roundUsd(budget.warnAt * limit)
        ? 'warn'
        : 'ok';
  return { period, spent, limit, fraction, resetsAt, level, projected };
}

function explain(w: Assessed, budget: ProviderBudget, estimate: number, now: number, essential: boolean): string {
  const { adj, spent } = NAME[w.period];
  const limit = w.limit ?? 0;
  const at = `${new Date(w.resetsAt).toISOString()} (${untilText(w.resetsAt, now)})`;
  const raise = `cost_set_budget raises it (e.g. {"provider":"${budget.provider}","${adj}":${Math.max(0.01, Math.ceil(Math.max(limit * 2, w.projected) * 100) / 100)}})`;
  const withCall = estimate > 0 ? ` with this call's estimated ${formatUsd(estimate)}` : '';
  if (w.level === 'stop') {
    const what = limit === 0 ? `is ${formatUsd(0)} (no spend allowed)` : `would be exceeded: ${formatUsd(w.spent)} spent ${spent} (UTC)${withCall}, limit ${formatUsd(limit)}`;
    return `Stopped: the ${budget.provider} ${adj} budget ${what}; it resets at ${at}; ${raise}.`;
  }
  const state = `the ${budget.provider} ${adj} budget is at ${pct(w.fraction)} (${formatUsd(w.projected)} of ${formatUsd(limit)}${withCall ? ' including this call' : ''}`;
  if (w.level === 'throttle') {
    const who = essential ? 'this essential call is allowed, others wait' : 'only essential calls run';
    return `Throttled: ${state}; throttle at ${pct(budget.throttleAt)}): ${who} and parallel agents run one at a time until it resets at ${at}; ${raise}.`;
  }
  return `Warning: ${state}; warning at ${pct(budget.warnAt)}, throttle at ${pct(budget.throttleAt)}); it resets at ${at}.`;
}

const limitText = (spent: number, limit: number | null): string => `${formatUsd(spent)} of ${limit === null ? 'no limit' : formatUsd(limit)}`;

function decide(spend: { today: number; month: number }, budget: ProviderBudget, estimate: number, now: number, essential: boolean): BudgetCheck {
  const assessed = [
    assess('day', roundUsd(spend.today), budget.daily, budget, estimate, now),
    assess('month', roundUsd(spend.month), budget.monthly, budget, estimate, now),
  ];
  const windows = assessed.map(({ period, spent, limit, fraction, resetsAt }) => ({ period, spent, limit, fraction, resetsAt }));
  const worst = assessed.reduce((a, b) => (RANK[b.level] > RANK[a.level] || (RANK[b.level] === RANK[a.level] && b.fraction > a.fraction) ? b : a));
  if (worst.level === 'ok') {
    const [day, month] = assessed as [Assessed, Assessed];
    const reason = `Within budget: ${budget.provider} ${limitText(day.spent, day.limit)} today, ${limitText(month.spent, month.limit)} this month (UTC).`;
    return { allowed: true, level: 'ok', reason, windows };
  }
  const allowed = worst.level === 'warn' || (worst.level === 'throttle' && essential);
  return { allowed, level: worst.level, reason: explain(worst, budget, estimate, now, essential), windows };
}

/**
 * Whether a call estimated at `estimateUsd` may run, from this window's spend: spend + estimate over a
 * limit → stop (never allowed); at or over throttleAt → throttle (allowed only when essential); at or over
 * warnAt → warn (allowed). The worst window decides. A call estimated at $0 (a model priced at 0) is always
 * allowed: it cannot add to the spend. Pure.
 *
 * @example
 * const gemini = { provider: 'gemini', daily: 1, monthly: 20, warnAt: 0.8, throttleAt: 0.9, source: { daily: 'default', monthly: 'default' }, updatedAt: null } as const;
 * evaluateBudget({ today: 0.95, month: 3 }, gemini, 0.1, Date.UTC(2025, 5, 1, 12), false)
 * // → { allowed: false, level: 'stop', reason: 'Stopped: the gemini daily budget would be exceeded: $0.9500 spent today …', windows: [...] }
 */
export function evaluateBudget(
  spend: { today: number; month: number },
  budget: ProviderBudget,
  estimateUsd: number,
  now: number,
  essential = false,
): BudgetCheck {
  if (!Number.isFinite(estimateUsd) || estimateUsd < 0) throw new RangeError(`estimateUsd: must be a non-negative number of US dollars, got ${String(estimateUsd)}`);
  if (estimateUsd === 0) {
    const { windows } = decide(spend, budget, 0, now, essential);
    return { allowed: true, level: 'ok', reason: `Free: this call is priced at ${formatUsd(0)}, so the ${budget.provider} budgets do not apply.`, windows };
  }
  return decide(spend, budget, estimateUsd, now, essential);
}

/**
 * The budget's state now, as a paid call would meet it (at the limit already is 'stop'): for summaries.
 *
 * @example
 * budgetStatus({ today: 1, month: 1 }, budgetFor(db, 'gemini'), Date.now()).level // → 'stop' (the $1.00 day is used up)
 */
export function budgetStatus(spend: { today: number; month: number }, budget: ProviderBudget, now: number): BudgetCheck {
  return decide(spend, budget, 0, now, false);
}

/**
 * evaluateBudget on the store: the provider's budget and its spend in the current UTC day and month.
 *
 * @example
 * const check = await store.read((db) => checkBudget(db, { provider: 'gemini', estimateUsd: 0.002, now: Date.now() }));
 * if (!check.allowed) return refuse(check.reason);
 */
export function checkBudget(db: Db, q: { provider: string; estimateUsd: number; now: number; essential?: boolean }): BudgetCheck {
  const spend = spendByWindow(db, { provider: q.provider, now: q.now });
  return evaluateBudget(spend, budgetFor(db, q.provider), q.estimateUsd, q.now, q.essential ?? false);
}
