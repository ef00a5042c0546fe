/**
 * JavaScript and TypeScript warnings from the syntax tree: loose equality, `var`, `debugger`,
 * eval / `new Function`, hardcoded secrets, and (TypeScript) the `any` type.
 */
import type { Node as TSNode } from 'web-tree-sitter';
import { isSecretName, secretMessage } from './secrets.js';
import { walk } from './syntax.js';
import type { CodeIssue } from './types.js';

const at = (n: TSNode) => ({ line: n.startPosition.row + 1, column: n.startPosition.column + 1 });

/** A string literal, or a template without substitutions, that is not empty. */
function isLiteral(n: TSNode | null): boolean {
  if (!n || (n.type !== 'string' && n.type !== 'template_string')) return false;
  const parts = n.namedChildren.filter((c): c is TSNode => !!c);
  return !parts.some((c) => c.type === 'template_substitution') && n.text.length > 2;
}

function nameOf(n: TSNode | null): string | null {
  if (!n) return null;
  if (n.type === 'identifier' || n.type === 'property_identifier' || n.type === 'shorthand_property_identifier') return n.text;
  if (n.type === 'member_expression') return n.childForFieldName('property')?.text ?? null;
  if (n.type === 'string') return n.text.slice(1, -1);
  return null;
}

const BINDINGS: Record<string, [string, string]> = {
  variable_declarator: ['name', 'value'],
  assignment_expression: ['left', 'right'],
  pair: ['key', 'value'],
  public_field_definition: ['name', 'value'],
  field_definition: ['property', 'value'],
};

function secretAssignment(n: TSNode): CodeIssue | null {
  const fields = BINDINGS[n.type];
  if (!fields) return null;
  const name = nameOf(n.childForFieldName(fields[0]));
  if (name && isSecretName(name) && isLiteral(n.childForFieldName(fields[1]))) return { ...at(n), code: 'HARDCODED_SECRET', message: secretMessage(name) };
  return null;
}

/** `x == null` is the idiom for "null or undefined" and is left alone. */
function looseEquality(n: TSNode): CodeIssue | null {
  const op = n.childForFieldName('operator')?.type;
  if (op !== '==' && op !== '!=') return null;
  const sides = [n.childForFieldName('left'), n.childForFieldName('right')];
  if (sides.some((s) => s?.type === 'null')) return null;
  const strict = op === '==' ? '===' : '!==';
  return { ...at(n), code: 'LOOSE_EQUALITY', message: `"${op}" converts types before comparing: use "${strict}"` };
}

function issueOf(n: TSNode, typescript: boolean): CodeIssue | null {
  switch (n.type) {
    case 'binary_expression':
      return looseEquality(n);
    case 'variable_declaration':
      return { ...at(n), code: 'VAR_USAGE', message: '"var" is function-scoped and hoisted: use "const" or "let"' };
    case 'debugger_statement':
      return { ...at(n), code: 'DEBUGGER', message: '"debugger" statement left in the code: remove it' };
    case 'call_expression': {
      const f = n.childForFieldName('function');
      if (f?.type === 'identifier' && f.text === 'eval') return { ...at(n), code: 'EVAL_USAGE', message: 'eval() runs arbitrary code: parse the data instead (JSON.parse)' };
      return null;
    }
    case 'new_expression': {
      const c = n.childForFieldName('constructor');
      if (c?.type === 'identifier' && c.text === 'Function') return { ...at(n), code: 'EVAL_USAGE', message: 'new Function() compiles a string into code, like eval(): avoid it' };
      return null;
    }
    case 'predefined_type':
      return typescript && n.text === 'any' ? { ...at(n), code: 'ANY_TYPE', message: '"any" turns type checking off: use a precise type or "unknown"' } : null;
    default:
      return secretAssignment(n);
  }
}

/**
 * JavaScript / TypeScript warnings, in source order.
 *
 * @example
 * jsWarnings(tree.rootNode, true) // → [{ line: 1, column: 8, code: 'ANY_TYPE', message: '"any" turns type checking off: …' }]
 */
export function jsWarnings(root: TSNode, typescript: boolean): CodeIssue[] {
  const out: CodeIssue[] = [];
  walk(root, (n) => {
    const issue = issueOf(n, typescript);
    if (issue) out.push(issue);
  });
  return out;
}
