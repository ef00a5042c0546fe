/**
 * The feature pipeline: TF-IDF over the request's words and bigrams (plus one token naming the tool),
 * followed by the twelve scaled meta features. Fitting learns the vocabulary, idf and scaler from the
 * training requests only; extraction then maps any request onto the same columns.
 */
import { META_FEATURES, fitScaler, metaFeatures, scaleRow, type Scaler } from './meta.js';
import { fitTfidf, termIndex, tfidfRow, type SparseVector, type TfidfVocabulary } from './tfidf.js';
import { tokenize, withBigrams } from './tokenize.js';

/** How the features are built; stored with the model so a loaded model extracts exactly as trained. */
export interface FeatureSpec {
  /** Word n-grams up to this length (1 = unigrams, 2 = unigrams + bigrams). */
  ngramMax: 1 | 2;
  minDf: number;
  maxDf: number;
  maxFeatures: number;
  /** Add a `<tool:name>` token to each document, so the tool itself can carry weight. */
  toolToken: boolean;
}

export const DEFAULT_FEATURE_SPEC: FeatureSpec = { ngramMax: 2, minDf: 2, maxDf: 0.95, maxFeatures: 500, toolToken: true };

/** What fitting learns: everything extraction needs besides the spec. */
export interface FittedFeatures {
  spec: FeatureSpec;
  vocabulary: TfidfVocabulary;
  scaler: Scaler;
}

/** One request mapped onto the model's columns: text columns 0…K−1, then the meta columns K…K+11. */
export interface FeatureRow {
  x: SparseVector;
  /** Share of the request's (unigram) words found in the vocabulary, in [0, 1]; 0 when it has none. */
  coverage: number;
}

export interface Request {
  text: string;
  tool: string;
}

/** The tool's token: lower-cased, so "Bash" and "bash" are one tool. */
export function toolToken(tool: string): string {
  return `<tool:${tool.trim().toLowerCase()}>`;
}

function document(req: Request, spec: FeatureSpec): { terms: string[]; unigrams: string[] } {
  const unigrams = tokenize(req.text);
  const terms = spec.ngramMax === 2 ? withBigrams(unigrams) : unigrams.slice();
  if (spec.toolToken) terms.push(toolToken(req.tool));
  return { terms, unigrams };
}

/**
 * Fits vocabulary, idf and meta scaler on the training requests.
 *
 * @example
 * const fitted = fitFeatures(trainingRequests, DEFAULT_FEATURE_SPEC);
 * fitted.vocabulary.terms.length; // ≤ 500
 */
export function fitFeatures(requests: readonly Request[], spec: FeatureSpec = DEFAULT_FEATURE_SPEC): FittedFeatures {
  const vocabulary = fitTfidf(requests.map((r) => document(r, spec).terms), spec);
  const scaler = fitScaler(requests.map((r) => metaFeatures(r.text, r.tool)));
  return { spec, vocabulary, scaler };
}

/**
 * Extracts one request's row; `index` is {@link termIndex} of the vocabulary, passed in so a batch
 * builds it once.
 *
 * @example
 * const index = termIndex(fitted.vocabulary);
 * const row = extractRow(fitted, index, { text: 'npm test', tool: 'Bash' });
 * row.x.indices.length; // known terms + 12 meta columns
 */
export function extractRow(fitted: FittedFeatures, index: ReadonlyMap<string, number>, req: Request): FeatureRow {
  const { terms, unigrams } = document(req, fitted.spec);
  const text = tfidfRow(terms, fitted.vocabulary, index);
  const meta = scaleRow(metaFeatures(req.text, req.tool), fitted.scaler);
  const k = fitted.vocabulary.terms.length;
  const known = unigrams.filter((u) => index.has(u)).length;
  return {
    x: { indices: [...text.indices, ...meta.map((_, j) => k + j)], values: [...text.values, ...meta] },
    coverage: unigrams.length > 0 ? known / unigrams.length : 0,
  };
}

/** Extracts a batch of rows with one shared term index. */
export function extractRows(fitted: FittedFeatures, requests: readonly Request[]): FeatureRow[] {
  const index = termIndex(fitted.vocabulary);
  return requests.map((r) => extractRow(fitted, index, r));
}

/**
 * Human-readable column names: `text:<term>` for the vocabulary, `meta:<name>` for the meta features.
 *
 * @example
 * featureNames({ terms: ['npm test'], idf: [1] }); // → ['text:npm test', 'meta:length', …, 'meta:uppercase_ratio']
 */
export function featureNames(vocabulary: TfidfVocabulary): string[] {
  return [...vocabulary.terms.map((t) => `text:${t}`), ...META_FEATURES.map((m) => `meta:${m}`)];
}

/** Total number of columns of a fitted pipeline. */
export function featureCount(fitted: FittedFeatures): number {
  return fitted.vocabulary.terms.length + META_FEATURES.length;
}
