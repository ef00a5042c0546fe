/**
 * Claude Code's own token usage, read from the session transcript every hook is given (`transcript_path`,
 * JSONL). Assistant lines carry `message.model`, `message.id` and `message.usage`; Claude Code writes one
 * line per content block, so a message with text and a tool call is two lines with the same id and the
 * same usage: each message id is counted once (its line with the most output tokens).
 *
 * The transcript grows to many MB and the hooks run on every tool call, so it is read incrementally:
 * only the whole lines after the previous offset, at most {@link MAX_READ_BYTES} per call. Parsing is pure
 * over text; `readTranscriptUsage` is the only I/O.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { costOf, priceFor, type PriceTable, roundUsd, UnknownPriceError } from './price-table.js';

/** Tokens of one model, summed over its messages. `inputTokens` excludes the cache (Anthropic's `input_tokens`). */
export interface ModelUsage {
  messages: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
}

/** Where the previous read stopped. */
export interface TranscriptCursor {
  /** Bytes of the file already read (always the end of a whole line). */
  offset: number;
  /** Recently counted message ids (lines of one message are written together, so a duplicate is always near). */
  seen: string[];
  /** The previous read stopped inside a line longer than a whole read: drop up to its newline. */
  skipping?: boolean;
}

export interface TranscriptRead extends TranscriptCursor {
  /** Usage found in the bytes read now, by model id. */
  byModel: Record<string, ModelUsage>;
  /** Timestamp (ms) of the earliest assistant line read now, null when none had one. */
  firstAt: number | null;
  /** Lines that looked like usage but could not be read (cut off, not JSON, bad numbers, no id or model). */
  malformed: number;
  /** The file's size when read; `offset < size` means there is more (a partial line, or the read bound). */
  size: number;
  /** The file was shorter than the cursor's offset (replaced or rewritten): read from the start. */
  reset: boolean;
}

/** At most this many bytes are read per call (a hook must stay quick on a huge transcript). */
export const MAX_READ_BYTES = 8 * 1024 * 1024;
/** How many message ids a cursor remembers. */
export const SEEN_LIMIT = 256;
/** Models Claude Code writes for messages it made up itself (an interruption, an API error): no tokens were bought. */
const SYNTHETIC = /^<.*>$/;

const emptyUsage = (): ModelUsage => ({ messages: 0, inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 });
const tokens = (v: unknown): number | null => (v === undefined || v === null ? 0 : typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : null);

interface Line {
  id: string;
  model: string;
  usage: Omit<ModelUsage, 'messages'>;
  at: number | null;
}

/** One transcript line as a counted message; 'skip' for lines that carry no usage, 'malformed' for broken usage lines. */
function parseLine(line: string): Line | 'skip' | 'malformed' {
  // Most lines (prompts, tool results, attachments) are large and carry no usage: skip them unparsed.
  if (!line.includes('"usage"') || !line.includes('"assistant"')) return 'skip';
  let o: unknown;
  try {
    o = JSON.parse(line);
  } catch {
    return 'malformed';
  }
  if (typeof o !== 'object' || o === null) return 'malformed';
  const { type, message, timestamp } = o as { type?: unknown; message?: unknown; timestamp?: unknown };
  if (type !== 'assistant') return 'skip';
  if (typeof message !== 'object' || message === null) return 'malformed';
  const m = message as { id?: unknown; model?: unknown; usage?: unknown };
  if (typeof m.model === 'string' && SYNTHETIC.test(m.model)) return 'skip';
  if (typeof m.id !== 'string' || m.id === '' || typeof m.model !== 'string' || m.model === '') return 'malformed';
  if (typeof m.usage !== 'object' || m.usage === null) return 'malformed';
  const u = m.usage as Record<string, unknown>;
  const usage = {
    inputTokens: tokens(u.input_tokens), outputTokens: tokens(u.output_tokens),
    cacheReadTokens: tokens(u.cache_read_input_tokens), cacheWriteTokens: tokens(u.cache_creation_input_tokens),
  };
  if (Object.values(usage).some((v) => v === null)) return 'malformed';
  const at = typeof timestamp === 'string' ? Date.parse(timestamp) : Number.NaN;
  return { id: m.id, model: m.model, usage: usage as Line['usage'], at: Number.isNaN(at) ? null : at };
}

/**
 * The usage in transcript text (whole JSONL lines), each message id counted once — ids in `seen` were
 * counted before and are skipped. Pure; never throws.
 *
 * @example
 * const { byModel } = parseTranscript(readFileSync('~/.claude/projects/-home-dev-app/<session>.jsonl', 'utf8'));
 * byModel['claude-sonnet-4-5-20250929'] // → { messages: 3, inputTokens: 15, outputTokens: 450, cacheReadTokens: 48273, cacheWriteTokens: 6822 }
 */
export function parseTranscript(text: string, seen: readonly string[] = []): { byModel: Record<string, ModelUsage>; seen: string[]; firstAt: number | null; malformed: number } {
  const before = new Set(seen);
  const found = new Map<string, Line>();
  let malformed = 0;
  for (const raw of text.split('\n')) {
    const line = parseLine(raw);
    if (line === 'skip') continue;
    if (line === 'malformed') {
      malformed++;
      continue;
    }
    if (before.has(line.id)) continue;
    const prev = found.get(line.id);
    if (!prev || line.usage.outputTokens > prev.usage.outputTokens) found.set(line.id, line);
  }
  const byModel: Record<string, ModelUsage> = {};
  let firstAt: number | null = null;
  for (const line of found.values()) {
    const into = (byModel[line.model] ??= emptyUsage());
    into.messages++;
    into.inputTokens += line.usage.inputTokens;
    into.outputTokens += line.usage.outputTokens;
    into.cacheReadTokens += line.usage.cacheReadTokens;
    into.cacheWriteTokens += line.usage.cacheWriteTokens;
    if (line.at !== null && (firstAt === null || line.at < firstAt)) firstAt = line.at;
  }
  return { byModel, seen: [...seen, ...found.keys()].slice(-SEEN_LIMIT), firstAt, malformed };
}

/**
 * Reads the whole lines appended to a transcript since `from` (at most `maxBytes`) and returns their usage
 * and the cursor for next time. A partial last line is left for the next call. Throws only the file's own
 * errors (missing, unreadable), for the caller to report.
 *
 * @example
 * const first = readTranscriptUsage(transcriptPath);
 * // … later, after Claude Code appended more lines:
 * const next = readTranscriptUsage(transcriptPath, first); // only the new messages
 */
export function readTranscriptUsage(path: string, from?: TranscriptCursor, opts: { maxBytes?: number } = {}): TranscriptRead {
  const maxBytes = Math.max(1, opts.maxBytes ?? MAX_READ_BYTES);
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const reset = from !== undefined && size < from.offset;
    let offset = from && !reset ? from.offset : 0;
    let skipping = !reset && from?.skipping === true;
    const seen = from && !reset ? from.seen : [];
    const none = { byModel: {}, firstAt: null, malformed: 0, size, reset };
    if (size <= offset) return { ...none, offset, seen, skipping };

    const buf = Buffer.allocUnsafe(Math.min(size - offset, maxBytes));
    let got = 0;
    while (got < buf.length) {
      const n = readSync(fd, buf, got, buf.length - got, offset + got);
      if (n === 0) break;
      got += n;
    }
    if (got === 0) return { ...none, offset, seen, skipping }; // truncated since the stat
    let start = 0;
    if (skipping) {
      const nl = buf.indexOf(10, 0);
      if (nl < 0 || nl >= got) return { ...none, offset: offset + got, seen, skipping: true, malformed: 0 };
      start = nl + 1;
      skipping = false;
    }
    const end = buf.lastIndexOf(10, got - 1);
    if (end < start) {
      // No newline: a line still being written — or one longer than a whole read, which is dropped.
      if (got === maxBytes && start === 0) return { ...none, offset: offset + got, seen, skipping: true, malformed: 1 };
      return { ...none, offset: offset + start, seen, skipping };
    }
    const parsed = parseTranscript(buf.toString('utf8', start, end), seen);
    offset += end + 1;
    return { byModel: parsed.byModel, firstAt: parsed.firstAt, malformed: parsed.malformed, size, reset, offset, seen: parsed.seen, skipping };
  } finally {
    closeSync(fd);
  }
}

/**
 * `a` plus `b`, model by model (a new object).
 *
 * @example
 * addUsage(saved.byModel, readTranscriptUsage(path, saved).byModel)
 */
export function addUsage(a: Readonly<Record<string, ModelUsage>>, b: Readonly<Record<string, ModelUsage>>): Record<string, ModelUsage> {
  const out: Record<string, ModelUsage> = {};
  for (const src of [a, b]) {
    for (const [model, u] of Object.entries(src)) {
      const into = (out[model] ??= emptyUsage());
      into.messages += u.messages;
      into.inputTokens += u.inputTokens;
      into.outputTokens += u.outputTokens;
      into.cacheReadTokens += u.cacheReadTokens;
      into.cacheWriteTokens += u.cacheWriteTokens;
    }
  }
  return out;
}

/** One model's usage and what it cost (null: the price table does not know the model). */
export interface PricedModel extends ModelUsage {
  model: string;
  costUsd: number | null;
}

export interface SessionCost {
  /** The priced models' cost; unpriced models add nothing (and are listed in `unpriced`). */
  costUsd: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  models: PricedModel[];
  /** Models with no price in the table: their tokens are recorded, their cost is unknown, never guessed. */
  unpriced: string[];
  /** The price table's date. */
  priceDate: string;
}

/**
 * Prices a session's usage with the table's Anthropic prices (Claude Code's models). Pure.
 *
 * @example
 * sessionCost({ 'claude-sonnet-4-5-20250929': { messages: 3, inputTokens: 15, outputTokens: 450, cacheReadTokens: 48273, cacheWriteTokens: 6822 } }, DEFAULT_PRICE_TABLE)
 * // → { costUsd: 0.0468594, …, unpriced: [] }
 */
export function sessionCost(byModel: Readonly<Record<string, ModelUsage>>, table: PriceTable, provider = 'anthropic'): SessionCost {
  const out: SessionCost = { costUsd: 0, inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, models: [], unpriced: [], priceDate: table.date };
  for (const model of Object.keys(byModel).sort()) {
    const u = byModel[model] as ModelUsage;
    let costUsd: number | null = null;
    try {
      // costOf wants every prompt token in inputTokens; Anthropic's input_tokens excludes the cache.
      costUsd = costOf(priceFor(table, provider, model), {
        inputTokens: u.inputTokens + u.cacheReadTokens + u.cacheWriteTokens, outputTokens: u.outputTokens,
        cachedTokens: u.cacheReadTokens, cacheWriteTokens: u.cacheWriteTokens,
      });
    } catch (err) {
      if (!(err instanceof UnknownPriceError)) throw err;
      out.unpriced.push(model);
    }
    out.models.push({ model, ...u, costUsd });
    out.costUsd += costUsd ?? 0;
    out.inputTokens += u.inputTokens;
    out.outputTokens += u.outputTokens;
    out.cacheReadTokens += u.cacheReadTokens;
    out.cacheWriteTokens += u.cacheWriteTokens;
  }
  out.costUsd = roundUsd(out.costUsd);
  return out;
}
