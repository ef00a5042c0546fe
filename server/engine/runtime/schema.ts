/**
 * zod for the surfaces' input schemas (hook stdin, CLI batch lines). The tree-shakable "mini" API costs
 * ~1.5 ms to load in a hook process, the classic API ~4 ms; mini ships without messages, so the English
 * ones are installed here ("Invalid input: expected record, received string").
 */
import * as z from 'zod/v4-mini';
import en from 'zod/v4/locales/en.js';

z.config(en());

export { z };

/** `path: message; …` for the first few issues, e.g. `tool_input: Invalid input: expected record, received string`. */
export function describeIssues(error: { issues: ReadonlyArray<{ path: readonly PropertyKey[]; message: string }> }): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.length ? i.path.map(String).join('.') : '(root)'}: ${i.message}`)
    .join('; ');
}
