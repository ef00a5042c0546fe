/**
 * Tree-sitter parsers for the languages `validateCode` checks, each grammar loaded once and cached.
 * The runtime is the one the shell classifier initialises (web-tree-sitter must be initialised only
 * once per process), and bash reuses that grammar.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Parser as TSParser } from 'web-tree-sitter';
import { getParser } from '../shell/tree-sitter.js';

export type GrammarLanguage = 'python' | 'javascript' | 'typescript' | 'bash';

/** Wasm file beside the bundle, and its package path in development. */
export const GRAMMAR_WASM: Record<Exclude<GrammarLanguage, 'bash'>, { file: string; pkgPath: string }> = {
  python: { file: 'tree-sitter-python.wasm', pkgPath: 'tree-sitter-python/tree-sitter-python.wasm' },
  javascript: { file: 'tree-sitter-javascript.wasm', pkgPath: 'tree-sitter-javascript/tree-sitter-javascript.wasm' },
  typescript: { file: 'tree-sitter-typescript.wasm', pkgPath: 'tree-sitter-typescript/tree-sitter-typescript.wasm' },
};

const parsers = new Map<GrammarLanguage, Promise<TSParser>>();

/** Same lookup as the shell grammar's: beside the bundle (plugin/dist), its parent, TASK_ORCHESTRATOR_WASM_DIR, else node_modules. */
function locate(file: string, pkgPath: string): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const dir of [here, join(here, '..'), process.env.TASK_ORCHESTRATOR_WASM_DIR ?? '']) {
    if (dir && existsSync(join(dir, file))) return join(dir, file);
  }
  return createRequire(import.meta.url).resolve(pkgPath);
}

async function load(lang: GrammarLanguage): Promise<TSParser> {
  const shell = await getParser();
  const { Parser, Language } = await import('web-tree-sitter');
  const parser = new Parser();
  if (lang === 'bash') {
    if (!shell.language) throw new Error('the bash grammar did not load');
    parser.setLanguage(shell.language);
  } else {
    const { file, pkgPath } = GRAMMAR_WASM[lang];
    parser.setLanguage(await Language.load(locate(file, pkgPath)));
  }
  return parser;
}

/**
 * The cached parser for a language (the first call loads its grammar).
 *
 * @example
 * const tree = (await parserFor('python')).parse('x = 1\n');
 */
export function parserFor(lang: GrammarLanguage): Promise<TSParser> {
  let p = parsers.get(lang);
  if (!p) {
    p = load(lang);
    // A failed load is not cached: the next call retries (and reports the error again).
    p.catch(() => parsers.delete(lang));
    parsers.set(lang, p);
  }
  return p;
}
