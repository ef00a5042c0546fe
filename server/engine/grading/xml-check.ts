/**
 * A small XML well-formedness check (no dependencies, no DTD processing): one root element, tags
 * properly nested and closed, attributes quoted and unique, entity references valid, no markup
 * characters loose in text. Enough to tell XML from not-XML; not a validating parser.
 */

export type XmlCheck = { ok: true; root: string } | { ok: false; problem: string; line: number };

// Sticky (y) patterns, matched in place with lastIndex: no slicing of the rest of the document per tag.
const NAME = /[A-Za-z_:\u00C0-\uFFFF][\w.:\u00B7\u00C0-\uFFFF-]*/y;
const ATTRIBUTE = /([A-Za-z_:\u00C0-\uFFFF][\w.:\u00B7\u00C0-\uFFFF-]*)\s*=\s*("[^"<]*"|'[^'<]*')/y;
const SPACE = /\s*/y;
const CLOSE = /\s*>/y;
const ENTITY = /^&(?:[A-Za-z_][\w.-]*|#\d+|#x[0-9A-Fa-f]+);/;

function matchAt(re: RegExp, s: string, at: number): RegExpExecArray | null {
  re.lastIndex = at;
  return re.exec(s);
}

/**
 * Checks that `text` is a well-formed XML document.
 *
 * @example
 * checkXml('<a><b x="1"/></a>') // → { ok: true, root: 'a' }
 * checkXml('<a><b></a>')        // → { ok: false, problem: 'expected </b>, found </a>', line: 1 }
 */
export function checkXml(text: string): XmlCheck {
  const s = text.replace(/^\uFEFF/, '');
  const stack: string[] = [];
  let root: string | undefined;
  let closedRoot = false;
  let i = 0;
  const problem = (p: string): XmlCheck => ({ ok: false, problem: p, line: lineAt(s, i) });

  while (i < s.length) {
    const lt = s.indexOf('<', i);
    const textEnd = lt === -1 ? s.length : lt;
    const textProblem = checkText(s.slice(i, textEnd), stack.length > 0);
    if (textProblem) return problem(textProblem);
    if (lt === -1) break;
    i = lt;
    if (s.startsWith('<?', i)) {
      const end = s.indexOf('?>', i + 2);
      if (end === -1) return problem('unterminated processing instruction');
      if (s.startsWith('<?xml', i) && /^<\?xml\s/.test(s.slice(i, i + 6)) && (i !== 0 || root !== undefined)) return problem('XML declaration not at the start');
      i = end + 2;
    } else if (s.startsWith('<!--', i)) {
      const end = s.indexOf('-->', i + 4);
      if (end === -1) return problem('unterminated comment');
      i = end + 3;
    } else if (s.startsWith('<![CDATA[', i)) {
      if (stack.length === 0) return problem('CDATA outside the root element');
      const end = s.indexOf(']]>', i + 9);
      if (end === -1) return problem('unterminated CDATA section');
      i = end + 3;
    } else if (s.startsWith('<!DOCTYPE', i)) {
      if (root !== undefined) return problem('DOCTYPE after the root element');
      const end = doctypeEnd(s, i);
      if (end === -1) return problem('unterminated DOCTYPE');
      i = end;
    } else if (s.startsWith('</', i)) {
      const name = matchAt(NAME, s, i + 2)?.[0];
      if (!name) return problem('invalid closing tag');
      const after = i + 2 + name.length;
      const gt = matchAt(CLOSE, s, after);
      if (!gt) return problem(`malformed closing tag </${name}`);
      const open = stack.pop();
      if (open !== name) return problem(open === undefined ? `unexpected </${name}>` : `expected </${open}>, found </${name}>`);
      if (stack.length === 0) closedRoot = true;
      i = after + gt[0].length;
    } else {
      const name = matchAt(NAME, s, i + 1)?.[0];
      if (!name) return problem("'<' that does not start a tag");
      if (closedRoot || (root !== undefined && stack.length === 0)) return problem(`second root element <${name}>`);
      root ??= name;
      const tag = readAttributes(s, i + 1 + name.length);
      if (typeof tag === 'string') return problem(`${tag} in <${name}>`);
      if (!tag.selfClosing) stack.push(name);
      else if (stack.length === 0) closedRoot = true;
      i = tag.end;
    }
  }
  if (stack.length) return problem(`unclosed <${stack[stack.length - 1]}>`);
  if (root === undefined) return { ok: false, problem: 'no root element', line: 1 };
  return { ok: true, root };
}

/** Text must be whitespace outside the root; inside, '&' must start an entity and ']]>' is not allowed. */
function checkText(t: string, insideRoot: boolean): string | null {
  if (!insideRoot) return /\S/.test(t) ? 'text outside the root element' : null;
  for (let amp = t.indexOf('&'); amp !== -1; amp = t.indexOf('&', amp + 1)) {
    if (!ENTITY.test(t.slice(amp, amp + 40))) return "'&' that does not start an entity reference";
  }
  return t.includes(']]>') ? "']]>' in text" : null;
}

function readAttributes(s: string, start: number): { end: number; selfClosing: boolean } | string {
  const seen = new Set<string>();
  let i = start;
  for (;;) {
    const ws = matchAt(SPACE, s, i)?.[0].length ?? 0;
    i += ws;
    if (s.startsWith('/>', i)) return { end: i + 2, selfClosing: true };
    if (s[i] === '>') return { end: i + 1, selfClosing: false };
    if (i >= s.length) return 'unterminated tag';
    if (ws === 0) return 'missing space before an attribute';
    const m = matchAt(ATTRIBUTE, s, i);
    if (!m) return 'malformed attribute';
    const name = m[1] as string;
    if (seen.has(name)) return `duplicate attribute "${name}"`;
    seen.add(name);
    const value = (m[2] as string).slice(1, -1);
    for (let amp = value.indexOf('&'); amp !== -1; amp = value.indexOf('&', amp + 1)) {
      if (!ENTITY.test(value.slice(amp, amp + 40))) return `'&' in attribute "${name}" that does not start an entity reference`;
    }
    i += m[0].length;
  }
}

/** End of a DOCTYPE, past an internal subset in brackets and quoted literals. */
function doctypeEnd(s: string, start: number): number {
  let depth = 0;
  for (let i = start + 9; i < s.length; i++) {
    const c = s[i];
    if (c === '"' || c === "'") {
      const close = s.indexOf(c, i + 1);
      if (close === -1) return -1;
      i = close;
    } else if (c === '[') depth++;
    else if (c === ']') depth--;
    else if (c === '>' && depth <= 0) return i + 1;
  }
  return -1;
}

function lineAt(s: string, index: number): number {
  let line = 1;
  for (let i = s.indexOf('\n'); i !== -1 && i < index; i = s.indexOf('\n', i + 1)) line++;
  return line;
}
