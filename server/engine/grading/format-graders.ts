/**
 * Cheap format checks: is-xml (well-formed, see xml-check.ts) and is-sql (conservative: starts with a
 * SQL keyword after comments, quotes and parentheses balanced). A ```xml / ```sql fence is unwrapped
 * first, as is-json does with ```json.
 */
import { defineGrader, type BuiltGrader, type GraderOptions } from './grader.js';
import { fail, pass, toText } from './result.js';
import { checkXml } from './xml-check.js';

/** The body of the first fence labelled `lang` (or unlabelled), else the text. */
function unfence(text: string, lang: string): string {
  if (!text.includes('```')) return text.trim();
  const m = new RegExp('```(?:' + lang + ')?[ \\t]*\\r?\\n([\\s\\S]*?)```', 'i').exec(text);
  return (m?.[1] ?? text).trim();
}

/**
 * @example
 * await isXml().grade('<note><to>A</to></note>', {}) // → { passed: true, reason: 'Output is well-formed XML (root <note>)' }
 */
export function isXml(opts: GraderOptions = {}): BuiltGrader {
  return defineGrader('is-xml', opts, (output, _ctx, name) => {
    const check = checkXml(unfence(toText(output), 'xml'));
    if (check.ok) return pass(name, `Output is well-formed XML (root <${check.root}>)`, { metadata: { root: check.root } });
    return fail(name, `Output is not well-formed XML: ${check.problem} (line ${check.line})`, 'pattern_mismatch', { metadata: { line: check.line } });
  });
}

const SQL_START = new RegExp(
  '^(?:SELECT|INSERT|UPDATE|DELETE|WITH|CREATE|ALTER|DROP|TRUNCATE|MERGE|REPLACE|UPSERT|GRANT|REVOKE|EXPLAIN|DESCRIBE|DESC|SHOW|USE|SET|BEGIN|START|COMMIT|ROLLBACK|SAVEPOINT|RELEASE|VALUES|CALL|EXEC|EXECUTE|DECLARE|PRAGMA|ANALYZE|VACUUM|COPY|LOCK|COMMENT|REINDEX|REFRESH|TABLE)\\b',
  'i',
);

export type SqlCheck = { ok: true; keyword: string } | { ok: false; problem: string };

/**
 * A conservative SQL shape check, not a parser: after leading comments the text starts with a SQL
 * keyword; string literals ('…' with '' or, MySQL-style, backslash escapes), quoted identifiers ("…", `…`)
 * and block comments are closed; parentheses balance outside them.
 *
 * @example
 * checkSql("SELECT name FROM users WHERE id IN (1, 2) AND note = 'it''s'") // → { ok: true, keyword: 'SELECT' }
 * checkSql('SELECT (1')                                                   // → { ok: false, problem: 'unbalanced parentheses (1 unclosed)' }
 */
export function checkSql(text: string): SqlCheck {
  const body = stripLeadingComments(text);
  const keyword = SQL_START.exec(body)?.[0];
  if (!keyword) return { ok: false, problem: 'does not start with a SQL keyword' };
  // Standard SQL escapes a quote by doubling it; MySQL also takes a backslash. Either reading may pass.
  const problem = scanSql(body, false);
  if (problem && scanSql(body, true) !== null) return { ok: false, problem };
  return { ok: true, keyword: keyword.toUpperCase() };
}

/** The first structural problem, or null. */
function scanSql(body: string, backslashEscapes: boolean): string | null {
  let depth = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    const next = body[i + 1];
    if (c === "'" || c === '"' || c === '`') {
      const end = closeQuote(body, i, c, backslashEscapes && c === "'");
      if (end === -1) return c === "'" ? 'unterminated string literal' : `unterminated ${c}quoted${c} identifier`;
      i = end;
    } else if (c === '-' && next === '-') {
      const nl = body.indexOf('\n', i);
      i = nl === -1 ? body.length : nl;
    } else if (c === '/' && next === '*') {
      const end = body.indexOf('*/', i + 2);
      if (end === -1) return 'unterminated block comment';
      i = end + 1;
    } else if (c === '(') depth++;
    else if (c === ')' && --depth < 0) return "unbalanced parentheses (')' without '(')";
  }
  return depth > 0 ? `unbalanced parentheses (${depth} unclosed)` : null;
}

/** Index of the quote closing the one at `start` (a doubled quote is an escaped one), or -1. */
function closeQuote(s: string, start: number, q: string, backslashEscapes: boolean): number {
  for (let i = start + 1; i < s.length; i++) {
    if (backslashEscapes && s[i] === '\\') i++;
    else if (s[i] === q) {
      if (s[i + 1] === q) i++;
      else return i;
    }
  }
  return -1;
}

function stripLeadingComments(text: string): string {
  let s = text.trim();
  for (;;) {
    if (s.startsWith('--')) {
      const nl = s.indexOf('\n');
      s = nl === -1 ? '' : s.slice(nl + 1).trimStart();
    } else if (s.startsWith('/*')) {
      const end = s.indexOf('*/');
      s = end === -1 ? '' : s.slice(end + 2).trimStart();
    } else return s;
  }
}

/**
 * @example
 * await isSql().grade('```sql\nSELECT 1;\n```', {}) // → { passed: true, reason: 'Output looks like SQL (SELECT …)' }
 */
export function isSql(opts: GraderOptions = {}): BuiltGrader {
  return defineGrader('is-sql', opts, (output, _ctx, name) => {
    const check = checkSql(unfence(toText(output), 'sql'));
    if (check.ok) return pass(name, `Output looks like SQL (${check.keyword} …)`);
    return fail(name, `Output is not SQL: ${check.problem}`, 'pattern_mismatch');
  });
}
