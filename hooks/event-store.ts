/**
 * The state directory as the other events' handlers see it (bundled into lazy/events.cjs, so PreToolUse
 * never loads it): the journal, immune.json, the sessions' last prompts, and a fold started at once when a
 * failure should reach the immune memory before the next prompt.
 */
import { appendJournal, newId } from '../server/engine/store/journal.js';
import { readImmuneSnapshot } from '../server/engine/store/immune-snapshot.js';
import { readSessionPrompt, writeSessionPrompt } from '../server/engine/store/session-prompts.js';
import { storePaths } from '../server/engine/store/paths.js';
import type { EventStore } from './event-deps.js';
import { startFold } from './hook-store.js';

export function eventStore(stateDir: string): EventStore {
  const paths = storePaths(stateDir);
  return {
    append: (e) => appendJournal(paths, e),
    newId,
    now: Date.now,
    foldSoon: () => startFold(paths, {}),
    immunePatterns: () => readImmuneSnapshot(paths),
    sessionPrompt: (session) => readSessionPrompt(paths, session),
    rememberPrompt: (session, prompt) => writeSessionPrompt(paths, session, prompt, Date.now()),
  };
}
