/**
 * The dated price table: published list prices per million tokens, by provider family and model id, and the
 * pure lookup and arithmetic over it. A model the table does not know is an error, never a default price.
 *
 * Token conventions (checked against providers/gemini.ts `geminiUsage` and openai.ts `openaiUsage`):
 * `inputTokens` counts every prompt token, cached ones included (Gemini's promptTokenCount and OpenAI's
 * prompt_tokens both include them), and `outputTokens` already includes the thinking / reasoning tokens
 * (geminiUsage adds thoughtsTokenCount; OpenAI's completion_tokens includes reasoning_tokens). So cached
 * tokens are moved from the input rate to the cached rate, and thinking tokens are never charged twice.
 */

/** USD per million tokens. */
export interface ModelPrice {
  inputPerMTok: number;
  outputPerMTok: number;
  /** Input tokens read from the provider's cache; the input rate when absent. */
  cachedInputPerMTok?: number;
  /** Input tokens written to the cache (Anthropic); the input rate when absent. */
  cacheWritePerMTok?: number;
}

export interface PriceTable {
  /** YYYY-MM-DD the prices were taken from. */
  date: string;
  source: string;
  /** Provider family ('gemini' | 'openai' | 'anthropic' | a custom provider name) → model id → price. */
  providers: Record<string, Record<string, ModelPrice>>;
}

/** Anthropic bills cache writes at 1.25× and cache reads at 0.1× the input rate. */
const anthropic = (input: number, output: number): ModelPrice => ({
  inputPerMTok: input,
  outputPerMTok: output,
  cachedInputPerMTok: Math.round(input * 0.1 * 1e6) / 1e6,
  cacheWritePerMTok: Math.round(input * 1.25 * 1e6) / 1e6,
});

/**
 * List prices as published on the vendors' pricing pages. Gemini models with two tiers (2.5 Pro, 3 Pro)
 * are priced at their ≤200k-token-prompt tier; Gemini context-cache storage fees are not modelled.
 * Preview models are priced at their preview list price: a preview is not free.
 */
export const DEFAULT_PRICE_TABLE: PriceTable = {
  date: '2025-12-17',
  source: 'https://ai.google.dev/gemini-api/docs/pricing, https://openai.com/api/pricing, https://www.anthropic.com/pricing#api',
  providers: {
    gemini: {
      'gemini-3-pro-preview': { inputPerMTok: 2, outputPerMTok: 12, cachedInputPerMTok: 0.2 },
      'gemini-3-flash-preview': { inputPerMTok: 0.5, outputPerMTok: 3, cachedInputPerMTok: 0.05 },
      'gemini-2.5-pro': { inputPerMTok: 1.25, outputPerMTok: 10, cachedInputPerMTok: 0.125 },
      'gemini-2.5-flash': { inputPerMTok: 0.3, outputPerMTok: 2.5, cachedInputPerMTok: 0.03 },
      'gemini-2.5-flash-lite': { inputPerMTok: 0.1, outputPerMTok: 0.4, cachedInputPerMTok: 0.01 },
      'gemini-2.0-flash': { inputPerMTok: 0.1, outputPerMTok: 0.4, cachedInputPerMTok: 0.025 },
      'gemini-2.0-flash-lite': { inputPerMTok: 0.075, outputPerMTok: 0.3 },
    },
    openai: {
      'gpt-5': { inputPerMTok: 1.25, outputPerMTok: 10, cachedInputPerMTok: 0.125 },
      'gpt-5-mini': { inputPerMTok: 0.25, outputPerMTok: 2, cachedInputPerMTok: 0.025 },
      'gpt-5-nano': { inputPerMTok: 0.05, outputPerMTok: 0.4, cachedInputPerMTok: 0.005 },
      'gpt-4.1': { inputPerMTok: 2, outputPerMTok: 8, cachedInputPerMTok: 0.5 },
      'gpt-4.1-mini': { inputPerMTok: 0.4, outputPerMTok: 1.6, cachedInputPerMTok: 0.1 },
      'gpt-4.1-nano': { inputPerMTok: 0.1, outputPerMTok: 0.4, cachedInputPerMTok: 0.025 },
      'gpt-4o': { inputPerMTok: 2.5, outputPerMTok: 10, cachedInputPerMTok: 1.25 },
      'gpt-4o-mini': { inputPerMTok: 0.15, outputPerMTok: 0.6, cachedInputPerMTok: 0.075 },
      o3: { inputPerMTok: 2, outputPerMTok: 8, cachedInputPerMTok: 0.5 },
      'o4-mini': { inputPerMTok: 1.1, outputPerMTok: 4.4, cachedInputPerMTok: 0.275 },
    },
    anthropic: {
      'claude-opus-4-5': anthropic(5, 25),
      'claude-opus-4-1': anthropic(15, 75),
      'claude-opus-4': anthropic(15, 75),
      'claude-sonnet-4-5': anthropic(3, 15),
      'claude-sonnet-4': anthropic(3, 15),
      'claude-3-7-sonnet': anthropic(3, 15),
      'claude-haiku-4-5': anthropic(1, 5),
      'claude-3-5-haiku': anthropic(0.8, 4),
    },
  },
};

/** Where users add a price; named in every unknown-price message. */
export const PRICE_FILE = 'prices.json';

/** A model with no price: the call must not be made (or recorded) as if it were free. */
export class UnknownPriceError extends Error {
  readonly provider: string;
  readonly model: string;
  constructor(provider: string, model: string, table?: PriceTable) {
    const known = Object.keys(table?.providers[provider] ?? {});
    super(
      `No price for model "${model}" of provider "${provider}"${table ? ` (price table dated ${table.date})` : ''}. ` +
        `Add it to ${PRICE_FILE} in the Task Orchestrator state directory, e.g. ` +
        `{"providers":{"${provider}":{"${model}":{"inputPerMTok":1.25,"outputPerMTok":10}}}} (USD per million tokens; ` +
        `0/0 for a free local model)${known.length ? `, or use a priced model: ${known.join(', ')}` : ''}.`,
    );
    this.name = 'UnknownPriceError';
    this.provider = provider;
    this.model = model;
  }
}

const stripPrefix = (model: string): string => model.trim().replace(/^models\//, '');

/**
 * The price of a model: the exact id first, then the longest known id that the model id starts with
 * followed by '-' or '@' (dated or suffixed ids); a 'models/' prefix is ignored. Throws UnknownPriceError
 * otherwise — never a silent default.
 *
 * @example
 * priceFor(DEFAULT_PRICE_TABLE, 'anthropic', 'claude-sonnet-4-5-20250929') // → { inputPerMTok: 3, outputPerMTok: 15, … }
 * priceFor(DEFAULT_PRICE_TABLE, 'gemini', 'models/gemini-2.5-flash-001')   // → the gemini-2.5-flash price
 * priceFor(DEFAULT_PRICE_TABLE, 'gemini', 'gemini-9-ultra')                // throws UnknownPriceError
 */
export function priceFor(table: PriceTable, provider: string, model: string): ModelPrice {
  const models = table.providers[provider];
  const id = stripPrefix(model);
  if (models && id) {
    const exact = models[id];
    if (exact) return exact;
    let best: string | undefined;
    for (const known of Object.keys(models)) {
      const next = id.charAt(known.length);
      if (id.startsWith(known) && (next === '-' || next === '@') && (best === undefined || known.length > best.length)) best = known;
    }
    const found = best === undefined ? undefined : models[best];
    if (found) return found;
  }
  throw new UnknownPriceError(provider, model, table);
}

export interface TokenCounts {
  /** Every prompt token, including `cachedTokens` and `cacheWriteTokens`. */
  inputTokens: number;
  /** Every output token, including `thinkingTokens`. */
  outputTokens: number;
  cachedTokens?: number;
  /** Informational: already inside `outputTokens`, billed at the output rate once. */
  thinkingTokens?: number;
  cacheWriteTokens?: number;
}

const count = (name: string, v: number | undefined): number => {
  const n = v ?? 0;
  if (!Number.isFinite(n) || n < 0) throw new RangeError(`${name}: must be a non-negative finite number of tokens, got ${String(v)}`);
  return n;
};

/** Rounds dollars to nano-dollars, so sums of many small costs stay exact enough. */
export const roundUsd = (usd: number): number => Math.round(usd * 1e9) / 1e9;

/**
 * The USD cost of a call's tokens, rounded to 1e-9. `inputTokens` must include the cached and cache-write
 * tokens and `outputTokens` the thinking tokens (as LLMUsage reports them); a count that contradicts this
 * (e.g. Anthropic's `input_tokens`, which excludes cache reads and writes, passed unchanged) is a RangeError
 * naming the fix rather than a silently wrong price.
 *
 * @example
 * costOf({ inputPerMTok: 0.3, outputPerMTok: 2.5, cachedInputPerMTok: 0.03 },
 *   { inputTokens: 1_000_000, cachedTokens: 400_000, outputTokens: 100_000, thinkingTokens: 60_000 })
 * // → 0.18 + 0.012 + 0.25 = 0.442
 */
export function costOf(price: ModelPrice, usage: TokenCounts): number {
  const input = count('inputTokens', usage.inputTokens);
  const output = count('outputTokens', usage.outputTokens);
  const cached = count('cachedTokens', usage.cachedTokens);
  const written = count('cacheWriteTokens', usage.cacheWriteTokens);
  const thinking = count('thinkingTokens', usage.thinkingTokens);
  if (cached + written > input) {
    throw new RangeError(
      `inputTokens (${input}) must include cachedTokens (${cached}) and cacheWriteTokens (${written}); ` +
        'for Anthropic usage pass input_tokens + cache_read_input_tokens + cache_creation_input_tokens',
    );
  }
  if (thinking > output) throw new RangeError(`outputTokens (${output}) must include thinkingTokens (${thinking})`);
  const usd =
    (input - cached - written) * price.inputPerMTok +
    cached * (price.cachedInputPerMTok ?? price.inputPerMTok) +
    written * (price.cacheWritePerMTok ?? price.inputPerMTok) +
    output * price.outputPerMTok;
  return roundUsd(usd / 1e6);
}
