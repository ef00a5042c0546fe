/**
 * `cost [summary] [--provider P] [--json]`, `cost budget <provider> [--daily N|none] [--monthly N|none]
 * [--warn-at F] [--throttle-at F]` (the human's way to raise a budget: refused inside Claude Code), and
 * `healing [status] [--json]` / `healing reset <provider>`.
 */
import { BudgetError, budgetFor, costSummary, formatCostSummary, setBudget } from '../engine/cost/index.js';
import { loadHealingStatus, resetBreaker } from '../engine/healing/index.js';
import { agentRefusal, AGENT_REFUSAL_EXIT } from '../engine/runtime/inbox.js';
import { commandArgs, UsageError } from './args.js';
import { CommandError, type CliIO } from './io.js';
import { withStore } from './state.js';

export async function runCost(args: string[], io: CliIO): Promise<number> {
  const [sub = 'summary', ...rest] = args;
  if (sub === 'summary' || sub.startsWith('-')) {
    const { values } = commandArgs<{ provider?: string; json?: boolean }>(sub.startsWith('-') ? args : rest, { provider: { type: 'string' }, json: { type: 'boolean' } }, [], 'cost summary');
    const s = await withStore(io, (store) => store.read((db) => costSummary(db, { now: io.now(), ...(values.provider ? { provider: values.provider } : {}) })));
    await io.out(values.json ? `${JSON.stringify(s, null, 2)}\n` : `${formatCostSummary(s)}\n`);
    return 0;
  }
  if (sub === 'budget') {
    const { values, positionals } = commandArgs<{ daily?: string; monthly?: string; 'warn-at'?: string; 'throttle-at'?: string }>(
      rest, { daily: { type: 'string' }, monthly: { type: 'string' }, 'warn-at': { type: 'string' }, 'throttle-at': { type: 'string' } }, ['provider'], 'cost budget',
    );
    const provider = positionals[0] as string;
    const change = {
      provider, now: io.now(),
      ...(values.daily === undefined ? {} : { daily: limitArg(values.daily, '--daily') }),
      ...(values.monthly === undefined ? {} : { monthly: limitArg(values.monthly, '--monthly') }),
      ...(values['warn-at'] === undefined ? {} : { warnAt: Number(values['warn-at']) }),
      ...(values['throttle-at'] === undefined ? {} : { throttleAt: Number(values['throttle-at']) }),
    };
    const changing = Object.keys(change).length > 2;
    if (changing) {
      const refusal = agentRefusal(io.env);
      if (refusal) throw new CommandError(refusal, AGENT_REFUSAL_EXIT);
    }
    try {
      const b = await withStore(io, (store) => (changing ? store.write((db) => setBudget(db, change)) : store.read((db) => budgetFor(db, provider))));
      await io.out(`${b.provider}: daily ${money(b.daily)} (${b.source.daily}), monthly ${money(b.monthly)} (${b.source.monthly}); warn at ${b.warnAt * 100}%, throttle at ${b.throttleAt * 100}%\n`);
      return 0;
    } catch (e) {
      if (e instanceof BudgetError) throw new UsageError(`cost budget: ${e.message}`);
      throw e;
    }
  }
  throw new UsageError(`cost: unknown subcommand ${JSON.stringify(sub)}; try: summary, budget`);
}

export async function runHealing(args: string[], io: CliIO): Promise<number> {
  const [sub = 'status', ...rest] = args;
  if (sub === 'status' || sub === '--json') {
    const { values } = commandArgs<{ json?: boolean }>(sub === '--json' ? args : rest, { json: { type: 'boolean' } }, [], 'healing status');
    const s = await withStore(io, (store) => loadHealingStatus(store, io.now()));
    if (values.json) await io.out(`${JSON.stringify(s, null, 2)}\n`);
    else if (s.breakers.length === 0) await io.out('No provider has failed yet: every breaker is closed.\n');
    else for (const b of s.breakers) await io.out(`${b.provider.padEnd(12)} ${b.state.padEnd(9)} failures ${b.consecutiveFailures}, trips ${b.tripCount}${b.state === 'open' ? `, trial call in ${Math.ceil(b.retryAfterMs / 1000)}s` : ''}${b.lastError ? `\n    last error: ${b.lastError}` : ''}\n`);
    return 0;
  }
  if (sub === 'reset') {
    const { positionals } = commandArgs(rest, {}, ['provider'], 'healing reset');
    const refusal = agentRefusal(io.env);
    if (refusal) throw new CommandError(refusal, AGENT_REFUSAL_EXIT);
    const r = await withStore(io, (store) => resetBreaker(store, positionals[0] as string, io.now()));
    await io.out(r ? `${positionals[0]}: breaker closed.\n` : `${positionals[0]}: no breaker recorded (it is closed).\n`);
    return 0;
  }
  throw new UsageError(`healing: unknown subcommand ${JSON.stringify(sub)}; try: status, reset`);
}

function limitArg(v: string, flag: string): number | null {
  if (/^(none|unlimited|null)$/i.test(v)) return null;
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || n < 0) throw new UsageError(`cost budget ${flag}: expected US dollars (e.g. 2.50) or "none", got ${JSON.stringify(v)}`);
  return n;
}

function money(x: number | null): string {
  return x === null ? 'unlimited' : `$${x.toFixed(2)}`;
}
