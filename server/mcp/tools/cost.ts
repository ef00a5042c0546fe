/**
 * Spend and healing: cost_summary, cost_set_budget and healing_status (core). cost_set_budget works
 * whatever the current spend (the original's locked itself out), but an agent may only lower a limit:
 * raising one is the human's call (`task-orchestrator cost budget …`), unless the user opted in with
 * TASK_ORCHESTRATOR_AGENT_MAY_RAISE_BUDGET=1 — otherwise the budget would stop nothing.
 */
import { z } from 'zod/v4';
import { BudgetError, budgetFor, costSummary, formatCostSummary, type ProviderBudget, setBudget } from '../../engine/cost/index.js';
import { loadHealingStatus } from '../../engine/healing/index.js';
import type { ServerContext } from '../context.js';
import { fail, ok, tool, type ToolDef } from '../tool.js';

export const RAISE_OPT_IN = 'TASK_ORCHESTRATOR_AGENT_MAY_RAISE_BUDGET';

const limit = z.number().min(0).max(1_000_000).nullable().optional();

/** The limits `next` raises above `prev` (null = unlimited is the highest). */
export function raisedLimits(prev: Pick<ProviderBudget, 'daily' | 'monthly'>, next: { daily?: number | null; monthly?: number | null }): string[] {
  const higher = (a: number | null, b: number | null | undefined): boolean => b !== undefined && a !== null && (b === null || b > a);
  return (['daily', 'monthly'] as const).filter((k) => higher(prev[k], next[k]));
}

export function costTools(ctx: ServerContext): ToolDef[] {
  return [
    tool({
      name: 'cost_summary',
      title: 'Spend and budgets',
      description: 'Spend today, this month and all time per provider and model (priced from a dated table), against the daily and monthly budgets, and Claude Code\'s own session costs read from its transcripts.',
      input: { provider: z.string().optional().describe('one provider (gemini, openai, or a configured name)') },
      output: { generatedAt: z.number(), providers: z.array(z.object({ provider: z.string() }).passthrough()), totals: z.record(z.string(), z.number()), claudeSessions: z.array(z.unknown()), priceTable: z.object({ date: z.string(), source: z.string() }) },
      annotations: { readOnlyHint: true, openWorldHint: false },
      handler: async (a) => {
        const store = await ctx.store();
        const s = await store.read((db) => costSummary(db, { now: ctx.now(), ...(a.provider ? { provider: a.provider } : {}) }));
        let table: { date: string; source: string };
        try {
          const t = ctx.prices();
          table = { date: t.date, source: t.source };
        } catch (e) {
          table = { date: 'invalid', source: (e as Error).message };
        }
        const data = { ...(s as unknown as Record<string, unknown>), priceTable: table };
        return ok(data, `${formatCostSummary(s)}\nPrices as of ${table.date} (${table.source}).`);
      },
    }),
    tool({
      name: 'cost_set_budget',
      title: 'Set a budget',
      description: `Sets a provider's daily and/or monthly limit in US dollars (null removes a limit; 0 allows no spend) and its warn/throttle thresholds. Always works, whatever the spend. An agent may lower limits; raising one needs the human (\`task-orchestrator cost budget\`) unless ${RAISE_OPT_IN}=1.`,
      input: {
        provider: z.string().min(1).max(64),
        daily_limit: limit,
        monthly_limit: limit,
        warn_at: z.number().gt(0).lt(1).optional().describe('fraction of a limit that warns (default 0.8)'),
        throttle_at: z.number().gt(0).max(1).optional().describe('fraction that throttles: parallel agents run one at a time, judges are skipped (default 0.9)'),
      },
      output: { provider: z.string(), daily: z.number().nullable(), monthly: z.number().nullable(), warnAt: z.number(), throttleAt: z.number(), previous: z.object({ daily: z.number().nullable(), monthly: z.number().nullable() }) },
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
      handler: async (a) => {
        const store = await ctx.store();
        const change = {
          provider: a.provider, now: ctx.now(),
          ...(a.daily_limit === undefined ? {} : { daily: a.daily_limit }), ...(a.monthly_limit === undefined ? {} : { monthly: a.monthly_limit }),
          ...(a.warn_at === undefined ? {} : { warnAt: a.warn_at }), ...(a.throttle_at === undefined ? {} : { throttleAt: a.throttle_at }),
        };
        try {
          type Outcome = { refused: string[]; prev: ProviderBudget } | { next: ProviderBudget; prev: ProviderBudget };
          const result = await store.write((db): Outcome => {
            const prev = budgetFor(db, a.provider);
            const raised = raisedLimits(prev, change);
            if (raised.length && ctx.env[RAISE_OPT_IN] !== '1') return { refused: raised, prev };
            return { next: setBudget(db, change), prev };
          });
          if ('refused' in result) {
            return fail(
              `raising the ${result.refused.join(' and ')} limit of ${a.provider} is for a human: run \`task-orchestrator cost budget ${a.provider}` +
                `${change.daily !== undefined ? ` --daily ${change.daily ?? 'none'}` : ''}${change.monthly !== undefined ? ` --monthly ${change.monthly ?? 'none'}` : ''}\` in a terminal ` +
                `(or set ${RAISE_OPT_IN}=1 for the MCP server to let agents raise budgets)`,
              { provider: a.provider, refused: result.refused, current: { daily: result.prev.daily, monthly: result.prev.monthly } },
            );
          }
          const { next, prev } = result;
          ctx.log('notice', { event: 'budget_set', provider: a.provider, daily: next.daily, monthly: next.monthly });
          return ok(
            { provider: next.provider, daily: next.daily, monthly: next.monthly, warnAt: next.warnAt, throttleAt: next.throttleAt, previous: { daily: prev.daily, monthly: prev.monthly } },
            `${next.provider}: daily ${money(next.daily)}, monthly ${money(next.monthly)} (was ${money(prev.daily)} / ${money(prev.monthly)}); warn at ${next.warnAt * 100}%, throttle at ${next.throttleAt * 100}%.`,
          );
        } catch (e) {
          if (e instanceof BudgetError) return fail(e.message, { field: e.field });
          throw e;
        }
      },
    }),
    tool({
      name: 'healing_status',
      title: 'Circuit breakers',
      description: "Each provider's circuit breaker: closed/open/half-open, consecutive failures, trips, when an open one admits a trial call, the last error, and semantic (graded) failures.",
      input: {},
      output: { breakers: z.array(z.object({ provider: z.string(), state: z.string() }).passthrough()) },
      annotations: { readOnlyHint: true, openWorldHint: false },
      handler: async () => {
        const s = await loadHealingStatus(await ctx.store(), ctx.now());
        const text = s.breakers.length
          ? s.breakers.map((b) => `${b.provider}: ${b.state}${b.state === 'open' ? ` (trial call in ${Math.ceil(b.retryAfterMs / 1000)}s)` : ''}, ${b.consecutiveFailures} consecutive failure(s), ${b.tripCount} trip(s)${b.lastError ? `; last error: ${b.lastError}` : ''}`).join('\n')
          : 'No provider has failed yet: every breaker is closed.';
        return ok({ ...s } as unknown as Record<string, unknown>, text);
      },
    }),
  ];
}

function money(x: number | null): string {
  return x === null ? 'unlimited' : `$${x.toFixed(2)}`;
}
