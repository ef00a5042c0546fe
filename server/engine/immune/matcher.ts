/**
 * Which remembered failures a request resembles. An inverted index from token to patterns; only patterns
 * sharing at least one token with the request are scored, which keeps a query over 100k patterns in the
 * low milliseconds.
 *
 * Similarity is the IDF-weighted cosine of the two token SETS (binary vectors, token t weighted √idf(t)):
 *
 *   sim(q, p) = Σ_{t ∈ q∩p} idf(t) / ( √(Σ_{t ∈ q} idf(t)) · √(Σ_{t ∈ p} idf(t)) ),   idf(t) = ln(1 + N / df(t))
 *
 * N the patterns indexed, df(t) how many contain t (a request's token no pattern has counts as df = 1).
 * Weighting by √idf rather than idf keeps one rare word from outweighing several telling common ones;
 * on the repeat-failure scenario it held recall at a 500-pattern background where idf² lost a fifth.
 * It is in [0, 1], symmetric, 0 when nothing is shared, 1 for equal sets, and monotonic: adding a token to
 * both sides never lowers it (the shared weight can never exceed either side's norm). The operation is a
 * weight on the risk (see risk.ts), never part of the similarity: a pattern of the same operation with no
 * words in common is not a match.
 */
import { ago, fixed } from './format.js';
import { tokenize } from './normalize.js';
import { freshnessFactor, matchRisk } from './risk.js';
import type { FailurePattern, PatternMatch } from './types.js';

/** Matches below this similarity are not returned (tuned on test/unit/immune/repeat-failures.test.ts). */
export const DEFAULT_MIN_SIMILARITY = 0.3;
export const DEFAULT_QUERY_LIMIT = 10;

export interface QueryOptions {
  /** The operation about to run, when known: patterns of other operations weigh less. */
  operation?: string;
  /** Only patterns of this project, and those whose project is unknown (''). */
  project?: string;
  now: number;
  limit?: number;
  minSimilarity?: number;
}

/** Shared tokens named in a match's reasons. */
const REASON_TOKENS = 4;

export class PatternIndex {
  // One slot per indexed pattern; a removed pattern leaves a dead slot until the next compaction. What a
  // query reads per candidate (alive, project, token range, norm) lives in typed arrays: touching tens of
  // thousands of pattern objects scattered over the heap is what made a naive query slow.
  #patterns: Array<FailurePattern | undefined> = [];
  #slotOf = new Map<string, number>();
  #alive = new Uint8Array(0);
  #slotProject = new Int32Array(0);
  #slotStart = new Int32Array(0);
  #slotLen = new Int32Array(0);
  #norm2 = new Float64Array(0);
  #normEpoch = new Int32Array(0);
  #acc = new Float64Array(0);
  #touched = new Int32Array(0);
  /** Every slot's token ids, back to back. */
  #pool = new Int32Array(0);
  #poolLen = 0;
  #projectId = new Map<string, number>();
  // Tokens: ids, document frequencies, and postings. The patterns given to the constructor are indexed in
  // one block (#baseOff/#baseSlots: token t's slots are #baseSlots[#baseOff[t] … #baseOff[t + 1]]), those
  // added later in per-token lists: a fresh process builds its index with a handful of allocations.
  #tokenId = new Map<string, number>();
  #vocab = 0;
  #df = new Int32Array(0);
  /** The last slot a token was added for: deduplicates a pattern's tokens without a Set. */
  #lastSlot = new Int32Array(0);
  #baseVocab = 0;
  #baseOff = new Int32Array(1);
  #baseSlots = new Int32Array(0);
  #extra: Array<number[] | undefined> = [];
  #dead = 0;
  // Weights depend on N and df, so any change invalidates them: #w2[t] = idf(t), the squared weight, is
  // recomputed for every token on the first query after a change, a pattern's norm when a query touches it.
  #epoch = 1;
  #w2 = new Float64Array(0);
  #w2Epoch = 0;

  /**
   * @example
   * const index = new PatternIndex(readSnapshot());
   * index.query('run the auth tests', { project, now: Date.now() });
   */
  constructor(patterns: readonly FailurePattern[] = []) {
    this.#build(patterns);
  }

  /** How many patterns are indexed. */
  get size(): number {
    return this.#slotOf.size;
  }

  /**
   * Indexes `p`, replacing the pattern with the same id (a merged recurrence).
   *
   * @example
   * index.add(observeFailure(index.get(id) ?? null, observation));
   */
  add(p: FailurePattern): void {
    const existing = this.#slotOf.get(p.id);
    if (existing !== undefined) {
      const old = this.#patterns[existing];
      if (old && old.project === p.project && sameSet(old.tokens, p.tokens)) {
        this.#patterns[existing] = p;
        return;
      }
      this.remove(p.id);
    }
    const slot = this.#place(p);
    const end = this.#slotStart[slot]! + this.#slotLen[slot]!;
    for (let i = this.#slotStart[slot]!; i < end; i++) {
      const tid = this.#pool[i]!;
      const list = this.#extra[tid];
      if (list) list.push(slot);
      else this.#extra[tid] = [slot];
    }
    this.#epoch++;
  }

  /**
   * Forgets the pattern with this id (no-op when absent).
   *
   * @example
   * for (const id of applyDecay(patterns, now).pruned) index.remove(id);
   */
  remove(id: string): void {
    const slot = this.#slotOf.get(id);
    if (slot === undefined) return;
    const end = this.#slotStart[slot]! + this.#slotLen[slot]!;
    for (let i = this.#slotStart[slot]!; i < end; i++) this.#df[this.#pool[i]!]!--;
    this.#patterns[slot] = undefined;
    this.#alive[slot] = 0;
    this.#slotOf.delete(id);
    this.#dead++;
    this.#epoch++;
    if (this.#dead > 64 && this.#dead > this.size) this.#build(this.#patterns.filter((p): p is FailurePattern => p !== undefined));
  }

  /**
   * The indexed pattern with this id.
   *
   * @example
   * index.get(patternId(patternSignature(observation))) // → the pattern to merge into, or undefined
   */
  get(id: string): FailurePattern | undefined {
    const slot = this.#slotOf.get(id);
    return slot === undefined ? undefined : this.#patterns[slot];
  }

  /**
   * The patterns `text` resembles, most risky first (ties: more similar, then id), at most `limit` (10),
   * each with similarity ≥ `minSimilarity` (DEFAULT_MIN_SIMILARITY).
   *
   * @example
   * index.query('rerun the login tests', { project: '/p', now, operation: 'Bash:npm test' })
   * // → [{ pattern, similarity: 0.61, risk: 0.49, reasons: ['similarity 0.61 (shares login, …)', 'seen 1× (last 2 h ago)', …] }]
   */
  query(text: string, opts: QueryOptions): PatternMatch[] {
    const n = this.size;
    const words = tokenize(text);
    if (n === 0 || words.length === 0) return [];
    this.#refreshWeights();
    const minSimilarity = opts.minSimilarity ?? DEFAULT_MIN_SIMILARITY;
    const w2 = this.#w2;
    let qNorm2 = 0;
    const shared: number[] = [];
    for (const w of words) {
      const tid = this.#tokenId.get(w);
      if (tid === undefined || this.#df[tid] === 0) qNorm2 += Math.log(1 + n); // as rare as a token can be
      else {
        qNorm2 += w2[tid]!;
        shared.push(tid);
      }
    }
    // -1: any project; otherwise the project's id (or none) and the id of '' (patterns without one).
    const pid = opts.project === undefined ? -1 : (this.#projectId.get(opts.project) ?? -2);
    const anyPid = this.#projectId.get('') ?? -2;
    const acc = this.#acc;
    const touched = this.#touched;
    const projects = this.#slotProject;
    let nTouched = 0;
    const visit = (slots: ArrayLike<number>, from: number, to: number, w: number): void => {
      for (let i = from; i < to; i++) {
        const slot = slots[i]!;
        if (pid !== -1 && projects[slot] !== pid && projects[slot] !== anyPid) continue;
        if (acc[slot] === 0) touched[nTouched++] = slot;
        acc[slot]! += w;
      }
    };
    for (const tid of shared) {
      if (tid < this.#baseVocab) visit(this.#baseSlots, this.#baseOff[tid]!, this.#baseOff[tid + 1]!, w2[tid]!);
      const more = this.#extra[tid];
      if (more) visit(more, 0, more.length, w2[tid]!);
    }
    const scored: Array<{ p: FailurePattern; similarity: number; risk: number }> = [];
    for (let i = 0; i < nTouched; i++) {
      const slot = touched[i]!;
      const dot = acc[slot]!;
      acc[slot] = 0;
      if (this.#alive[slot] === 0) continue;
      const similarity = Math.min(1, dot / Math.sqrt(qNorm2 * this.#patternNorm2(slot)));
      if (similarity < minSimilarity || similarity <= 0) continue;
      const p = this.#patterns[slot]!;
      const sameOperation = opts.operation === undefined || p.operation === opts.operation;
      scored.push({ p, similarity, risk: matchRisk(similarity, p, opts.now, sameOperation) });
    }
    scored.sort((a, b) => b.risk - a.risk || b.similarity - a.similarity || (a.p.id < b.p.id ? -1 : a.p.id > b.p.id ? 1 : 0));
    const wordSet = new Set(words);
    return scored.slice(0, opts.limit ?? DEFAULT_QUERY_LIMIT).map(({ p, similarity, risk }) => ({
      pattern: p,
      similarity,
      risk,
      reasons: this.#reasons(p, similarity, wordSet, opts),
    }));
  }

  /** Indexes `patterns` from scratch, in one block. */
  #build(patterns: readonly FailurePattern[]): void {
    let tokens = 0;
    for (let i = 0; i < patterns.length; i++) tokens += patterns[i]!.tokens.length;
    const slots = Math.max(64, patterns.length);
    this.#patterns = [];
    this.#slotOf = new Map();
    this.#alive = new Uint8Array(slots);
    this.#slotProject = new Int32Array(slots);
    this.#slotStart = new Int32Array(slots);
    this.#slotLen = new Int32Array(slots);
    this.#norm2 = new Float64Array(slots);
    this.#normEpoch = new Int32Array(slots);
    this.#acc = new Float64Array(slots);
    this.#touched = new Int32Array(slots);
    this.#pool = new Int32Array(Math.max(1024, tokens));
    this.#poolLen = 0;
    this.#projectId = new Map();
    this.#tokenId = new Map();
    this.#vocab = 0;
    this.#df = new Int32Array(Math.max(256, tokens));
    this.#lastSlot = new Int32Array(Math.max(256, tokens)).fill(-1);
    this.#w2 = new Float64Array(Math.max(256, tokens));
    this.#extra = [];
    this.#dead = 0;
    for (let i = 0; i < patterns.length; i++) {
      const p = patterns[i]!;
      const existing = this.#slotOf.get(p.id);
      if (existing !== undefined) this.#forget(existing); // a later duplicate replaces the earlier
      this.#place(p);
    }
    // Postings by counting sort: offsets from the document frequencies, then each slot's tokens in slot order.
    const vocab = this.#vocab;
    const off = new Int32Array(vocab + 1);
    const pool = this.#pool;
    for (let i = 0; i < this.#poolLen; i++) off[pool[i]! + 1]!++;
    for (let t = 0; t < vocab; t++) off[t + 1]! += off[t]!;
    const fill = off.slice(0, vocab);
    const base = new Int32Array(this.#poolLen);
    for (let slot = 0; slot < this.#patterns.length; slot++) {
      const end = this.#slotStart[slot]! + this.#slotLen[slot]!;
      for (let i = this.#slotStart[slot]!; i < end; i++) base[fill[pool[i]!]!++] = slot;
    }
    this.#baseVocab = vocab;
    this.#baseOff = off;
    this.#baseSlots = base;
    this.#epoch++;
  }

  /** Gives `p` a slot: its token ids (new tokens get ids, duplicates dropped), df counted; no postings. */
  #place(p: FailurePattern): number {
    const slot = this.#patterns.length;
    if (slot >= this.#alive.length) this.#growSlots(slot * 2);
    const tokens = p.tokens;
    if (this.#poolLen + tokens.length > this.#pool.length) this.#pool = grown(this.#pool, (this.#poolLen + tokens.length) * 2);
    if (this.#vocab + tokens.length > this.#df.length) this.#growVocab((this.#vocab + tokens.length) * 2);
    // Locals and an indexed loop: the prompt hook builds the index in a fresh process, before the JIT helps.
    const ids = this.#tokenId;
    const df = this.#df;
    const lastSlot = this.#lastSlot;
    const pool = this.#pool;
    const start = this.#poolLen;
    let end = start;
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      let tid = ids.get(t);
      if (tid === undefined) ids.set(t, (tid = this.#vocab++));
      else if (lastSlot[tid] === slot) continue;
      lastSlot[tid] = slot;
      df[tid]!++;
      pool[end++] = tid;
    }
    this.#poolLen = end;
    let pid = this.#projectId.get(p.project);
    if (pid === undefined) this.#projectId.set(p.project, (pid = this.#projectId.size));
    this.#patterns.push(p);
    this.#slotOf.set(p.id, slot);
    this.#alive[slot] = 1;
    this.#slotProject[slot] = pid;
    this.#slotStart[slot] = start;
    this.#slotLen[slot] = end - start;
    return slot;
  }

  /** Marks a slot dead while building (its df already counted is taken back). */
  #forget(slot: number): void {
    const end = this.#slotStart[slot]! + this.#slotLen[slot]!;
    for (let i = this.#slotStart[slot]!; i < end; i++) this.#df[this.#pool[i]!]!--;
    this.#alive[slot] = 0;
    this.#patterns[slot] = undefined;
    this.#dead++;
  }

  #refreshWeights(): void {
    if (this.#w2Epoch === this.#epoch) return;
    const n = this.size;
    const df = this.#df;
    const w2 = this.#w2;
    for (let t = 0; t < this.#vocab; t++) w2[t] = Math.log(1 + n / Math.max(1, df[t]!));
    this.#w2Epoch = this.#epoch;
  }

  #patternNorm2(slot: number): number {
    if (this.#normEpoch[slot] !== this.#epoch) {
      const w2 = this.#w2;
      const pool = this.#pool;
      let s = 0;
      const end = this.#slotStart[slot]! + this.#slotLen[slot]!;
      for (let i = this.#slotStart[slot]!; i < end; i++) s += w2[pool[i]!]!;
      this.#norm2[slot] = s;
      this.#normEpoch[slot] = this.#epoch;
    }
    return this.#norm2[slot]!;
  }

  #reasons(p: FailurePattern, similarity: number, words: Set<string>, opts: QueryOptions): string[] {
    const common = [...new Set(p.tokens)]
      .filter((t) => words.has(t))
      .map((t) => ({ t, w: this.#w2[this.#tokenId.get(t)!]! }))
      .sort((a, b) => b.w - a.w || (a.t < b.t ? -1 : 1))
      .slice(0, REASON_TOKENS)
      .map((x) => x.t);
    const reasons = [`similarity ${fixed(similarity)} (shares ${common.join(', ')})`, `seen ${p.count}× (last ${ago(p.lastSeen, opts.now)})`];
    if (opts.operation !== undefined) reasons.push(p.operation === opts.operation ? 'same operation' : `other operation (${p.operation})`);
    reasons.push(`freshness ${fixed(freshnessFactor(p, opts.now))}`);
    return reasons;
  }

  #growSlots(capacity: number): void {
    this.#alive = grown(this.#alive, capacity);
    this.#slotProject = grown(this.#slotProject, capacity);
    this.#slotStart = grown(this.#slotStart, capacity);
    this.#slotLen = grown(this.#slotLen, capacity);
    this.#norm2 = grown(this.#norm2, capacity);
    this.#normEpoch = grown(this.#normEpoch, capacity);
    this.#acc = grown(this.#acc, capacity);
    this.#touched = grown(this.#touched, capacity);
  }

  #growVocab(capacity: number): void {
    this.#df = grown(this.#df, capacity);
    const last = new Int32Array(capacity).fill(-1);
    last.set(this.#lastSlot.subarray(0, this.#vocab));
    this.#lastSlot = last;
    this.#w2 = grown(this.#w2, capacity);
  }
}

function grown<T extends Uint8Array | Int32Array | Float64Array>(a: T, capacity: number): T {
  const b = new (a.constructor as new (n: number) => T)(capacity);
  b.set(a.subarray(0, Math.min(a.length, capacity)));
  return b;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const sa = new Set(a);
  const sb = new Set(b);
  if (sa.size !== sb.size) return false;
  for (const t of sa) if (!sb.has(t)) return false;
  return true;
}
