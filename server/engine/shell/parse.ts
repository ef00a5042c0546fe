/**
 * One entry for parsing shell: the fast pure-JS path when it can settle the command, the
 * tree-sitter grammar otherwise, and — when the grammar reports errors — a lenient tokenisation
 * of the same text analysed alongside, so a malformed command is never waved through.
 */
import type { Script } from './ast.js';
import { lexFast, lexLenient } from './lexer.js';

/** Unicode look-alikes that would otherwise hide a flag or split a word (‐‐hard, ideographic space). */
export function normalizeShellText(s: string): string {
  return s
    .replace(/[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]/g, '-')
    .replace(/[\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]/g, ' ')
    .replace(/[\u200B-\u200D\u2060\uFEFF]/g, '');
}

export async function parseShell(source: string): Promise<Script> {
  const text = normalizeShellText(source);
  // A literal "\\n" or "\\t" outside quotes is almost always a newline or tab that lost its escaping on
  // the way; read the text both ways so neither reading hides a command.
  if (/\\[nt]/.test(text) && !/['"]/.test(text.replace(/\\./g, ''))) {
    const [a, b] = await Promise.all([parseOne(text), parseOne(text.replace(/\\n/g, '\n').replace(/\\t/g, '\t'))]);
    return { pipelines: [...a.pipelines, ...b.pipelines], functions: [...a.functions, ...b.functions], hadErrors: a.hadErrors || b.hadErrors, parser: a.parser };
  }
  return parseOne(text);
}

async function parseOne(text: string): Promise<Script> {
  const fast = lexFast(text);
  if (fast) return fast;
  const { parseTreeSitter } = await import('./tree-sitter.js');
  const full = await parseTreeSitter(text);
  if (!full.hadErrors) return full;
  const lenient = lexLenient(text);
  return { pipelines: [...full.pipelines, ...lenient.pipelines], functions: full.functions, hadErrors: true, parser: 'tree-sitter' };
}
