/** Rust panics (both message layouts, with an optional backtrace) and rustc / cargo compiler errors. */
import type { Finding, Located, StackFrame, TraceParser } from './types.js';

/** Rust ≥ 1.73: `thread 'main' panicked at src/main.rs:2:5:` and the message on the next line(s); 1.95 adds the thread id. */
const PANIC_AT = /^thread '([^']*)'(?: \(\d+\))? panicked at (.+?):(\d+):(\d+):$/;
/** Older: `thread 'main' panicked at 'message', src/main.rs:2:5`. */
const PANIC_OLD = /^thread '([^']*)'(?: \(\d+\))? panicked at '(.*)', (.+?):(\d+):(\d+)$/;
const BT_FRAME = /^\s+\d+: (.+)$/;
const BT_AT = /^\s+at (.+?):(\d+)(?::(\d+))?$/;
const COMPILER = /^error(?:\[(E\d{4})\])?: (.*)$/;
const ARROW = /^\s*--> (.+?):(\d+):(\d+)$/;

/** Frames of a `stack backtrace:` block from `start`, the standard library's own (/rustc/…) left out. */
function backtrace(lines: readonly string[], start: number): [StackFrame[], number] {
  const frames: StackFrame[] = [];
  let i = start;
  if (lines[i] !== 'stack backtrace:') return [frames, start - 1];
  for (i++; i < lines.length; i++) {
    const f = BT_FRAME.exec(lines[i]!);
    if (!f) break;
    const at = lines[i + 1] !== undefined ? BT_AT.exec(lines[i + 1]!) : null;
    if (at) i++;
    if (at && !at[1]!.startsWith('/rustc/') && !at[1]!.includes('/.cargo/registry/')) {
      frames.push({ file: at[1]!, line: Number(at[2]), ...(at[3] ? { column: Number(at[3]) } : {}), function: f[1]!.trim() });
    }
  }
  if (lines[i]?.startsWith('note: ')) return [frames, i];
  return [frames, i - 1];
}

function panic(lines: readonly string[], i: number): [Finding, number] | null {
  const line = lines[i]!;
  const neu = PANIC_AT.exec(line);
  const old = neu ? null : PANIC_OLD.exec(line);
  if (!neu && !old) return null;
  let j = i + 1;
  let message = old ? old[2]! : '';
  if (neu) {
    const msg: string[] = [];
    while (j < lines.length && !/^(note: |stack backtrace:$)/.test(lines[j]!) && lines[j] !== '') msg.push(lines[j++]!);
    message = msg.join('\n');
  }
  const at: StackFrame = neu
    ? { file: neu[2]!, line: Number(neu[3]), column: Number(neu[4]) }
    : { file: old![3]!, line: Number(old![4]), column: Number(old![5]) };
  if (lines[j]?.startsWith('note: run with `RUST_BACKTRACE')) j++;
  const [frames, last] = backtrace(lines, j);
  const rest = frames.filter((f) => f.file !== at.file || f.line !== at.line);
  return [{ language: 'rust', type: 'panic', message, frames: [at, ...rest] }, Math.max(j - 1, last)];
}

/**
 * @example
 * parseRust(["thread 'main' panicked at src/main.rs:2:5:", 'attempt to divide by zero'], [])
 * // → [{ language: 'rust', type: 'panic', message: 'attempt to divide by zero', frames: [{ file: 'src/main.rs', line: 2, column: 5 }] }]
 */
export const parseRust: TraceParser = (lines, used) => {
  const out: Located[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (used[i]) continue;
    const p = panic(lines, i);
    if (p) {
      out.push({ ...p[0], at: i });
      for (let k = i; k <= p[1]; k++) used[k] = true;
      i = p[1];
      continue;
    }
    const c = COMPILER.exec(lines[i]!);
    if (!c) continue;
    used[i] = true;
    // Summaries ("aborting due to 1 previous error", "could not compile") have no location of their own.
    const arrowAt = [1, 2, 3].map((d) => i + d).find((k) => k < lines.length && ARROW.test(lines[k]!));
    if (arrowAt === undefined) continue;
    const a = ARROW.exec(lines[arrowAt]!)!;
    used[arrowAt] = true;
    out.push({ language: 'rust', type: c[1] ?? 'error', message: c[2]!, frames: [{ file: a[1]!, line: Number(a[2]), column: Number(a[3]) }], at: i });
  }
  return out;
};
