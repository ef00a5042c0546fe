/** Node.js uncaught errors: the `file:line` header, the error line, and `at` frames without Node's own (`node:…`). */
import { fileURLToPath } from 'node:url';
import type { Located, StackFrame, TraceParser } from './types.js';

const ERROR_LINE = /^(?:Uncaught )?([A-Z]\w*(?:Error|Exception)|Error|AbortError)(?: \[([A-Z0-9_]+)\])?(?::\s?(.*))?$/;
const AT = /^\s+at (?:async )?(?:(.+?) \((.+)\)|(.+))$/;
const LOCATION = /^(.+?):(\d+):(\d+)$/;
const HEADER = /^((?:\/|[A-Za-z]:\\|file:\/\/|node:)\S*?):(\d+)$/;

/** Frames inside Node itself (`node:internal/…`, `node:fs`) say nothing about the user's bug. */
const isInternal = (file: string) => file.startsWith('node:') || file.startsWith('internal/') || file === '<anonymous>' || file === 'native';

function toPath(file: string): string {
  if (!file.startsWith('file://')) return file;
  try {
    return fileURLToPath(file);
  } catch {
    return file;
  }
}

function frameOf(line: string): StackFrame | null | undefined {
  const at = AT.exec(line);
  if (!at) return undefined; // not a frame line
  const loc = LOCATION.exec(at[2] ?? at[3] ?? '');
  if (!loc || isInternal(loc[1]!)) return null; // a frame, but not one to keep
  return { file: toPath(loc[1]!), line: Number(loc[2]), column: Number(loc[3]), ...(at[1] ? { function: at[1] } : {}) };
}

/**
 * @example
 * parseNode(['TypeError: x is not a function', '    at run (/home/dev/app/a.js:3:5)'], [])
 * // → [{ language: 'node', type: 'TypeError', message: 'x is not a function', frames: [{ file: '/home/dev/app/a.js', line: 3, column: 5, function: 'run' }] }]
 */
export const parseNode: TraceParser = (lines, used) => {
  const out: Located[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (used[i]) continue;
    const e = ERROR_LINE.exec(lines[i]!);
    if (!e) continue;
    // A Node error is followed by its frames (after a "Require stack:" list, for require errors).
    let j = i + 1;
    while (j < lines.length && (/^Require stack:$/.test(lines[j]!) || /^- /.test(lines[j]!))) j++;
    if (j >= lines.length || frameOf(lines[j]!) === undefined) continue;
    const frames: StackFrame[] = [];
    for (; j < lines.length; j++) {
      const f = frameOf(lines[j]!);
      if (f === undefined) break;
      if (f) frames.push(f);
    }
    let first = i;
    // The header above: "/path/file.js:12", the source line, the caret, a blank line.
    for (let k = i - 1; k >= Math.max(0, i - 5); k--) {
      const h = HEADER.exec(lines[k]!);
      if (!h) continue;
      first = k;
      if (!isInternal(h[1]!) && (frames.length === 0 || e[1] === 'SyntaxError')) frames.unshift({ file: toPath(h[1]!), line: Number(h[2]) });
      break;
    }
    // The properties block `{ code: 'ENOENT', … }` and the "Node.js v20…" line.
    if (lines[j - 1]?.endsWith('{')) while (j < lines.length && !/^}/.test(lines[j]!)) j++;
    let last = j;
    while (last + 1 < lines.length && (lines[last + 1] === '' || /^Node\.js v\d/.test(lines[last + 1]!))) last++;
    const type = e[2] ? `${e[1]} [${e[2]}]` : e[1]!;
    out.push({ language: 'node', type, message: (e[3] ?? '').trim(), frames, at: first });
    for (let k = first; k <= Math.min(last, lines.length - 1); k++) used[k] = true;
    i = last;
  }
  return out;
};
