/**
 * `<stateDir>/prices.json`: the user's prices, merged model by model over the default table. An invalid
 * file is an error naming the file and the field; callers show it and must not fall back to the defaults.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod/v4';
import { DEFAULT_PRICE_TABLE, PRICE_FILE, type ModelPrice, type PriceTable } from './price-table.js';

const rate = z.number().finite().nonnegative();
const modelPrice = z.strictObject({
  inputPerMTok: rate,
  outputPerMTok: rate,
  cachedInputPerMTok: rate.optional(),
  cacheWritePerMTok: rate.optional(),
});
const priceFile = z.strictObject({
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD').optional(),
  source: z.string().optional(),
  providers: z.record(z.string().min(1), z.record(z.string().min(1), modelPrice)),
});

/** A prices.json that cannot be used; `problems` lists each field with what was wrong. */
export class PriceFileError extends Error {
  readonly file: string;
  readonly problems: string[];
  constructor(file: string, problems: string[]) {
    super(`${file}: ${problems.join('; ')} (prices are USD per million tokens, e.g. {"providers":{"ollama":{"llama3.1":{"inputPerMTok":0,"outputPerMTok":0}}}})`);
    this.name = 'PriceFileError';
    this.file = file;
    this.problems = problems;
  }
}

export const priceFilePath = (stateDir: string): string => join(stateDir, PRICE_FILE);

function readIfExists(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw new PriceFileError(file, [`cannot be read: ${(e as Error).message}`]);
  }
}

const place = (path: readonly PropertyKey[]): string =>
  path.length === 0 ? '(top level)' : path.map((k) => (typeof k === 'number' ? `[${k}]` : /^[A-Za-z_$][\w$]*$/.test(String(k)) ? `.${String(k)}` : `[${JSON.stringify(String(k))}]`)).join('').replace(/^\./, '');

function describeIssue(issue: z.core.$ZodIssue): string[] {
  if (issue.code === 'unrecognized_keys') return issue.keys.map((k) => `${place([...issue.path, k])}: unknown key`);
  const got = 'input' in issue && issue.input !== undefined ? `, got ${JSON.stringify(issue.input)}` : '';
  if (issue.code === 'invalid_type' && issue.input === undefined) return [`${place(issue.path)}: is required`];
  if (issue.code === 'too_small') return [`${place(issue.path)}: must be 0 or more${got}`];
  return [`${place(issue.path)}: ${issue.message}${got}`];
}

/**
 * Parses a prices.json text into the table it makes when merged over `base`; throws PriceFileError.
 *
 * @example
 * mergePrices(DEFAULT_PRICE_TABLE, '{"providers":{"ollama":{"llama3.1":{"inputPerMTok":0,"outputPerMTok":0}}}}', 'prices.json')
 *   .providers.ollama // → { 'llama3.1': { inputPerMTok: 0, outputPerMTok: 0 } }
 */
export function mergePrices(base: PriceTable, text: string, file: string): PriceTable {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new PriceFileError(file, [text.trim() === '' ? 'the file is empty' : `invalid JSON: ${(e as Error).message}`]);
  }
  const parsed = priceFile.safeParse(data, { reportInput: true });
  if (!parsed.success) throw new PriceFileError(file, parsed.error.issues.flatMap(describeIssue));
  const providers: Record<string, Record<string, ModelPrice>> = {};
  for (const [name, models] of Object.entries(base.providers)) providers[name] = { ...models };
  for (const [name, models] of Object.entries(parsed.data.providers)) {
    const into = (providers[name] ??= {});
    for (const [model, price] of Object.entries(models)) into[model.replace(/^models\//, '')] = price;
  }
  return {
    date: parsed.data.date ?? base.date,
    source: parsed.data.source ?? (parsed.data.date ? file : `${base.source}; overrides from ${file}`),
    providers,
  };
}

/**
 * The price table in force: `<stateDir>/prices.json` merged over DEFAULT_PRICE_TABLE, or the defaults
 * when there is no such file. Throws PriceFileError (naming the file and the field) for an invalid file.
 *
 * @example
 * const table = loadPriceTable('/home/dev/.task-orchestrator');
 * const price = priceFor(table, 'ollama', 'llama3.1'); // a price of 0 from prices.json: free, and only so
 */
export function loadPriceTable(stateDir: string, readFile: (f: string) => string | undefined = readIfExists): PriceTable {
  const file = priceFilePath(stateDir);
  const text = readFile(file);
  return text === undefined ? DEFAULT_PRICE_TABLE : mergePrices(DEFAULT_PRICE_TABLE, text, file);
}
