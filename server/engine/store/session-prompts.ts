/**
 * `sessions/<session>.json`: each session's latest prompt (UserPromptSubmit), so the failures of that
 * session are remembered with the request they served. Hook side: node built-ins only; old files are
 * swept by the store's pruning.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { redact } from '../redact.js';
import { ensureDir } from './files.js';
import { SAFE_NAME } from './journal.js';
import type { StorePaths } from './paths.js';

/** At most this many characters of a prompt are kept. */
const PROMPT_LIMIT = 2048;

/** Remembers a session's latest prompt (redacted, bounded). Never throws: this only sharpens the memory. */
export function writeSessionPrompt(paths: StorePaths, session: string, prompt: string, now: number): void {
  if (!SAFE_NAME.test(session)) return;
  try {
    ensureDir(paths.sessions);
    writeFileSync(join(paths.sessions, `${session}.json`), JSON.stringify({ ts: now, prompt: redact(prompt.slice(0, 4 * PROMPT_LIMIT)).slice(0, PROMPT_LIMIT) }), { mode: 0o600 });
  } catch {
    // a missing prompt only makes the pattern less precise
  }
}

/** The session's latest prompt, or '' when unknown. */
export function readSessionPrompt(paths: StorePaths, session: string): string {
  if (!SAFE_NAME.test(session)) return '';
  try {
    const d = JSON.parse(readFileSync(join(paths.sessions, `${session}.json`), 'utf8')) as { prompt?: unknown };
    return typeof d.prompt === 'string' ? d.prompt : '';
  } catch {
    return '';
  }
}
