/**
 * What bash does to words before running them that changes *which* command runs: brace expansion
 * (`{rm,-rf,~}`), and a command word built from variables or substitutions whose value we know
 * (`CMD='rm -rf ~'; $CMD`, `rm$IFS-rf$IFS~`, `$(echo rm) -rf ~`).
 */
import type { Word } from '../../shell/ast.js';

const BRACE = /^([^{}]*)\{([^{}]*,[^{}]*)\}(.*)$/s;
const MAX_EXPANSION = 64;

/** Unquoted, literal words with `{a,b}` alternatives become several words (one level, bounded). */
export function expandBraces(words: Word[]): Word[] {
  const out: Word[] = [];
  for (const w of words) {
    const m = !w.quoted && !w.dynamic ? BRACE.exec(w.text) : null;
    if (!m) { out.push(w); continue; }
    const parts = m[2]!.split(',').slice(0, MAX_EXPANSION);
    for (const p of parts) out.push(...expandBraces([{ ...w, text: `${m[1]}${p}${m[3]}` }]));
  }
  return out;
}

/** Variables with a known value: earlier assignments in the same command line, and bash's IFS. */
function lookup(name: string, vars: Map<string, string>): string | undefined {
  if (vars.has(name)) return vars.get(name);
  if (name === 'IFS') return ' ';
  return undefined;
}

/**
 * The command word resolved to text, or null when part of it is only known at run time.
 * Substitutions count as known only for `$(echo literal)` / `` `echo literal` `` / `$(printf literal)`.
 */
export function resolveCommandWord(w: Word, vars: Map<string, string>): string | null {
  let unknown = false;
  const text = w.text
    .replace(/\$\((?:echo|printf)\s+(?:'([^']*)'|"([^"$`]*)"|([^\s()$`'"]+))\s*\)|`(?:echo|printf)\s+(?:'([^']*)'|"([^"$`]*)"|([^\s$`'"]+))\s*`/g,
      (_m, a?: string, b?: string, c?: string, d?: string, e?: string, f?: string) => a ?? b ?? c ?? d ?? e ?? f ?? '')
    .replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (_m, braced?: string, bare?: string) => {
      const v = lookup((braced ?? bare)!, vars);
      if (v === undefined) unknown = true;
      return v ?? '';
    });
  if (unknown || /\$|`/.test(text)) return null;
  return text;
}
