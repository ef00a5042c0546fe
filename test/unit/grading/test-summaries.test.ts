// Test runner summaries, as the runners print them, and the false positives they must not produce.
import { describe, expect, test } from 'vitest';
import { describeTestSummary, findTestSummary } from '../../../server/engine/grading/test-summaries.js';

const VITEST_FAIL = `
 ✓ test/math.test.ts (4 tests) 3ms
 ❯ test/auth.test.ts (3 tests | 2 failed) 12ms
   × login > rejects a bad password 5ms
   × login > locks after 3 attempts 2ms

⎯⎯⎯⎯⎯⎯⎯ Failed Tests 2 ⎯⎯⎯⎯⎯⎯⎯

 FAIL  test/auth.test.ts > login > rejects a bad password
AssertionError: expected 200 to be 401
 FAIL  test/auth.test.ts > login > locks after 3 attempts
AssertionError: expected false to be true

 Test Files  1 failed | 1 passed (2)
      Tests  2 failed | 5 passed (7)
   Start at  10:00:00
   Duration  420ms
`;

const JEST_FAIL = `
FAIL src/cart.test.js
  ● Cart › applies the discount

    expect(received).toBe(expected)

PASS src/util.test.js

Test Suites: 1 failed, 1 passed, 2 total
Tests:       2 failed, 5 passed, 7 total
Snapshots:   0 total
Time:        1.234 s
`;

describe('findTestSummary', () => {
  test('vitest: counts and the failing tests', () => {
    const s = findTestSummary(VITEST_FAIL);
    expect(s).toMatchObject({ runner: 'vitest', failed: 2, passed: 5, unit: 'test' });
    expect(s?.failedTests).toEqual(['test/auth.test.ts > login > rejects a bad password', 'test/auth.test.ts > login > locks after 3 attempts']);
    expect(describeTestSummary(s!)).toBe('2 tests failed (vitest): test/auth.test.ts > login > rejects a bad password, test/auth.test.ts > login > locks after 3 attempts');
  });

  test('vitest: a file that fails to load while every test passes', () => {
    const s = findTestSummary(' FAIL  test/broken.test.ts [ test/broken.test.ts ]\nError: Cannot find module\n\n Test Files  1 failed | 3 passed (4)\n      Tests  20 passed (20)\n');
    expect(s).toMatchObject({ runner: 'vitest', failed: 1, unit: 'test file' });
    expect(describeTestSummary(s!)).toBe('1 test file failed (vitest): test/broken.test.ts');
  });

  test('vitest: all passing is a clean summary', () => {
    const s = findTestSummary(' Test Files  3 passed (3)\n      Tests  42 passed (42)\n');
    expect(s).toMatchObject({ runner: 'vitest', failed: 0, passed: 42 });
    expect(describeTestSummary(s!)).toBe('42 tests passed (vitest)');
  });

  test('jest', () => {
    const s = findTestSummary(JEST_FAIL);
    expect(s).toMatchObject({ runner: 'jest', failed: 2, passed: 5, total: 7, failedTests: ['Cart › applies the discount'] });
  });

  test('pytest, with errors counted as failures', () => {
    const out = 'FAILED tests/test_a.py::test_one - assert 1 == 2\nERROR tests/test_b.py::test_two\n========= 1 failed, 5 passed, 1 error, 2 warnings in 0.42s =========\n';
    const s = findTestSummary(out);
    expect(s).toMatchObject({ runner: 'pytest', failed: 2, passed: 5, failedTests: ['tests/test_a.py::test_one', 'tests/test_b.py::test_two'] });
    expect(findTestSummary('============================== 5 passed in 0.10s ===============================')).toMatchObject({ runner: 'pytest', failed: 0, passed: 5 });
  });

  test('go test: failing tests and failing packages', () => {
    const out = '=== RUN   TestAdd\n--- FAIL: TestAdd (0.00s)\n    add_test.go:9: got 3, want 4\n=== RUN   TestSub\n--- PASS: TestSub (0.00s)\nFAIL\nFAIL\texample.com/calc\t0.004s\nok  \texample.com/util\t0.002s\n';
    expect(findTestSummary(out)).toMatchObject({ runner: 'go test', failed: 1, passed: 1, failedTests: ['TestAdd'] });
    const build = '# example.com/calc\n./calc.go:3:1: syntax error\nFAIL\texample.com/calc [build failed]\n';
    expect(findTestSummary(build)).toMatchObject({ runner: 'go test', failed: 1, unit: 'package' });
    expect(findTestSummary('ok  \texample.com/calc\t0.003s\nok  \texample.com/util\t(cached)\n')).toMatchObject({ runner: 'go test', failed: 0 });
  });

  test('cargo test sums every test binary', () => {
    const out = '---- tests::it_adds stdout ----\nthread \'tests::it_adds\' panicked at src/lib.rs:10:5\n\ntest result: FAILED. 1 passed; 2 failed; 0 ignored; 0 measured; 0 filtered out\n\ntest result: ok. 3 passed; 0 failed; 1 ignored; 0 measured; 0 filtered out\n';
    expect(findTestSummary(out)).toMatchObject({ runner: 'cargo test', failed: 2, passed: 4, skipped: 1, failedTests: ['tests::it_adds'] });
  });

  test('mocha', () => {
    expect(findTestSummary('  3 passing (12ms)\n  2 failing\n\n  1) Array\n')).toMatchObject({ runner: 'mocha', failed: 2, passed: 3 });
    expect(findTestSummary('  7 passing (30ms)\n  1 pending\n')).toMatchObject({ runner: 'mocha', failed: 0, passed: 7, skipped: 1 });
  });

  test('node --test, TAP and spec reporters', () => {
    expect(findTestSummary('not ok 2 - subtracts\n# tests 5\n# suites 0\n# pass 3\n# fail 2\n# skipped 0\n')).toMatchObject({ runner: 'node --test', failed: 2, passed: 3, total: 5, failedTests: ['subtracts'] });
    expect(findTestSummary('ℹ tests 4\nℹ pass 4\nℹ fail 0\n')).toMatchObject({ runner: 'node --test', failed: 0 });
  });

  test('rspec', () => {
    const out = 'Failures:\n\n  1) Cart totals\n\n3 examples, 1 failure\n\nFailed examples:\n\nrspec ./spec/cart_spec.rb:12 # Cart totals\n';
    expect(findTestSummary(out)).toMatchObject({ runner: 'rspec', failed: 1, passed: 2, total: 3, failedTests: ['./spec/cart_spec.rb:12'] });
    expect(findTestSummary('10 examples, 0 failures, 2 pending')).toMatchObject({ runner: 'rspec', failed: 0, skipped: 2 });
  });

  test('PHPUnit, failures and errors, and an OK run', () => {
    expect(findTestSummary('There was 1 failure:\n\nFAILURES!\nTests: 5, Assertions: 9, Failures: 1.\n')).toMatchObject({ runner: 'phpunit', failed: 1, total: 5 });
    expect(findTestSummary('ERRORS!\nTests: 6, Assertions: 8, Errors: 2, Failures: 1.\n')).toMatchObject({ runner: 'phpunit', failed: 3 });
    expect(findTestSummary('OK (12 tests, 30 assertions)\n')).toMatchObject({ runner: 'phpunit', failed: 0, passed: 12 });
  });

  test('a singular failure reads as singular', () => {
    expect(describeTestSummary({ runner: 'pytest', failed: 1, unit: 'test', failedTests: [], end: 0 })).toBe('1 test failed (pytest)');
  });

  test.each([
    ['prose mentioning failures', 'The deploy failed yesterday; 3 failed attempts were logged.\nTests: we should add more.'],
    ['a grep hit in test sources', "src/report.ts:12:    summary.push('Tests  3 failed')"],
    ['a changelog line', '- fix: "2 failing" tests in CI'],
    ['an ok-looking line that is not go test', 'ok then, moving on\nFAIL is a word too'],
  ])('no summary in %s', (_what, text) => {
    expect(findTestSummary(text)).toBeNull();
  });
});
