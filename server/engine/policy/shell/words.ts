/** Reading arguments: flags, positionals, and where a path-like word points. */
import { posix } from 'node:path';
import type { Word } from '../../shell/ast.js';
import { normalize } from '../paths.js';
import type { ClassifyContext } from '../types.js';

export interface ParsedArgs {
  /** Short flags, case-sensitive (`-rf` → r, f). */
  short: Set<string>;
  /** Long flags without value, lowercased (`--Force` → --force). */
  long: Map<string, string | true>;
  positionals: Word[];
  /** Arguments after a literal `--`. */
  afterDashDash: boolean;
}

/** Splits argv[1..] into flags and positionals. `valued` lists short options that take a value. */
export function parseArgs(words: Word[], valued = '', longValued: string[] = []): ParsedArgs {
  const out: ParsedArgs = { short: new Set(), long: new Map(), positionals: [], afterDashDash: false };
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const t = w.text;
    if (out.afterDashDash || w.quoted && !t.startsWith('-') || !t.startsWith('-') || t === '-') { out.positionals.push(w); continue; }
    if (t === '--') { out.afterDashDash = true; continue; }
    if (t.startsWith('--')) {
      const eq = t.indexOf('=');
      const key = (eq < 0 ? t : t.slice(0, eq)).toLowerCase();
      if (eq >= 0) out.long.set(key, t.slice(eq + 1));
      else if (longValued.includes(key) && i + 1 < words.length) out.long.set(key, words[++i]!.text);
      else out.long.set(key, true);
      continue;
    }
    for (let k = 1; k < t.length; k++) {
      const c = t[k]!;
      out.short.add(c);
      if (valued.includes(c)) { if (k === t.length - 1) i++; break; }
    }
  }
  return out;
}

export interface PathEnv {
  ctx: ClassifyContext;
  vars: Map<string, string>;
}

export type ResolvedPath =
  | { kind: 'path'; abs: string; glob: boolean }
  | { kind: 'dynamic'; text: string };

const KNOWN_TMP_VARS = new Set(['TMPDIR', 'TMP', 'TEMP', 'TEMPDIR']);

/**
 * Resolves a word to an absolute path when its value can be known statically: `~`, `$HOME`,
 * `$TMPDIR`, `$PWD`, variables assigned earlier in the same command line; otherwise dynamic.
 * A trailing glob (`dir/*`, `*`, `.*`) stands for the directory it expands in.
 */
export function resolvePath(w: Word, env: PathEnv): ResolvedPath {
  const { ctx } = env;
  let text = w.text;
  if (w.subs.length || /`|\$\(/.test(text)) return { kind: 'dynamic', text };
  if (text === '~' || text.startsWith('~/')) text = ctx.home + text.slice(1);
  else if (/^~[A-Za-z0-9_.-]+/.test(text)) text = posix.join(posix.dirname(ctx.home), text.slice(1));
  let unknown = false;
  text = text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-=?+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (_m, braced: string, op: string, dflt: string, bare: string) => {
    const name = braced ?? bare;
    const v = lookup(name, env);
    if (v !== null) return v;
    if (op && (op.includes('-') || op.includes('=')) && dflt !== undefined) return dflt;
    unknown = true;
    return `$${name}`;
  });
  if (unknown) return { kind: 'dynamic', text };
  const glob = w.glob && !w.quoted;
  let p = text;
  if (glob) {
    // Keep the part before the first component holding a glob character.
    const parts = p.split('/');
    const k = parts.findIndex((c) => /[*?[]/.test(c));
    p = k <= 0 ? (p.startsWith('/') ? '/' : '.') : parts.slice(0, k).join('/') || '/';
  }
  const abs = normalize(p.startsWith('/') ? p : posix.join(ctx.cwd, p));
  return { kind: 'path', abs, glob };
}

function lookup(name: string, env: PathEnv): string | null {
  const assigned = env.vars.get(name);
  if (assigned !== undefined) return assigned;
  if (name === 'HOME') return env.ctx.home;
  if (name === 'PWD') return env.ctx.cwd;
  if (KNOWN_TMP_VARS.has(name)) return env.ctx.tmpDirs[0] ?? '/tmp';
  return null;
}

/** `--help`, `-h`, `--version`, `help`: the invocation only prints documentation. */
export function isHelpOnly(words: Word[]): boolean {
  const rest = words.slice(1).map((w) => w.text);
  if (rest.some((t) => t === '--help' || t === '--usage') || rest[0] === 'help' || rest[rest.length - 1] === 'help') return true;
  // -h and --version mean something else to many tools (`cargo yank --version 1.0`, `df -h`): only alone.
  return rest.length === 1 && /^(-h|--version|-V|-v)$/.test(rest[0]!);
}

/** Dry-run flags that turn a destructive subcommand into a preview. */
export function isDryRun(words: Word[]): boolean {
  return words.slice(1).some((w) => isDryRunFlag(w.text));
}

/** `--dry-run`, `--dry-run=client`…, but not `--dry-run=false|no|0|off|none`: those really act. */
export function isDryRunFlag(text: string): boolean {
  if (/^--dry-?run=(false|no|0|off|none)$/i.test(text)) return false;
  return /^(--dry-?run(=.*)?|--what-?if|--plan|--simulate|--no-act|--just-print|--check)$/i.test(text);
}
