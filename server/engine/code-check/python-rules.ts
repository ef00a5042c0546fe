/**
 * Python warnings from the syntax tree (tree-sitter-python): bare `except:`, hardcoded secrets,
 * eval/exec, os.system/os.popen, subprocess with shell=True, pickle deserialisation.
 */
import type { Node as TSNode } from 'web-tree-sitter';
import { isSecretName, secretMessage } from './secrets.js';
import { walk } from './syntax.js';
import type { CodeIssue } from './types.js';

const at = (n: TSNode) => ({ line: n.startPosition.row + 1, column: n.startPosition.column + 1 });

/** A plain string literal (not an f-string with interpolation, not empty). */
function isLiteral(n: TSNode | null): boolean {
  if (n?.type !== 'string') return false;
  const parts = n.namedChildren.filter((c): c is TSNode => !!c);
  return !parts.some((c) => c.type === 'interpolation') && parts.some((c) => c.type === 'string_content' && c.text.length > 0);
}

/** The name a value is bound to: `x`, `self.x` → `x`, a dict key `"x"` → `x`. */
function boundName(n: TSNode | null): string | null {
  if (!n) return null;
  if (n.type === 'identifier') return n.text;
  if (n.type === 'attribute') return n.childForFieldName('attribute')?.text ?? null;
  if (n.type === 'string' && isLiteral(n)) return n.namedChildren.find((c) => c?.type === 'string_content')?.text ?? null;
  return null;
}

function secretAssignment(n: TSNode): CodeIssue | null {
  const pairs: Array<[TSNode | null, TSNode | null]> = [];
  if (n.type === 'assignment') pairs.push([n.childForFieldName('left'), n.childForFieldName('right')]);
  else if (n.type === 'keyword_argument') pairs.push([n.childForFieldName('name'), n.childForFieldName('value')]);
  else if (n.type === 'pair') pairs.push([n.childForFieldName('key'), n.childForFieldName('value')]);
  for (const [target, value] of pairs) {
    const name = boundName(target);
    if (name && isSecretName(name) && isLiteral(value)) return { ...at(n), code: 'HARDCODED_SECRET', message: secretMessage(name) };
  }
  return null;
}

/** `module.attr` of a call's function, or the bare name. */
function callee(call: TSNode): string {
  const f = call.childForFieldName('function');
  return f?.type === 'identifier' || f?.type === 'attribute' ? f.text.replace(/\s+/g, '') : '';
}

function hasShellTrue(call: TSNode): boolean {
  const args = call.childForFieldName('arguments')?.namedChildren ?? [];
  return args.some((a) => a?.type === 'keyword_argument' && a.childForFieldName('name')?.text === 'shell' && a.childForFieldName('value')?.type === 'true');
}

function callIssue(call: TSNode): CodeIssue | null {
  const name = callee(call);
  if (name === 'eval' || name === 'exec') {
    return { ...at(call), code: 'EVAL_USAGE', message: `${name}() runs arbitrary code: parse the data instead (ast.literal_eval, json.loads)` };
  }
  if (name === 'os.system' || name === 'os.popen') {
    return { ...at(call), code: 'OS_SYSTEM', message: `${name}() runs a shell: use subprocess.run([...]) with a list of arguments` };
  }
  if (/^subprocess\.(run|call|check_call|check_output|Popen|getoutput|getstatusoutput)$/.test(name) && hasShellTrue(call)) {
    return { ...at(call), code: 'SHELL_TRUE', message: `${name}(..., shell=True) lets input become shell code: pass a list of arguments without shell=True` };
  }
  if (/^(c?pickle|dill|shelve)\.(loads?|Unpickler|open)$/.test(name)) {
    return { ...at(call), code: 'PICKLE_LOADS', message: `${name}() can run code hidden in the data: never unpickle untrusted input; use json` };
  }
  return null;
}

/**
 * Python warnings, in source order.
 *
 * @example
 * pythonWarnings(tree.rootNode) // → [{ line: 3, column: 1, code: 'BARE_EXCEPT', message: 'bare "except:" …' }]
 */
export function pythonWarnings(root: TSNode): CodeIssue[] {
  const out: CodeIssue[] = [];
  walk(root, (n) => {
    if (n.type === 'except_clause' && !n.namedChildren.some((c) => c && c.type !== 'block' && c.type !== 'comment')) {
      out.push({ ...at(n), code: 'BARE_EXCEPT', message: 'bare "except:" also catches KeyboardInterrupt and SystemExit: name the exception (except Exception:)' });
    } else if (n.type === 'call') {
      const issue = callIssue(n);
      if (issue) out.push(issue);
    } else {
      const issue = secretAssignment(n);
      if (issue) out.push(issue);
    }
  });
  return out;
}
