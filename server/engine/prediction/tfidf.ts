/**
 * TF-IDF over a vocabulary fitted on the training documents, producing sparse, L2-normalised rows.
 * Conventions follow the common scikit-learn defaults so figures are comparable: smoothed idf
 * `ln((1 + n) / (1 + df)) + 1`, sublinear tf `1 + ln(tf)`, unit Euclidean norm per row.
 */

/** A sparse vector: strictly increasing `indices`, one value per index. */
export interface SparseVector {
  indices: number[];
  values: number[];
}

export interface TfidfOptions {
  /** A term must occur in at least this many documents (absolute count). */
  minDf: number;
  /** A term occurring in more than this share of the documents is dropped (too common to tell apart). */
  maxDf: number;
  /** Keep at most this many terms: the highest document frequencies, ties by term order. */
  maxFeatures: number;
}

export interface TfidfVocabulary {
  /** The kept terms; a term's position is its feature index. Sorted, so the index is stable. */
  terms: string[];
  /** Inverse document frequency per term, aligned with `terms`. */
  idf: number[];
}

/**
 * Fits the vocabulary and idf on `docs` (each a list of terms, repeats allowed).
 *
 * @example
 * const v = fitTfidf([['npm', 'test'], ['npm', 'build'], ['npm', 'test']], { minDf: 2, maxDf: 1, maxFeatures: 10 });
 * // v.terms → ['npm', 'test']; v.idf[0] → 1 (in every document), v.idf[1] ≈ 1.29
 */
export function fitTfidf(docs: readonly (readonly string[])[], opts: TfidfOptions): TfidfVocabulary {
  const df = new Map<string, number>();
  for (const doc of docs) for (const term of new Set(doc)) df.set(term, (df.get(term) ?? 0) + 1);
  const n = docs.length;
  const maxCount = opts.maxDf * n;
  const kept = [...df]
    .filter(([, count]) => count >= opts.minDf && count <= maxCount)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, opts.maxFeatures)
    .map(([term]) => term)
    .sort();
  return { terms: kept, idf: kept.map((t) => Math.log((1 + n) / (1 + (df.get(t) ?? 0))) + 1) };
}

/** Term → feature index, built once per vocabulary and reused for every row. */
export function termIndex(vocabulary: TfidfVocabulary): Map<string, number> {
  return new Map(vocabulary.terms.map((t, i) => [t, i]));
}

/**
 * The TF-IDF row of one document: sublinear tf × idf over the vocabulary's terms, L2-normalised
 * (a document with no known term is the empty vector). Unknown terms are ignored.
 *
 * @example
 * const v = { terms: ['npm', 'test'], idf: [1, 2] };
 * tfidfRow(['npm', 'test', 'zzz'], v, termIndex(v));
 * // → { indices: [0, 1], values: [0.447…, 0.894…] }
 */
export function tfidfRow(doc: readonly string[], vocabulary: TfidfVocabulary, index: ReadonlyMap<string, number>): SparseVector {
  const tf = new Map<number, number>();
  for (const term of doc) {
    const i = index.get(term);
    if (i !== undefined) tf.set(i, (tf.get(i) ?? 0) + 1);
  }
  const indices = [...tf.keys()].sort((a, b) => a - b);
  const values = indices.map((i) => (1 + Math.log(tf.get(i) ?? 1)) * (vocabulary.idf[i] ?? 0));
  const norm = Math.sqrt(values.reduce((s, v) => s + v * v, 0));
  return { indices, values: norm > 0 ? values.map((v) => v / norm) : values };
}
