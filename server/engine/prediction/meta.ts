/**
 * The twelve hand-made "meta" features of a request, and the standard scaler fitted over them.
 *
 * They follow the original project's list, with its bugs fixed: keywords are matched as whole words
 * (the original's substring test counted "rm" inside "format" and "information"), with simple
 * inflections ("deleted", "errors", "failing"); "has code" no longer fires on the English word "from"
 * (only Python's `from x import`); the uppercase ratio is over letters, not all characters; and the tool
 * features recognise Claude Code's own tool names (Read/Write/Edit…, Task/Agent for helper agents).
 */
import { words } from './tokenize.js';

/** Feature names, in vector order (`meta:<name>` in explanations). */
export const META_FEATURES = [
  'length', // min(characters / 1000, 10)
  'symbol_ratio', // non-alphanumeric, non-space characters / characters
  'risky_keywords', // count of RISKY_KEYWORDS words
  'complexity_keywords', // count of COMPLEXITY_KEYWORDS words
  'negative_words', // count of NEGATIVE_WORDS words
  'question_marks', // min(count of '?', 5)
  'has_code', // 1 when the text holds code (a fence, def/function/class/import)
  'file_tool', // 1 when the tool reads or writes files
  'db_tool', // 1 when the tool talks to a database
  'spawn_tool', // 1 when the tool spawns a helper agent
  'word_count', // min(words / 100, 10)
  'uppercase_ratio', // uppercase letters / letters
] as const;
export type MetaFeature = (typeof META_FEATURES)[number];

export const RISKY_KEYWORDS = [
  'delete', 'remove', 'rm', 'drop', 'truncate', 'shutdown', 'restart', 'exec', 'system', 'format', 'chmod',
  'chown', 'update', 'alter', 'grant', 'revoke', 'sudo', 'admin', 'password', 'credential', 'secret', 'token',
  'api_key',
] as const;
export const COMPLEXITY_KEYWORDS = [
  'recursively', 'all', 'every', 'entire', 'complete', 'complex', 'advanced', 'sophisticated', 'multiple',
  'async', 'concurrent', 'parallel', 'batch',
] as const;
export const NEGATIVE_WORDS = ['error', 'fail', 'problem', 'issue', 'bug', 'broken', 'wrong'] as const;

/** Word parts of a tool name: "mcp__sqlite__read_query" → mcp, sqlite, read, query; "MultiEdit" → multi, edit. */
function toolParts(tool: string): Set<string> {
  return new Set(words(tool.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/_/g, ' ')));
}
const FILE_PARTS = ['fs', 'file', 'files', 'read', 'write', 'edit', 'glob', 'grep', 'ls', 'notebook'];
const DB_PARTS = ['db', 'sql', 'query', 'database', 'sqlite', 'postgres', 'postgresql', 'mysql', 'mongo', 'redis'];
const SPAWN_PARTS = ['spawn', 'task', 'agent', 'subagent'];

/** The word and its regular inflections: plural, past tense, gerund ("delete" → deletes, deleted, deleting). */
function inflections(word: string): string[] {
  const stem = word.endsWith('e') ? word.slice(0, -1) : word;
  return [word, `${word}s`, `${word}es`, `${stem}ed`, `${stem}ing`, `${word}d`];
}
function wordSet(list: readonly string[]): ReadonlySet<string> {
  return new Set(list.flatMap(inflections));
}
const RISKY = wordSet(RISKY_KEYWORDS);
const COMPLEX = wordSet(COMPLEXITY_KEYWORDS);
const NEGATIVE = wordSet([...NEGATIVE_WORDS, 'failure']);

const CODE = /```|\bdef\s+\w+\s*\(|\bfunction\b|\bclass\s+\w+|^\s*import\s|\bfrom\s+[\w.]+\s+import\b|\brequire\(/m;

function count(list: readonly string[], set: ReadonlySet<string>): number {
  let n = 0;
  for (const w of list) if (set.has(w)) n++;
  return n;
}
const anyOf = (parts: ReadonlySet<string>, names: readonly string[]): number => (names.some((n) => parts.has(n)) ? 1 : 0);

/**
 * The twelve raw (unscaled) meta features of a request, in {@link META_FEATURES} order.
 *
 * @example
 * metaFeatures('format the output', 'Bash')[2]; // → 1 ("format" is risky; "rm" inside it is not counted)
 * metaFeatures('rm -rf dist', 'Bash')[2]; // → 1
 */
export function metaFeatures(text: string, tool: string): number[] {
  const ws = words(text);
  const chars = text.length;
  let symbols = 0, letters = 0, upper = 0, questions = 0;
  for (const c of text) {
    if (c === '?') questions++;
    if (/[\p{L}]/u.test(c)) {
      letters++;
      if (c !== c.toLowerCase()) upper++;
    } else if (!/[\p{N}\s]/u.test(c)) symbols++;
  }
  const parts = toolParts(tool);
  return [
    Math.min(chars / 1000, 10),
    chars > 0 ? symbols / chars : 0,
    count(ws, RISKY),
    count(ws, COMPLEX),
    count(ws, NEGATIVE),
    Math.min(questions, 5),
    CODE.test(text) ? 1 : 0,
    anyOf(parts, FILE_PARTS),
    anyOf(parts, DB_PARTS),
    anyOf(parts, SPAWN_PARTS),
    Math.min(text.split(/\s+/).filter(Boolean).length / 100, 10),
    letters > 0 ? upper / letters : 0,
  ];
}

/** Per-feature mean and standard deviation of the training rows; a constant feature has std 1. */
export interface Scaler {
  mean: number[];
  std: number[];
}

/**
 * Fits a standard scaler on `rows` (population standard deviation; a feature that never varies gets
 * std 1 so it scales to 0 instead of dividing by zero).
 *
 * @example
 * fitScaler([[0, 5], [2, 5]]); // → { mean: [1, 5], std: [1, 1] }
 */
export function fitScaler(rows: readonly (readonly number[])[]): Scaler {
  const width = rows[0]?.length ?? 0;
  const mean = new Array<number>(width).fill(0);
  const std = new Array<number>(width).fill(0);
  for (const r of rows) for (let j = 0; j < width; j++) mean[j]! += (r[j] ?? 0) / rows.length;
  for (const r of rows) for (let j = 0; j < width; j++) std[j]! += ((r[j] ?? 0) - mean[j]!) ** 2 / rows.length;
  return { mean, std: std.map((v) => (v > 1e-12 ? Math.sqrt(v) : 1)) };
}

/**
 * `(x − mean) / std` per feature.
 *
 * @example
 * scaleRow([3, 5], { mean: [1, 5], std: [2, 1] }); // → [1, 0]
 */
export function scaleRow(row: readonly number[], scaler: Scaler): number[] {
  return row.map((v, j) => (v - (scaler.mean[j] ?? 0)) / (scaler.std[j] ?? 1));
}
