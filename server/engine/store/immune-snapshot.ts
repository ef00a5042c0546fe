/**
 * `immune.json`: the failure patterns the immune hooks check prompts against, written by the store after
 * a commit that changed patterns, read by hooks (which never open the database). Bounded, so a hook's
 * cost does not grow with history: the most relevant patterns only. Node built-ins only.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FailurePattern } from '../immune/types.js';
import { patternRank } from '../immune/risk.js';
import { redact } from '../redact.js';
import { ensureDir, writeFileAtomic } from './files.js';
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

/** Prompts are kept this long per session (a failure later than that is remembered without its prompt). */
const PROMPT_LIMIT = 2048;
const SESSION_NAME = /^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,127}$/;

/** Remembers a session's latest prompt (redacted, bounded). Never throws: this only sharpens the memory. */
export function writeSessionPrompt(paths: StorePaths, session: string, prompt: string, now: number): void {
  if (!SESSION_NAME.test(session)) return;
  try {
    ensureDir(paths.sessions);
    writeFileSync(join(paths.sessions, `${session}.json`), JSON.stringify({ ts: now, prompt: redact(prompt.slice(0, 4 * PROMPT_LIMIT)).slice(0, PROMPT_LIMIT) }), { mode: 0o600 });
  } catch {
    // a missing prompt only makes the pattern less precise
  }
}

/** The session's latest prompt, or '' when unknown. */
export function readSessionPrompt(paths: StorePaths, session: string): string {
  if (!SESSION_NAME.test(session)) return '';
  try {
    const d = JSON.parse(readFileSync(join(paths.sessions, `${session}.json`), 'utf8')) as { prompt?: unknown };
    return typeof d.prompt === 'string' ? d.prompt : '';
  } catch {
    return '';
  }
}
