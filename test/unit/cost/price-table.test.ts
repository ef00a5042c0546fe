// The dated price table: lookups by exact and dated ids, no silent default, and the arithmetic on the
// token counts the real providers report (cached inside input, thinking inside output).
import { describe, expect, test } from 'vitest';
import { costOf, DEFAULT_PRICE_TABLE, type PriceTable, priceFor, UnknownPriceError } from '../../../server/engine/cost/price-table.js';
import { geminiUsage } from '../../../server/engine/providers/gemini.js';
import { openaiUsage } from '../../../server/engine/providers/openai.js';

const T = DEFAULT_PRICE_TABLE;

describe('priceFor', () => {
  test('finds exact ids in every provider family', () => {
    expect(priceFor(T, 'gemini', 'gemini-2.5-pro')).toEqual({ inputPerMTok: 1.25, outputPerMTok: 10, cachedInputPerMTok: 0.125 });
    expect(priceFor(T, 'openai', 'gpt-4.1-mini')).toMatchObject({ inputPerMTok: 0.4, outputPerMTok: 1.6 });
    expect(priceFor(T, 'openai', 'o3')).toMatchObject({ inputPerMTok: 2, outputPerMTok: 8 });
    expect(priceFor(T, 'anthropic', 'claude-opus-4-5')).toEqual({ inputPerMTok: 5, outputPerMTok: 25, cachedInputPerMTok: 0.5, cacheWritePerMTok: 6.25 });
  });

  test('dated and suffixed ids take the longest known id followed by "-" or "@"', () => {
    expect(priceFor(T, 'anthropic', 'claude-sonnet-4-5-20250929')).toBe(T.providers.anthropic!['claude-sonnet-4-5']);
    expect(priceFor(T, 'anthropic', 'claude-opus-4-1-20250805')).toBe(T.providers.anthropic!['claude-opus-4-1']);
    expect(priceFor(T, 'anthropic', 'claude-opus-4-20250514')).toBe(T.providers.anthropic!['claude-opus-4']);
    expect(priceFor(T, 'anthropic', 'claude-sonnet-4-5@20250929')).toBe(T.providers.anthropic!['claude-sonnet-4-5']);
    expect(priceFor(T, 'gemini', 'gemini-2.5-flash-001')).toBe(T.providers.gemini!['gemini-2.5-flash']);
    expect(priceFor(T, 'gemini', 'gemini-2.5-flash-lite-preview-06-17')).toBe(T.providers.gemini!['gemini-2.5-flash-lite']);
    expect(priceFor(T, 'openai', 'gpt-4o-mini-2024-07-18')).toBe(T.providers.openai!['gpt-4o-mini']);
    expect(priceFor(T, 'openai', 'gpt-4o-2024-08-06')).toBe(T.providers.openai!['gpt-4o']);
  });

  test('a "models/" prefix is ignored', () => {
    expect(priceFor(T, 'gemini', 'models/gemini-2.0-flash')).toBe(T.providers.gemini!['gemini-2.0-flash']);
    expect(priceFor(T, 'gemini', 'models/gemini-2.0-flash-lite-001')).toBe(T.providers.gemini!['gemini-2.0-flash-lite']);
  });

  test('a prefix without a separator is not a match', () => {
    expect(() => priceFor(T, 'openai', 'o3x')).toThrow(UnknownPriceError);
    expect(() => priceFor(T, 'openai', 'gpt-4.10')).toThrow(UnknownPriceError);
  });

  test('preview models are priced, not free', () => {
    for (const id of ['gemini-3-pro-preview', 'gemini-3-flash-preview']) {
      const p = priceFor(T, 'gemini', id);
      expect(p.inputPerMTok).toBeGreaterThan(0);
      expect(p.outputPerMTok).toBeGreaterThan(0);
    }
  });

  test('every default price is positive, and the table is dated with its sources', () => {
    expect(T.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(T.source).toContain('ai.google.dev');
    expect(T.source).toContain('openai.com');
    expect(T.source).toContain('anthropic.com');
    for (const models of Object.values(T.providers)) {
      for (const price of Object.values(models)) expect(Math.min(price.inputPerMTok, price.outputPerMTok)).toBeGreaterThan(0);
    }
  });

  test('Anthropic cache writes are 1.25× and reads 0.1× the input rate', () => {
    for (const price of Object.values(T.providers.anthropic!)) {
      expect(price.cacheWritePerMTok).toBeCloseTo(price.inputPerMTok * 1.25, 9);
      expect(price.cachedInputPerMTok).toBeCloseTo(price.inputPerMTok * 0.1, 9);
    }
    expect(priceFor(T, 'anthropic', 'claude-3-5-haiku-20241022')).toMatchObject({ inputPerMTok: 0.8, outputPerMTok: 4, cachedInputPerMTok: 0.08, cacheWritePerMTok: 1 });
  });

  test('an unknown model throws, naming the provider, the model and the override file with an example', () => {
    let err: unknown;
    try {
      priceFor(T, 'gemini', 'gemini-9-ultra');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UnknownPriceError);
    const e = err as UnknownPriceError;
    expect(e.provider).toBe('gemini');
    expect(e.model).toBe('gemini-9-ultra');
    expect(e.message).toContain('prices.json');
    expect(e.message).toContain('"gemini-9-ultra":{"inputPerMTok"');
    expect(e.message).toContain(T.date);
    expect(e.message).toContain('gemini-2.5-flash'); // lists the priced alternatives
  });

  test('an unknown provider throws too (a custom provider needs its prices)', () => {
    expect(() => priceFor(T, 'ollama', 'llama3.1')).toThrow(/No price for model "llama3.1" of provider "ollama".*prices\.json/);
  });

  test('an empty model id throws', () => {
    expect(() => priceFor(T, 'gemini', '')).toThrow(UnknownPriceError);
  });
});

describe('costOf', () => {
  test('Gemini: cached tokens at the cached rate, thinking tokens once inside output', () => {
    const usage = geminiUsage({ promptTokenCount: 1_000_000, cachedContentTokenCount: 400_000, candidatesTokenCount: 40_000, thoughtsTokenCount: 60_000 });
    expect(usage).toMatchObject({ inputTokens: 1_000_000, outputTokens: 100_000, cachedTokens: 400_000, thinkingTokens: 60_000 });
    // 600k × 0.30 + 400k × 0.03 + 100k × 2.50, per million
    expect(costOf(priceFor(T, 'gemini', 'gemini-2.5-flash'), usage)).toBe(0.442);
  });

  test('OpenAI: prompt_tokens includes cached, completion_tokens includes reasoning', () => {
    const usage = openaiUsage({ prompt_tokens: 2000, completion_tokens: 1500, total_tokens: 3500,
      prompt_tokens_details: { cached_tokens: 1024 }, completion_tokens_details: { reasoning_tokens: 1000 } });
    // (976 × 1.10 + 1024 × 0.275 + 1500 × 4.40) / 1e6 = (1073.6 + 281.6 + 6600) / 1e6
    expect(costOf(priceFor(T, 'openai', 'o4-mini'), usage)).toBe(0.0079552);
  });

  test('Anthropic: cache reads and writes at their rates when input includes them', () => {
    const price = priceFor(T, 'anthropic', 'claude-sonnet-4-5-20250929');
    // Anthropic's input_tokens 100 excludes cache reads 10,000 and writes 2,000: the caller adds them.
    const cost = costOf(price, { inputTokens: 100 + 10_000 + 2_000, cachedTokens: 10_000, cacheWriteTokens: 2_000, outputTokens: 500 });
    // (100 × 3 + 10,000 × 0.3 + 2,000 × 3.75 + 500 × 15) / 1e6
    expect(cost).toBe(0.0183);
  });

  test('without a cached rate, cached tokens pay the input rate', () => {
    expect(costOf(priceFor(T, 'gemini', 'gemini-2.0-flash-lite'), { inputTokens: 1000, cachedTokens: 1000, outputTokens: 0 })).toBe(0.000075);
  });

  test('rounds to nano-dollars', () => {
    expect(costOf({ inputPerMTok: 0.0004, outputPerMTok: 0 }, { inputTokens: 1, outputTokens: 0 })).toBe(0); // $4e-10
    expect(costOf({ inputPerMTok: 0.1, outputPerMTok: 0.2 }, { inputTokens: 1, outputTokens: 1 })).toBe(0.0000003); // not 3.0000000000000004e-7
    expect(costOf({ inputPerMTok: 0.1, outputPerMTok: 0.4 }, { inputTokens: 7, outputTokens: 3 })).toBe(0.0000019);
  });

  test('a zero price is free', () => {
    expect(costOf({ inputPerMTok: 0, outputPerMTok: 0 }, { inputTokens: 1e6, outputTokens: 1e6 })).toBe(0);
  });

  test('contradictory counts are a RangeError that says what to pass', () => {
    const price = priceFor(T, 'anthropic', 'claude-haiku-4-5');
    expect(() => costOf(price, { inputTokens: 10, cachedTokens: 5000, outputTokens: 1 })).toThrow(/input_tokens \+ cache_read_input_tokens \+ cache_creation_input_tokens/);
    expect(() => costOf(price, { inputTokens: 10, outputTokens: 5, thinkingTokens: 6 })).toThrow(/outputTokens \(5\) must include thinkingTokens \(6\)/);
    expect(() => costOf(price, { inputTokens: -1, outputTokens: 0 })).toThrow(/inputTokens: must be a non-negative/);
    expect(() => costOf(price, { inputTokens: Number.NaN, outputTokens: 0 })).toThrow(RangeError);
  });
});

describe('custom tables', () => {
  test('a custom provider in a table is looked up like the built-ins', () => {
    const table: PriceTable = { date: '2025-01-01', source: 'test', providers: { ollama: { 'llama3.1': { inputPerMTok: 0, outputPerMTok: 0 } } } };
    expect(() => priceFor(table, 'ollama', 'llama3.1:8b')).toThrow(UnknownPriceError); // ':' is not a separator: price the tag itself
    expect(priceFor(table, 'ollama', 'llama3.1-8b')).toEqual({ inputPerMTok: 0, outputPerMTok: 0 });
  });
});
