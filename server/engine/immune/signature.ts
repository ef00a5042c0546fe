/**
 * A failure's identity: which occurrences are "the same mistake again" and merge into one pattern. Stable
 * across machines and runs: built from normalised text only, so a recurrence on another line, with another
 * id, on another day or with the same file in another directory has the same signature.
 */
import { builtin } from '../runtime/builtin.js';
import type { FailureType } from '../grading/types.js';
import { normalizeForSignature } from './normalize.js';

/** Words of the normalised input that make up its fingerprint: the command and its shape, not its payload. */
export const FINGERPRINT_WORDS = 10;

/** A path: "<path>/login.test.ts", "src/auth/login.ts", "./x.json" (its directories vary, its file name is kept). */
const PATH = /(?:[\w.@%+=<>-]*\/)+([\w.@%+=<>-]*)/g;

/**
 * The input's fingerprint: normalised (numbers, ids, quoted prose, an absolute path's directory masked;
 * quoted identifiers kept), every path cut to its file name, then its first 10 words. A recurrence in
 * another checkout, on another line or with another id has the same fingerprint; a failure in a file of
 * another name (another test file, another JSON document) does not: that is another mistake.
 *
 * @example
 * inputFingerprint('npx vitest run /home/ana/shop/test/auth/login.test.ts:42 --reporter dot')
 * // → 'npx vitest run login test ts reporter dot'
 */
export function inputFingerprint(input: string): string {
  const text = normalizeForSignature(input).replace(PATH, (_m, base: string) => ` ${base} `);
  const words: string[] = [];
  for (const w of text.replace(/<[a-z]+>/g, ' ').split(/[^a-z0-9_]+/)) {
    if (w === '') continue;
    words.push(w);
    if (words.length >= FINGERPRINT_WORDS) break;
  }
  return words.join(' ');
}

/**
 * The stable key of a failure: project, operation, failure type and the input's fingerprint (a JSON array,
 * so no field can run into the next). The project is part of it: the same mistake in two projects is two
 * lessons, each shown only in its own project.
 *
 * @example
 * patternSignature({ project: '/p', operation: 'Bash:npm test', failureType: 'test_failure', input: 'npm test -- a.test.ts:3' })
 * // → '["/p","Bash:npm test","test_failure","npm test a test ts"]'
 */
export function patternSignature(o: { project: string; operation: string; failureType: FailureType; input: string }): string {
  return JSON.stringify([o.project, o.operation, o.failureType, inputFingerprint(o.input)]);
}

/**
 * A pattern's id: the first 16 hex digits of the signature's SHA-256. node:crypto is loaded on the first
 * call, not on import: the PostToolUse hook imports this module for `patternSignature` alone.
 *
 * @example
 * patternId('["/p","Bash:npm test","test_failure","npm test a test ts"]') // → 16 hex characters, always the same
 */
export function patternId(signature: string): string {
  return builtin<typeof import('node:crypto')>('node:crypto').createHash('sha256').update(signature).digest('hex').slice(0, 16);
}
