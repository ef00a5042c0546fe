/**
 * Provider budgets: a daily and a monthly USD limit per provider with warn / throttle fractions, persisted
 * in the budgets table (scope `provider:<name>`, period `day` | `month`, data `{ warnAt, throttleAt }`).
 * A provider nobody configured gets the defaults below; `null` is "unlimited" and is stored as such.
 */
import type { Db } from '../store/db.js';
import { type Budget, budgets } from '../store/repos-runs.js';
import type { BudgetPeriod } from './windows.js';

export const DEFAULT_WARN_AT = 0.8;
export const DEFAULT_THROTTLE_AT = 0.9;

/** USD limits when none is set: gemini and openai as the original shipped, 1/20 for any other provider. */
export const DEFAULT_LIMITS: Readonly<Record<string, { daily: number; monthly: number }>> = {
  gemini: { daily: 1, monthly: 20 },
  openai: { daily: 0.5, monthly: 10 },
};
export const FALLBACK_LIMITS = { daily: 1, monthly: 20 } as const;

export interface ProviderBudget {
  provider: string;
  /** USD per UTC day; null = unlimited; 0 = no spend allowed. */
  daily: number | null;
  /** USD per UTC month; null = unlimited; 0 = no spend allowed. */
  monthly: number | null;
  warnAt: number;
  throttleAt: number;
  /** Whether each limit was set with setBudget or is the built-in default. */
  source: { daily: 'default' | 'set'; monthly: 'default' | 'set' };
  /** When setBudget last changed it (ms), null for defaults only. */
  updatedAt: number | null;
}

/** A setBudget argument that cannot be applied; `field` names it. */
export class BudgetError extends Error {
  readonly field: string;
  constructor(field: string, message: string) {
    super(`${field}: ${message}`);
    this.name = 'BudgetError';
    this.field = field;
  }
}

export const budgetScope = (provider: string): string => `provider:${provider}`;

interface StoredData {
  warnAt?: unknown;
  throttleAt?: unknown;
  unlimited?: unknown;
}

const parseData = (row: Budget): StoredData => {
  try {
    const v: unknown = JSON.parse(row.data);
    return v !== null && typeof v === 'object' ? (v as StoredData) : {};
  } catch {
    return {};
  }
};

const fraction = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 1 ? v : undefined);

const storedLimit = (row: Budget): number | null =>
  parseData(row).unlimited === true || !Number.isFinite(row.limit_usd) ? null : Math.max(0, Number(row.limit_usd));

/**
 * The budget in force for a provider: what setBudget stored, the defaults for the rest.
 *
 * @example
 * budgetFor(db, 'gemini') // → { provider: 'gemini', daily: 1, monthly: 20, warnAt: 0.8, throttleAt: 0.9, source: { daily: 'default', … }, updatedAt: null }
 */
export function budgetFor(db: Db, provider: string): ProviderBudget {
  const rows = budgets.forScope(db, budgetScope(provider));
  const day = rows.find((r) => r.period === 'day');
  const month = rows.find((r) => r.period === 'month');
  const latest = [day, month].filter((r): r is Budget => r !== undefined).sort((a, b) => b.updated_at - a.updated_at)[0];
  const data = latest ? parseData(latest) : {};
  let warnAt = fraction(data.warnAt) ?? DEFAULT_WARN_AT;
  let throttleAt = fraction(data.throttleAt) ?? DEFAULT_THROTTLE_AT;
  if (!(warnAt < throttleAt) || throttleAt === 0) [warnAt, throttleAt] = [DEFAULT_WARN_AT, DEFAULT_THROTTLE_AT];
  const defaults = DEFAULT_LIMITS[provider] ?? FALLBACK_LIMITS;
  return {
    provider,
    daily: day ? storedLimit(day) : defaults.daily,
    monthly: month ? storedLimit(month) : defaults.monthly,
    warnAt,
    throttleAt,
    source: { daily: day ? 'set' : 'default', monthly: month ? 'set' : 'default' },
    updatedAt: latest ? Number(latest.updated_at) : null,
  };
}

export interface BudgetChange {
  provider: string;
  /** USD per UTC day; null removes the limit (unlimited); undefined keeps it. */
  daily?: number | null;
  monthly?: number | null;
  warnAt?: number;
  throttleAt?: number;
  now: number;
}

function checkLimit(field: string, v: unknown): void {
  if (v === undefined || v === null) return;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
    throw new BudgetError(field, `must be a non-negative number of US dollars (0 = no spend allowed) or null for no limit, got ${JSON.stringify(v) ?? String(v)}`);
  }
}

/**
 * Changes a provider's budget and persists it; works whatever the current spend (nothing is ever locked).
 * Changing only the thresholds pins both limits as they are now. Throws BudgetError for bad values.
 *
 * @example
 * setBudget(db, { provider: 'gemini', daily: 2.5, now: Date.now() })   // raise today's limit
 * setBudget(db, { provider: 'openai', monthly: null, now: Date.now() }) // no monthly limit
 */
export function setBudget(db: Db, change: BudgetChange): ProviderBudget {
  if (typeof change.provider !== 'string' || change.provider.trim() === '') {
    throw new BudgetError('provider', `must be a provider name such as "gemini" or "openai", got ${JSON.stringify(change.provider) ?? String(change.provider)}`);
  }
  if (!Number.isFinite(change.now)) throw new BudgetError('now', `must be a time in ms, got ${String(change.now)}`);
  checkLimit('daily', change.daily);
  checkLimit('monthly', change.monthly);
  for (const field of ['warnAt', 'throttleAt'] as const) {
    const v = change[field];
    if (v !== undefined && (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 1)) {
      throw new BudgetError(field, `must be a fraction of the limit between 0 and 1 (e.g. 0.8), got ${JSON.stringify(v) ?? String(v)}`);
    }
  }
  const { daily, monthly, warnAt, throttleAt } = change;
  if (daily === undefined && monthly === undefined && warnAt === undefined && throttleAt === undefined) {
    throw new BudgetError('(arguments)', 'nothing to change: give daily, monthly (USD, or null for no limit), warnAt or throttleAt');
  }
  const current = budgetFor(db, change.provider);
  const next = { warnAt: warnAt ?? current.warnAt, throttleAt: throttleAt ?? current.throttleAt };
  if (!(next.warnAt < next.throttleAt)) {
    throw new BudgetError(warnAt === undefined ? 'throttleAt' : 'warnAt', `warnAt (${next.warnAt}) must be below throttleAt (${next.throttleAt}), and throttleAt at most 1`);
  }
  const thresholdsChanged = warnAt !== undefined || throttleAt !== undefined;
  const write = (period: BudgetPeriod, limit: number | null): void => {
    budgets.set(db, {
      scope: budgetScope(change.provider),
      period,
      // Infinity keeps a plain `spent > limit_usd` reader right; `unlimited` is what this module reads.
      limit_usd: limit ?? Number.POSITIVE_INFINITY,
      ts: change.now,
      data: { ...next, ...(limit === null ? { unlimited: true } : {}) },
    });
  };
  if (daily !== undefined || thresholdsChanged) write('day', daily === undefined ? current.daily : daily);
  if (monthly !== undefined || thresholdsChanged) write('month', monthly === undefined ? current.monthly : monthly);
  return budgetFor(db, change.provider);
}
