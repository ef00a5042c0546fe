// promptfoo-style assertions: equals, starts-with, the contains family, edit distance, format checks, bounds.
import { describe, expect, test } from 'vitest';
import { costBound, latencyBound } from '../../../server/engine/grading/bound-graders.js';
import { checkSql, isSql, isXml } from '../../../server/engine/grading/format-graders.js';
import { levenshtein, levenshteinDistance, similarity } from '../../../server/engine/grading/similarity-graders.js';
import { containment, containsAll, containsAny, equals, icontains, icontainsAll, icontainsAny, startsWith } from '../../../server/engine/grading/text-graders.js';
import { checkXml } from '../../../server/engine/grading/xml-check.js';
import type { GradeContext, Grader } from '../../../server/engine/grading/types.js';

const grade = async (g: Grader, output: unknown, ctx: GradeContext = {}) => g.grade(output, ctx);

describe('equals', () => {
  test('a string must match exactly', async () => {
    expect(await grade(equals('yes'), 'yes')).toMatchObject({ name: 'equals', passed: true, reason: 'Output equals "yes"' });
    expect(await grade(equals('yes'), 'yes ')).toMatchObject({ passed: false, reason: 'Output does not equal "yes"', failureType: 'pattern_mismatch' });
  });

  test('case-insensitive on request', async () => {
    expect((await grade(equals('YES', { caseSensitive: false }), 'yes')).passed).toBe(true);
  });

  test('an object is compared structurally with the parsed output, key order ignored', async () => {
    expect((await grade(equals({ a: 1, b: [2] }), '{"b": [2], "a": 1}')).passed).toBe(true);
    expect((await grade(equals({ a: 1 }), '{"a": 2}')).passed).toBe(false);
    expect((await grade(equals([1, 2]), '[2, 1]')).passed).toBe(false);
  });
});

describe('starts-with', () => {
  test('prefix present and absent', async () => {
    expect(await grade(startsWith('Dear'), 'Dear Sir')).toMatchObject({ name: 'starts-with', passed: true, reason: 'Output starts with "Dear"' });
    expect(await grade(startsWith('Dear'), ' Dear Sir')).toMatchObject({ passed: false, reason: 'Output does not start with "Dear"' });
  });
});

describe('the contains family', () => {
  test('contains is case-sensitive, icontains is not', async () => {
    expect((await grade(containment(['Error']), 'an error')).passed).toBe(false);
    expect(await grade(icontains('Error'), 'an ERROR here')).toMatchObject({ name: 'icontains', passed: true, reason: 'Output contains "Error"' });
  });

  test('contains-any passes on one value and names it', async () => {
    expect(await grade(containsAny(['cat', 'dog']), 'hotdog')).toMatchObject({ name: 'contains-any', passed: true, reason: 'Output contains "dog"' });
    expect(await grade(containsAny(['cat', 'dog']), 'bird')).toMatchObject({ passed: false, reason: 'Output contains none of: "cat", "dog"' });
  });

  test('contains-all scores the share found and names what is missing', async () => {
    const r = await grade(containsAll(['a', 'b', 'c']), 'a c');
    expect(r).toMatchObject({ name: 'contains-all', passed: false, reason: 'Output is missing "b" (2/3 found)' });
    expect(r.score).toBeCloseTo(2 / 3);
    expect(await grade(containsAll(['a', 'b']), 'ab')).toMatchObject({ passed: true, reason: 'Output contains all of: "a", "b"' });
  });

  test('icontains-any and icontains-all ignore case', async () => {
    expect((await grade(icontainsAny(['WARN', 'ERROR']), 'error: x')).passed).toBe(true);
    expect((await grade(icontainsAll(['Foo', 'BAR']), 'foo bar')).passed).toBe(true);
    expect((await grade(icontainsAll(['Foo', 'BAR']), 'foo')).passed).toBe(false);
  });

  test('a threshold on contains-all lets most-of pass', async () => {
    expect((await grade(containsAll(['a', 'b', 'c', 'd'], { threshold: 0.5 }), 'a b')).passed).toBe(true);
  });
});

describe('levenshtein', () => {
  test('the distance is the classic one', () => {
    expect(levenshteinDistance('kitten', 'sitting')).toBe(3);
    expect(levenshteinDistance('', 'abc')).toBe(3);
    expect(levenshteinDistance('same', 'same')).toBe(0);
    expect(levenshteinDistance('flaw', 'lawn')).toBe(2);
  });

  test('with a cutoff the answer is exact up to it and max+1 beyond', () => {
    expect(levenshteinDistance('kitten', 'sitting', 3)).toBe(3);
    expect(levenshteinDistance('kitten', 'sitting', 2)).toBe(3);
    expect(levenshteinDistance('abc', 'abcdefgh', 2)).toBe(3);
  });

  test('the banded computation agrees with the full one on random strings', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const word = () => Array.from({ length: Math.floor(rand() * 12) }, () => 'abc'[Math.floor(rand() * 3)]).join('');
    for (let i = 0; i < 300; i++) {
      const a = word();
      const b = word();
      const full = levenshteinDistance(a, b);
      for (const max of [0, 1, 2, 4, 8]) expect(levenshteinDistance(a, b, max), `${a} ${b} ${max}`).toBe(full <= max ? full : max + 1);
    }
  });

  test('passes within maxDistance (default 5) and fails beyond', async () => {
    expect(await grade(levenshtein('color', { maxDistance: 1 }), 'colour')).toMatchObject({ passed: true, reason: 'Levenshtein distance 1 ≤ 1', metadata: { distance: 1 } });
    expect(await grade(levenshtein('color', { maxDistance: 0 }), 'colour')).toMatchObject({ passed: false, reason: 'Levenshtein distance exceeds 0', failureType: 'pattern_mismatch' });
    expect((await grade(levenshtein('hello world'), 'hello there')).passed).toBe(true);
  });

  test('a huge output far from the expected text is rejected without quadratic work', async () => {
    const started = Date.now();
    const r = await grade(levenshtein('short'), 'x'.repeat(2_000_000));
    expect(r.passed).toBe(false);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe('similarity', () => {
  test('the score is the normalised ratio and passes at the threshold', async () => {
    const r = await grade(similarity('hello world', { threshold: 0.8 }), 'hello wrld');
    expect(r.passed).toBe(true);
    expect(r.score).toBeCloseTo(1 - 1 / 11);
    expect(r.reason).toBe('Similarity 0.91 ≥ 0.80');
    expect(r.threshold).toBe(0.8);
  });

  test('dissimilar text fails with its ratio', async () => {
    const r = await grade(similarity('abcdef'), 'uvwxyz');
    expect(r).toMatchObject({ passed: false, score: 0, reason: 'Similarity 0.00 < 0.80', failureType: 'pattern_mismatch' });
  });

  test('case can be ignored', async () => {
    expect((await grade(similarity('HELLO', { caseSensitive: false, threshold: 1 }), 'hello')).passed).toBe(true);
  });

  test('a threshold outside [0, 1] is refused', () => {
    expect(() => similarity('x', { threshold: 1.5 })).toThrow(/threshold must be a number in \[0, 1\], got 1.5/);
  });
});

describe('is-xml', () => {
  test('well-formed documents pass and name their root', async () => {
    const doc = '<?xml version="1.0"?>\n<!DOCTYPE note>\n<note id="1"><!-- c --><to>A &amp; B</to><b/><![CDATA[<x>]]></note>';
    expect(await grade(isXml(), doc)).toMatchObject({ name: 'is-xml', passed: true, reason: 'Output is well-formed XML (root <note>)' });
  });

  test('a fenced ```xml block is unwrapped', async () => {
    expect((await grade(isXml(), 'Here:\n```xml\n<a><b/></a>\n```')).passed).toBe(true);
  });

  test.each([
    ['<a><b></a>', 'expected </b>, found </a>'],
    ['<a>', 'unclosed <a>'],
    ['<a></a><b></b>', 'second root element <b>'],
    ['<a x="1" x="2"/>', 'duplicate attribute "x" in <a>'],
    ['<a x=1/>', 'malformed attribute in <a>'],
    ['<a>fish & chips</a>', "'&' that does not start an entity reference"],
    ['just text', 'text outside the root element'],
    ['', 'no root element'],
    ['<a>1 < 2</a>', "'<' that does not start a tag"],
  ])('%s is not well-formed: %s', (text, problem) => {
    const r = checkXml(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problem).toBe(problem);
  });

  test('the failing line is reported', async () => {
    const r = await grade(isXml(), '<a>\n  <b>\n</a>');
    expect(r).toMatchObject({ passed: false, failureType: 'pattern_mismatch', metadata: { line: 3 } });
    expect(r.reason).toBe('Output is not well-formed XML: expected </b>, found </a> (line 3)');
  });
});

describe('is-sql', () => {
  test.each([
    'SELECT name FROM users WHERE id IN (1, 2)',
    "select * from t where note = 'it''s fine'",
    "SELECT 'it\\'s' AS mysql_style",
    'WITH x AS (SELECT 1) SELECT * FROM x;',
    '-- the query\n/* block */ INSERT INTO t (a) VALUES (1);',
    'CREATE TABLE "order" (id INT PRIMARY KEY, note TEXT)',
    'SELECT `weird)name` FROM t',
  ])('%s looks like SQL', (sql) => {
    expect(checkSql(sql)).toMatchObject({ ok: true });
  });

  test.each([
    ['Sure! Here is the query you asked for.', 'does not start with a SQL keyword'],
    ['SELECT (1', 'unbalanced parentheses (1 unclosed)'],
    ['SELECT 1)', "unbalanced parentheses (')' without '(')"],
    ["SELECT 'unterminated", 'unterminated string literal'],
    ['SELECT 1 /* open', 'unterminated block comment'],
    ['selection of items', 'does not start with a SQL keyword'],
  ])('%s is not SQL: %s', (text, problem) => {
    expect(checkSql(text)).toEqual({ ok: false, problem });
  });

  test('the grader unwraps a ```sql fence and names the keyword', async () => {
    expect(await grade(isSql(), '```sql\nselect 1;\n```')).toMatchObject({ name: 'is-sql', passed: true, reason: 'Output looks like SQL (SELECT …)' });
    expect(await grade(isSql(), 'no')).toMatchObject({ passed: false, reason: 'Output is not SQL: does not start with a SQL keyword' });
  });
});

describe('cost and latency bounds', () => {
  test('over the bound fails with its own failure type', async () => {
    expect(await grade(costBound(0.01), 'x', { costUsd: 0.02 })).toMatchObject({ passed: false, reason: 'Cost $0.0200 exceeds $0.0100', failureType: 'cost_exceeded' });
    expect(await grade(latencyBound(2000), 'x', { latencyMs: 3500 })).toMatchObject({ passed: false, reason: 'Latency 3500 ms exceeds 2000 ms', failureType: 'latency_exceeded' });
  });

  test('at or under the bound passes', async () => {
    expect((await grade(costBound(0.01), 'x', { costUsd: 0.01 })).passed).toBe(true);
    expect((await grade(latencyBound(2000), 'x', { latencyMs: 120 })).passed).toBe(true);
  });

  test('no figure in the context is skipped, not passed', async () => {
    expect(await grade(costBound(1), 'x')).toMatchObject({ skipped: true, reason: 'skipped: no cost reported' });
    expect(await grade(latencyBound(1), 'x')).toMatchObject({ skipped: true, reason: 'skipped: no latency reported' });
  });

  test('a negative bound is refused', () => {
    expect(() => costBound(-1)).toThrow(/must be a finite number ≥ 0/);
  });
});
