/**
 * A bounded LRU cache of judge verdicts, keyed by a sha256 over everything the verdict depends on:
 * the criteria, the whole judged content, the context and the model. (Keying on a prefix of the
 * content, as the original did, gave two outputs that share their first 500 characters one verdict.)
 */
import { createHash } from 'node:crypto';
import type { GradeContext } from './types.js';

/** What a judge said: a score in [0, 1] and why. */
export interface Verdict {
  score: number;
  reasoning: string;
}

export interface JudgeCacheKeyParts {
  criteria: string;
  content: string;
  ctx: Pick<GradeContext, 'prompt' | 'taskDescription' | 'expected'>;
  provider: string;
  model: string;
}

/**
 * The cache key: sha256 (hex) of the parts, length-prefixed so no two different part lists collide
 * by concatenation.
 *
 * @example
 * judgeCacheKey({ criteria: 'Is it relevant?', content: 'out', ctx: {}, provider: 'gemini', model: 'gemini-2.5-flash' }) // → '3f…' (64 hex)
 */
export function judgeCacheKey(parts: JudgeCacheKeyParts): string {
  const fields = [parts.criteria, parts.content, parts.ctx.prompt ?? '', parts.ctx.taskDescription ?? '', parts.ctx.expected ?? '', parts.provider, parts.model];
  const h = createHash('sha256');
  for (const f of fields) h.update(`${Buffer.byteLength(f)}:`).update(f).update('\0');
  return h.digest('hex');
}

/** A least-recently-used map with a fixed capacity. */
export class JudgeCache {
  readonly capacity: number;
  private readonly entries = new Map<string, Verdict>();
  private hitCount = 0;
  private missCount = 0;

  constructor(capacity = 500) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`JudgeCache: capacity must be an integer ≥ 1, got ${capacity}`);
    this.capacity = capacity;
  }

  /** The verdict for `key`, marking it most recently used. */
  get(key: string): Verdict | undefined {
    const v = this.entries.get(key);
    if (v === undefined) {
      this.missCount++;
      return undefined;
    }
    this.hitCount++;
    this.entries.delete(key);
    this.entries.set(key, v);
    return v;
  }

  /** Stores a verdict, evicting the least recently used entry when full. */
  set(key: string, verdict: Verdict): void {
    this.entries.delete(key);
    this.entries.set(key, verdict);
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  get size(): number {
    return this.entries.size;
  }

  get stats(): { hits: number; misses: number; size: number } {
    return { hits: this.hitCount, misses: this.missCount, size: this.entries.size };
  }

  clear(): void {
    this.entries.clear();
    this.hitCount = 0;
    this.missCount = 0;
  }
}

/** The cache model graders share unless given their own (or `null` for none). */
export const defaultJudgeCache = new JudgeCache(500);
