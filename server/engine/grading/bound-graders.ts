/**
 * Cost and latency bounds, read from the GradeContext (the caller measured them). When the context
 * has no figure the bound is skipped, not passed: nothing was checked.
 */
import { defineGrader, type BuiltGrader, type GraderOptions } from './grader.js';
import { fail, pass, skip } from './result.js';

function checkBound(value: number, what: string): number {
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`${what} must be a finite number ≥ 0, got ${value}`);
  return value;
}

const usd = (n: number): string => `$${n < 0.01 ? n.toFixed(6).replace(/0+$/, '').replace(/\.$/, '') : n.toFixed(4)}`;

/**
 * Fails when `ctx.costUsd` is above `maxUsd`.
 *
 * @example
 * await costBound(0.01).grade('…', { costUsd: 0.02 }) // → { passed: false, reason: 'Cost $0.0200 exceeds $0.0100', failureType: 'cost_exceeded' }
 */
export function costBound(maxUsd: number, opts: GraderOptions = {}): BuiltGrader {
  const max = checkBound(maxUsd, 'cost: the bound (USD)');
  return defineGrader('cost', opts, (_output, ctx, name) => {
    const cost = ctx.costUsd;
    if (cost === undefined || !Number.isFinite(cost)) return skip(name, 'skipped: no cost reported');
    const metadata = { costUsd: cost, maxUsd: max };
    if (cost > max) return fail(name, `Cost ${usd(cost)} exceeds ${usd(max)}`, 'cost_exceeded', { metadata });
    return pass(name, `Cost ${usd(cost)} within ${usd(max)}`, { metadata });
  });
}

/**
 * Fails when `ctx.latencyMs` is above `maxMs`.
 *
 * @example
 * await latencyBound(2000).grade('…', { latencyMs: 3500 }) // → { passed: false, reason: 'Latency 3500 ms exceeds 2000 ms', failureType: 'latency_exceeded' }
 */
export function latencyBound(maxMs: number, opts: GraderOptions = {}): BuiltGrader {
  const max = checkBound(maxMs, 'latency: the bound (ms)');
  return defineGrader('latency', opts, (_output, ctx, name) => {
    const ms = ctx.latencyMs;
    if (ms === undefined || !Number.isFinite(ms)) return skip(name, 'skipped: no latency reported');
    const metadata = { latencyMs: ms, maxMs: max };
    if (ms > max) return fail(name, `Latency ${Math.round(ms)} ms exceeds ${max} ms`, 'latency_exceeded', { metadata });
    return pass(name, `Latency ${Math.round(ms)} ms within ${max} ms`, { metadata });
  });
}
