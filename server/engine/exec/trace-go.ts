/** Go panics and fatal errors with their goroutine traces, and `go build` / `go vet` compiler errors. */
import type { Located, StackFrame, TraceParser } from './types.js';

const PANIC = /^(panic|fatal error): (.*?)(?: \[recovered\])?$/;
const GOROUTINE = /^goroutine \d+ \[[^\]]*\]:$/;
/** `main.(*Server).Start(0x0)`, `main.lookup(...)`, `created by main.main in goroutine 1` → the function name. */
function callName(line: string): string | null {
  if (!line || /^\s/.test(line)) return null;
  return line.replace(/^created by /, '').replace(/ in goroutine \d+$/, '').replace(/\([^()]*\)$/, '');
}
const LOCATION = /^\t(.+?):(\d+)(?: \+0x[0-9a-f]+)?$/;
const COMPILE = /^((?:\.{0,2}\/)?[^\s:]+\.go):(\d+):(\d+): (.*)$/;

/** The frames of the first goroutine after `start`, runtime internals left out; returns them and the last line read. */
function goroutine(lines: readonly string[], start: number): [StackFrame[], number] {
  const frames: StackFrame[] = [];
  let i = start;
  while (i < lines.length && i < start + 8 && !GOROUTINE.test(lines[i]!)) i++;
  if (i >= lines.length || !GOROUTINE.test(lines[i]!)) return [frames, start - 1];
  for (i++; i + 1 < lines.length; i += 2) {
    const fn = callName(lines[i]!);
    const loc = LOCATION.exec(lines[i + 1]!);
    if (!fn || !loc) break;
    if (!fn.startsWith('runtime.') && !fn.startsWith('testing.')) frames.push({ file: loc[1]!, line: Number(loc[2]), function: fn });
  }
  let last = i - 1;
  if (lines[last + 1] !== undefined && /^exit status \d+$/.test(lines[last + 1]!)) last++;
  return [frames, last];
}

/**
 * @example
 * parseGo(['panic: runtime error: index out of range [5] with length 3', '', 'goroutine 1 [running]:', 'main.main()', '\t/home/dev/app/main.go:8 +0x1d'], [])
 * // → [{ language: 'go', type: 'runtime error', message: 'index out of range [5] with length 3', frames: [{ file: '/home/dev/app/main.go', line: 8, function: 'main.main' }] }]
 */
export const parseGo: TraceParser = (lines, used) => {
  const out: Located[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (used[i]) continue;
    const p = PANIC.exec(lines[i]!);
    if (p) {
      const [frames, last] = goroutine(lines, i + 1);
      const runtime = /^runtime error: (.*)$/.exec(p[2]!);
      out.push({ language: 'go', type: runtime ? 'runtime error' : p[1]!, message: runtime ? runtime[1]! : p[2]!, frames, at: i });
      for (let k = i; k <= Math.max(i, last); k++) used[k] = true;
      i = Math.max(i, last);
      continue;
    }
    const c = COMPILE.exec(lines[i]!);
    if (c) {
      used[i] = true;
      out.push({ language: 'go', type: 'compile error', message: c[4]!, frames: [{ file: c[1]!, line: Number(c[2]), column: Number(c[3]) }], at: i });
    }
  }
  return out;
};
