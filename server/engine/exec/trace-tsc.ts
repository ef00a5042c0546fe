/** TypeScript compiler errors, plain (`file(line,col): error TSxxxx: …`) and pretty (`file:line:col - error TSxxxx: …`). */
import type { Located, TraceParser } from './types.js';

const PLAIN = /^(.+?)\((\d+),(\d+)\): error (TS\d+): (.*)$/;
const PRETTY = /^(.+?):(\d+):(\d+) - error (TS\d+): (.*)$/;

/**
 * @example
 * parseTsc(["src/a.ts(3,7): error TS2322: Type 'string' is not assignable to type 'number'."], [])
 * // → [{ language: 'typescript', type: 'TS2322', message: "Type 'string' …", frames: [{ file: 'src/a.ts', line: 3, column: 7 }] }]
 */
export const parseTsc: TraceParser = (lines, used) => {
  const out: Located[] = [];
  lines.forEach((line, i) => {
    if (used[i]) return;
    const m = PLAIN.exec(line) ?? PRETTY.exec(line);
    if (!m) return;
    used[i] = true;
    out.push({ language: 'typescript', type: m[4]!, message: m[5]!.trim(), frames: [{ file: m[1]!.trim(), line: Number(m[2]), column: Number(m[3]) }], at: i });
  });
  return out;
};
