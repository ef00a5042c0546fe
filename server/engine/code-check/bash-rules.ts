/**
 * Bash warnings: every top-level command of the script goes through the same classifier the
 * PreToolUse hook uses, as if Claude ran it, and what it would refuse or hold for approval is reported.
 */
import type { Node as TSNode } from 'web-tree-sitter';
import { classify } from '../policy/index.js';
import type { ClassifyContext } from '../policy/types.js';
import { redact } from '../redact.js';
import type { CodeIssue } from './types.js';

/** At most this many commands are classified per script. */
export const MAX_CLASSIFIED_COMMANDS = 200;

/**
 * What the classifier says about each top-level command (`deny` → SHELL_DENY, `ask` → SHELL_ASK).
 *
 * @example
 * await bashWarnings(tree.rootNode, ctx)
 * // → [{ line: 2, column: 1, code: 'SHELL_DENY', message: 'would be denied [fs.rm.critical]: …' }]
 */
export async function bashWarnings(root: TSNode, ctx: ClassifyContext): Promise<CodeIssue[]> {
  const out: CodeIssue[] = [];
  // Inside an error region the grammar still recognises whole commands: they are judged too.
  const top = root.namedChildren.flatMap((c) => (c?.isError ? c.namedChildren : [c]));
  const statements = top.filter((c): c is TSNode => !!c && c.type !== 'comment' && !c.isError);
  for (const s of statements.slice(0, MAX_CLASSIFIED_COMMANDS)) {
    const c = await classify({ tool_name: 'Bash', tool_input: { command: s.text } }, ctx);
    if (c.decision !== 'deny' && c.decision !== 'ask') continue;
    const verb = c.decision === 'deny' ? 'would be denied' : 'would need approval';
    out.push({
      line: s.startPosition.row + 1,
      column: s.startPosition.column + 1,
      code: c.decision === 'deny' ? 'SHELL_DENY' : 'SHELL_ASK',
      message: redact(`${verb} [${c.rule ?? 'policy'}]: ${c.reason}`),
    });
  }
  return out;
}
