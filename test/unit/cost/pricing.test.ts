// Pre-call estimates and dollar formatting.
import { describe, expect, test } from 'vitest';
import { DEFAULT_PRICE_TABLE, priceFor } from '../../../server/engine/cost/price-table.js';
import { estimateCost, formatPercent, formatUsd } from '../../../server/engine/cost/pricing.js';

describe('estimateCost', () => {
  test('prompt chars / 4 rounded up as input, the whole output allowance as output', () => {
    expect(estimateCost({ inputPerMTok: 0.3, outputPerMTok: 2.5 }, { promptChars: 4001, maxOutputTokens: 1000 })).toBe(0.0028003);
    expect(estimateCost({ inputPerMTok: 1, outputPerMTok: 0 }, { promptChars: 1, maxOutputTokens: 0 })).toBe(0.000001);
    expect(estimateCost({ inputPerMTok: 1, outputPerMTok: 0 }, { promptChars: 0, maxOutputTokens: 0 })).toBe(0);
  });

  test('is never below the cost of a call that used the whole allowance', () => {
    const price = priceFor(DEFAULT_PRICE_TABLE, 'gemini', 'gemini-2.5-pro');
    // 40,000 chars ≈ 10,000 tokens; 8,192 output tokens
    expect(estimateCost(price, { promptChars: 40_000, maxOutputTokens: 8192 })).toBe((10_000 * 1.25 + 8192 * 10) / 1e6);
  });

  test('a free model estimates 0', () => {
    expect(estimateCost({ inputPerMTok: 0, outputPerMTok: 0 }, { promptChars: 1e6, maxOutputTokens: 1e5 })).toBe(0);
  });

  test('bad numbers are a RangeError naming the field', () => {
    expect(() => estimateCost({ inputPerMTok: 1, outputPerMTok: 1 }, { promptChars: -1, maxOutputTokens: 1 })).toThrow(/promptChars: must be a non-negative/);
    expect(() => estimateCost({ inputPerMTok: 1, outputPerMTok: 1 }, { promptChars: 1, maxOutputTokens: Number.POSITIVE_INFINITY })).toThrow(/maxOutputTokens/);
  });
});

describe('formatUsd', () => {
  test('four decimals under a dollar, two from a dollar up', () => {
    expect(formatUsd(0.00421)).toBe('$0.0042');
    expect(formatUsd(0.95)).toBe('$0.9500');
    expect(formatUsd(1)).toBe('$1.00');
    expect(formatUsd(12.5)).toBe('$12.50');
    expect(formatUsd(0)).toBe('$0.00');
    expect(formatUsd(-0.5)).toBe('-$0.5000');
  });
});

describe('formatPercent', () => {
  test('one decimal, rounded down, immune to float error', () => {
    expect(formatPercent(0.042)).toBe('4.2%');
    expect(formatPercent(0.8999)).toBe('89.9%');
    expect(formatPercent(0.9)).toBe('90%');
    expect(formatPercent(0)).toBe('0%');
    expect(formatPercent(1.5)).toBe('150%');
  });
});
