/**
 * validate_code: real syntax checking with tree-sitter grammars (Python, JavaScript, TypeScript, bash)
 * or a strict JSON checker, plus warnings from the syntax tree. The result is plain JSON.
 */
import type { ClassifyContext } from '../policy/types.js';
import { bashWarnings } from './bash-rules.js';
import { parserFor } from './grammars.js';
import { jsWarnings } from './js-rules.js';
import { checkJson } from './json.js';
import { pythonWarnings } from './python-rules.js';
import { syntaxErrors } from './syntax.js';
import type { CodeCheck, CodeIssue, CodeLanguage } from './types.js';

/** Code longer than this (characters) is refused rather than parsed. */
export const MAX_CODE_CHARS = 1_000_000;
export const LANGUAGES: readonly CodeLanguage[] = ['python', 'javascript', 'typescript', 'json', 'bash'];
const ALIASES: Record<string, CodeLanguage> = { py: 'python', python3: 'python', js: 'javascript', node: 'javascript', ts: 'typescript', sh: 'bash', shell: 'bash' };

/** Bad input to validateCode (not a problem in the code itself). */
export class CodeCheckError extends Error {
  override readonly name = 'CodeCheckError';
}

export interface ValidateOptions {
  code: string;
  /** One of LANGUAGES (aliases: py, js, ts, sh, shell). */
  language: string;
  /** For bash: the context the classifier judges commands in; default: this process's cwd, home and policy. */
  ctx?: ClassifyContext;
}

const HINTS: Record<string, string> = {
  UNCLOSED_BRACKET: 'Check for unclosed parentheses, brackets or braces',
  EXPECTED_COLON: 'Add the ":" at the end of the def/class/if/for/while header',
  EXPECTED_INDENT: 'Indent the body of the block under its header (write "pass" for an empty one)',
  MISSING_TOKEN: 'Insert the token the parser reports as missing',
  JSON_ERROR: 'JSON allows no comments, trailing commas, single quotes or unquoted keys',
  DUPLICATE_KEY: 'Remove the duplicate keys: only the last value is kept',
  BARE_EXCEPT: 'Specify the exception type: except Exception:',
  HARDCODED_SECRET: 'Move secrets to environment variables or a secret store, and rotate any that were committed',
  EVAL_USAGE: 'Replace eval/exec/new Function with a parser or an explicit dispatch table',
  OS_SYSTEM: 'Use subprocess.run([...], check=True) with a list of arguments instead of os.system',
  SHELL_TRUE: 'Drop shell=True and pass the command as a list of arguments',
  PICKLE_LOADS: 'Never unpickle untrusted data; use json or another data-only format',
  LOOSE_EQUALITY: 'Use === and !== (== null is fine for "null or undefined")',
  VAR_USAGE: 'Replace var with const (or let when the variable is reassigned)',
  ANY_TYPE: 'Replace any with a precise type or unknown',
  DEBUGGER: 'Remove debugger statements before committing',
  SHELL_DENY: 'Remove or rewrite the commands the safety gate would deny: they will not run',
  SHELL_ASK: 'Commands marked SHELL_ASK will wait for a human approval when run',
};

function suggestionsFor(errors: CodeIssue[], warnings: CodeIssue[]): string[] {
  const out: string[] = [];
  const first = errors[0];
  if (first) out.push(`Fix ${errors.length} error(s) before running the code (the first is at line ${first.line}, column ${first.column})`);
  if (warnings.length) out.push(`Address ${warnings.length} warning(s) for better code quality and safety`);
  for (const i of [...errors, ...warnings]) {
    const hint = HINTS[i.code];
    if (hint && !out.includes(hint)) out.push(hint);
  }
  return out.slice(0, 5);
}

function languageOf(value: unknown): CodeLanguage {
  const key = String(value ?? '').trim().toLowerCase();
  const lang = (LANGUAGES as readonly string[]).includes(key) ? (key as CodeLanguage) : ALIASES[key];
  if (!lang) throw new CodeCheckError(`language: expected one of ${LANGUAGES.join(', ')}, got ${JSON.stringify(value)}`);
  return lang;
}

async function defaultContext(): Promise<ClassifyContext> {
  const { buildContext, processFacts } = await import('../runtime/context.js');
  return buildContext(processFacts());
}

async function treeCheck(code: string, lang: Exclude<CodeLanguage, 'json'>, ctx?: ClassifyContext): Promise<{ errors: CodeIssue[]; warnings: CodeIssue[] }> {
  const tree = (await parserFor(lang)).parse(code);
  if (!tree) throw new Error(`the ${lang} parser returned no tree`);
  try {
    const root = tree.rootNode;
    const errors = syntaxErrors(root, lang);
    const warnings =
      lang === 'python' ? pythonWarnings(root)
      : lang === 'bash' ? await bashWarnings(root, ctx ?? (await defaultContext()))
      : jsWarnings(root, lang === 'typescript');
    return { errors, warnings };
  } finally {
    tree.delete();
  }
}

/**
 * Check code for syntax errors and risky constructs. Throws CodeCheckError for bad input (unknown
 * language, not a string, too long); problems in the code are in the result.
 *
 * @example
 * await validateCode({ code: 'def f(x)\n    return x\n', language: 'python' })
 * // → { valid: false, errors: [{ line: 1, column: 9, code: 'EXPECTED_COLON', message: 'expected ":" at the end of the def header' }], warnings: [], suggestions: [...] }
 */
export async function validateCode(opts: ValidateOptions): Promise<CodeCheck> {
  const language = languageOf(opts?.language);
  const code = opts.code;
  if (typeof code !== 'string') throw new CodeCheckError(`code: must be a string, got ${code === null ? 'null' : typeof code}`);
  if (code.length > MAX_CODE_CHARS) throw new CodeCheckError(`code: ${code.length} characters is more than the ${MAX_CODE_CHARS} checked at once; split it`);
  const { errors, warnings } = language === 'json' ? checkJson(code) : await treeCheck(code, language, opts.ctx);
  const byPlace = (a: CodeIssue, b: CodeIssue) => a.line - b.line || a.column - b.column;
  errors.sort(byPlace);
  warnings.sort(byPlace);
  return { valid: errors.length === 0, errors, warnings, suggestions: suggestionsFor(errors, warnings) };
}
