/**
 * Fast path: a pure-JS tokenizer for the commands most tool calls are — words, quotes, `$VAR`,
 * `|`, `&&`, `||`, `;`, `&`, newlines and plain redirections. It returns null the moment it sees
 * structure it does not model (`$( )`, backticks, heredocs, subshells, groups, control flow,
 * function definitions), and the caller falls back to the tree-sitter grammar.
 *
 * In lenient mode (used only after the real parser reported errors) it never bails: an
 * unterminated quote runs to the end, and structure characters become word boundaries, so that a
 * malformed command is still analysed rather than waved through.
 */
import type { Command, Pipeline, Redirect, Script, Word } from './ast.js';

const KEYWORDS = new Set([
  'if', 'then', 'else', 'elif', 'fi', 'for', 'while', 'until', 'do', 'done', 'case', 'esac',
  'function', 'select', '[[', ']]', '{', '}', 'coproc',
]);
const REDIRECT_RE = /^(\d*|&)(>>|>\||>&|<>|<&|>|<)/;

class Bail extends Error {}

interface Tok {
  kind: 'word' | 'op' | 'redir';
  word?: Word;
  op?: string;
  fd?: string | null;
}

export function lexFast(input: string): Script | null {
  try {
    return build(tokenize(input, false), 'fast');
  } catch (e) {
    if (e instanceof Bail) return null;
    throw e;
  }
}

export function lexLenient(input: string): Script {
  return build(tokenize(input, true), 'lenient');
}

function tokenize(s: string, lenient: boolean): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  const n = s.length;
  const bail = (): never => {
    throw new Bail();
  };
  while (i < n) {
    const c = s[i]!;
    if (c === ' ' || c === '\t' || c === '\r') { i++; continue; }
    if (c === '\\' && s[i + 1] === '\n') { i += 2; continue; }
    if (c === '\n' || c === ';') { toks.push({ kind: 'op', op: ';' }); i++; continue; }
    if (c === '#') { while (i < n && s[i] !== '\n') i++; continue; }
    if (c === '|' || c === '&') {
      const two = s.slice(i, i + 2);
      if (two === '||' || two === '&&' || two === '|&') { toks.push({ kind: 'op', op: two }); i += 2; continue; }
      if (c === '&' && s[i + 1] === '>') { // &> and &>>
        const op = s[i + 2] === '>' ? '&>>' : '&>';
        i += op.length;
        toks.push({ kind: 'redir', op, fd: '&' });
        continue;
      }
      toks.push({ kind: 'op', op: c }); i++; continue;
    }
    if (c === '(' || c === ')') { if (!lenient) bail(); toks.push({ kind: 'op', op: ';' }); i++; continue; }
    // Redirections: an optional fd number directly before the operator.
    const m = REDIRECT_RE.exec(s.slice(i, i + 6));
    if (m && (m[1] === '' || m[1] === '&' ? true : /\d/.test(m[1]!)) && (c === '<' || c === '>' || /\d/.test(c))) {
      const op = m[2]!;
      if (op === '<' && (s[i + m[0].length] === '<' || s[i + m[0].length] === '(')) { if (!lenient) bail(); }
      if (op === '>' && s[i + m[0].length] === '(') { if (!lenient) bail(); }
      if (m[1] !== '' || c === '<' || c === '>') {
        // Only treat digits as an fd when immediately followed by the operator (`2>`), which the regex ensures.
        toks.push({ kind: 'redir', op, fd: m[1] === '' ? null : m[1]! });
        i += m[0].length;
        if (op === '<' && s[i] === '<') { // heredoc/herestring in lenient mode: skip the extra '<'s
          while (s[i] === '<') i++;
        }
        continue;
      }
    }
    const [word, next] = readWord(s, i, lenient);
    if (next === i) { i++; continue; }
    toks.push({ kind: 'word', word });
    i = next;
  }
  return toks;
}

const WORD_END = new Set([' ', '\t', '\r', '\n', ';', '|', '&', '<', '>', '(', ')']);

function readWord(s: string, start: number, lenient: boolean): [Word, number] {
  let i = start;
  let text = '';
  let quoted = false;
  let dynamic = false;
  let glob = false;
  const n = s.length;
  const bail = (): never => {
    throw new Bail();
  };
  while (i < n && !WORD_END.has(s[i]!)) {
    const c = s[i]!;
    if (c === '\\') {
      if (i + 1 < n) { if (s[i + 1] !== '\n') text += s[i + 1]; i += 2; } else i++;
      continue;
    }
    if (c === "'") {
      quoted = true;
      const end = s.indexOf("'", i + 1);
      if (end < 0) { if (!lenient) bail(); text += s.slice(i + 1); i = n; break; }
      text += s.slice(i + 1, end);
      i = end + 1;
      continue;
    }
    if (c === '$' && s[i + 1] === "'") {
      quoted = true;
      let j = i + 2;
      let out = '';
      while (j < n && s[j] !== "'") {
        if (s[j] === '\\' && j + 1 < n) { out += ansiEscape(s[j + 1]!); j += 2; } else { out += s[j]; j++; }
      }
      if (j >= n && !lenient) bail();
      text += out;
      i = j + 1;
      continue;
    }
    if (c === '"') {
      quoted = true;
      let j = i + 1;
      while (j < n && s[j] !== '"') {
        const d = s[j]!;
        if (d === '\\' && j + 1 < n && '"\\$`\n'.includes(s[j + 1]!)) { if (s[j + 1] !== '\n') text += s[j + 1]; j += 2; continue; }
        if (d === '`' || (d === '$' && s[j + 1] === '(')) { if (!lenient) bail(); dynamic = true; }
        if (d === '$' && /[A-Za-z_{@*#?$!0-9-]/.test(s[j + 1] ?? '')) dynamic = true;
        text += d;
        j++;
      }
      if (j >= n && !lenient) bail();
      i = j + 1;
      continue;
    }
    if (c === '`') { if (!lenient) bail(); dynamic = true; text += c; i++; continue; }
    if (c === '$') {
      const d = s[i + 1] ?? '';
      if (d === '(') { if (!lenient) bail(); dynamic = true; }
      else if (/[A-Za-z_{@*#?$!0-9-]/.test(d)) dynamic = true;
    }
    if (c === '{' || c === '}') {
      // `{}` (find/xargs placeholder) and `${VAR}` are fine; a lone brace at word start is a group.
      if (!lenient && text === '' && (s[i + 1] === undefined || WORD_END.has(s[i + 1]!)) && c === '{') bail();
    }
    if (c === '*' || c === '?' || c === '[') glob = true;
    text += c;
    i++;
  }
  return [{ text, quoted, dynamic, glob, subs: [] }, i];
}

function ansiEscape(c: string): string {
  switch (c) {
    case 'n': return '\n';
    case 't': return '\t';
    case 'r': return '\r';
    case '0': return '\0';
    case 'e': case 'E': return '\x1b';
    default: return c;
  }
}

const ASSIGNMENT_RE = /^[^\s=/'"$`]*=/;

function build(toks: Tok[], parser: Script['parser']): Script {
  const pipelines: Pipeline[] = [];
  let pipeline: Command[] = [];
  let cmd: Command = emptyCommand();
  const lenient = parser === 'lenient';
  const endCommand = () => {
    if (cmd.words.length || cmd.assignments.length || cmd.redirects.length) pipeline.push(cmd);
    cmd = emptyCommand();
  };
  const endPipeline = () => {
    endCommand();
    if (pipeline.length) pipelines.push({ commands: pipeline, origin: 'top' });
    pipeline = [];
  };
  for (let k = 0; k < toks.length; k++) {
    const t = toks[k]!;
    if (t.kind === 'op') {
      if (t.op === '|' || t.op === '|&') endCommand();
      else endPipeline();
      continue;
    }
    if (t.kind === 'redir') {
      const next = toks[k + 1];
      const target = next?.kind === 'word' ? next.word! : null;
      if (target) k++;
      const r: Redirect = { op: t.op!, fd: t.fd ?? null, target };
      cmd.redirects.push(r);
      continue;
    }
    const w = t.word!;
    if (cmd.words.length === 0) {
      if (!w.quoted && ASSIGNMENT_RE.test(w.text) && !w.text.startsWith('=') === true) {
        const eq = w.text.indexOf('=');
        cmd.assignments.push({ name: w.text.slice(0, eq), value: { ...w, text: w.text.slice(eq + 1) } });
        continue;
      }
      if (!lenient && !w.quoted && KEYWORDS.has(w.text)) throw new Bail();
      if (!lenient && !w.quoted && /^[A-Za-z_][\w-]*\(\)$/.test(w.text)) throw new Bail();
    }
    cmd.words.push(w);
  }
  endPipeline();
  return { pipelines, functions: [], hadErrors: false, parser };
}

function emptyCommand(): Command {
  return { words: [], assignments: [], redirects: [] };
}
