/**
 * Tokenisation for the risk model's text features: the same rules at training and at prediction time,
 * so a request's tokens line up with the fitted vocabulary.
 */
import { redact } from '../redact.js';

/** Stands for any number (counts, ports, versions, line numbers): "retry 3" and "retry 5" share a token. */
export const NUMBER_TOKEN = '<num>';
/** Stands for a hex string of 7+ characters with a digit (commit SHAs, image digests, hashes). */
export const HEX_TOKEN = '<hex>';

/**
 * Common English function words. Negations ("not", "no", "never", "without") are deliberately absent:
 * "without tests" and "with tests" are different requests. Domain words that generic lists include
 * ("system", "all", "every", "fill", "find") are absent too — here they are content.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set([
  'a', 'about', 'above', 'after', 'again', 'am', 'an', 'and', 'any', 'are', 'as', 'at', 'be', 'because',
  'been', 'before', 'being', 'below', 'between', 'both', 'but', 'by', 'can', 'could', 'did', 'do', 'does',
  'doing', 'down', 'during', 'each', 'few', 'for', 'from', 'further', 'had', 'has', 'have', 'having', 'he',
  'her', 'here', 'hers', 'herself', 'him', 'himself', 'his', 'how', 'i', 'if', 'in', 'into', 'is', 'it',
  'its', 'itself', 'just', 'me', 'might', 'more', 'most', 'must', 'my', 'myself', 'nor', 'now', 'of',
  'off', 'on', 'once', 'only', 'or', 'other', 'our', 'ours', 'ourselves', 'out', 'over', 'own', 'please',
  'same', 'shall', 'she', 'should', 'so', 'some', 'such', 'than', 'that', 'the', 'their', 'theirs',
  'them', 'themselves', 'then', 'there', 'these', 'they', 'this', 'those', 'through', 'to', 'too',
  'under', 'until', 'up', 'very', 'was', 'we', 'were', 'what', 'when', 'where', 'which', 'while', 'who',
  'whom', 'why', 'will', 'with', 'would', 'you', 'your', 'yours', 'yourself', 'yourselves',
]);

/** Longer tokens are dropped: base64 blobs and minified code say nothing a vocabulary could reuse. */
const MAX_TOKEN_LENGTH = 32;

/**
 * Lower-cased word tokens of `text`, after secret redaction: runs of letters, digits and underscores;
 * numbers become {@link NUMBER_TOKEN}, hex strings {@link HEX_TOKEN}; single letters, stop words and
 * tokens longer than 32 characters are dropped. Redaction first means a saved vocabulary never holds
 * a secret the store's redactor recognises (it sees the «redacted:kind» marker's words instead).
 *
 * @example
 * tokenize('Run npm test -- --retry 3 on the API');
 * // → ['run', 'npm', 'test', 'retry', '<num>', 'api']
 */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  for (const match of redact(text).toLowerCase().matchAll(/[\p{L}\p{N}_]+/gu)) {
    const raw = match[0];
    if (/^\p{N}+$/u.test(raw)) out.push(NUMBER_TOKEN);
    else if (raw.length >= 7 && /^[0-9a-f]+$/.test(raw) && /\d/.test(raw)) out.push(HEX_TOKEN);
    else if (raw.length > 1 && raw.length <= MAX_TOKEN_LENGTH && !STOP_WORDS.has(raw)) out.push(raw);
  }
  return out;
}

/**
 * Lower-cased words of `text` for keyword counting: every run of letters, digits and underscores, with
 * no stop-word or length filtering (so "all" and "rm" stay countable), and no redaction.
 *
 * @example
 * words('rm -rf build; sudo reboot'); // → ['rm', 'rf', 'build', 'sudo', 'reboot']
 */
export function words(text: string): string[] {
  return Array.from(text.toLowerCase().matchAll(/[\p{L}\p{N}_]+/gu), (m) => m[0]);
}

/**
 * The unigrams of `tokens` followed by their adjacent bigrams ("npm test"), each once per position.
 *
 * @example
 * withBigrams(['npm', 'run', 'build']); // → ['npm', 'run', 'build', 'npm run', 'run build']
 */
export function withBigrams(tokens: readonly string[]): string[] {
  const out = tokens.slice();
  for (let i = 1; i < tokens.length; i++) out.push(`${tokens[i - 1]} ${tokens[i]}`);
  return out;
}
