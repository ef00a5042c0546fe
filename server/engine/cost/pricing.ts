/**
 * Pre-call pricing: a conservative estimate used to refuse a call BEFORE it would exceed a budget.
 */
import { type ModelPrice, roundUsd } from './price-table.js';

/** Characters per token assumed for the estimate; real English text averages about four. */
export const CHARS_PER_TOKEN = 4;

/**
 * A pre-call cost estimate: ceil(promptChars / 4) input tokens at the uncached input rate, plus the whole
 * `maxOutputTokens` at the output rate (the most the call can produce; thinking tokens count inside it).
 *
 * @example
 * estimateCost({ inputPerMTok: 0.3, outputPerMTok: 2.5 }, { promptChars: 4001, maxOutputTokens: 1000 })
 * // → 1001 × 0.3e-6 + 1000 × 2.5e-6 = 0.0028003
 */
export function estimateCost(price: ModelPrice, call: { promptChars: number; maxOutputTokens: number }): number {
  for (const [name, v] of [['promptChars', call.promptChars], ['maxOutputTokens', call.maxOutputTokens]] as const) {
    if (!Number.isFinite(v) || v < 0) throw new RangeError(`${name}: must be a non-negative finite number, got ${String(v)}`);
  }
  const inputTokens = Math.ceil(call.promptChars / CHARS_PER_TOKEN);
  return roundUsd((inputTokens * price.inputPerMTok + Math.ceil(call.maxOutputTokens) * price.outputPerMTok) / 1e6);
}

export { formatPercent, formatUsd } from './money.js';
