// gradeToolResult on realistic Bash events, built as the hook stdin delivers them (including the recorded Claude Code ones).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { gradeToolResult } from '../../../server/engine/grading/tool-result.js';
import type { ToolResultEvent } from '../../../server/engine/grading/types.js';

/** An event from raw hook stdin, mapped as the PostToolUse hook maps it. */
function fromStdin(raw: Record<string, unknown>): ToolResultEvent {
  return {
    event: raw['hook_event_name'] as ToolResultEvent['event'],
    toolName: raw['tool_name'] as string,
    toolInput: raw['tool_input'] as Record<string, unknown>,
    toolResponse: raw['tool_response'],
    ...(typeof raw['error'] === 'string' ? { error: raw['error'] } : {}),
    ...(typeof raw['is_interrupt'] === 'boolean' ? { isInterrupt: raw['is_interrupt'] } : {}),
    ...(typeof raw['duration_ms'] === 'number' ? { durationMs: raw['duration_ms'] } : {}),
  };
}

const bashOk = (command: string, stdout: string, stderr = ''): ToolResultEvent => ({
  event: 'PostToolUse', toolName: 'Bash', toolInput: { command, description: 'x' },
  toolResponse: { stdout, stderr, interrupted: false, isImage: false, noOutputExpected: false },
});
const bashFailed = (command: string, error: string): ToolResultEvent => ({
  event: 'PostToolUseFailure', toolName: 'Bash', toolInput: { command }, error, isInterrupt: false,
});

const recorded = JSON.parse(readFileSync(join(import.meta.dirname, '../../fixtures/claude-code/hook-stdin-2.1.197.json'), 'utf8')) as Record<string, Record<string, unknown>>;

describe('recorded Claude Code events', () => {
  test('the real PostToolUseFailure of `ls ./nope-xyz` is command_failed with the exit code and the error line', () => {
    const g = gradeToolResult(fromStdin(recorded['PostToolUseFailure:Bash'] as Record<string, unknown>));
    expect(g).toMatchObject({
      tool: 'Bash', operation: 'Bash:ls', passed: false, score: 0, failureType: 'command_failed',
      reason: "ls exited with code 2: ls: cannot access './nope-xyz': No such file or directory",
      input: 'ls ./nope-xyz',
    });
    expect(g.output).toContain("ls: cannot access './nope-xyz'");
    expect(g.results.find((r) => r.name === 'exit-status')?.metadata).toEqual({ exitCode: 2 });
  });

  test('the real PostToolUse of `echo hello SECRET` passes', () => {
    const g = gradeToolResult(fromStdin(recorded['PostToolUse:Bash'] as Record<string, unknown>));
    expect(g).toMatchObject({ operation: 'Bash:echo', passed: true, score: 1, failureType: null, output: 'hello SECRET' });
  });

  test('the real MCP PostToolUse with a text block passes', () => {
    const g = gradeToolResult(fromStdin(recorded['PostToolUse:mcp'] as Record<string, unknown>));
    expect(g).toMatchObject({ tool: 'mcp__plugin_guard-demo_guard__echo', operation: 'mcp__plugin_guard-demo_guard__echo', passed: true, failureType: null });
    expect(g.input).toBe('mcp__plugin_guard-demo_guard__echo {"text":"hi there"}');
  });
});

describe('Bash: exit status', () => {
  test('grep with no match (exit 1) is an answer, not a failure', () => {
    const g = gradeToolResult(bashFailed('grep -rn "TODO" src', 'Exit code 1'));
    expect(g).toMatchObject({ passed: true, failureType: null, reason: 'grep exited with 1: no match (an answer, not a failure)' });
  });

  test('the last command of a pipeline sets the status: `… | grep x` exiting 1 passes', () => {
    expect(gradeToolResult(bashFailed('ps aux | grep -v grep | grep myserver', 'Exit code 1')).passed).toBe(true);
  });

  test('grep exiting 2 is a real failure', () => {
    const g = gradeToolResult(bashFailed('grep foo missing.txt', 'Exit code 2\ngrep: missing.txt: No such file or directory'));
    expect(g).toMatchObject({ passed: false, failureType: 'command_failed', reason: 'grep exited with code 2: grep: missing.txt: No such file or directory' });
  });

  test.each([
    ['diff -u a.txt b.txt', 'Exit code 1\n--- a.txt\n+++ b.txt\n@@ -1 +1 @@\n-a\n+b'],
    ['test -f dist/index.js', 'Exit code 1'],
    ['[ -d node_modules ] && echo yes', 'Exit code 1'],
    ['which pnpm', 'Exit code 1\npnpm not found'],
    ['command -v bun', 'Exit code 1'],
    ['git diff --exit-code -- package.json', 'Exit code 1\ndiff --git a/package.json b/package.json'],
    ['git diff --quiet', 'Exit code 1'],
    ['pgrep -f vite', 'Exit code 1'],
    ['cmp -s a.bin b.bin', 'Exit code 1'],
  ])('%s exiting 1 passes', (command, error) => {
    expect(gradeToolResult(bashFailed(command, error))).toMatchObject({ passed: true, failureType: null });
  });

  test('a build failure names the program and the first meaningful line', () => {
    const error = 'Exit code 1\n\n> app@1.0.0 build\n> tsc -p .\n\nsrc/index.ts(4,7): error TS2322: Type \'string\' is not assignable to type \'number\'.\n';
    const g = gradeToolResult(bashFailed('npm run build', error));
    expect(g).toMatchObject({ operation: 'Bash:npm run build', failureType: 'command_failed' });
    expect(g.reason).toBe("npm exited with code 1: src/index.ts(4,7): error TS2322: Type 'string' is not assignable to type 'number'.");
    expect(g.output).toContain('error TS2322');
  });

  test('a Python crash reports the exception line', () => {
    const error = 'Exit code 1\nTraceback (most recent call last):\n  File "/app/main.py", line 8, in <module>\n    load()\n  File "/app/main.py", line 4, in load\n    raise ValueError("config missing")\nValueError: config missing';
    const g = gradeToolResult(bashFailed('python3 main.py', error));
    expect(g).toMatchObject({ operation: 'Bash:python', reason: 'python3 exited with code 1: ValueError: config missing' });
  });

  test('the reason is one line of at most 200 characters', () => {
    const g = gradeToolResult(bashFailed('make', `Exit code 2\nmake: *** ${'x'.repeat(500)} Error 1`));
    expect(g.reason.length).toBeLessThanOrEqual(200);
    expect(g.reason).not.toContain('\n');
  });

  test('a timed-out command is interrupted', () => {
    const g = gradeToolResult(bashFailed('npm run dev', 'Command timed out after 2m 0.0s'));
    expect(g).toMatchObject({ passed: false, failureType: 'interrupted', reason: 'Command timed out after 2m 0.0s: npm run dev' });
  });

  test('a user interrupt is interrupted, in either event', () => {
    expect(gradeToolResult({ ...bashFailed('sleep 100', 'Interrupted by user'), isInterrupt: true })).toMatchObject({ failureType: 'interrupted', reason: 'Interrupted: sleep 100' });
    const e = bashOk('sleep 100', '');
    (e.toolResponse as { interrupted: boolean }).interrupted = true;
    expect(gradeToolResult(e).failureType).toBe('interrupted');
  });
});

describe('Bash: test runner summaries', () => {
  const vitestFail = ' FAIL  test/auth.test.ts > login > rejects a bad password\nAssertionError: expected 200 to be 401\n\n Test Files  1 failed | 2 passed (3)\n      Tests  3 failed | 10 passed (13)\n   Duration  1.2s\n';

  test('failing vitest in a PostToolUseFailure is test_failure with counts', () => {
    const g = gradeToolResult(bashFailed('npx vitest run', `Exit code 1\n${vitestFail}`));
    expect(g).toMatchObject({ operation: 'Bash:vitest', passed: false, failureType: 'test_failure', reason: '3 tests failed (vitest): test/auth.test.ts > login > rejects a bad password' });
    expect(g.results[0]).toMatchObject({ name: 'test-summary', metadata: { runner: 'vitest', failed: 3, passed: 10 } });
    expect(g.output).toContain('Tests  3 failed | 10 passed (13)');
  });

  test('failing tests piped through tail exit 0 but are still test_failure', () => {
    const g = gradeToolResult(bashOk('npm test 2>&1 | tail -20', vitestFail));
    expect(g).toMatchObject({ operation: 'Bash:npm test', passed: false, failureType: 'test_failure' });
  });

  test('pytest failures', () => {
    const out = 'FAILED tests/test_api.py::test_login - assert 500 == 200\n===== 2 failed, 5 passed in 0.31s =====\n';
    expect(gradeToolResult(bashFailed('python -m pytest -q', `Exit code 1\n${out}`))).toMatchObject({ operation: 'Bash:python -m pytest', failureType: 'test_failure', reason: '2 tests failed (pytest): tests/test_api.py::test_login' });
  });

  test('go test and cargo test failures', () => {
    expect(gradeToolResult(bashFailed('go test ./...', 'Exit code 1\n--- FAIL: TestAdd (0.00s)\nFAIL\nFAIL\texample.com/calc\t0.01s\n'))).toMatchObject({ operation: 'Bash:go test', failureType: 'test_failure', reason: '1 test failed (go test): TestAdd' });
    expect(gradeToolResult(bashFailed('cargo test', 'Exit code 101\ntest result: FAILED. 1 passed; 2 failed; 0 ignored; 0 measured; 0 filtered out'))).toMatchObject({ operation: 'Bash:cargo test', failureType: 'test_failure', reason: '2 tests failed (cargo test)' });
  });

  test('a clean summary with 0 failures passes and says so', () => {
    const g = gradeToolResult(bashOk('npx jest', 'Test Suites: 2 passed, 2 total\nTests:       0 failed, 12 passed, 12 total\n'));
    expect(g).toMatchObject({ passed: true, failureType: null, reason: '12 tests passed (jest)' });
  });

  test('a passing run with logged errors is not a hidden error: the runner has the last word', () => {
    const out = 'stderr | test/api.test.ts > retries\nTraceback (most recent call last):\n  File "x"\nError: simulated outage\n\n Test Files  1 passed (1)\n      Tests  4 passed (4)\n';
    expect(gradeToolResult(bashOk('npx vitest run', out)).passed).toBe(true);
  });

  test('a clean summary with a non-zero exit is still command_failed (e.g. a coverage threshold)', () => {
    const g = gradeToolResult(bashFailed('npx vitest run --coverage', 'Exit code 1\n Test Files  3 passed (3)\n      Tests  9 passed (9)\nERROR: Coverage for lines (71%) does not meet global threshold (80%)'));
    expect(g).toMatchObject({ failureType: 'command_failed', reason: 'vitest exited with code 1: ERROR: Coverage for lines (71%) does not meet global threshold (80%)' });
  });
});

describe('Bash: hidden errors (exit 0)', () => {
  test('a traceback after exit 0 is hidden_error', () => {
    const g = gradeToolResult(bashOk('python3 scripts/migrate.py; echo done', 'Migrating…\nTraceback (most recent call last):\n  File "scripts/migrate.py", line 9\nsqlite3.OperationalError: no such table: users\ndone'));
    expect(g).toMatchObject({ passed: false, failureType: 'hidden_error', reason: 'Python traceback: sqlite3.OperationalError: no such table: users' });
    expect(g.output.startsWith('Migrating…\nTraceback')).toBe(true);
  });

  test('command not found in stderr after exit 0', () => {
    const g = gradeToolResult(bashOk('pnpx tsc; true', '', 'bash: line 1: pnpx: command not found'));
    expect(g).toMatchObject({ failureType: 'hidden_error', reason: 'command not found: pnpx' });
  });

  test('npm ERR! after exit 0 (piped)', () => {
    expect(gradeToolResult(bashOk('npm install left-pad-nope | cat', 'npm ERR! code E404\nnpm ERR! 404 Not Found')).failureType).toBe('hidden_error');
  });

  test.each([
    ['stderr warnings', bashOk('npm install', 'added 120 packages', 'npm WARN deprecated glob@7.2.3: Glob versions prior to v9 are no longer supported')],
    ['"0 errors"', bashOk('npx tsc --noEmit --pretty', 'Found 0 errors.')],
    ['prose with "error"', bashOk('echo "added error handling"', 'added error handling')],
    ['a grep hit containing "fatal:"', bashOk('grep -rn "fatal: " src', "src/git.ts:12:  if (line.startsWith('fatal: ')) throw new Error('x');")],
    ['cat of a log with a traceback', bashOk('cat logs/app.log', 'Traceback (most recent call last):\n  File "a"\nValueError: x')],
    ['git log mentioning a panic', bashOk('git log --oneline -5', 'a1b2c3 fix panic: nil map\nd4e5f6 npm ERR! handling')],
    ['an explicit || fallback', bashOk('rm -r build 2>/dev/null || true', '', 'rm: build: Permission denied')],
  ])('%s pass', (_what, e) => {
    expect(gradeToolResult(e)).toMatchObject({ passed: true, failureType: null });
  });

  test('a huge output is inspected at its ends only, and still graded', () => {
    const middle = 'x'.repeat(1_000_000);
    const tail = '\n===== 1 failed, 99 passed in 3.2s =====\n';
    const started = Date.now();
    const g = gradeToolResult(bashOk('pytest', `Traceback (most recent call last):\n${middle}${'\n'}${tail}`));
    expect(g.failureType).toBe('test_failure');
    expect(Date.now() - started).toBeLessThan(500);
    expect(g.output.length).toBeLessThanOrEqual(2048);
  });

  test('a traceback hidden deep in the middle of a huge output is not looked for', () => {
    const g = gradeToolResult(bashOk('python3 big.py', `${'a'.repeat(200_000)}\nTraceback (most recent call last):\nValueError: x\n${'b'.repeat(200_000)}`));
    expect(g.passed).toBe(true);
  });
});

describe('the grade', () => {
  test('passed results have failureType null and score 1', () => {
    const g = gradeToolResult(bashOk('ls', 'a\nb'));
    expect(g).toMatchObject({ passed: true, score: 1, failureType: null });
  });

  test('the output excerpt is at most 2 KB', () => {
    const g = gradeToolResult(bashFailed('make', `Exit code 2\n${'line\n'.repeat(5000)}make: *** [all] Error 1`));
    expect(g.output.length).toBeLessThanOrEqual(2048);
  });

  test('a missing or odd tool_response does not throw', () => {
    expect(() => gradeToolResult({ event: 'PostToolUse', toolName: 'Bash', toolInput: {} })).not.toThrow();
    expect(() => gradeToolResult({ event: 'PostToolUse', toolName: 'mcp__x__y', toolInput: {}, toolResponse: 42 })).not.toThrow();
    expect(gradeToolResult({ event: 'PostToolUse', toolName: 'Bash', toolInput: { command: 'true' }, toolResponse: 'plain' }).passed).toBe(true);
  });
});
