/**
 * Test runner summaries in tool output: vitest, jest, pytest, go test, cargo test, mocha, node --test,
 * rspec and PHPUnit. Each runner's summary line has a shape specific enough to anchor on (line starts,
 * fixed words), so prose that mentions "failed" is not a summary. Patterns are compiled once.
 */

export interface TestSummary {
  runner: string;
  /** Failed tests (or, when a runner reports only files/packages, failed files/packages; see `unit`). */
  failed: number;
  passed?: number;
  skipped?: number;
  total?: number;
  /** What `failed` counts. */
  unit: 'test' | 'test file' | 'package';
  /** Names of some failing tests, when the output lists them (at most 5). */
  failedTests: string[];
  /** Index just past the summary in the text, for the excerpt. */
  end: number;
}

type Counts = { failed: number; passed?: number; skipped?: number; total?: number; unit?: TestSummary['unit']; end: number };

const count = (text: string, word: RegExp): number | undefined => {
  const m = word.exec(text);
  return m?.[1] !== undefined ? Number(m[1]) : undefined;
};

const lastMatch = (text: string, re: RegExp): RegExpExecArray | undefined => {
  let last: RegExpExecArray | undefined;
  for (const m of text.matchAll(re)) last = m;
  return last;
};

const names = (text: string, re: RegExp): string[] => {
  const out: string[] = [];
  for (const m of text.matchAll(re)) {
    const n = m[1]?.trim();
    if (n && !out.includes(n)) out.push(n);
    if (out.length >= 5) break;
  }
  return out;
};

const VITEST_TESTS = /^[ \t]*Tests[ \t]{2,}((?:\d+ (?:failed|passed|skipped|todo)[ |]*)+)\(\d+\)/gm;
const VITEST_FILES = /^[ \t]*Test Files[ \t]{2,}((?:\d+ (?:failed|passed|skipped)[ |]*)+)\(\d+\)/gm;
const VITEST_FAIL = /^[ \t]*FAIL[ \t]+(.+?)(?:[ \t]+\[.*\])?[ \t]*$/gm;
const JEST_TESTS = /^Tests:[ \t]+((?:\d+ \w+, )*\d+ total)[ \t]*$/gm;
const JEST_SUITES = /^Test Suites:[ \t]+((?:\d+ \w+, )*\d+ total)[ \t]*$/gm;
const JEST_FAILED_TEST = /^[ \t]*● (.+?)[ \t]*$/gm;
const PYTEST = /^=+ ((?:\d+ (?:failed|passed|skipped|errors?|xfailed|xpassed|warnings?|deselected|rerun)(?:, )?)+) in [\d.]+s(?: \([^)]*\))? =+[ \t]*$/gm;
const PYTEST_FAILED = /^(?:FAILED|ERROR) (\S+)/gm;
const GO_FAIL_TEST = /^--- FAIL: (\S+) \([\d.]+s\)/gm;
const GO_PASS_TEST = /^--- PASS: \S+ \([\d.]+s\)/gm;
const GO_FAIL_PKG = /^FAIL\t(\S+)/gm;
const GO_OK_PKG = /^ok[ \t]+\S+[ \t]+(?:[\d.]+s|\(cached\))/gm;
const CARGO = /^test result: (ok|FAILED)\. (\d+) passed; (\d+) failed; (\d+) ignored/gm;
const CARGO_FAILED = /^---- (\S+) stdout ----/gm;
const MOCHA_FAILING = /^[ \t]*(\d+) failing[ \t]*$/gm;
const MOCHA_PASSING = /^[ \t]*(\d+) passing \(\d+(?:ms|s|m)\)[ \t]*$/m;
const MOCHA_PENDING = /^[ \t]*(\d+) pending[ \t]*$/m;
const NODE_FAIL = /^(?:#|ℹ) fail (\d+)[ \t]*$/gm;
const NODE_PASS = /^(?:#|ℹ) pass (\d+)[ \t]*$/m;
const NODE_TESTS = /^(?:#|ℹ) tests (\d+)[ \t]*$/m;
const NODE_SKIPPED = /^(?:#|ℹ) skipped (\d+)[ \t]*$/m;
const NODE_FAILED_TEST = /^not ok \d+ - (.+)$/gm;
const RSPEC = /^(\d+) examples?, (\d+) failures?(?:, (\d+) pending)?/gm;
const RSPEC_FAILED = /^rspec (\S+) #/gm;
const PHPUNIT = /^Tests: (\d+), Assertions: \d+((?:, \w+: \d+)*)\.?[ \t]*$/gm;
const PHPUNIT_OK = /^OK \((\d+) tests?, \d+ assertions?\)/gm;
const PHPUNIT_BANNER = /^(?:FAILURES|ERRORS)!$/m;

/** Each runner: summary counts (or null when its summary is absent) and failing names. */
const RUNNERS: Array<{ runner: string; counts(t: string): Counts | null; failed(t: string): string[] }> = [
  {
    runner: 'vitest',
    counts(t) {
      const tests = lastMatch(t, VITEST_TESTS);
      const files = lastMatch(t, VITEST_FILES);
      if (!tests && !files) return null;
      const line = tests?.[1] ?? '';
      const failed = count(line, /(\d+) failed/) ?? 0;
      const fileFailures = files ? (count(files[1] as string, /(\d+) failed/) ?? 0) : 0;
      const end = Math.max(tests ? tests.index + tests[0].length : 0, files ? files.index + files[0].length : 0);
      const common = { passed: count(line, /(\d+) passed/), skipped: count(line, /(\d+) skipped/), end };
      if (failed === 0 && fileFailures > 0) return { ...common, failed: fileFailures, unit: 'test file' };
      return { ...common, failed };
    },
    failed: (t) => names(t, VITEST_FAIL),
  },
  {
    runner: 'jest',
    counts(t) {
      const tests = lastMatch(t, JEST_TESTS);
      const suites = lastMatch(t, JEST_SUITES);
      if (!tests && !suites) return null;
      const line = tests?.[1] ?? '';
      const failed = count(line, /(\d+) failed/) ?? 0;
      const suiteFailures = suites ? (count(suites[1] as string, /(\d+) failed/) ?? 0) : 0;
      const end = Math.max(tests ? tests.index + tests[0].length : 0, suites ? suites.index + suites[0].length : 0);
      const common = { passed: count(line, /(\d+) passed/), skipped: count(line, /(\d+) skipped/), total: count(line, /(\d+) total/), end };
      if (failed === 0 && suiteFailures > 0) return { ...common, failed: suiteFailures, unit: 'test file' };
      return { ...common, failed };
    },
    failed: (t) => names(t, JEST_FAILED_TEST),
  },
  {
    runner: 'pytest',
    counts(t) {
      const m = lastMatch(t, PYTEST);
      if (!m) return null;
      const line = m[1] as string;
      const failed = (count(line, /(\d+) failed/) ?? 0) + (count(line, /(\d+) errors?/) ?? 0);
      return { failed, passed: count(line, /(\d+) passed/), skipped: count(line, /(\d+) skipped/), end: m.index + m[0].length };
    },
    failed: (t) => names(t, PYTEST_FAILED),
  },
  {
    runner: 'go test',
    counts(t) {
      const failedTests = [...t.matchAll(GO_FAIL_TEST)].length;
      const failedPkgs = [...t.matchAll(GO_FAIL_PKG)];
      const okPkgs = [...t.matchAll(GO_OK_PKG)].length;
      if (failedTests === 0 && failedPkgs.length === 0 && okPkgs === 0) return null;
      const lastPkg = failedPkgs[failedPkgs.length - 1];
      const end = lastPkg ? lastPkg.index + lastPkg[0].length : t.length;
      const passed = [...t.matchAll(GO_PASS_TEST)].length;
      if (failedTests > 0) return { failed: failedTests, ...(passed ? { passed } : {}), end };
      return { failed: failedPkgs.length, unit: 'package', end };
    },
    failed: (t) => names(t, GO_FAIL_TEST),
  },
  {
    runner: 'cargo test',
    counts(t) {
      let failed = 0;
      let passed = 0;
      let skipped = 0;
      let end = -1;
      for (const m of t.matchAll(CARGO)) {
        passed += Number(m[2]);
        failed += Number(m[3]);
        skipped += Number(m[4]);
        end = m.index + m[0].length;
      }
      return end === -1 ? null : { failed, passed, skipped, end };
    },
    failed: (t) => names(t, CARGO_FAILED),
  },
  {
    runner: 'mocha',
    counts(t) {
      const failing = lastMatch(t, MOCHA_FAILING);
      const passing = MOCHA_PASSING.exec(t);
      if (!failing && !passing) return null;
      const end = failing ? failing.index + failing[0].length : (passing as RegExpExecArray).index + (passing as RegExpExecArray)[0].length;
      return { failed: failing ? Number(failing[1]) : 0, passed: count(t, MOCHA_PASSING), skipped: count(t, MOCHA_PENDING), end };
    },
    failed: () => [],
  },
  {
    runner: 'node --test',
    counts(t) {
      const m = lastMatch(t, NODE_FAIL);
      if (!m) return null;
      return { failed: Number(m[1]), passed: count(t, NODE_PASS), skipped: count(t, NODE_SKIPPED), total: count(t, NODE_TESTS), end: m.index + m[0].length };
    },
    failed: (t) => names(t, NODE_FAILED_TEST),
  },
  {
    runner: 'rspec',
    counts(t) {
      const m = lastMatch(t, RSPEC);
      if (!m) return null;
      const total = Number(m[1]);
      const failed = Number(m[2]);
      const skipped = m[3] !== undefined ? Number(m[3]) : undefined;
      return { failed, total, passed: total - failed - (skipped ?? 0), skipped, end: m.index + m[0].length };
    },
    failed: (t) => names(t, RSPEC_FAILED),
  },
  {
    runner: 'phpunit',
    counts(t) {
      const m = lastMatch(t, PHPUNIT);
      if (m) {
        const extra = m[2] ?? '';
        const failed = (count(extra, /Failures: (\d+)/) ?? 0) + (count(extra, /Errors: (\d+)/) ?? 0);
        const total = Number(m[1]);
        return { failed: failed || (PHPUNIT_BANNER.test(t) ? 1 : 0), total, skipped: count(extra, /Skipped: (\d+)/), end: m.index + m[0].length };
      }
      const ok = lastMatch(t, PHPUNIT_OK);
      return ok ? { failed: 0, total: Number(ok[1]), passed: Number(ok[1]), end: ok.index + ok[0].length } : null;
    },
    failed: () => [],
  },
];

/**
 * The first runner summary that reports failures, else the first that reports none, else null.
 *
 * @example
 * findTestSummary('…\n=========== 2 failed, 5 passed in 0.12s ===========\n')
 * // → { runner: 'pytest', failed: 2, passed: 5, unit: 'test', failedTests: [], … }
 */
export function findTestSummary(text: string): TestSummary | null {
  let clean: TestSummary | null = null;
  for (const r of RUNNERS) {
    const c = r.counts(text);
    if (!c) continue;
    const summary: TestSummary = {
      runner: r.runner,
      failed: c.failed,
      unit: c.unit ?? 'test',
      failedTests: c.failed > 0 ? r.failed(text) : [],
      end: c.end,
      ...(c.passed !== undefined ? { passed: c.passed } : {}),
      ...(c.skipped !== undefined ? { skipped: c.skipped } : {}),
      ...(c.total !== undefined ? { total: c.total } : {}),
    };
    if (summary.failed > 0) return summary;
    clean ??= summary;
  }
  return clean;
}

/**
 * The reason line for a summary, e.g. "3 tests failed (vitest): auth.test.ts > login".
 *
 * @example
 * describeTestSummary({ runner: 'pytest', failed: 2, passed: 5, unit: 'test', failedTests: [], end: 0 }) // → '2 tests failed (pytest)'
 */
export function describeTestSummary(s: TestSummary): string {
  if (s.failed === 0) {
    const passed = s.passed ?? s.total;
    return passed !== undefined ? `${passed} test${passed === 1 ? '' : 's'} passed (${s.runner})` : `no test failures (${s.runner})`;
  }
  const head = `${s.failed} ${s.unit}${s.failed === 1 ? '' : 's'} failed (${s.runner})`;
  return s.failedTests.length ? `${head}: ${s.failedTests.slice(0, 3).join(', ')}` : head;
}
