/**
 * Errors in the output of a command that exited 0. Only strong signatures count, anchored at line
 * starts: a Python traceback header, npm's error prefix, a tsc diagnostic, a segfault report, a Go or
 * Rust panic, git's "fatal:", the shell's "command not found", a "…: Permission denied" line, an
 * uncaught JavaScript error. Warnings, "0 errors", prose about "error handling" and grep hits that
 * merely contain the word are not errors. Patterns are compiled once.
 */

export interface HiddenError {
  kind: string;
  /** One line, e.g. "Python traceback: ValueError: bad input". */
  reason: string;
  /** Where the signature starts in the text. */
  index: number;
}

interface Signature {
  kind: string;
  re: RegExp;
  describe(m: RegExpExecArray, text: string): string;
}

const line = (m: RegExpExecArray): string => m[0].trim();

const SIGNATURES: Signature[] = [
  {
    kind: 'python-traceback',
    re: /^Traceback \(most recent call last\):[ \t]*$/m,
    describe(m, text) {
      const after = text.slice(m.index, m.index + 16_384);
      const exception = /^(?:[\w.]+\.)?\w*(?:Error|Exception|Interrupt|Exit)\b.*$/m.exec(after.replace(/^(?:Traceback.*|[ \t]+.*)$/gm, ''));
      return `Python traceback: ${exception ? exception[0].trim() : 'an uncaught exception'}`;
    },
  },
  { kind: 'npm-error', re: /^npm (?:ERR!|error) .*\S.*$/m, describe: (m) => line(m).replace(/^npm (?:ERR!|error)\s*/, 'npm error: ') },
  {
    kind: 'typescript-error',
    re: /^(?:\S.*?(?:\(\d+,\d+\)|:\d+:\d+)\s*[:-]\s*)?error (TS\d{4,5}): (.+)$/m,
    describe: (m) => `TypeScript error ${m[1]}: ${(m[2] as string).trim()}`,
  },
  { kind: 'segfault', re: /^(?:.*\b\d+ )?Segmentation fault\b.*$/m, describe: () => 'Segmentation fault' },
  { kind: 'go-panic', re: /^panic: .+$/m, describe: (m) => `Go ${line(m)}` },
  { kind: 'rust-panic', re: /^thread '[^'\n]*' panicked at .*$/m, describe: (m) => `Rust panic: ${line(m)}` },
  { kind: 'fatal', re: /^fatal: .+$/m, describe: line },
  { kind: 'fatal', re: /^\S+?:\d+(?::\d+)?: fatal error: .+$/m, describe: line },
  {
    kind: 'command-not-found',
    re: /^(?:(?:\/(?:usr\/)?bin\/)?(?:ba|z|da|k)?sh: (?:line \d+: |\d+: )?([^\s:]+): (?:command )?not found|zsh: command not found: (\S+)|([\w./-]+): command not found)[ \t]*$/m,
    describe: (m) => `command not found: ${m[1] ?? m[2] ?? m[3]}`,
  },
  {
    kind: 'permission-denied',
    re: /^[\w./@~-]+: (?:line \d+: )?(?:[^\n]*: )?Permission denied(?: \([^)\n]*\))?\.?[ \t]*$/m,
    describe: (m) => `Permission denied: ${line(m)}`,
  },
  {
    kind: 'uncaught-js',
    re: /^(?:Uncaught (?:\w*Error|\w*Exception|exception)\b.*|(?:\(node:\d+\) )?\[?UnhandledPromiseRejection\w*\b.*|[ \t]*triggerUncaughtException\(.*)$/m,
    describe: (m) => `Uncaught JavaScript error: ${line(m).replace(/^\[(.*)\]$/, '$1')}`,
  },
];

/**
 * The earliest strong error signature in `text`, or null.
 *
 * @example
 * findHiddenError('Traceback (most recent call last):\n  File "a.py", line 1\nValueError: bad') // → { kind: 'python-traceback', reason: 'Python traceback: ValueError: bad', index: 0 }
 * findHiddenError('Found 0 errors. Watching for file changes.') // → null
 */
export function findHiddenError(text: string): HiddenError | null {
  let best: HiddenError | null = null;
  for (const sig of SIGNATURES) {
    const m = sig.re.exec(text);
    if (m && (best === null || m.index < best.index)) best = { kind: sig.kind, reason: sig.describe(m, text), index: m.index };
  }
  return best;
}
