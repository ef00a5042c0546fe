/** parseErrors: every language's parser over the same text, each line claimed by the first parser that reads it. */
import { parseGo } from './trace-go.js';
import { parseNode } from './trace-node.js';
import { parsePython } from './trace-python.js';
import { parseRust } from './trace-rust.js';
import { parseShell } from './trace-shell.js';
import { parseTsc } from './trace-tsc.js';
import { suggestFix } from './suggest.js';
import type { ParsedError, TraceParser } from './types.js';

/** At most this many errors are returned (a failing build can print thousands). */
export const MAX_PARSED_ERRORS = 50;
/** At most this many frames per error. */
export const MAX_FRAMES = 30;

// Order matters: specific formats first; shell messages last, since Python and Node quote the same phrases.
const PARSERS: readonly TraceParser[] = [parsePython, parseNode, parseTsc, parseGo, parseRust, parseShell];

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;

/**
 * Stack traces and compiler errors in a command's output, in the order they appear, each with a
 * proposed fix where one is known.
 *
 * @example
 * parseErrors("bash: line 1: terraform: command not found")
 * // → [{ language: 'shell', type: 'command not found', message: 'terraform: command not found', frames: [], suggestion: '"terraform" is not installed …' }]
 */
export function parseErrors(text: string): ParsedError[] {
  const lines = String(text ?? '').replace(ANSI, '').replace(/\r\n?/g, '\n').split('\n');
  const used: boolean[] = new Array<boolean>(lines.length).fill(false);
  const found = PARSERS.flatMap((parse) => parse(lines, used)).sort((a, b) => a.at - b.at);
  return found.slice(0, MAX_PARSED_ERRORS).map(({ at: _at, ...f }): ParsedError => ({ ...f, frames: f.frames.slice(0, MAX_FRAMES), suggestion: suggestFix(f) }));
}
