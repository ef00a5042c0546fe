// Claude Code's own usage, read from real session transcripts (test/fixtures/claude-transcripts/) and from
// lines written in the same format: totals, duplicates by message id, incremental reads, broken input.
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { DEFAULT_PRICE_TABLE } from '../../../server/engine/cost/price-table.js';
import { addUsage, parseTranscript, readTranscriptUsage, SEEN_LIMIT, sessionCost } from '../../../server/engine/cost/transcript.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const FIXTURES = join(ROOT, 'test/fixtures/claude-transcripts');
const SONNET = 'claude-sonnet-4-5-20250929';
/** The three API calls of the fixture sessions (the first one's text and tool_use are two lines). */
const FIXTURE_USAGE = { messages: 3, inputTokens: 15, outputTokens: 450, cacheReadTokens: 48273, cacheWriteTokens: 6822 };

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'to-transcript-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** An assistant line as Claude Code writes it. */
function assistant(id: string, usage: Record<string, number>, model = SONNET, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    type: 'assistant', uuid: `u-${id}-${Math.random()}`, timestamp: '2026-01-05T10:00:00.000Z', sessionId: 's1',
    message: { id, type: 'message', role: 'assistant', model, content: [{ type: 'text', text: 'ok' }], usage },
    ...extra,
  });
}
const u = (input: number, output: number, read = 0, write = 0) => ({
  input_tokens: input, output_tokens: output, cache_read_input_tokens: read, cache_creation_input_tokens: write,
});

describe('real transcripts', () => {
  test.each([
    ['cc-2.1.197-sonnet-4-5.jsonl', '2026-12-01T11:00:19.333Z'],
    ['cc-2.1.330-sonnet-4-5.jsonl', '2026-12-01T11:00:19.978Z'],
  ])('%s: exact token totals, each message once', (name, firstAssistantLine) => {
    const r = readTranscriptUsage(join(FIXTURES, name));
    expect(r.byModel).toEqual({ [SONNET]: FIXTURE_USAGE });
    expect(r.malformed).toBe(0);
    expect(r.offset).toBe(r.size);
    expect(r.firstAt).toBe(Date.parse(firstAssistantLine));
  });

  test('the cost is the one Claude Code itself reports for the session (its cost-state line)', () => {
    const text = readFileSync(join(FIXTURES, 'cc-2.1.330-sonnet-4-5.jsonl'), 'utf8');
    const own = text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { type: string; totalCostUSD?: number }).find((o) => o.type === 'cost-state');
    expect(own?.totalCostUSD).toBe(0.0468594);
    const cost = sessionCost(parseTranscript(text).byModel, DEFAULT_PRICE_TABLE);
    // 15 × $3 + 48,273 × $0.30 + 6,822 × $3.75 + 450 × $15, per million tokens
    expect(cost.costUsd).toBe(0.0468594);
    expect(cost).toMatchObject({ inputTokens: 15, outputTokens: 450, cacheReadTokens: 48273, cacheWriteTokens: 6822, unpriced: [], priceDate: DEFAULT_PRICE_TABLE.date });
    expect(cost.models).toEqual([{ model: SONNET, ...FIXTURE_USAGE, costUsd: 0.0468594 }]);
  });
});

describe('duplicates by message id', () => {
  test('lines of one message count once, keeping the line with the most output tokens', () => {
    const text = [assistant('m1', u(3, 1, 100, 50)), assistant('m1', u(3, 40, 100, 50)), assistant('m1', u(3, 12, 100, 50)), assistant('m2', u(2, 7))].join('\n');
    expect(parseTranscript(text).byModel[SONNET]).toEqual({ messages: 2, inputTokens: 5, outputTokens: 47, cacheReadTokens: 100, cacheWriteTokens: 50 });
  });

  test('ids counted in an earlier read are skipped in the next one', () => {
    const first = parseTranscript(assistant('m1', u(3, 40)));
    const next = parseTranscript([assistant('m1', u(3, 40)), assistant('m2', u(1, 2))].join('\n'), first.seen);
    expect(next.byModel[SONNET]).toMatchObject({ messages: 1, inputTokens: 1, outputTokens: 2 });
  });

  test('the remembered ids stay bounded', () => {
    const lines = Array.from({ length: SEEN_LIMIT + 50 }, (_, i) => assistant(`m${i}`, u(1, 1)));
    const r = parseTranscript(lines.join('\n'));
    expect(r.byModel[SONNET]?.messages).toBe(SEEN_LIMIT + 50);
    expect(r.seen).toHaveLength(SEEN_LIMIT);
    expect(r.seen.at(-1)).toBe(`m${SEEN_LIMIT + 49}`);
  });

  test('models are kept apart; synthetic messages and other line types are not usage', () => {
    const text = [
      assistant('m1', u(1, 2), 'claude-haiku-4-5-20251001'),
      assistant('m2', u(10, 20)),
      assistant('m3', u(0, 0), '<synthetic>'),
      JSON.stringify({ type: 'user', message: { role: 'user', content: 'hi', usage: u(5, 5) } }),
      JSON.stringify({ type: 'summary', summary: 'a chat' }),
    ].join('\n');
    const r = parseTranscript(text);
    expect(Object.keys(r.byModel).sort()).toEqual(['claude-haiku-4-5-20251001', SONNET]);
    expect(r.malformed).toBe(0);
  });
});

describe('incremental reads', () => {
  test('a second read counts only the lines appended since the first', () => {
    const file = join(dir, 's.jsonl');
    writeFileSync(file, readFileSync(join(FIXTURES, 'cc-2.1.197-sonnet-4-5.jsonl')));
    const first = readTranscriptUsage(file);
    expect(readTranscriptUsage(file, first).byModel).toEqual({});
    appendFileSync(file, `${assistant('m-new', u(7, 70, 700, 7000))}\n${JSON.stringify({ type: 'user', message: { role: 'user', content: 'next' } })}\n`);
    const second = readTranscriptUsage(file, first);
    expect(second.byModel).toEqual({ [SONNET]: { messages: 1, inputTokens: 7, outputTokens: 70, cacheReadTokens: 700, cacheWriteTokens: 7000 } });
    expect(addUsage(first.byModel, second.byModel)[SONNET]).toEqual({ messages: 4, inputTokens: 22, outputTokens: 520, cacheReadTokens: 48973, cacheWriteTokens: 13822 });
  });

  test('a partial last line is left for the next read, then counted once whole', () => {
    const file = join(dir, 's.jsonl');
    const line = assistant('m1', u(4, 44));
    writeFileSync(file, `${assistant('m0', u(1, 1))}\n${line.slice(0, 30)}`);
    const first = readTranscriptUsage(file);
    expect(first.byModel[SONNET]?.messages).toBe(1);
    expect(first.malformed).toBe(0);
    expect(first.offset).toBeLessThan(first.size);
    appendFileSync(file, `${line.slice(30)}\n`);
    const second = readTranscriptUsage(file, first);
    expect(second.byModel[SONNET]).toMatchObject({ messages: 1, inputTokens: 4, outputTokens: 44 });
    expect(second.offset).toBe(second.size);
  });

  test('each read is bounded; the rest is read by the next calls', () => {
    const file = join(dir, 's.jsonl');
    const lines = Array.from({ length: 100 }, (_, i) => assistant(`m${i}`, u(1, 2)));
    writeFileSync(file, `${lines.join('\n')}\n`);
    let cursor = readTranscriptUsage(file, undefined, { maxBytes: 4096 });
    let total = cursor.byModel;
    let calls = 1;
    while (cursor.offset < cursor.size && calls < 200) {
      const before = cursor.offset;
      cursor = readTranscriptUsage(file, cursor, { maxBytes: 4096 });
      expect(cursor.offset - before).toBeGreaterThan(0);
      expect(cursor.offset - before).toBeLessThanOrEqual(4096);
      total = addUsage(total, cursor.byModel);
      calls++;
    }
    expect(calls).toBeGreaterThanOrEqual(Math.ceil(cursor.size / 4096));
    expect(total[SONNET]).toMatchObject({ messages: 100, inputTokens: 100, outputTokens: 200 });
  });

  test('a line longer than a whole read is skipped, and the lines after it are counted', () => {
    const file = join(dir, 's.jsonl');
    const huge = JSON.stringify({ type: 'user', message: { role: 'user', content: 'x'.repeat(10_000) } });
    writeFileSync(file, `${assistant('m0', u(1, 1))}\n${huge}\n${assistant('m1', u(2, 2))}\n`);
    let cursor = readTranscriptUsage(file, undefined, { maxBytes: 2048 });
    let total = cursor.byModel;
    for (let i = 0; i < 50 && cursor.offset < cursor.size; i++) {
      cursor = readTranscriptUsage(file, cursor, { maxBytes: 2048 });
      total = addUsage(total, cursor.byModel);
    }
    expect(cursor.offset).toBe(cursor.size);
    expect(total[SONNET]).toMatchObject({ messages: 2, inputTokens: 3, outputTokens: 3 });
  });

  test('a transcript shorter than the cursor was replaced: it is read from the start and says so', () => {
    const file = join(dir, 's.jsonl');
    writeFileSync(file, `${assistant('m0', u(1, 1))}\n${assistant('m1', u(1, 1))}\n`);
    const first = readTranscriptUsage(file);
    writeFileSync(file, `${assistant('m9', u(5, 5))}\n`);
    const again = readTranscriptUsage(file, first);
    expect(again.reset).toBe(true);
    expect(again.byModel[SONNET]).toMatchObject({ messages: 1, inputTokens: 5 });
  });

  test('a missing transcript is the file system error, for the caller to word', () => {
    expect(() => readTranscriptUsage(join(dir, 'nope.jsonl'))).toThrow(/ENOENT/);
  });
});

describe('malformed input', () => {
  test('broken lines are counted as malformed and skipped; the good ones still count', () => {
    const text = [
      '{"type":"assistant","message":{"id":"m1","usage":', // cut off
      'garbage that is not JSON',
      assistant('m2', { input_tokens: -3, output_tokens: 1 }),
      assistant('m3', { input_tokens: 'ten' as unknown as number, output_tokens: 1 }),
      JSON.stringify({ type: 'assistant', message: { id: 'm4', model: SONNET } }).replace('}}', ',"usage":null}}'),
      JSON.stringify({ type: 'assistant', message: { model: SONNET, usage: u(1, 1) } }), // no id
      '\u0000\u0001\u00ff binary',
      '[1,2,3]',
      assistant('m5', u(2, 3)),
      '',
    ].join('\n');
    const r = parseTranscript(text);
    expect(r.byModel).toEqual({ [SONNET]: { messages: 1, inputTokens: 2, outputTokens: 3, cacheReadTokens: 0, cacheWriteTokens: 0 } });
    expect(r.malformed).toBe(5); // the cut-off line, -3, 'ten', usage null, no id; lines without usage are not looked at
  });

  test('an empty transcript has no usage', () => {
    const file = join(dir, 'empty.jsonl');
    writeFileSync(file, '');
    expect(readTranscriptUsage(file)).toMatchObject({ byModel: {}, offset: 0, size: 0, malformed: 0 });
  });
});

describe('sessionCost', () => {
  test('an unknown model keeps its tokens, is listed as unpriced and adds no invented cost', () => {
    const cost = sessionCost({
      'claude-opus-5-5': { messages: 2, inputTokens: 10, outputTokens: 100, cacheReadTokens: 1000, cacheWriteTokens: 0 },
      [SONNET]: { messages: 1, inputTokens: 1_000_000, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 },
    }, DEFAULT_PRICE_TABLE);
    expect(cost.unpriced).toEqual(['claude-opus-5-5']);
    expect(cost.costUsd).toBe(3);
    expect(cost.inputTokens).toBe(1_000_010);
    expect(cost.models.find((m) => m.model === 'claude-opus-5-5')).toMatchObject({ costUsd: null, outputTokens: 100 });
  });
});
