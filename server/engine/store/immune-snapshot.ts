/**
 * `immune.json`: the failure patterns the immune hooks check prompts against, written by the store after
 * a commit that changed patterns, read by hooks (which never open the database). Bounded, so a hook's
 * cost does not grow with history: the most relevant patterns only. Node built-ins only.
 */
import { readFileSync } from 'node:fs';
import type { FailurePattern } from '../immune/types.js';
import { patternRank } from '../immune/risk.js';
import { writeFileAtomic } from './files.js';
import type { StorePaths } from './paths.js';

/** At most this many patterns go into the snapshot. */
export const SNAPSHOT_LIMIT = 500;

/** The patterns to snapshot, most relevant first (the immune system's own ranking: decayed relevance × count). */
export function snapshotPatterns(patterns: readonly FailurePattern[], now: number, limit = SNAPSHOT_LIMIT): FailurePattern[] {
  return [...patterns].sort((a, b) => patternRank(b, now) - patternRank(a, now) || b.lastSeen - a.lastSeen || a.id.localeCompare(b.id)).slice(0, limit);
}

export function writeImmuneSnapshot(paths: StorePaths, patterns: readonly FailurePattern[], now: number): void {
  writeFileAtomic(paths.immune, `${JSON.stringify({ version: 1, writtenAt: now, patterns: snapshotPatterns(patterns, now) })}\n`, false);
}

function isPattern(p: unknown): p is FailurePattern {
  const o = p as Partial<FailurePattern> | null;
  return !!o && typeof o.id === 'string' && typeof o.operation === 'string' && typeof o.failureType === 'string' && Array.isArray(o.tokens)
    && typeof o.count === 'number' && typeof o.lastSeen === 'number' && typeof o.relevance === 'number';
}

/** The snapshot's patterns; [] when it is missing or unreadable (a hook then simply has nothing to warn about). */
export function readImmuneSnapshot(paths: StorePaths): FailurePattern[] {
  try {
    const data = JSON.parse(readFileSync(paths.immune, 'utf8')) as { patterns?: unknown };
    return Array.isArray(data.patterns) ? data.patterns.filter(isPattern) : [];
  } catch {
    return [];
  }
}
