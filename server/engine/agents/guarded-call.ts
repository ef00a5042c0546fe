/**
 * Every paid model call the server makes goes through here, in this order: the price (an unknown model
 * is refused before anything is sent), the budget (a call whose conservative estimate would exceed a
 * window is refused before it is sent), the provider's circuit breaker and retries, then the ledger
 * (the exact cost from the SDK's usage fields). Estimates of calls still in flight count against the
 * budget too, so twenty parallel agents cannot all pass a check that only one of them fits.
 */
import { type BudgetCheck, checkBudget, estimateCost, recordUsage } from '../cost/index.js';
import { costOf, type PriceTable, priceFor } from '../cost/price-table.js';
import { callWithHealing, type HealingOptions } from '../healing/index.js';
import type { LLMProvider, LLMRequest, LLMResponse } from '../providers/types.js';
import type { Store } from '../store/store.js';

export interface GuardDeps {
  store: Store;
  prices: PriceTable;
  now: () => number;
  healing?: HealingOptions;
  session?: string;
  project?: string;
  /** In-flight estimates per provider, shared by every call of one process. */
  inFlight?: Map<string, number>;
}

export interface GuardedResult {
  response: LLMResponse;
  costUsd: number;
  priceDate: string;
  budget: BudgetCheck;
}

/** A call refused by a budget before anything was sent. */
export class BudgetStopError extends Error {
  readonly check: BudgetCheck;
  constructor(provider: string, check: BudgetCheck) {
    super(`${provider}: ${check.reason}`);
    this.name = 'BudgetStopError';
    this.check = check;
  }
}

export interface CallMeta {
  operation: string;
  /** Allowed when the budget is throttled (a request Claude made directly); a judge's call is not. */
  essential?: boolean;
  trialId?: string;
}

/**
 * @example
 * const { response, costUsd } = await guardedGenerate(deps, provider, { prompt, model: 'gemini-2.5-flash' }, { operation: 'spawn_agent', essential: true });
 */
export async function guardedGenerate(deps: GuardDeps, provider: LLMProvider, req: LLMRequest & { model: string }, meta: CallMeta): Promise<GuardedResult> {
  const price = priceFor(deps.prices, provider.name, req.model);
  const estimate = estimateCost(price, { promptChars: req.prompt.length + (req.system?.length ?? 0), maxOutputTokens: req.maxTokens ?? 8192 });
  const inFlight = deps.inFlight ?? new Map<string, number>();
  const pending = inFlight.get(provider.name) ?? 0;
  const budget = await deps.store.read((db) =>
    checkBudget(db, { provider: provider.name, estimateUsd: estimate + pending, now: deps.now(), essential: meta.essential ?? false }),
  );
  if (!budget.allowed) throw new BudgetStopError(provider.name, budget);
  inFlight.set(provider.name, pending + estimate);
  let response: LLMResponse;
  try {
    response = await callWithHealing(deps.store, provider.name, (signal) => provider.generate({ ...req, signal }), deps.healing);
  } finally {
    const left = (inFlight.get(provider.name) ?? estimate) - estimate;
    if (left > 1e-12) inFlight.set(provider.name, left);
    else inFlight.delete(provider.name);
  }
  const u = response.usage;
  const costUsd = costOf(price, { inputTokens: u.inputTokens, outputTokens: u.outputTokens, cachedTokens: u.cachedTokens, thinkingTokens: u.thinkingTokens });
  const ts = deps.now();
  await deps.store.write((db) =>
    recordUsage(db, {
      ts, provider: provider.name, model: response.model, operation: meta.operation, usage: u, costUsd, priceDate: deps.prices.date,
      ...(deps.session ? { session: deps.session } : {}), ...(deps.project ? { project: deps.project } : {}), ...(meta.trialId ? { trialId: meta.trialId } : {}),
    }),
  );
  return { response, costUsd, priceDate: deps.prices.date, budget };
}

/** A provider whose every call is guarded: for judges, which call `generate` themselves. */
export function guardedProvider(deps: GuardDeps, provider: LLMProvider, meta: CallMeta, spent: { usd: number }): LLMProvider {
  return {
    name: provider.name,
    defaultModel: provider.defaultModel,
    async generate(req) {
      const r = await guardedGenerate(deps, provider, { ...req, model: req.model ?? provider.defaultModel }, meta);
      spent.usd += r.costUsd;
      return r.response;
    },
  };
}
