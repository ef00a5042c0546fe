/**
 * Many helper agents at once, at most `concurrency` in flight (cockatiel's bulkhead: a queue with a
 * limit, so a provider is not sent twenty requests in the same millisecond). When a provider's budget is
 * throttled the agents run one at a time; each one still passes its own budget check, so the fan-out
 * stops as soon as a window would be exceeded.
 */
import { bulkhead } from 'cockatiel';
import { checkBudget } from '../cost/index.js';
import { type AgentDeps, type AgentOutcome, type AgentRequest, runAgent } from './run-agent.js';

export const DEFAULT_CONCURRENCY = 4;
export const MAX_PARALLEL_AGENTS = 50;

export interface ParallelOptions {
  concurrency?: number;
  /** Called as each agent finishes (for MCP progress notifications). */
  onSettled?: (done: number, total: number, outcome: AgentOutcome, index: number) => void;
  signal?: AbortSignal;
}

export interface ParallelResult {
  total: number;
  succeeded: number;
  failed: number;
  gradesPassed: number;
  concurrency: number;
  throttled: boolean;
  totalCostUsd: number;
  results: Array<AgentOutcome & { index: number }>;
}

/**
 * @example
 * const r = await runParallelAgents(deps, prompts.map((prompt) => ({ prompt, operation: 'spawn_parallel_agents' })), { concurrency: 4 });
 * // r.results[i] is prompt i's outcome, in input order
 */
export async function runParallelAgents(deps: AgentDeps, requests: readonly AgentRequest[], opts: ParallelOptions = {}): Promise<ParallelResult> {
  if (requests.length > MAX_PARALLEL_AGENTS) throw new RangeError(`at most ${MAX_PARALLEL_AGENTS} agents per call, got ${requests.length}`);
  let concurrency = Math.max(1, Math.min(opts.concurrency ?? DEFAULT_CONCURRENCY, requests.length || 1));
  let throttled = false;
  if (deps.provider) {
    const name = deps.provider.name;
    const level = await deps.store.read((db) => checkBudget(db, { provider: name, estimateUsd: 0, now: deps.now(), essential: true }).level);
    if (level === 'throttle') {
      throttled = true;
      concurrency = 1;
    }
  }
  const limiter = bulkhead(concurrency, requests.length);
  let done = 0;
  const results = await Promise.all(
    requests.map((req, index) =>
      limiter.execute(async () => {
        const outcome: AgentOutcome = opts.signal?.aborted
          ? { ok: false, kind: 'provider_error', error: 'cancelled before it started', provider: deps.provider?.name ?? null, model: req.model ?? null }
          : await runAgent(deps, req);
        done++;
        opts.onSettled?.(done, requests.length, outcome, index);
        return { ...outcome, index };
      }),
    ),
  );
  const succeeded = results.filter((r) => r.ok).length;
  return {
    total: requests.length,
    succeeded,
    failed: requests.length - succeeded,
    gradesPassed: results.filter((r) => r.ok && r.grade.passed).length,
    concurrency,
    throttled,
    totalCostUsd: Math.round(results.reduce((s, r) => s + (r.ok ? r.totalCostUsd : 0), 0) * 1e9) / 1e9,
    results,
  };
}
