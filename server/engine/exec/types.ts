/** Shapes of command execution and of parsed errors. Plain JSON objects. */

export type ErrorLanguage = 'python' | 'node' | 'go' | 'rust' | 'typescript' | 'shell';

export interface StackFrame {
  file: string;
  /** 1-based. */
  line: number;
  column?: number;
  function?: string;
}

export interface ParsedError {
  language: ErrorLanguage;
  /** `ModuleNotFoundError`, `TypeError`, `TS2322`, `E0425`, `panic`, `command not found`, … */
  type: string;
  message: string;
  /** Innermost first: `frames[0]` is where the error was raised. Runtime-internal frames are left out. */
  frames: StackFrame[];
  /** A proposed fix for common errors, else null. */
  suggestion: string | null;
}

/** A parser's finding before a suggestion is attached. */
export type Finding = Omit<ParsedError, 'suggestion'>;

/** A finding and the index of the line it starts on. */
export type Located = Finding & { at: number };

/** One language's parser: reads `lines`, marks the ones it used in `used` so later parsers skip them. */
export type TraceParser = (lines: readonly string[], used: boolean[]) => Located[];

export interface CapturedStream {
  /** Redacted text; when truncated, the head and the tail with a marker between them. */
  text: string;
  /** Bytes the command wrote to the stream. */
  bytes: number;
  truncated: boolean;
}

export interface RunOptions {
  /** A bash command line, run as `bash -c <command>`. */
  command: string;
  /** An existing directory (absolute, or relative to this process's cwd). */
  cwd: string;
  /** Default 60,000; at most 600,000. */
  timeoutMs?: number;
  /** Bytes kept per stream; default 1 MiB, at most 16 MiB. */
  maxOutputBytes?: number;
  /** Variables set on top of this process's environment. */
  env?: Record<string, string>;
  signal?: AbortSignal;
}

export interface RunResult {
  /** Null when the command was ended by a signal. */
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  /** The caller's signal aborted the run. */
  aborted: boolean;
  durationMs: number;
  stdout: CapturedStream;
  stderr: CapturedStream;
  /** Stack traces and compiler errors found in stderr and stdout. */
  errors: ParsedError[];
}

/** Bad input to runCommand / gateCommand (not a failure of the command itself). */
export class ExecError extends Error {
  override readonly name = 'ExecError';
}
