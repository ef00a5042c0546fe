/**
 * The state directory and the store, for the commands that need them. The store (sql.js) is imported
 * only here and only on demand, so `classify` and `hook` never load it.
 */
import { resolveStateDir, storePaths, type StorePaths } from '../engine/store/paths.js';
import type { OpenOptions, Store } from '../engine/store/store.js';
import { agentRefusal, AGENT_REFUSAL_EXIT } from '../engine/runtime/inbox.js';
import { CommandError, type CliIO } from './io.js';

export function stateDirOf(io: CliIO): string {
  return resolveStateDir(io.env, io.home, io.cwd);
}

export function pathsOf(io: CliIO): StorePaths {
  return storePaths(stateDirOf(io));
}

/** Opens the store; its notices (a recovered corrupt file, a newer schema) go to stderr. */
export async function openStore(io: CliIO, opts?: OpenOptions): Promise<Store> {
  const { Store } = await import('../engine/store/store.js');
  const store = await Store.open(stateDirOf(io), opts);
  for (const n of store.notices) io.err(`task-orchestrator: ${n}\n`);
  return store;
}

/** Runs `fn` with an open store and closes it; store and approval errors become a message and exit 1. */
export async function withStore<T>(io: CliIO, fn: (store: Store) => Promise<T>, opts?: OpenOptions): Promise<T> {
  let store: Store | undefined;
  try {
    store = await openStore(io, opts);
    return await fn(store);
  } catch (err) {
    if (err instanceof CommandError) throw err;
    const name = (err as Error)?.name;
    if (name === 'StoreError' || name === 'ApprovalError') throw new CommandError((err as Error).message);
    throw err;
  } finally {
    store?.close();
  }
}

/** Deciding commands refuse inside a Claude Code tool call (exit 3), whatever the classifier said. */
export function refuseInsideAgent(io: CliIO): void {
  const why = agentRefusal(io.env);
  if (why) throw new CommandError(why, AGENT_REFUSAL_EXIT);
}
