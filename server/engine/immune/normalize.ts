/**
 * Text normalisation for the immune system: the same mistake made on another file, line, id or day must
 * look the same. `normalizeText` gives the canonical text (summaries), `normalizeForSignature` the text
 * signatures are built from, `tokenize` the word tokens the matcher compares. All three redact secrets
 * first. Pure; no dependency beyond redact().
 */
import { redact } from '../redact.js';

/** At most this many tokens per text (the matcher's vectors stay small). */
export const MAX_TOKENS = 64;

type Mode = 'text' | 'signature' | 'tokens';

const REDACTED = /«redacted:[a-z-]+»/g;
const URL = /\b[a-z][a-z0-9+.-]*:\/\/[^\s'"`<>()[\]{}]+/g;
const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g;
const TIMESTAMP = /\b\d{4}-\d{2}-\d{2}(?:[t ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:z|[+-]\d{2}:?\d{2})?)?\b|\b\d{1,2}:\d{2}:\d{2}(?:[.,]\d+)?\b/g;
/** Absolute paths (POSIX, home-relative, Windows); a slash after a word character ("and/or", "src/x") is not one. */
const ABS_PATH = /(?<![\w.:/\\-])(?:~|[a-z]:)?[/\\](?:[\w.@%+=-]+[/\\])*[\w.@%+=-]*/g;
/** Quoted literals; a single quote after a word character is an apostrophe ("don't"), not a literal. */
const QUOTED = /(?<!\w)"(?:[^"\\\n]|\\.)*"(?!\s*:)|(?<!\w)'(?:[^'\\\n]|\\.)*'(?!\w)/g;
/** Hex ids: 0x…, or 7+ hex characters with at least one digit and one letter (git SHAs, hashes). */
const HEX = /\b0x[0-9a-f]+\b|\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{7,}\b/g;
const NUMBER = /\b\d+(?:[.,]\d+)*\b/g;
const IDENTIFIER = /^[^\s"'`]{1,40}$/;

const STOP_WORDS = new Set(
  ('a about above after again all also am an and any are as at be been before being below between both but by can cannot could did do does ' +
    'doing done during each either else etc for from further had has have having he her here hers him his how however i if in into is it its ' +
    'itself just let lets me might more most must my myself no nor not now of off ok okay on once only or other our ours out over own please ' +
    'same shall she should so some such than thank thanks that the their theirs them then there these they this those through to too under ' +
    'until up upon us very via was we were what when where whether which while who whom why will with within without would yes yet you your ' +
    'yours want need sure try make don doesn didn isn aren wasn weren won wouldn couldn shouldn haven hasn still really actually maybe')
    .split(' '),
);

/** The last path segments kept as tokens: "…/src/auth/login.test.ts" says "auth login test ts". */
const PATH_SEGMENTS_KEPT = 2;

function normalizePath(path: string, mode: Mode): string {
  const parts = path.split(/[/\\]+/).filter((s) => s !== '' && s !== '~' && !/^[a-z]:$/.test(s));
  if (mode === 'tokens') return ` ${parts.slice(-PATH_SEGMENTS_KEPT).join('/')} `;
  // The directory of an absolute path varies by machine and checkout; the file name is the telling part.
  return parts.length <= 1 ? path : `<path>/${parts[parts.length - 1]}`;
}

function normalizeUrl(url: string, mode: Mode): string {
  if (mode !== 'tokens') return '<url>';
  const m = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/]*@)?([^/:?#]*)(?::\d+)?([^?#]*)/.exec(url);
  return m ? ` ${m[1] ?? ''} ${(m[2] ?? '').replace(/\//g, ' ')} ` : ' ';
}

function quoted(literal: string, mode: Mode): string {
  const inner = literal.slice(1, -1);
  // A quoted error message is often the most telling part of a prompt: its words stay tokens.
  if (mode === 'tokens') return ` ${inner} `;
  // In a signature, a quoted identifier (a repo, a label, a key) names the target; prose (a commit
  // message, a title) is what varies between recurrences.
  if (mode === 'signature' && IDENTIFIER.test(inner)) return inner;
  return '<str>';
}

function normalize(text: string, mode: Mode): string {
  const drop = (placeholder: string) => (mode === 'tokens' ? ' ' : placeholder);
  let s = redact(text).toLowerCase();
  s = s.replace(REDACTED, drop('<secret>'));
  s = s.replace(URL, (u) => normalizeUrl(u, mode));
  s = s.replace(ABS_PATH, (p) => (p.length <= 1 ? p : normalizePath(p, mode)));
  s = s.replace(UUID, drop('<uuid>'));
  s = s.replace(TIMESTAMP, drop('<ts>'));
  s = s.replace(QUOTED, (q) => quoted(q, mode));
  s = s.replace(HEX, drop('<hex>'));
  s = s.replace(NUMBER, drop('<n>'));
  return s.replace(/\s+/g, ' ').trim();
}

/**
 * Redacts, lower-cases and replaces what varies between recurrences of one mistake with placeholders:
 * URLs `<url>`, UUIDs `<uuid>`, timestamps `<ts>`, an absolute path's directory `<path>/`, quoted
 * literals `<str>`, hex ids `<hex>`, numbers `<n>`; whitespace collapsed.
 *
 * @example
 * normalizeText('FAIL /home/ana/shop/test/auth.test.ts:42:7 expected "ok" at 2025-03-01T10:00:00Z')
 * // → 'fail <path>/auth.test.ts:<n>:<n> expected <str> at <ts>'
 */
export function normalizeText(text: string): string {
  return normalize(text, 'text');
}

/**
 * `normalizeText`, except that a quoted identifier (no whitespace, at most 40 characters) is kept:
 * what signatures are built from.
 *
 * @example
 * normalizeForSignature('gh label add "flaky-test" -m "a long message"') // → 'gh label add flaky-test -m <str>'
 */
export function normalizeForSignature(text: string): string {
  return normalize(text, 'signature');
}

/**
 * Strips common English inflections so "tests", "testing" and "tested" compare as one word.
 *
 * @example
 * [stem('failing'), stem('dependencies'), stem('linter'), stem('eslintrc')] // → ['fail', 'dependency', 'lint', 'eslint']
 */
export function stem(word: string): string {
  let w = word;
  if (w.length <= 3) return w;
  if (w.endsWith('ies') && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.endsWith('s') && !/(?:ss|us|is)$/.test(w)) w = w.slice(0, -1);
  const root = (n: number) => w.slice(0, -n);
  if (w.endsWith('ing') && w.length >= 6 && /[aeiouy]/.test(root(3))) w = undouble(root(3));
  else if (w.endsWith('ed') && !w.endsWith('eed') && w.length >= 5 && /[aeiouy]/.test(root(2))) w = undouble(root(2));
  else if (w.endsWith('er') && w.length >= 6) w = undouble(root(2));
  // A run-commands file is about its tool: ".eslintrc" is eslint's config.
  else if (w.endsWith('rc') && w.length >= 5) w = root(2);
  if (w.endsWith('e') && w.length > 4) w = w.slice(0, -1);
  return w;
}

function undouble(w: string): string {
  const last = w[w.length - 1] ?? '';
  return w.length > 2 && last === w[w.length - 2] && !/[aeiouylsz]/.test(last) ? w.slice(0, -1) : w;
}

/**
 * The normalised word tokens of `text`: split on anything but letters and digits, placeholders and stop
 * words dropped, lightly stemmed, deduplicated in order of first appearance, at most `max` (64).
 * Path directories are cut to their last segments, URLs to host and path words, quoted literals keep
 * their words.
 *
 * @example
 * tokenize('Run the auth tests and fix the failing login case')
 * // → ['run', 'auth', 'test', 'fix', 'fail', 'login', 'case']
 */
export function tokenize(text: string, max = MAX_TOKENS): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const raw of normalize(text, 'tokens').split(/[^a-z0-9]+/)) {
    if (raw.length < 2 || /^\d+$/.test(raw) || STOP_WORDS.has(raw)) continue;
    const t = stem(raw);
    if (t.length < 2 || STOP_WORDS.has(t) || seen.has(t)) continue;
    seen.add(t);
    out.push(t);
    if (out.length >= max) break;
  }
  return out;
}
