// prices.json: merged over the defaults model by model; a bad file is an error naming the file and the
// field, never a silent fallback to the defaults.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { loadPriceTable, PriceFileError, priceFilePath } from '../../../server/engine/cost/price-file.js';
import { costOf, DEFAULT_PRICE_TABLE, priceFor } from '../../../server/engine/cost/price-table.js';

const STATE = '/home/dev/.task-orchestrator';
const FILE = join(STATE, 'prices.json');
const withFile = (text: string | undefined) => (f: string): string | undefined => (f === FILE ? text : undefined);

function errorOf(text: string): PriceFileError {
  try {
    loadPriceTable(STATE, withFile(text));
  } catch (e) {
    expect(e).toBeInstanceOf(PriceFileError);
    return e as PriceFileError;
  }
  throw new Error('expected a PriceFileError');
}

describe('loadPriceTable', () => {
  test('no file: the defaults', () => {
    expect(loadPriceTable(STATE, withFile(undefined))).toBe(DEFAULT_PRICE_TABLE);
  });

  test('adds a custom provider, overrides one model, keeps the rest', () => {
    const table = loadPriceTable(STATE, withFile(JSON.stringify({
      providers: {
        ollama: { 'llama3.1': { inputPerMTok: 0, outputPerMTok: 0 } },
        gemini: { 'gemini-2.5-flash': { inputPerMTok: 0.5, outputPerMTok: 3 }, 'models/gemini-exp': { inputPerMTok: 1, outputPerMTok: 2 } },
      },
    })));
    expect(priceFor(table, 'ollama', 'llama3.1')).toEqual({ inputPerMTok: 0, outputPerMTok: 0 });
    expect(costOf(priceFor(table, 'ollama', 'llama3.1'), { inputTokens: 5000, outputTokens: 5000 })).toBe(0);
    expect(priceFor(table, 'gemini', 'gemini-2.5-flash')).toEqual({ inputPerMTok: 0.5, outputPerMTok: 3 });
    expect(priceFor(table, 'gemini', 'gemini-exp')).toEqual({ inputPerMTok: 1, outputPerMTok: 2 });
    expect(priceFor(table, 'gemini', 'gemini-2.5-pro')).toBe(DEFAULT_PRICE_TABLE.providers.gemini!['gemini-2.5-pro']);
    expect(priceFor(table, 'openai', 'gpt-5')).toBe(DEFAULT_PRICE_TABLE.providers.openai!['gpt-5']);
    expect(table.date).toBe(DEFAULT_PRICE_TABLE.date);
    expect(table.source).toContain(FILE);
    // the defaults are not mutated
    expect(DEFAULT_PRICE_TABLE.providers.gemini!['gemini-2.5-flash']!.inputPerMTok).toBe(0.3);
    expect(DEFAULT_PRICE_TABLE.providers.ollama).toBeUndefined();
  });

  test('the file may date its prices', () => {
    const table = loadPriceTable(STATE, withFile('\uFEFF{"date":"2026-02-01","providers":{}}'));
    expect(table.date).toBe('2026-02-01');
  });

  test('invalid JSON names the file', () => {
    const e = errorOf('{"providers": {');
    expect(e.file).toBe(FILE);
    expect(e.message).toMatch(new RegExp(`^${FILE.replace(/[.]/g, '\\.')}: invalid JSON`));
  });

  test('an empty file says so', () => {
    expect(errorOf('  ').problems).toEqual(['the file is empty']);
  });

  test('field errors name the field and the value', () => {
    expect(errorOf('{"providers":{"gemini":{"gemini-x":{"inputPerMTok":-1,"outputPerMTok":1}}}}').problems)
      .toEqual(['providers.gemini["gemini-x"].inputPerMTok: must be 0 or more, got -1']);
    expect(errorOf('{"providers":{"openai":{"gpt-x":{"inputPerMTok":"2","outputPerMTok":1}}}}').problems[0])
      .toMatch(/^providers\.openai\["gpt-x"\]\.inputPerMTok: .*number.*got "2"$/);
    expect(errorOf('{"providers":{"openai":{"gpt-x":{"inputPerMTok":2}}}}').problems).toEqual(['providers.openai["gpt-x"].outputPerMTok: is required']);
    expect(errorOf('{"providers":{"openai":{"gpt-x":{"inputPerMTok":2,"outputPerMTok":1,"output":3}}}}').problems)
      .toEqual(['providers.openai["gpt-x"].output: unknown key']);
    expect(errorOf('{"date":"June 2025","providers":{}}').problems).toEqual(['date: must be a date YYYY-MM-DD, got "June 2025"']);
    expect(errorOf('{}').problems).toEqual(['providers: is required']);
  });

  test('the message shows the expected shape', () => {
    expect(errorOf('[]').message).toContain('"inputPerMTok":0,"outputPerMTok":0');
  });
});

describe('loadPriceTable on the file system', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'to-prices-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('reads <stateDir>/prices.json', () => {
    writeFileSync(priceFilePath(dir), JSON.stringify({ providers: { lmstudio: { qwen3: { inputPerMTok: 0.01, outputPerMTok: 0.02 } } } }));
    expect(priceFor(loadPriceTable(dir), 'lmstudio', 'qwen3')).toEqual({ inputPerMTok: 0.01, outputPerMTok: 0.02 });
  });

  test('a missing state dir is the defaults', () => {
    expect(loadPriceTable(join(dir, 'absent'))).toBe(DEFAULT_PRICE_TABLE);
  });

  test('an unreadable path is a PriceFileError, not a crash or a silent default', () => {
    mkdirSync(priceFilePath(dir));
    expect(() => loadPriceTable(dir)).toThrow(PriceFileError);
    expect(() => loadPriceTable(dir)).toThrow(/prices\.json: cannot be read/);
  });
});
