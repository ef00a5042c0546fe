/**
 * Fast path: a pure-JS reader for the commands most tool calls are — words, quotes, `$VAR`, `$( )`,
 * backticks, heredocs and here-strings, `|`, `&&`, `||`, `;`, `&`, newlines and plain redirections
 * (including Claude Code's own `git commit -m "$(cat <<'EOF' … EOF)"`). It returns null the moment it
 * sees structure it does not model (subshells, groups, control flow, function definitions, arithmetic,
 * process substitution), and the caller falls back to the tree-sitter grammar. A differential test
 * holds it to the grammar's reading on everything it accepts.
 *
 * In lenient mode (used only after the real parser reported errors) it never bails: an unterminated
 * quote runs to the end and structure characters become separators, so that a malformed command is
 * still analysed rather than waved through.
 */
import type { Command, Pipeline, Redirect, Script, Word } from './ast.js';

const KEYWORDS = new Set([
  'if', 'then', 'else', 'elif', 'fi', 'for', 'while', 'until', 'do', 'done', 'case', 'esac',
  'function', 'select', '[[', ']]', '{', '}', 'coproc', '((',
]);
const REDIRECT_RE = /^(\d*)(>>|>\||>&|<>|<&|<<<|<<-|<<|>|<)/;
const WORD_END = new Set([' ', '\t', '\r', '\n', ';', '|', '&', '<', '>', '(', ')']);
const MAX_NESTING = 32;

class Bail extends Error {}

interface Tok {
  kind: 'word' | 'op' | 'redir';
  word?: Word;
  /** The word starts with an unquoted `NAME=` (an assignment when it comes first). */
  assignment?: boolean;
  /** A here-string's word, whose substitutions run. */
  hereWord?: Word;
  op?: string;
  fd?: string | null;
  redirect?: Redirect;
}

interface PendingHeredoc {
  redirect: Redirect;
  delimiter: string;
  stripTabs: boolean;
}

export function lexFast(input: string): Script | null {
  try {
    return new Lexer(input, false).script();
  } catch (e) {
    if (e instanceof Bail) return null;
    throw e;
  }
}

export function lexLenient(input: string): Script {
  return new Lexer(input, true).script();
}

class Lexer {
  private i = 0;
  private depth = 0;
  private pending: PendingHeredoc[] = [];

  constructor(
    private readonly s: string,
    private readonly lenient: boolean,
  ) {}

  script(): Script {
    const toks = this.tokens(false);
    if (this.pending.length) this.unterminatedHeredocs();
    return build(toks, this.lenient ? 'lenient' : 'fast');
  }

  private bail(): never {
    throw new Bail();
  }

  /** Tokens up to the end of input, or (inside `$( )`) up to the matching `)`. */
  private tokens(inSubstitution: boolean): Tok[] {
    const { s } = this;
    const toks: Tok[] = [];
    while (this.i < s.length) {
      const c = s[this.i]!;
      if (c === ' ' || c === '\t' || c === '\r') { this.i++; continue; }
      if (c === '\\' && s[this.i + 1] === '\n') { this.i += 2; continue; }
      if (c === '\n') {
        toks.push({ kind: 'op', op: ';' });
        this.i++;
        if (this.pending.length) this.readHeredocBodies();
        continue;
      }
      if (c === ';') { toks.push({ kind: 'op', op: ';' }); this.i++; continue; }
      if (c === '#') { while (this.i < s.length && s[this.i] !== '\n') this.i++; continue; }
      if (c === ')' && inSubstitution) { this.i++; return toks; }
      if (c === '|' || c === '&') {
        const two = s.slice(this.i, this.i + 2);
        if (two === '||' || two === '&&' || two === '|&') { toks.push({ kind: 'op', op: two }); this.i += 2; continue; }
        if (c === '&' && s[this.i + 1] === '>') {
          const op = s[this.i + 2] === '>' ? '&>>' : '&>';
          this.i += op.length;
          toks.push(this.redirectToken(op, null));
          continue;
        }
        toks.push({ kind: 'op', op: c });
        this.i++;
        continue;
      }
      if (c === '(' || c === ')') {
        if (!this.lenient) this.bail();
        toks.push({ kind: 'op', op: ';' });
        this.i++;
        continue;
      }
      if (c === '<' || c === '>' || (c >= '0' && c <= '9')) {
        const m = REDIRECT_RE.exec(s.slice(this.i, this.i + 8));
        if (m && (c === '<' || c === '>' || m[1] !== '')) {
          const op = m[2]!;
          const after = s[this.i + m[0].length];
          if ((op === '<' || op === '>') && after === '(') { if (!this.lenient) this.bail(); }
          this.i += m[0].length;
          toks.push(this.redirectToken(op, m[1] === '' ? null : m[1]!));
          continue;
        }
      }
      const assignment = /^[A-Za-z_][A-Za-z0-9_]*(\[[^\]]*\])?\+?=/.test(s.slice(this.i, this.i + 256));
      const word = this.word();
      if (!word) { this.i++; continue; }
      toks.push({ kind: 'word', word, assignment });
    }
    if (inSubstitution && !this.lenient) this.bail(); // `$(` never closed
    return toks;
  }

  private redirectToken(op: string, fd: string | null): Tok {
    if (op === '<<' || op === '<<-') {
      while (this.s[this.i] === ' ' || this.s[this.i] === '\t') this.i++;
      const delim = this.word();
      if (!delim || delim.subs.length) { if (!this.lenient) this.bail(); return { kind: 'redir', op, fd }; }
      const redirect: Redirect = { op, fd, target: null, heredoc: { body: '', expands: !delim.quoted } };
      this.pending.push({ redirect, delimiter: delim.text, stripTabs: op === '<<-' });
      return { kind: 'redir', op, fd, redirect };
    }
    if (op === '<<<') {
      while (this.s[this.i] === ' ' || this.s[this.i] === '\t') this.i++;
      const w = this.word();
      const redirect: Redirect = { op, fd, target: null, heredoc: { body: w?.text ?? '', expands: !!w && !w.quoted } };
      return w ? { kind: 'redir', op, fd, redirect, hereWord: w } : { kind: 'redir', op, fd, redirect };
    }
    return { kind: 'redir', op, fd };
  }

  /** Reads the bodies of the heredocs opened on the line just ended. */
  private readHeredocBodies(): void {
    const { s } = this;
    for (const h of this.pending.splice(0)) {
      const lines: string[] = [];
      let found = false;
      while (this.i < s.length) {
        const nl = s.indexOf('\n', this.i);
        const end = nl < 0 ? s.length : nl;
        let line = s.slice(this.i, end);
        this.i = nl < 0 ? s.length : nl + 1;
        if (h.stripTabs) line = line.replace(/^\t+/, '');
        if (line === h.delimiter) { found = true; break; }
        lines.push(line);
      }
      if (!found && !this.lenient) this.bail();
      h.redirect.heredoc!.body = lines.length ? lines.join('\n') + '\n' : '';
    }
  }

  private unterminatedHeredocs(): void {
    if (!this.lenient) this.bail();
    this.pending = [];
  }

  /** One word (quotes removed, expansions kept literally), or null at a separator. */
  private word(): Word | null {
    const { s } = this;
    const start = this.i;
    const w: Word = { text: '', quoted: false, dynamic: false, glob: false, subs: [] };
    while (this.i < s.length && !WORD_END.has(s[this.i]!)) {
      const c = s[this.i]!;
      if (c === '\\') {
        if (this.i + 1 < s.length) { if (s[this.i + 1] !== '\n') w.text += s[this.i + 1]; this.i += 2; } else this.i++;
        continue;
      }
      if (c === "'") {
        w.quoted = true;
        const end = s.indexOf("'", this.i + 1);
        if (end < 0) { if (!this.lenient) this.bail(); w.text += s.slice(this.i + 1); this.i = s.length; break; }
        w.text += s.slice(this.i + 1, end);
        this.i = end + 1;
        continue;
      }
      if (c === '$' && s[this.i + 1] === "'") { this.ansiC(w); continue; }
      if (c === '"') { this.doubleQuoted(w); continue; }
      if (c === '`') { this.backtick(w); continue; }
      if (c === '$') {
        const d = s[this.i + 1] ?? '';
        if (d === '(') { this.substitution(w); continue; }
        if (/[A-Za-z_{@*#?$!0-9-]/.test(d)) w.dynamic = true;
      }
      if (c === '{' && w.text === '' && !this.lenient && (this.i + 1 >= s.length || WORD_END.has(s[this.i + 1]!))) this.bail(); // a group
      if (c === '*' || c === '?' || c === '[') w.glob = true;
      w.text += c;
      this.i++;
    }
    return this.i === start ? null : w;
  }

  private ansiC(w: Word): void {
    const { s } = this;
    w.quoted = true;
    let j = this.i + 2;
    let raw = '';
    while (j < s.length && s[j] !== "'") {
      if (s[j] === '\\' && j + 1 < s.length) { raw += s.slice(j, j + 2); j += 2; } else { raw += s[j]; j++; }
    }
    if (j >= s.length && !this.lenient) this.bail();
    w.text += decodeAnsiC(raw);
    this.i = j + 1;
  }

  private doubleQuoted(w: Word): void {
    const { s } = this;
    w.quoted = true;
    this.i++;
    while (this.i < s.length && s[this.i] !== '"') {
      const d = s[this.i]!;
      if (d === '\\' && this.i + 1 < s.length && '"\\$`\n'.includes(s[this.i + 1]!)) {
        if (s[this.i + 1] !== '\n') w.text += s[this.i + 1];
        this.i += 2;
        continue;
      }
      if (d === '`') { this.backtick(w); continue; }
      if (d === '$' && s[this.i + 1] === '(') { this.substitution(w); continue; }
      if (d === '$' && /[A-Za-z_{@*#?$!0-9-]/.test(s[this.i + 1] ?? '')) w.dynamic = true;
      w.text += d;
      this.i++;
    }
    if (this.i >= s.length && !this.lenient) this.bail();
    this.i++;
  }

  /** `$( … )`: lexed recursively (heredocs inside included); `$(( … ))` arithmetic is left to the grammar. */
  private substitution(w: Word): void {
    const { s } = this;
    if (s[this.i + 2] === '(' && !this.lenient) this.bail();
    if (++this.depth > MAX_NESTING) this.bail();
    const start = this.i;
    this.i += 2;
    const outerPending = this.pending;
    this.pending = [];
    const toks = this.tokens(true);
    if (this.pending.length) this.unterminatedHeredocs();
    this.pending = outerPending;
    this.depth--;
    w.subs.push(build(toks, this.lenient ? 'lenient' : 'fast'));
    w.dynamic = true;
    w.text += s.slice(start, this.i);
  }

  /** Backticks: the text up to the closing backtick (with `\`` unescaped) is a script of its own. */
  private backtick(w: Word): void {
    const { s } = this;
    let j = this.i + 1;
    let inner = '';
    while (j < s.length && s[j] !== '`') {
      if (s[j] === '\\' && (s[j + 1] === '`' || s[j + 1] === '\\' || s[j + 1] === '$')) { inner += s[j + 1]; j += 2; continue; }
      inner += s[j];
      j++;
    }
    if (j >= s.length && !this.lenient) this.bail();
    if (++this.depth > MAX_NESTING) this.bail();
    const sub = new Lexer(inner, this.lenient);
    sub.depth = this.depth;
    w.subs.push(sub.script());
    this.depth--;
    w.dynamic = true;
    w.text += s.slice(this.i, j + 1);
    this.i = j + 1;
  }
}

/** The value of a `$'…'` string's body: \n \t \xHH \NNN \uHHHH … decoded as bash does. */
export function decodeAnsiC(raw: string): string {
  const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v', e: '\x1b', E: '\x1b', '\\': '\\', "'": "'", '"': '"', '?': '?' };
  return raw.replace(/\\(x[0-9a-fA-F]{1,2}|u[0-9a-fA-F]{1,4}|U[0-9a-fA-F]{1,8}|[0-7]{1,3}|c.|.)/g, (m, e: string) => {
    if (/^x/.test(e)) return String.fromCharCode(parseInt(e.slice(1), 16));
    if (/^[uU]/.test(e)) return String.fromCodePoint(parseInt(e.slice(1), 16));
    if (/^[0-7]/.test(e)) return String.fromCharCode(parseInt(e, 8) & 0xff);
    if (/^c/.test(e)) return String.fromCharCode(e.charCodeAt(1) & 0x1f);
    return simple[e] ?? m;
  });
}

const ASSIGNMENT_RE = /^[A-Za-z_][A-Za-z0-9_]*(\[[^\]]*\])?\+?=/;

function build(toks: Tok[], parser: Script['parser']): Script {
  const pipelines: Pipeline[] = [];
  const nested: Pipeline[] = [];
  const functions: Script['functions'] = [];
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
  const keepSubs = (w: Word | null | undefined) => {
    for (const sub of w?.subs ?? []) {
      for (const p of sub.pipelines) nested.push({ commands: p.commands, origin: p.origin === 'top' ? 'substitution' : p.origin });
      functions.push(...sub.functions);
    }
  };
  for (let k = 0; k < toks.length; k++) {
    const t = toks[k]!;
    if (t.kind === 'op') {
      if (t.op === '|' || t.op === '|&') endCommand();
      else endPipeline();
      continue;
    }
    if (t.kind === 'redir') {
      if (t.redirect) { cmd.redirects.push(t.redirect); keepSubs(t.hereWord); continue; }
      const next = toks[k + 1];
      const target = next?.kind === 'word' ? next.word! : null;
      if (target) k++;
      keepSubs(target);
      cmd.redirects.push({ op: t.op!, fd: t.fd ?? null, target });
      continue;
    }
    const w = t.word!;
    keepSubs(w);
    if (cmd.words.length === 0) {
      if (t.assignment && ASSIGNMENT_RE.test(w.text)) {
        const eq = w.text.indexOf('=');
        cmd.assignments.push({ name: w.text.slice(0, eq).replace(/\+$/, ''), value: { ...w, text: w.text.slice(eq + 1) } });
        continue;
      }
      if (!lenient && !w.quoted && KEYWORDS.has(w.text)) throw new Bail();
      if (!lenient && !w.quoted && /^[A-Za-z_][\w-]*\(\)$/.test(w.text)) throw new Bail();
      if (!lenient && !w.quoted && w.text === '!') throw new Bail();
    }
    cmd.words.push(w);
  }
  endPipeline();
  return { pipelines: [...pipelines, ...nested], functions, hadErrors: false, parser };
}

function emptyCommand(): Command {
  return { words: [], assignments: [], redirects: [] };
}
