/**
 * Tree-sitter parsers for the languages `validateCode` checks, each grammar loaded once and cached.
 * The runtime is the one the shell classifier initialises (web-tree-sitter must be initialised only
 * once per process), and bash reuses that grammar.
 */
import type { Parser as TSParser } from 'web-tree-sitter';
import { getParser, locateWasm } from '../shell/tree-sitter.js';

export type GrammarLanguage = 'python' | 'javascript' | 'typescript' | 'bash';

/** Wasm file beside the bundle, and its package path in development. */
export const GRAMMAR_WASM: Record<Exclude<GrammarLanguage, 'bash'>, { file: string; pkgPath: string }> = {
  python: { file: 'tree-sitter-python.wasm', pkgPath: 'tree-sitter-python/tree-sitter-python.wasm' },
  javascript: { file: 'tree-sitter-javascript.wasm', pkgPath: 'tree-sitter-javascript/tree-sitter-javascript.wasm' },
  typescript: { file: 'tree-sitter-typescript.wasm', pkgPath: 'tree-sitter-typescript/tree-sitter-typescript.wasm' },
};

const parsers = new Map<GrammarLanguage, Promise<TSParser>>();

async function load(lang: GrammarLanguage): Promise<TSParser> {
  const shell = await getParser();
  const { Parser, Language } = await import('web-tree-sitter');
  const parser = new Parser();
  if (lang === 'bash') {
    if (!shell.language) throw new Error('the bash grammar did not load');
    parser.setLanguage(shell.language);
  } else {
    const { file, pkgPath } = GRAMMAR_WASM[lang];
    parser.setLanguage(await Language.load(locateWasm(file, pkgPath)));
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
