/**
 * The hook's view of the state directory (docs/store.md): the journal, the always-rules snapshot, the
 * decision files and the heartbeats — never the database, so a hook costs the same with any history.
 * When the journal's backlog grows past {@link FOLD_BACKLOG}, a detached `task-orchestrator store fold`
 * folds it in, so it drains even when no other surface runs.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  appendJournal, journalBytes, liveSurfaces, matchApprovalRule, newId, readDecision, readRulesSnapshot,
} from '../server/engine/store/journal.js';
import { storePaths, type StorePaths } from '../server/engine/store/paths.js';
import type { ApprovalIO } from './approval.js';
import { builtin } from '../server/engine/runtime/builtin.js';
import { decisionSleep } from './decision-watch.js';

/** Journal files beyond which a hook starts a background fold. */
export const FOLD_BACKLOG = 256 * 1024; // bytes in journal/current.jsonl (~500 events)
/** One call in this many counts the backlog (a readdir): cheap on average, prompt enough. */
export const FOLD_CHECK_EVERY = 32;

export interface HookStore extends ApprovalIO {
  /** Occasionally counts the journal and, past the threshold, starts a detached fold. Never rejects. */
  maybeFold: () => Promise<void>;
}

export interface HookStoreOptions {
  /** The CLI bundle to run `store fold` with (default: cli.mjs beside this bundle). */
  cli?: string;
  /** Check the backlog on one call in this many (default {@link FOLD_CHECK_EVERY}). */
  checkEvery?: number;
  random?: () => number;
}

export function hookStore(stateDir: string, opts: HookStoreOptions = {}): HookStore {
  const paths = storePaths(stateDir);
  const waiter = decisionSleep(paths.decisions);
  return {
    append: (e) => appendJournal(paths, e),
    rules: () => readRulesSnapshot(paths),
    matchRule: matchApprovalRule,
    liveSurfaces: () => liveSurfaces(paths),
    readDecision: (id) => readDecision(paths, id),
    newId,
    now: Date.now,
    sleep: waiter.sleep,
    maybeFold: () => maybeFold(paths, opts),
  };
}

async function maybeFold(paths: StorePaths, opts: HookStoreOptions): Promise<void> {
  const every = opts.checkEvery ?? FOLD_CHECK_EVERY;
  if ((opts.random ?? Math.random)() * every >= 1) return;
  try {
    if (journalBytes(paths) > FOLD_BACKLOG) startFold(paths, opts);
  } catch {
    // A fold that cannot start only delays folding.
  }
}

/** A detached `task-orchestrator store fold` (it outlives this hook). Never throws. */
export function startFold(paths: StorePaths, opts: HookStoreOptions): void {
  if (process.env.TASK_ORCHESTRATOR_FOLD === 'off') return; // benchmarks: the next surface folds instead
  try {
    const cli = opts.cli ?? bundledCli();
    if (!cli || !existsSync(cli)) return;
    // node:child_process costs ~2 ms to load: only here, never on the common path.
    const { spawn } = builtin<typeof import('node:child_process')>('node:child_process');
    const child = spawn(process.execPath, [cli, 'store', 'fold', '--quiet', '--background'], {
      detached: true, stdio: 'ignore', env: { ...process.env, TASK_ORCHESTRATOR_HOME: paths.dir },
    });
    child.on('error', () => {}); // best effort: the next check tries again
    child.unref();
  } catch {
    // A fold that cannot start only delays folding.
  }
}

/**
 * cli.mjs beside the running bundle (plugin/dist): the hook runs as `node …/dist/hook.cjs` or through
 * `…/dist/cli.mjs hook`, so argv[1]'s folder is dist (and node:url stays unloaded on the hot path).
 */
function bundledCli(): string | undefined {
  const entry = process.argv[1];
  return entry ? join(dirname(entry), 'cli.mjs') : undefined;
}
