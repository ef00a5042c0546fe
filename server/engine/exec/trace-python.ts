/** Python tracebacks (chained ones each on their own) and SyntaxError reports without a traceback. */
import type { Finding, Located, StackFrame, TraceParser } from './types.js';

const FRAME = /^\s*File "(.+)", line (\d+)(?:, in (.+))?\s*$/;
/** After the frames, the first unindented line names the exception (any class, dotted or not). */
const EXCEPTION = /^([A-Za-z_][\w.]*)(?::\s?(.*))?$/;
const SYNTAX = /^(SyntaxError|IndentationError|TabError): (.*)$/;

const frameOf = (m: RegExpExecArray): StackFrame => ({ file: m[1]!, line: Number(m[2]), ...(m[3] ? { function: m[3].trim() } : {}) });

/** Parses the traceback starting at `start` (the "Traceback" line); returns the finding and the last line used. */
function traceback(lines: readonly string[], start: number): [Finding, number] | null {
  const frames: StackFrame[] = [];
  for (let i = start + 1; i < lines.length && i < start + 2000; i++) {
    const line = lines[i]!;
    const f = FRAME.exec(line);
    if (f) {
      frames.push(frameOf(f));
      continue;
    }
    if (/^\s/.test(line) || line === '') continue; // source lines, carets, "..." repeats
    const e = EXCEPTION.exec(line.trim());
    if (!e) return null;
    return [{ language: 'python', type: e[1]!, message: (e[2] ?? '').trim(), frames: frames.reverse() }, i];
  }
  return null;
}

/**
 * @example
 * parsePython(['Traceback (most recent call last):', '  File "app.py", line 2, in <module>', 'NameError: name \'x\' is not defined'], [])
 * // → [{ language: 'python', type: 'NameError', message: "name 'x' is not defined", frames: [{ file: 'app.py', line: 2, function: '<module>' }] }]
 */
export const parsePython: TraceParser = (lines, used) => {
  const out: Located[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (used[i]) continue;
    if (lines[i]!.trim() === 'Traceback (most recent call last):') {
      const tb = traceback(lines, i);
      if (!tb) continue;
      out.push({ ...tb[0], at: i });
      for (let j = i; j <= tb[1]; j++) used[j] = true;
      i = tb[1];
      continue;
    }
    const f = FRAME.exec(lines[i]!);
    if (!f || f[3]) continue;
    // `File "x.py", line 3` then the source line, a caret line, and the SyntaxError.
    for (let j = i + 1; j < Math.min(lines.length, i + 5); j++) {
      const s = SYNTAX.exec(lines[j]!);
      if (!s) continue;
      out.push({ language: 'python', type: s[1]!, message: s[2]!, frames: [frameOf(f)], at: i });
      for (let k = i; k <= j; k++) used[k] = true;
      i = j;
      break;
    }
  }
  return out;
};
