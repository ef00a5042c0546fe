// Feature extraction: tokens, the twelve meta features (whole-word keywords), TF-IDF and the scaler.
import { describe, expect, test } from 'vitest';
import { extractRows, featureNames, fitFeatures, toolToken, DEFAULT_FEATURE_SPEC } from '../../../server/engine/prediction/features.js';
import { META_FEATURES, fitScaler, metaFeatures, scaleRow } from '../../../server/engine/prediction/meta.js';
import { fitTfidf, termIndex, tfidfRow } from '../../../server/engine/prediction/tfidf.js';
import { tokenize, withBigrams } from '../../../server/engine/prediction/tokenize.js';

const meta = (text: string, tool = 'Bash') => {
  const v = metaFeatures(text, tool);
  return Object.fromEntries(META_FEATURES.map((name, i) => [name, v[i]])) as Record<(typeof META_FEATURES)[number], number>;
};

describe('tokenize', () => {
  test('lower-cases words, turns numbers into one placeholder, drops stop words and single letters', () => {
    expect(tokenize('Run npm test -- --retry 3 on the API')).toEqual(['run', 'npm', 'test', 'retry', '<num>', 'api']);
    expect(tokenize('curl -s http://localhost:8080/health')).toEqual(['curl', 'http', 'localhost', '<num>', 'health']);
  });

  test('keeps negations, which change what a request means', () => {
    expect(tokenize('do not run without tests')).toEqual(['not', 'run', 'without', 'tests']);
  });

  test('hex strings (commit SHAs) become one placeholder; very long tokens are dropped', () => {
    expect(tokenize('git revert 3f9a2c1d')).toEqual(['git', 'revert', '<hex>']);
    expect(tokenize(`echo ${'x'.repeat(40)} done`)).toEqual(['echo', 'done']);
  });

  test('secrets are redacted before tokenising, so a saved vocabulary cannot hold them', () => {
    const tokens = tokenize('curl -H "Authorization: Bearer abcdefgh12345678" https://api.example.com');
    expect(tokens).not.toContain('abcdefgh12345678');
    expect(tokens).toContain('redacted');
  });

  test('bigrams join adjacent tokens', () => {
    expect(withBigrams(['npm', 'run', 'build'])).toEqual(['npm', 'run', 'build', 'npm run', 'run build']);
  });
});

describe('meta features', () => {
  test('risky keywords match whole words: "format" and "information" do not count "rm"', () => {
    expect(meta('format the output').risky_keywords).toBe(1); // "format" itself, once
    expect(meta('show more information about the platform').risky_keywords).toBe(0);
    expect(meta('rm -rf dist').risky_keywords).toBe(1);
    expect(meta('sudo rm -rf / && drop table users').risky_keywords).toBe(3);
  });

  test('keywords count their regular inflections', () => {
    expect(meta('deleted the branch, deleting tags, removes files').risky_keywords).toBe(3);
    expect(meta('the build failed with 3 errors').negative_words).toBe(2);
    expect(meta('run all tests recursively in parallel').complexity_keywords).toBe(3);
  });

  test('"has code" fires on code, not on the English word "from"', () => {
    expect(meta('copy the notes from the old file').has_code).toBe(0);
    expect(meta('from os import path').has_code).toBe(1);
    expect(meta('```ts\nconst a = 1;\n```').has_code).toBe(1);
    expect(meta('def main():\n  pass').has_code).toBe(1);
    expect(meta('export function loadConfig() {}').has_code).toBe(1);
  });

  test('tool features recognise file, database and helper-agent tools by name parts', () => {
    expect([meta('x', 'Write').file_tool, meta('x', 'MultiEdit').file_tool, meta('x', 'Bash').file_tool]).toEqual([1, 1, 0]);
    expect([meta('x', 'mcp__sqlite__read_query').db_tool, meta('x', 'mcp__postgres__run').db_tool, meta('x', 'Read').db_tool]).toEqual([1, 1, 0]);
    expect([meta('x', 'Task').spawn_tool, meta('x', 'Agent').spawn_tool, meta('x', 'Bash').spawn_tool]).toEqual([1, 1, 0]);
  });

  test('ratios and capped counts', () => {
    const m = meta('WHY does it FAIL???????');
    expect(m.question_marks).toBe(5); // capped
    expect(m.uppercase_ratio).toBeCloseTo(7 / 13); // over letters only
    expect(m.symbol_ratio).toBeCloseTo(7 / 23);
    expect(meta('a'.repeat(20_000)).length).toBe(10);
    expect(meta('word '.repeat(150)).word_count).toBe(1.5);
    expect(meta('').symbol_ratio).toBe(0);
  });

  test('the scaler stores mean and standard deviation; a constant feature scales to 0', () => {
    const s = fitScaler([[0, 5], [2, 5], [4, 5]]);
    expect(s.mean).toEqual([2, 5]);
    expect(s.std[0]).toBeCloseTo(Math.sqrt(8 / 3));
    expect(s.std[1]).toBe(1);
    expect(scaleRow([2, 7], s)).toEqual([0, 2]);
  });
});

describe('TF-IDF', () => {
  const docs = [['npm', 'test', 'npm'], ['npm', 'build'], ['git', 'push', 'test'], ['git', 'status', 'npm']];

  test('keeps terms in at least minDf documents and at most maxDf of them', () => {
    expect(fitTfidf(docs, { minDf: 2, maxDf: 1, maxFeatures: 10 }).terms).toEqual(['git', 'npm', 'test']);
    // "npm" is in 3 of 4 documents (75%): above a 0.7 ceiling.
    expect(fitTfidf(docs, { minDf: 2, maxDf: 0.7, maxFeatures: 10 }).terms).toEqual(['git', 'test']);
  });

  test('keeps the top-K terms by document frequency, ties broken by the term', () => {
    expect(fitTfidf(docs, { minDf: 1, maxDf: 1, maxFeatures: 2 }).terms).toEqual(['git', 'npm']);
  });

  test('smoothed idf, sublinear tf and unit-length rows', () => {
    const v = fitTfidf(docs, { minDf: 2, maxDf: 1, maxFeatures: 10 });
    expect(v.idf[v.terms.indexOf('npm')]).toBeCloseTo(Math.log(5 / 4) + 1);
    expect(v.idf[v.terms.indexOf('git')]).toBeCloseTo(Math.log(5 / 3) + 1);
    const row = tfidfRow(['npm', 'npm', 'test', 'unknown'], v, termIndex(v));
    expect(row.indices).toEqual([v.terms.indexOf('npm'), v.terms.indexOf('test')]);
    const [npm, testValue] = row.values as [number, number];
    expect(npm / testValue).toBeCloseTo(((1 + Math.log(2)) * (Math.log(5 / 4) + 1)) / (Math.log(5 / 3) + 1));
    expect(Math.hypot(...row.values)).toBeCloseTo(1);
    expect(tfidfRow(['unknown'], v, termIndex(v))).toEqual({ indices: [], values: [] });
  });
});

describe('the feature pipeline', () => {
  const requests = [
    { text: 'npx tsc --noEmit', tool: 'Bash' },
    { text: 'npx tsc -p tsconfig.json', tool: 'Bash' },
    { text: 'npm test', tool: 'Bash' },
    { text: 'git status', tool: 'Bash' },
    { text: 'summarise src/auth', tool: 'Task' },
    { text: 'summarise src/cache', tool: 'Task' },
  ];

  test('vocabulary of unigrams, bigrams and tool tokens seen in two or more training requests', () => {
    const fitted = fitFeatures(requests, DEFAULT_FEATURE_SPEC);
    expect(fitted.vocabulary.terms).toEqual(['<tool:bash>', '<tool:task>', 'npx', 'npx tsc', 'src', 'summarise', 'summarise src', 'tsc']);
  });

  test('a token in more than 95% of the requests is dropped (max_df)', () => {
    const many = [...Array.from({ length: 20 }, (_, i) => ({ text: i % 2 ? 'job ok' : 'job failed', tool: 'Bash' })), { text: 'ok', tool: 'Task' }];
    const terms = fitFeatures(many, DEFAULT_FEATURE_SPEC).vocabulary.terms;
    // "job" and the Bash tool token are in 20 of 21 (95.2%); the rest are in about half.
    expect(terms).toEqual(['failed', 'job failed', 'job ok', 'ok']);
    expect(terms).not.toContain(toolToken('Bash'));
  });

  test('rows put text columns first, then the twelve meta columns; names line up', () => {
    const fitted = fitFeatures(requests, DEFAULT_FEATURE_SPEC);
    const [row] = extractRows(fitted, [{ text: 'npx tsc --watch', tool: 'Bash' }]);
    const names = featureNames(fitted.vocabulary);
    expect(names).toHaveLength(fitted.vocabulary.terms.length + 12);
    expect(row!.x.indices.map((j) => names[j])).toEqual([
      'text:<tool:bash>', 'text:npx', 'text:npx tsc', 'text:tsc', ...META_FEATURES.map((m) => `meta:${m}`),
    ]);
    expect(row!.coverage).toBeCloseTo(2 / 3); // "watch" was never seen
  });
});
