/** Shell errors: "command not found", "No such file or directory", "Permission denied" (bash, sh, dash, zsh and tools). */
import type { Finding, Located, StackFrame, TraceParser } from './types.js';

const SHELLS = /^(?:\S*\/)?(?:ba|da|z|k|)sh$/;
/** `bash: foo: command not found`, `bash: line 1: foo: command not found`, `./run.sh: line 3: foo: command not found`. */
const NOT_FOUND = /^([^:\s]+): (?:line (\d+): )?(.+?): command not found$/;
/** dash: `sh: 1: foo: not found`. */
const DASH_NOT_FOUND = /^([^:\s]+): (\d+): (.+?): not found$/;
const ZSH_NOT_FOUND = /^zsh: command not found: (.+)$/;
const FILE_ERROR = /^([^:\s]+): (?:line (\d+): )?(.+): (No such file or directory|Permission denied)$/;

/** A script named before "line N" is a location; a shell or a tool name is not. */
function where(prog: string, line: string | undefined): StackFrame[] {
  return line && !SHELLS.test(prog) ? [{ file: prog, line: Number(line) }] : [];
}

/**
 * @example
 * parseShell(['bash: line 1: terraform: command not found'], [])
 * // → [{ language: 'shell', type: 'command not found', message: 'terraform: command not found', frames: [] }]
 */
export const parseShell: TraceParser = (lines, used) => {
  const out: Located[] = [];
  lines.forEach((line, i) => {
    if (used[i]) return;
    let f: Finding | null = null;
    const nf = NOT_FOUND.exec(line) ?? DASH_NOT_FOUND.exec(line);
    const z = ZSH_NOT_FOUND.exec(line);
    const fe = FILE_ERROR.exec(line);
    if (nf) f = { language: 'shell', type: 'command not found', message: `${nf[3]}: command not found`, frames: where(nf[1]!, nf[2]) };
    else if (z) f = { language: 'shell', type: 'command not found', message: `${z[1]}: command not found`, frames: [] };
    else if (fe) f = { language: 'shell', type: fe[4]!, message: `${fe[1]}: ${fe[3]}: ${fe[4]}`, frames: where(fe[1]!, fe[2]) };
    if (!f) return;
    used[i] = true;
    out.push({ ...f, at: i });
  });
  return out;
};
