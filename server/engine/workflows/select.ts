/**
 * Which files a workflow reads: the caller's targets (files, directories or globs, each confined to the
 * base directory) or the workflow's own globs. Pure over the injected `stat` / `listFiles`.
 */
import { isAbsolute, posix, relative, resolve, sep } from 'node:path';
import { GlobSyntaxError, matchesGlob } from '../policy/policy-file.js';
import { globExclusionReason, refusedFileReason, skippedDirReason } from './exclude.js';
import type { SkippedFile, WorkflowFiles } from './types.js';

/** Directory entries visited at most while globbing, so a huge tree cannot stall a tool call. */
export const WALK_LIMIT = 20_000;

export interface Selection {
  /** Candidate paths relative to the base, in the order they should be read. */
  paths: string[];
  skipped: SkippedFile[];
}

const GLOB_CHARS = /[*?[{]/;

/** A path relative to `base` in POSIX form, or null when `abs` is not inside `base`. */
export function inside(base: string, abs: string): string | null {
  const rel = relative(base, abs);
  if (rel === '') return '';
  if (isAbsolute(rel) || rel === '..' || rel.startsWith(`..${sep}`)) return null;
  return rel.split(sep).join('/');
}

/** Lists files under `relDir` (relative to the base), pruning excluded directories. */
function walk(fs: WorkflowFiles, baseDir: string, relDir: string): string[] {
  const abs = relDir ? resolve(baseDir, relDir) : baseDir;
  const prefix = relDir ? `${relDir}/` : '';
  return fs.listFiles(abs, (d) => skippedDirReason(prefix + d) !== null, WALK_LIMIT).map((p) => prefix + p);
}

function globMatches(glob: string, paths: readonly string[]): string[] {
  try {
    return paths.filter((p) => matchesGlob(glob, p));
  } catch (err) {
    if (err instanceof GlobSyntaxError) return [];
    throw err;
  }
}

/**
 * The workflow's globs over the whole base directory, files the prompt names first, then by glob order.
 *
 * @example
 * selectByGlobs(fs, '/home/dev/app', ['src/**\/*.ts'], 'fix login.ts') // → { paths: ['src/login.ts', 'src/a.ts'], … }
 */
export function selectByGlobs(fs: WorkflowFiles, baseDir: string, globs: readonly string[], prompt: string): Selection {
  const all = walk(fs, baseDir, '');
  const paths: string[] = [];
  for (const g of globs) for (const p of globMatches(g, all)) if (!paths.includes(p) && !globExclusionReason(p)) paths.push(p);
  const named = (p: string) => (prompt.includes(posix.basename(p)) ? 0 : 1);
  const order = new Map(paths.map((p, i) => [p, i]));
  paths.sort((a, b) => named(a) - named(b) || (order.get(a) ?? 0) - (order.get(b) ?? 0));
  return { paths, skipped: [] };
}

/**
 * The caller's targets: a file, a directory (its files, excluded directories pruned) or a glob, each
 * relative to `baseDir` or absolute inside it. `..` escapes, symlinks leading out and secret files are refused.
 *
 * @example
 * selectTargets(fs, '/home/dev/app', '/home/dev/app', ['src/a.ts', '../etc/passwd']).skipped // → [{ path: '../etc/passwd', reason: 'outside the base directory' }]
 */
export function selectTargets(fs: WorkflowFiles, baseDir: string, realBase: string, targets: readonly string[]): Selection {
  const paths: string[] = [];
  const skipped: SkippedFile[] = [];
  let all: string[] | null = null;
  const add = (p: string) => {
    if (!paths.includes(p)) paths.push(p);
  };
  for (const raw of targets) {
    const target = String(raw).trim();
    if (!target) {
      skipped.push({ path: String(raw), reason: 'empty path' });
      continue;
    }
    const rel = inside(baseDir, resolve(baseDir, target));
    if (rel === null) {
      skipped.push({ path: target, reason: 'outside the base directory' });
      continue;
    }
    if (GLOB_CHARS.test(target) && !fs.stat(resolve(baseDir, target))) {
      all ??= walk(fs, baseDir, '');
      const hits = globMatches(rel, all).filter((p) => !globExclusionReason(p));
      if (hits.length) hits.forEach(add);
      else skipped.push({ path: target, reason: 'no file matches this glob' });
      continue;
    }
    const refused = refusedFileReason(rel);
    if (refused) {
      skipped.push({ path: rel, reason: refused });
      continue;
    }
    const st = fs.stat(resolve(baseDir, rel));
    if (!st) skipped.push({ path: rel, reason: 'does not exist' });
    else if (inside(realBase, st.realPath) === null) skipped.push({ path: rel, reason: 'a symlink that leads outside the base directory' });
    else if (st.isDirectory) walk(fs, baseDir, rel).filter((p) => !globExclusionReason(p)).forEach(add);
    else add(rel);
  }
  return { paths, skipped };
}
