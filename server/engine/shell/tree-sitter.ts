/**
 * Full parser: tree-sitter-bash (WebAssembly), loaded lazily — only for commands the fast path
 * could not settle. Converts the concrete syntax tree into the shared IR (ast.ts).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import type { Node as TSNode, Parser as TSParser } from 'web-tree-sitter';
import type { Command, Pipeline, Redirect, Script, Word } from './ast.js';
import { decodeAnsiC } from './lexer.js';

let parserPromise: Promise<TSParser> | null = null;

/**
 * Finds a wasm file beside the bundle (plugin/dist, or its lazy/ and chunks/ folders), in
 * TASK_ORCHESTRATOR_WASM_DIR, or in development in node_modules. validate_code's grammars use it too.
 */
export function locateWasm(file: string, pkgPath: string): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const dir of [here, join(here, '..'), process.env.TASK_ORCHESTRATOR_WASM_DIR ?? '']) {
    if (dir && existsSync(join(dir, file))) return join(dir, file);
  }
  return createRequire(import.meta.url).resolve(pkgPath);
}

async function loadParser(): Promise<TSParser> {
  // Without this, Node waits ~300 ms at exit for background optimising compiles of the grammar's wasm.
  // Setting it here (not `node --liftoff-only`) keeps Node's own code cache valid for every other call.
  setFlagsFromString('--liftoff-only');
  // V8 code caches made from now on carry this flag and would be rejected by ordinary runs.
  (globalThis as Record<symbol, unknown>)[Symbol.for('task-orchestrator.v8-flags-changed')] = true;
  const { Parser, Language } = await import('web-tree-sitter');
  const runtimeWasm = locateWasm('web-tree-sitter.wasm', 'web-tree-sitter/web-tree-sitter.wasm');
  await Parser.init({ locateFile: () => runtimeWasm });
  const bash = await Language.load(locateWasm('tree-sitter-bash.wasm', 'tree-sitter-bash/tree-sitter-bash.wasm'));
  const parser = new Parser();
  parser.setLanguage(bash);
  return parser;
}

export function getParser(): Promise<TSParser> {
  parserPromise ??= loadParser();
  return parserPromise;
}

export async function parseTreeSitter(input: string): Promise<Script> {
  const parser = await getParser();
  const tree = parser.parse(input);
  if (!tree) throw new Error('tree-sitter returned no tree');
  try {
    const conv = new Converter();
    conv.statements(tree.rootNode.namedChildren, 'top');
    return { pipelines: conv.pipelines, functions: conv.functions, hadErrors: tree.rootNode.hasError, parser: 'tree-sitter' };
  } finally {
    tree.delete();
  }
}

const MAX_DEPTH = 200;

class Converter {
  pipelines: Pipeline[] = [];
  functions: Script['functions'] = [];
  private depth = 0;

  statements(nodes: (TSNode | null)[], origin: Pipeline['origin']): void {
    for (const n of nodes) if (n) this.statement(n, origin);
  }

  /** Converts one statement; returns the commands it contributes to an enclosing pipeline. */
  statement(node: TSNode, origin: Pipeline['origin']): void {
    if (++this.depth > MAX_DEPTH) throw new Error('command nests too deeply to analyse');
    try {
      const cmds = this.pipelineMembers(node, origin);
      if (cmds.length) this.pipelines.push({ commands: cmds, origin });
    } finally {
      this.depth--;
    }
  }

  /** Returns the commands of `node` when it is used as one pipeline; nested statements are flushed separately. */
  private pipelineMembers(node: TSNode, origin: Pipeline['origin']): Command[] {
    switch (node.type) {
      case 'comment':
        return [];
      case 'command':
        return [this.command(node)];
      case 'pipeline': {
        const out: Command[] = [];
        for (const c of node.namedChildren) if (c) out.push(...this.pipelineMembers(c, origin));
        return out;
      }
      case 'redirected_statement':
        return this.redirected(node, origin);
      case 'list':
      case 'program':
        this.statements(node.namedChildren, origin);
        return [];
      case 'negated_command':
        return node.namedChildren.flatMap((c) => (c ? this.pipelineMembers(c, origin) : []));
      case 'variable_assignment':
      case 'variable_assignments': {
        const cmd: Command = { words: [], assignments: [], redirects: [] };
        for (const a of node.type === 'variable_assignment' ? [node] : node.namedChildren) {
          if (a?.type === 'variable_assignment') cmd.assignments.push(this.assignment(a));
        }
        return [cmd];
      }
      case 'declaration_command':
      case 'unset_command': {
        const cmd: Command = { words: [], assignments: [], redirects: [] };
        for (const c of node.children) {
          if (!c) continue;
          if (c.type === 'variable_assignment') cmd.assignments.push(this.assignment(c));
          else cmd.words.push(this.word(c));
        }
        return [cmd];
      }
      case 'function_definition': {
        const name = node.childForFieldName('name')?.text ?? node.namedChildren[0]?.text ?? '';
        const body = node.childForFieldName('body') ?? node.namedChildren[node.namedChildCount - 1];
        const sub = new Converter();
        sub.depth = this.depth;
        if (body) sub.statement(body, 'function');
        this.functions.push({ name, body: { pipelines: sub.pipelines, functions: sub.functions, hadErrors: false, parser: 'tree-sitter' } });
        this.functions.push(...sub.functions);
        return [];
      }
      case 'subshell':
      case 'compound_statement':
      case 'do_group':
      case 'if_statement':
      case 'elif_clause':
      case 'else_clause':
      case 'while_statement':
      case 'for_statement':
      case 'c_style_for_statement':
      case 'case_statement':
      case 'case_item':
      case 'test_command': {
        // The compound's own words (for-lists, case subjects, conditions) may hold substitutions.
        for (const c of node.namedChildren) {
          if (!c) continue;
          if (isStatement(c)) this.statement(c, node.type === 'subshell' ? 'subshell' : 'compound');
          else this.collectSubs(c);
        }
        return [{ words: [], assignments: [], redirects: [], compound: node.type }];
      }
      case 'ERROR':
        // Salvage what the grammar did recognise inside the error region.
        for (const c of node.namedChildren) if (c && isStatement(c)) this.statement(c, origin);
        return [];
      default:
        if (isStatement(node)) return node.namedChildren.flatMap((c) => (c ? this.pipelineMembers(c, origin) : []));
        this.collectSubs(node);
        return [];
    }
  }

  private redirected(node: TSNode, origin: Pipeline['origin']): Command[] {
    const body = node.childForFieldName('body') ?? node.namedChildren[0];
    let members = body ? this.pipelineMembers(body, origin) : [];
    if (members.length === 0) members = [{ words: [], assignments: [], redirects: [] }];
    const target = members[members.length - 1]!;
    const tail: Command[] = [];
    for (const r of node.namedChildren) {
      if (!r || r === body || r.id === body?.id) continue;
      if (r.type === 'file_redirect' || r.type === 'herestring_redirect') {
        target.redirects.push(this.redirect(r));
        target.words.push(...this.redirectExtras(r));
      }
      else if (r.type === 'heredoc_redirect') {
        target.redirects.push(this.heredoc(r));
        // tree-sitter-bash hangs what follows `cat <<EOF` on the same line (`| bash`, `&& x`) under the heredoc node.
        for (const c of r.namedChildren) {
          if (!c || c.type.startsWith('heredoc_')) continue;
          // `cat <<EOF > file`: the grammar hangs the file redirect under the heredoc node too.
          if (c.type === 'file_redirect' || c.type === 'herestring_redirect') {
            target.redirects.push(this.redirect(c));
            target.words.push(...this.redirectExtras(c));
          } else if (c.type === 'pipeline' || c.type === 'command') tail.push(...this.pipelineMembers(c, origin));
          else if (isStatement(c)) this.statement(c, origin);
        }
      } else if (isStatement(r)) this.statement(r, origin);
    }
    return [...members, ...tail];
  }

  private command(node: TSNode): Command {
    const cmd: Command = { words: [], assignments: [], redirects: [] };
    for (const c of node.namedChildren) {
      if (!c) continue;
      if (c.type === 'variable_assignment') cmd.assignments.push(this.assignment(c));
      else if (c.type === 'file_redirect' || c.type === 'herestring_redirect') {
        cmd.redirects.push(this.redirect(c));
        cmd.words.push(...this.redirectExtras(c));
      }
      else if (c.type === 'command_name') cmd.words.push(this.word(c.namedChildren[0] ?? c));
      else if (c.type === 'comment') continue;
      else if (isStatement(c)) this.statement(c, 'subshell'); // `time ( … )`
      else cmd.words.push(this.word(c));
    }
    return cmd;
  }

  private assignment(node: TSNode): { name: string; value: Word } {
    const name = node.childForFieldName('name')?.text ?? node.namedChildren[0]?.text ?? '';
    const v = node.childForFieldName('value') ?? node.namedChildren[1];
    return { name, value: v ? this.word(v) : { text: '', quoted: false, dynamic: false, glob: false, subs: [] } };
  }

  private redirect(node: TSNode): Redirect {
    const fd = node.childForFieldName('descriptor')?.text ?? null;
    if (node.type === 'herestring_redirect') {
      const w = node.namedChildren[node.namedChildCount - 1];
      const word = w ? this.word(w) : null;
      return { op: '<<<', fd, target: null, heredoc: { body: word?.text ?? '', expands: !!word && !word.quoted } };
    }
    const op = node.children.find((c) => c && !c.isNamed && /[<>]/.test(c.type))?.type ?? '>';
    const dest = node.childForFieldName('destination') ?? node.namedChildren.find((c) => c && c.type !== 'file_descriptor');
    return { op, fd, target: dest ? this.word(dest) : null };
  }

  /** tree-sitter-bash attaches words that follow a redirect target (`rm -rf 2>/dev/null /`) to the redirect. */
  private redirectExtras(node: TSNode): Word[] {
    if (node.type !== 'file_redirect') return [];
    const dests = node.namedChildren.filter((c): c is TSNode => !!c && c.type !== 'file_descriptor');
    return dests.slice(1).map((c) => this.word(c));
  }

  private heredoc(node: TSNode): Redirect {
    const start = node.namedChildren.find((c) => c?.type === 'heredoc_start')?.text ?? '';
    const bodyNode = node.namedChildren.find((c) => c?.type === 'heredoc_body');
    if (bodyNode) this.collectSubs(bodyNode);
    const op = node.children.find((c) => c && !c.isNamed && c.type.startsWith('<<'))?.type ?? '<<';
    // `<<-` strips leading tabs from every body line (the grammar keeps them).
    const raw = bodyNode?.text ?? '';
    const body = op === '<<-' ? raw.replace(/^\t+/gm, '') : raw;
    return { op, fd: null, target: null, heredoc: { body, expands: !/['"\\]/.test(start) } };
  }

  /** Collects command/process substitutions anywhere under `node` as nested pipelines. */
  private collectSubs(node: TSNode): Script[] {
    const found: Script[] = [];
    const visit = (n: TSNode) => {
      if (n.type === 'command_substitution' || n.type === 'process_substitution') {
        const sub = new Converter();
        sub.depth = this.depth;
        const origin = n.type === 'command_substitution' ? 'substitution' : 'process-substitution';
        sub.statements(n.namedChildren, origin);
        const script: Script = { pipelines: sub.pipelines, functions: sub.functions, hadErrors: false, parser: 'tree-sitter' };
        this.pipelines.push(...sub.pipelines);
        this.functions.push(...sub.functions);
        found.push(script);
        return;
      }
      for (const c of n.namedChildren) if (c) visit(c);
    };
    visit(node);
    return found;
  }

  word(node: TSNode): Word {
    const subs = this.collectSubs(node);
    const w: Word = { text: '', quoted: false, dynamic: subs.length > 0, glob: false, subs };
    appendWord(w, node);
    return w;
  }
}

function appendWord(w: Word, node: TSNode): void {
  switch (node.type) {
    case 'word': {
      const t = node.text;
      if (/[*?[]/.test(t.replace(/\\./g, ''))) w.glob = true;
      w.text += t.replace(/\\(\n|.)/g, (_m, c: string) => (c === '\n' ? '' : c));
      return;
    }
    case 'raw_string':
      w.quoted = true;
      w.text += node.text.slice(1, -1);
      return;
    case 'ansi_c_string':
      w.quoted = true;
      w.text += decodeAnsiC(node.text.slice(2, -1));
      return;
    case 'string':
    case 'translated_string': {
      w.quoted = true;
      // Children do not cover the whole string (the grammar leaves newlines between string_content
      // nodes out), so walk the source and let children stand for their own spans.
      const src = node.text;
      const base = node.startIndex;
      let at = node.type === 'string' ? 1 : 2;
      const unescape = (t: string) => t.replace(/\\([$`"\\\n])/g, (_m, ch: string) => (ch === '\n' ? '' : ch));
      for (const c of node.namedChildren) {
        if (!c) continue;
        const from = c.startIndex - base;
        if (from > at) w.text += unescape(src.slice(at, from));
        if (c.type === 'string_content') w.text += unescape(c.text);
        else appendWord(w, c);
        at = c.endIndex - base;
      }
      if (src.length - 1 > at) w.text += unescape(src.slice(at, src.length - 1));
      return;
    }
    case 'concatenation':
      for (const c of node.children) if (c) appendWord(w, c);
      return;
    case 'simple_expansion':
    case 'expansion':
    case 'command_substitution':
    case 'process_substitution':
    case 'arithmetic_expansion':
      w.dynamic = true;
      w.text += node.text;
      return;
    default:
      w.text += node.text;
  }
}

const STATEMENT_TYPES = new Set([
  'command', 'pipeline', 'list', 'redirected_statement', 'subshell', 'compound_statement', 'if_statement',
  'while_statement', 'for_statement', 'c_style_for_statement', 'case_statement', 'function_definition',
  'negated_command', 'variable_assignment', 'variable_assignments', 'declaration_command', 'unset_command',
  'test_command', 'do_group', 'elif_clause', 'else_clause', 'case_item',
]);

function isStatement(n: TSNode): boolean {
  return STATEMENT_TYPES.has(n.type);
}
