/**
 * JSON with comments (tsconfig.json, .vscode/settings.json): `//` and `/* *\/` comments and trailing
 * commas are allowed. Stripping keeps every other character where it was, so a parse error's
 * position still points into the original text.
 */
import { parseJson, type JsonParse } from './json-text.js';

/**
 * Replaces comments with spaces (newlines kept) and drops trailing commas before `}` / `]`.
 *
 * @example
 * stripJsonc('{ "a": 1, // one\n}') // → '{ "a": 1        \n}' (the comma and the comment blanked)
 */
export function stripJsonc(text: string): string {
  let out = '';
  let i = 0;
  let pendingComma = -1; // index in `out` of a comma that may turn out to be trailing
  while (i < text.length) {
    const c = text[i] as string;
    const next = text[i + 1];
    if (c === '"') {
      const end = stringEnd(text, i);
      out += text.slice(i, end);
      i = end;
      pendingComma = -1;
    } else if (c === '/' && next === '/') {
      const end = text.indexOf('\n', i);
      const stop = end === -1 ? text.length : end;
      out += ' '.repeat(stop - i);
      i = stop;
    } else if (c === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end === -1 ? text.length : end + 2;
      out += text.slice(i, stop).replace(/[^\n]/g, ' ');
      i = stop;
    } else {
      if (c === ',') pendingComma = out.length;
      else if ((c === '}' || c === ']') && pendingComma !== -1) out = `${out.slice(0, pendingComma)} ${out.slice(pendingComma + 1)}`;
      if (c !== ',' && !/\s/.test(c)) pendingComma = -1;
      out += c;
      i++;
    }
  }
  return out;
}

/** Index just past the string literal starting at `start` (an unterminated string runs to the end). */
function stringEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === '"') return i + 1;
    else if (c === '\n') return i; // JSON strings cannot span lines; let JSON.parse report it
  }
  return text.length;
}

/**
 * Parses JSONC (see {@link stripJsonc}).
 *
 * @example
 * parseJsonc('{ "compilerOptions": { "strict": true, }, /* note *\/ }') // → { ok: true, value: {…} }
 */
export function parseJsonc(text: string): JsonParse {
  return parseJson(stripJsonc(text));
}
