/**
 * Syntax errors from a tree-sitter tree: ERROR and MISSING nodes, placed where a compiler would point
 * (the bracket never closed, the missing `:` after a Python header, the empty indented block) when the
 * error region shows it, else at the start of the region.
 */
import type { Node as TSNode } from 'web-tree-sitter';
import type { CodeIssue } from './types.js';

/** At most this many syntax errors are reported (error recovery can cascade). */
export const MAX_SYNTAX_ERRORS = 20;

const OPEN: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
const CLOSE = new Set(Object.values(OPEN));
const PY_COMPOUND = new Set(['def', 'class', 'if', 'elif', 'else', 'for', 'while', 'with', 'try', 'except', 'finally', 'match', 'case']);

const at = (n: TSNode, end = false): Pick<CodeIssue, 'line' | 'column'> => {
  const p = end ? n.endPosition : n.startPosition;
  return { line: p.row + 1, column: p.column + 1 };
};

/** Visits every node depth-first without recursion (trees of generated code can be very deep). */
export function walk(root: TSNode, visit: (n: TSNode) => boolean | void): void {
  const stack: TSNode[] = [root];
  while (stack.length) {
    const n = stack.pop() as TSNode;
    if (visit(n) === false) continue;
    for (let i = n.childCount - 1; i >= 0; i--) {
      const c = n.child(i);
      if (c) stack.push(c);
    }
  }
}

/** The innermost bracket opened among an error region's own tokens and never closed. */
function unclosedBracket(err: TSNode): TSNode | null {
  const open: TSNode[] = [];
  for (const c of err.children) {
    if (!c) continue;
    if (OPEN[c.type]) open.push(c);
    else if (CLOSE.has(c.type) && open.length && OPEN[open[open.length - 1]!.type] === c.type) open.pop();
  }
  return open[open.length - 1] ?? null;
}

/** A Python compound statement's header that lacks its `:`: where the colon belongs. */
function missingColon(err: TSNode): { keyword: string; after: TSNode } | null {
  const kids = err.children.filter((c): c is TSNode => !!c);
  const k = kids.findIndex((c) => PY_COMPOUND.has(c.type));
  if (k < 0) return null;
  const kw = kids[k]!;
  const header = kids.slice(k).filter((c) => c.startPosition.row === kw.startPosition.row);
  if (header.some((c) => c.type === ':')) return null;
  return { keyword: kw.type, after: header[header.length - 1]! };
}

function snippet(n: TSNode): string {
  const first = n.text.split('\n')[0] ?? '';
  return first.length > 40 ? `${first.slice(0, 40)}…` : first;
}

function errorIssue(n: TSNode, python: boolean): CodeIssue {
  const bracket = unclosedBracket(n);
  if (bracket) return { ...at(bracket), code: 'UNCLOSED_BRACKET', message: `"${bracket.type}" is never closed (expected "${OPEN[bracket.type]}")` };
  const colon = python ? missingColon(n) : null;
  if (colon) return { ...at(colon.after, true), code: 'EXPECTED_COLON', message: `expected ":" at the end of the ${colon.keyword} header` };
  const last = n.lastChild;
  if (last && !last.isNamed && /^[-+*/%&|^<>=!]+$/.test(last.type) && n.childCount > 1) {
    return { ...at(last, true), code: 'SYNTAX_ERROR', message: `expected an expression after "${last.type}"` };
  }
  const stray = strayToken(n);
  if (stray) return { ...at(stray), code: 'SYNTAX_ERROR', message: `unexpected "${stray.type}"` };
  return { ...at(n), code: 'SYNTAX_ERROR', message: `invalid syntax near "${snippet(n)}"` };
}

/** An error region that starts with complete statements on earlier lines: the first loose token after them. */
function strayToken(err: TSNode): TSNode | null {
  const kids = err.children.filter((c): c is TSNode => !!c);
  const i = kids.findIndex((c) => !c.isNamed);
  if (i <= 0) return null;
  const stray = kids[i]!;
  const complete = kids.slice(0, i).every((c) => !c.hasError && c.endPosition.row < stray.startPosition.row);
  return complete ? stray : null;
}

/** A Python block with no statements: tree-sitter accepts `if x:` followed by an unindented line. */
function emptyBlock(n: TSNode): CodeIssue | null {
  if (n.type !== 'block' || n.namedChildCount > 0 || !n.parent || n.parent.hasError) return null;
  const owner = n.parent;
  const next = owner.nextSibling;
  const where = next ? at(next) : { line: owner.endPosition.row + 2, column: 1 };
  const kind = owner.type.replace(/_(statement|definition|clause)$/, '');
  return { ...where, code: 'EXPECTED_INDENT', message: `expected an indented block after the ${kind} on line ${owner.startPosition.row + 1}` };
}

/**
 * Syntax errors in a parsed tree, in source order.
 *
 * @example
 * syntaxErrors((await parserFor('python')).parse('print("hi"\n')!.rootNode, 'python')
 * // → [{ line: 1, column: 6, code: 'UNCLOSED_BRACKET', message: '"(" is never closed (expected ")")' }]
 */
export function syntaxErrors(root: TSNode, language: string): CodeIssue[] {
  const python = language === 'python';
  const out: CodeIssue[] = [];
  walk(root, (n) => {
    if (out.length >= MAX_SYNTAX_ERRORS) return false;
    if (n.isMissing) {
      out.push({ ...at(n), code: 'MISSING_TOKEN', message: `missing "${n.type}"` });
      return false;
    }
    if (n.isError) {
      out.push(errorIssue(n, python));
      return false;
    }
    if (python) {
      const e = emptyBlock(n);
      if (e) out.push(e);
    }
    return n.hasError || python;
  });
  return out.sort((a, b) => a.line - b.line || a.column - b.column);
}
