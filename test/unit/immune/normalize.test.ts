// normalizeText() and tokenize(): what varies between recurrences of one mistake is masked; what the
// request is about survives as tokens.
import { describe, expect, test } from 'vitest';
import { MAX_TOKENS, normalizeText, stem, tokenize } from '../../../server/engine/immune/normalize.js';

describe('normalizeText', () => {
  test('lower-cases and collapses whitespace', () => {
    expect(normalizeText('  Run   THE\n\ttests ')).toBe('run the tests');
  });

  test('numbers, line:column and versions become <n>', () => {
    expect(normalizeText('exit 127 at line 42:7, v1.2.3')).toBe('exit <n> at line <n>:<n>, v1.<n>');
  });

  test('words with digits in them stay words', () => {
    expect(normalizeText('e2e tests on es2022 with P1001')).toBe('e2e tests on es2022 with p1001');
  });

  test('UUIDs, hex ids and git SHAs become placeholders', () => {
    expect(normalizeText('run 8c1e0f2a-1b2c-4d3e-9f00-aabbccddeeff failed at 3f9a2b1c0d, ptr 0xdeadbeef')).toBe(
      'run <uuid> failed at <hex>, ptr <hex>',
    );
  });

  test('a hex-looking word without a digit is a word', () => {
    expect(normalizeText('defaced facade')).toBe('defaced facade');
  });

  test('timestamps and clock times become <ts>', () => {
    expect(normalizeText('at 2025-03-01T10:00:00Z and 2025-03-01 10:00:00.123 then 09:15:02')).toBe('at <ts> and <ts> then <ts>');
  });

  test("an absolute path keeps its file name, not the machine's directories", () => {
    expect(normalizeText('FAIL /home/ana/shop/test/auth.test.ts:42')).toBe('fail <path>/auth.test.ts:<n>');
    expect(normalizeText('FAIL /Users/bob/src/shop/test/auth.test.ts:97')).toBe('fail <path>/auth.test.ts:<n>');
    expect(normalizeText('see ~/proj/x.ts and C:\\Users\\ana\\app\\main.js')).toBe('see <path>/x.ts and <path>/main.js');
  });

  test('relative paths and slashes between words are left alone', () => {
    expect(normalizeText('edit src/auth/login.ts and/or docs')).toBe('edit src/auth/login.ts and/or docs');
  });

  test('quoted literals become <str>; apostrophes and JSON keys are not literals', () => {
    expect(normalizeText(`git commit -m "fix login" && echo 'done'`)).toBe('git commit -m <str> && echo <str>');
    expect(normalizeText("don't touch the user's config")).toBe("don't touch the user's config");
    expect(normalizeText('{"title": "Flaky test", "count": 3}')).toBe('{"title": <str>, "count": <n>}');
  });

  test('URLs become <url>', () => {
    expect(normalizeText('curl https://api.example.com/v1/users/42?page=2 -s')).toBe('curl <url> -s');
  });

  test('secrets are redacted before anything else', () => {
    const out = normalizeText('export GITHUB_TOKEN=ghp_abcdefghijklmnopqrstuvwxyz0123456789 && gh pr list');
    expect(out).not.toContain('ghp_');
    expect(out).toContain('<secret>');
  });
});

describe('stem', () => {
  test('inflections of one word meet', () => {
    expect(['test', 'tests', 'testing', 'tested'].map(stem)).toEqual(['test', 'test', 'test', 'test']);
    expect(['fail', 'fails', 'failing', 'failed'].map(stem)).toEqual(['fail', 'fail', 'fail', 'fail']);
    expect(['update', 'updated', 'updating', 'updates'].map(stem)).toEqual(['updat', 'updat', 'updat', 'updat']);
    expect(['run', 'running', 'runner'].map(stem)).toEqual(['run', 'run', 'run']);
    expect(['dependency', 'dependencies'].map(stem)).toEqual(['dependency', 'dependency']);
  });

  test('short words and words whose stem would lose its vowel are kept', () => {
    expect(['css', 'string', 'status', 'process', 'user', 'order'].map(stem)).toEqual(['css', 'string', 'status', 'process', 'user', 'order']);
  });

  test("a run-commands file is its tool's name", () => {
    expect(stem('eslintrc')).toBe('eslint');
  });
});

describe('tokenize', () => {
  test('stop words and single letters are dropped, inflections stemmed, order kept', () => {
    expect(tokenize('Run the auth tests and fix the failing login case')).toEqual(['run', 'auth', 'test', 'fix', 'fail', 'login', 'case']);
  });

  test('tokens are deduplicated in order of first appearance', () => {
    expect(tokenize('test tests testing: login, LOGIN')).toEqual(['test', 'login']);
  });

  test('numbers, ids and timestamps leave no tokens', () => {
    expect(tokenize('exit 127 at 2025-03-01T10:00:00Z commit 3f9a2b1c0d')).toEqual(['exit', 'commit']);
  });

  test('a path contributes its last directory and its file name', () => {
    expect(tokenize('/home/dev/shop/services/payments/webhook.test.ts:12')).toEqual(['payment', 'webhook', 'test', 'ts']);
  });

  test('a URL contributes its host and path words', () => {
    expect(tokenize('curl http://localhost:3000/api/users/42?x=1')).toEqual(['curl', 'localhost', 'api', 'user']);
  });

  test('quoted literals keep their words (a quoted error message is telling)', () => {
    expect(tokenize(`it says "Cannot find module 'express'"`)).toEqual(['say', 'find', 'modul', 'express']);
  });

  test('at most 64 tokens, or the given maximum', () => {
    const many = Array.from({ length: 100 }, (_, i) => `word${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}`).join(' ');
    expect(tokenize(many)).toHaveLength(MAX_TOKENS);
    expect(tokenize(many, 5)).toHaveLength(5);
  });

  test('the same mistake on another file, line or id tokenises the same', () => {
    expect(tokenize('FAIL /home/ana/shop/test/auth/login.test.ts:42 run 8c1e0f2a-1b2c-4d3e-9f00-aabbccddeeff')).toEqual(
      tokenize('FAIL /Users/bob/src/shop/test/auth/login.test.ts:7 run 1d2e3f4a-0000-4d3e-9f00-112233445566'),
    );
  });
});
