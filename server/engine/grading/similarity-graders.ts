/**
 * Edit-distance assertions: levenshtein (at most N edits from the expected text) and similarity
 * (1 − distance / longer length, at least a threshold). The distance is computed in a band around the
 * diagonal when a cutoff is known, so a long output costs O(length × cutoff), not O(length²).
 */
import { checkThreshold, defineGrader, type BuiltGrader, type GraderOptions } from './grader.js';
import { fail, pass, toText } from './result.js';

/** Above this many cells, similarity gives up an exact score for a banded bound. */
const EXACT_CELLS = 4_000_000;

/**
 * Levenshtein distance (insertions, deletions, substitutions; UTF-16 units). With `max`, the work
 * stays within a band of width 2·max+1 and any distance above `max` is returned as `max + 1`.
 *
 * @example
 * levenshteinDistance('kitten', 'sitting')    // → 3
 * levenshteinDistance('kitten', 'sitting', 1) // → 2 (more than 1)
 */
export function levenshteinDistance(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  if (a === b) return 0;
  if (a.length > b.length) [a, b] = [b, a];
  const n = a.length;
  const m = b.length;
  if (m - n > max) return max + 1;
  if (n === 0) return m;
  const band = Number.isFinite(max) ? max : m;
  const over = Number.isFinite(max) ? max + 1 : Number.POSITIVE_INFINITY;
  let prev = new Array<number>(n + 1);
  let cur = new Array<number>(n + 1);
  for (let i = 0; i <= n; i++) prev[i] = i <= band ? i : over;
  for (let j = 1; j <= m; j++) {
    const lo = Math.max(1, j - band);
    const hi = Math.min(n, j + band);
    cur.fill(over);
    cur[0] = j <= band ? j : over;
    let rowMin = cur[0];
    const bj = b.charCodeAt(j - 1);
    for (let i = lo; i <= hi; i++) {
      const cost = a.charCodeAt(i - 1) === bj ? 0 : 1;
      const v = Math.min((prev[i] as number) + 1, (cur[i - 1] as number) + 1, (prev[i - 1] as number) + cost);
      cur[i] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prev, cur] = [cur, prev];
  }
  const d = prev[n] as number;
  return d > max ? max + 1 : d;
}

export interface LevenshteinOptions extends GraderOptions {
  /** Largest allowed distance (default 5, as in promptfoo). */
  maxDistance?: number;
}

/**
 * Passes when the output's text is within `maxDistance` edits of `expected`.
 *
 * @example
 * await levenshtein('color', { maxDistance: 1 }).grade('colour', {}) // → { passed: true, reason: 'Levenshtein distance 1 ≤ 1' }
 */
export function levenshtein(expected: string, opts: LevenshteinOptions = {}): BuiltGrader {
  const maxDistance = opts.maxDistance ?? 5;
  if (!Number.isInteger(maxDistance) || maxDistance < 0) throw new RangeError(`levenshtein: maxDistance must be an integer ≥ 0, got ${maxDistance}`);
  return defineGrader('levenshtein', opts, (output, _ctx, name) => {
    const d = levenshteinDistance(toText(output), expected, maxDistance);
    if (d <= maxDistance) return pass(name, `Levenshtein distance ${d} ≤ ${maxDistance}`, { metadata: { distance: d } });
    return fail(name, `Levenshtein distance exceeds ${maxDistance}`, 'pattern_mismatch', { metadata: { distanceAtLeast: d } });
  });
}

export interface SimilarityOptions extends GraderOptions {
  /** Smallest passing ratio (default 0.8). */
  threshold?: number;
  /** Default true. */
  caseSensitive?: boolean;
}

/**
 * Normalised similarity ratio 1 − distance / max(length): 1 for equal texts, 0 for nothing shared.
 * The score is the ratio; very long texts that fall short get an upper bound (`metadata.upperBound`).
 *
 * @example
 * await similarity('hello world', { threshold: 0.8 }).grade('hello wrld', {}) // → { passed: true, score: 0.909…, reason: 'Similarity 0.91 ≥ 0.80' }
 */
export function similarity(expected: string, opts: SimilarityOptions = {}): BuiltGrader {
  const threshold = checkThreshold(opts.threshold ?? 0.8, opts.name ?? 'similarity');
  const fold = opts.caseSensitive === false ? (s: string) => s.toLowerCase() : (s: string) => s;
  const want = fold(expected);
  return defineGrader('similarity', opts, (output, _ctx, name) => {
    const text = fold(toText(output));
    const longest = Math.max(text.length, want.length);
    if (longest === 0) return pass(name, 'Similarity 1.00 ≥ ' + threshold.toFixed(2), { score: 1 });
    const exact = text.length * want.length <= EXACT_CELLS;
    const cutoff = exact ? Number.POSITIVE_INFINITY : Math.floor((1 - threshold) * longest);
    const d = levenshteinDistance(text, want, cutoff);
    const score = 1 - d / longest;
    const metadata = { distance: d, ...(d > cutoff ? { upperBound: true } : {}) };
    const shown = score.toFixed(2);
    if (score >= threshold) return pass(name, `Similarity ${shown} ≥ ${threshold.toFixed(2)}`, { score, metadata });
    return fail(name, `Similarity ${d > cutoff ? 'at most ' : ''}${shown} < ${threshold.toFixed(2)}`, 'pattern_mismatch', { score, metadata });
  }, threshold);
}
