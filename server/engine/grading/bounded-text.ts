/**
 * Bounded work on tool output, for the hook: at most the first and last 64 KB of any text is looked
 * at, ANSI colour codes are removed, and excerpts are cut to 2 KB.
 */

/** Characters inspected from each end of a long output. */
export const INSPECT_EDGE = 64 * 1024;
/** The most an `input` / `output` excerpt may hold. */
export const EXCERPT_MAX = 2 * 1024;

const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)/g;

/**
 * The part of `text` worth inspecting: all of it up to 128 KB, else the first and last 64 KB joined
 * by a marker line; colour codes removed.
 *
 * @example
 * inspectable('\u001b[31mFAIL\u001b[0m') // → 'FAIL'
 */
export function inspectable(text: string): string {
  const bounded = text.length <= 2 * INSPECT_EDGE
    ? text
    : `${text.slice(0, INSPECT_EDGE)}\n[… ${text.length - 2 * INSPECT_EDGE} characters not inspected …]\n${text.slice(-INSPECT_EDGE)}`;
  return bounded.includes('\u001b') ? bounded.replace(ANSI, '') : bounded;
}

/**
 * At most `max` characters, ending in "…" when cut.
 *
 * @example
 * clip('abcdef', 4) // → 'abc…'
 */
export function clip(text: string, max = EXCERPT_MAX): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * A window of at most `max` characters that starts a little before `index` (at a line start),
 * so the excerpt shows the failure with a line or two of lead-in.
 *
 * @example
 * excerptFrom('a\nb\nERROR here\nc', 4) // → 'a\nb\nERROR here\nc'
 */
export function excerptFrom(text: string, index: number, max = EXCERPT_MAX, leadLines = 2): string {
  const at = Math.max(0, Math.min(index, text.length));
  const lineStart = at === 0 ? 0 : text.lastIndexOf('\n', at - 1) + 1;
  let start = lineStart;
  for (let n = 0; n < leadLines && start > 0; n++) start = start < 2 ? 0 : text.lastIndexOf('\n', start - 2) + 1;
  if (at - start > max / 4) start = lineStart;
  return clip(text.slice(start).trimEnd(), max);
}

/**
 * The last `max` characters up to `end` (cut at a line start), for failures summarised at the end.
 *
 * @example
 * excerptEndingAt('one\ntwo\nthree', 13, 9) // → 'two\nthree'
 */
export function excerptEndingAt(text: string, end: number, max = EXCERPT_MAX): string {
  const stop = Math.max(0, Math.min(end, text.length));
  let start = Math.max(0, stop - max);
  if (start > 0 && text[start - 1] !== '\n') {
    const nl = text.indexOf('\n', start);
    if (nl !== -1 && nl < stop) start = nl + 1;
  }
  return text.slice(start, stop).trim();
}

/**
 * One line for a reason: whitespace collapsed, at most `max` characters.
 *
 * @example
 * oneLine('Error:\n  boom') // → 'Error: boom'
 */
export function oneLine(text: string, max = 200): string {
  return clip(text.replace(/\s+/g, ' ').trim(), max);
}
