// Reading JSON out of text: fences, positions, and JSON with comments.
import { describe, expect, test } from 'vitest';
import { extractJsonText, parseJson, parseJsonOutput } from '../../../server/engine/grading/json-text.js';
import { parseJsonc, stripJsonc } from '../../../server/engine/grading/jsonc.js';
import { clip, excerptEndingAt, excerptFrom, inspectable, oneLine } from '../../../server/engine/grading/bounded-text.js';

describe('extractJsonText', () => {
  test('the first json fence wins', () => {
    expect(extractJsonText('a\n```json\n{"a":1}\n```\nb\n```json\n{"b":2}\n```')).toBe('{"a":1}');
  });

  test('text without a fence is returned trimmed', () => {
    expect(extractJsonText('  [1]  ')).toBe('[1]');
  });

  test('a fence labelled JSON in capitals counts', () => {
    expect(extractJsonText('```JSON\n{"a":1}\n```')).toBe('{"a":1}');
  });
});

describe('parseJson and parseJsonOutput', () => {
  test('an error position becomes a line and column', () => {
    expect(parseJson('{\n"a" 1}')).toMatchObject({ ok: false, where: { position: 6, line: 2, column: 5 } });
  });

  test('bytes are decoded and parsed; other values are not JSON text', () => {
    expect(parseJsonOutput(new TextEncoder().encode('{"a":1}'))).toEqual({ ok: true, value: { a: 1 } });
    expect(parseJsonOutput(null)).toMatchObject({ ok: false, message: 'Expected a string, object or array, got null' });
  });
});

describe('JSONC', () => {
  test('line and block comments and trailing commas are accepted', () => {
    expect(parseJsonc('{\n  // a\n  "a": [1, 2,], /* b */\n  "b": { "c": true, },\n}')).toEqual({ ok: true, value: { a: [1, 2], b: { c: true } } });
  });

  test('comment markers inside strings are kept', () => {
    expect(parseJsonc('{"url": "https://x.dev/*", "p": "a//b"}')).toEqual({ ok: true, value: { url: 'https://x.dev/*', p: 'a//b' } });
  });

  test('positions are kept, so errors point at the original text', () => {
    const text = '{ /* note */ "a": }';
    expect(stripJsonc(text)).toHaveLength(text.length);
    expect(parseJsonc('{\n  // c\n  "a" 1\n}')).toMatchObject({ ok: false, where: { line: 3 } });
  });

  test('a comma that is not trailing stays an error when it is one', () => {
    expect(parseJsonc('[1,,2]').ok).toBe(false);
  });
});

describe('bounded text', () => {
  test('ANSI colours are removed', () => {
    expect(inspectable('\u001b[31m FAIL \u001b[39m')).toBe(' FAIL ');
  });

  test('a long text keeps its first and last 64 KB', () => {
    const t = `${'a'.repeat(100_000)}MIDDLE${'z'.repeat(100_000)}`;
    const kept = inspectable(t);
    expect(kept).not.toContain('MIDDLE');
    expect(kept.startsWith('a'.repeat(65_536))).toBe(true);
    expect(kept.endsWith('z'.repeat(65_536))).toBe(true);
  });

  test('excerpts are cut to size and start at a line', () => {
    expect(clip('abcdef', 4)).toBe('abc…');
    expect(excerptFrom('one\ntwo\nthree\nERROR here\nafter', 14)).toBe('two\nthree\nERROR here\nafter');
    expect(excerptEndingAt('one\ntwo\nthree', 13, 9)).toBe('two\nthree');
    expect(oneLine('Error:\n   boom  ')).toBe('Error: boom');
  });
});
