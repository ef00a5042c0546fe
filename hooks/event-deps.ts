/** What the non-PreToolUse handlers need from the world, injected (the hook process passes the real ones). */
import type { FailurePattern } from '../server/engine/immune/types.js';
import type { ClassifyContext } from '../server/engine/policy/types.js';
import type { JournalEvent } from '../server/engine/store/journal.js';

export interface EventStore {
  append: (e: JournalEvent) => void;
  newId: () => string;
  now: () => number;
  /** Starts a detached fold now (a failure should reach the immune memory before the next prompt). */
  foldSoon: () => void;
  /** immune.json's patterns ([] when there is none). */
  immunePatterns: () => FailurePattern[];
  /** The session's last prompt ('' when unknown) and remembering a new one. */
  sessionPrompt: (session: string) => string;
  rememberPrompt: (session: string, prompt: string) => void;
}

export interface EventDeps {
  context: (cwd: string | undefined) => Promise<ClassifyContext>;
  /** The state directory's hook-side files (the hook process passes `eventStore`); without it the handlers only compute (tests). */
  store?: ((stateDir: string) => EventStore) | 'default';
  /** Reads a file (grading schemas); undefined when missing. */
  readFile?: (path: string) => string | undefined;
}
