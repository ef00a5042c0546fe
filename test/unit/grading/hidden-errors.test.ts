// Error signatures in exit-0 output: the strong ones count, everything merely mentioning errors does not.
import { describe, expect, test } from 'vitest';
import { findHiddenError } from '../../../server/engine/grading/hidden-errors.js';

describe('findHiddenError finds strong signatures', () => {
  test.each([
    ['a Python traceback', 'Starting\nTraceback (most recent call last):\n  File "app.py", line 3, in <module>\n    run()\nKeyError: \'user\'\n', 'python-traceback', "Python traceback: KeyError: 'user'"],
    ['npm ERR!', 'npm ERR! code E404\nnpm ERR! 404 Not Found - GET https://registry.npmjs.org/nope', 'npm-error', 'npm error: code E404'],
    ['npm error (npm 10)', 'npm error Missing script: "bild"', 'npm-error', 'npm error: Missing script: "bild"'],
    ['a tsc diagnostic', "src/a.ts(3,5): error TS2345: Argument of type 'string' is not assignable to parameter of type 'number'.", 'typescript-error', "TypeScript error TS2345: Argument of type 'string' is not assignable to parameter of type 'number'."],
    ['a tsc pretty diagnostic', 'src/a.ts:3:5 - error TS2304: Cannot find name \'foo\'.', 'typescript-error', "TypeScript error TS2304: Cannot find name 'foo'."],
    ['a segfault', 'bash: line 1: 48213 Segmentation fault      (core dumped) ./a.out', 'segfault', 'Segmentation fault'],
    ['a Go panic', 'panic: runtime error: index out of range [3] with length 3\n\ngoroutine 1 [running]:', 'go-panic', 'Go panic: runtime error: index out of range [3] with length 3'],
    ['a Rust panic', "thread 'main' panicked at src/main.rs:4:5:\nattempt to divide by zero", 'rust-panic', "Rust panic: thread 'main' panicked at src/main.rs:4:5:"],
    ['git fatal', 'fatal: not a git repository (or any of the parent directories): .git', 'fatal', 'fatal: not a git repository (or any of the parent directories): .git'],
    ['a compiler fatal error', 'main.c:1:10: fatal error: missing.h: No such file or directory', 'fatal', 'main.c:1:10: fatal error: missing.h: No such file or directory'],
    ['bash command not found', 'bash: line 1: pnpx: command not found', 'command-not-found', 'command not found: pnpx'],
    ['zsh command not found', 'zsh: command not found: pnpx', 'command-not-found', 'command not found: pnpx'],
    ['dash not found', 'sh: 1: pnpx: not found', 'command-not-found', 'command not found: pnpx'],
    ['permission denied', "mkdir: cannot create directory '/opt/x': Permission denied", 'permission-denied', "Permission denied: mkdir: cannot create directory '/opt/x': Permission denied"],
    ['ssh permission denied', 'git@github.com: Permission denied (publickey).', 'permission-denied', 'Permission denied: git@github.com: Permission denied (publickey).'],
    ['an uncaught JS error', 'Uncaught TypeError: x is not a function', 'uncaught-js', 'Uncaught JavaScript error: Uncaught TypeError: x is not a function'],
    ['an unhandled rejection', '[UnhandledPromiseRejection: This error originated either by throwing inside of an async function without a catch block]', 'uncaught-js', 'Uncaught JavaScript error: UnhandledPromiseRejection: This error originated either by throwing inside of an async function without a catch block'],
  ])('%s', (_what, text, kind, reason) => {
    expect(findHiddenError(text)).toMatchObject({ kind, reason });
  });

  test('the earliest signature wins and its index is given', () => {
    const text = 'ok\nfatal: bad revision\nTraceback (most recent call last):\nValueError: x';
    expect(findHiddenError(text)).toMatchObject({ kind: 'fatal', index: 3 });
  });
});

describe('findHiddenError ignores what merely mentions errors', () => {
  test.each([
    ['a zero error count', 'Found 0 errors. Watching for file changes.'],
    ['stderr warnings', 'npm WARN deprecated inflight@1.0.6: This module is not supported\nwarning: unused variable `x`'],
    ['prose about error handling', 'Added error handling for the fatal: case and a Traceback parser.\nSee docs on "Permission denied" errors.'],
    ['a grep hit naming an error', "src/git.ts:12:  if (line.startsWith('fatal: ')) return 'error';"],
    ['a source line with a traceback string', "    print('Traceback (most recent call last):')"],
    ['a test name', '✓ reports Permission denied errors to the user'],
    ['a log line that indents the word', '  panic: handled and recovered'],
    ['an ordinary Error mention', 'Error: 0 of 12 checks need attention'],
  ])('%s', (_what, text) => {
    expect(findHiddenError(text)).toBeNull();
  });
});
