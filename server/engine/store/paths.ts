/**
 * Where everything in the state directory lives (docs/store.md). Pure path arithmetic; the hook imports it.
 */
import { userHome } from '../runtime/os-facts.js';
import { join, resolve } from 'node:path';

/** Absolute paths of the state directory's parts. */
export interface StorePaths {
  /** The state directory itself (`$TASK_ORCHESTRATOR_HOME`, default `~/.task-orchestrator`). */
  dir: string;
  /** The SQLite database, only ever replaced by rename. */
  db: string;
  /** proper-lockfile's lock directory for `db`. */
  lock: string;
  /** What hooks record (`current.jsonl` and rotated segments), waiting to be folded into `db`. */
  journal: string;
  /** `<approvalId>.json`: a human's decision, read by the hook waiting on it. */
  decisions: string;
  /** Heartbeats of live decision surfaces. */
  surfaces: string;
  /** Snapshot of the "always" approval rules, for hooks. */
  rules: string;
  /** Snapshot of the most relevant failure patterns, for the immune hooks. */
  immune: string;
  /** `<session>.json`: a session's last prompt (UserPromptSubmit), so a failure is remembered with the request it served. */
  sessions: string;
  /** Copies of state.db set aside (corrupt, newer schema, pre-migration) and rejected journal files. */
  backups: string;
  /** The hook's V8 code cache. */
  cache: string;
}

/**
 * @example
 * const paths = storePaths(resolveStateDir());
 * // paths.db === '/home/me/.task-orchestrator/state.db'
 */
export function storePaths(stateDir: string): StorePaths {
  const dir = resolve(stateDir);
  return {
    dir,
    db: join(dir, 'state.db'),
    lock: join(dir, 'state.db.lock'),
    journal: join(dir, 'journal'),
    decisions: join(dir, 'inbox', 'decisions'),
    surfaces: join(dir, 'surfaces'),
    rules: join(dir, 'rules.json'),
    immune: join(dir, 'immune.json'),
    sessions: join(dir, 'sessions'),
    backups: join(dir, 'backups'),
    cache: join(dir, 'cache'),
  };
}

/** `$TASK_ORCHESTRATOR_HOME` (resolved against `cwd`) or `~/.task-orchestrator`. */
export function resolveStateDir(
  env: Readonly<Record<string, string | undefined>> = process.env,
  home: string = userHome(),
  cwd: string = process.cwd(),
): string {
  const fromEnv = env.TASK_ORCHESTRATOR_HOME;
  return fromEnv ? resolve(cwd, fromEnv) : join(home, '.task-orchestrator');
}
