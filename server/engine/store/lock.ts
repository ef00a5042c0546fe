/**
 * The exclusive, stale-safe lock around every read-apply-write of state.db: proper-lockfile's lock
 * directory (`state.db.lock`), refreshed while held and taken over once it has not been refreshed for
 * `staleMs` (a holder killed with SIGKILL). Within one process, callers queue on a promise instead.
 */
import * as fs from 'node:fs';
import { lock as properLock } from 'proper-lockfile';
import { StoreError } from './errors.js';
import type { StorePaths } from './paths.js';

export interface LockOptions {
  /** Give up after this long (default 15 s): a StoreError LOCK_TIMEOUT. */
  timeoutMs?: number;
  /** A lock not refreshed for this long is stale and taken over (default 10 s, at least 2 s). */
  staleMs?: number;
  /** How often the holder refreshes the lock (default 2 s, at most staleMs / 2, at least 1 s). */
  updateMs?: number;
}

export interface LockHandle {
  /**
   * Throws StoreError IO when another process could have taken the lock over as stale (this process did
   * not refresh it for too long, e.g. a blocked event loop or a suspended machine). Call it right before
   * the step that must happen under the lock (the rename of state.db).
   */
  assertHeld(): void;
  release(): Promise<void>;
}

export const DEFAULT_LOCK = { timeoutMs: 15_000, staleMs: 10_000, updateMs: 2_000 } as const;

/** When each held lock was last known fresh (acquired or refreshed), keyed by lock path. */
const freshAt = new Map<string, number>();

/** node:fs with `utimes` observed: proper-lockfile refreshes the lock's mtime through it. */
const observedFs = {
  ...fs,
  utimes(path: string, atime: Date, mtime: Date, cb: (err: NodeJS.ErrnoException | null) => void): void {
    const started = Date.now();
    fs.utimes(path, atime, mtime, (err) => {
      if (!err && freshAt.has(path)) freshAt.set(path, started);
      cb(err);
    });
  },
};

/** In-process queue per lock path: a process never polls against itself. */
const queues = new Map<string, Promise<void>>();

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Takes the exclusive lock on `paths.db`, waiting up to `timeoutMs`.
 *
 * @example
 * const lock = await acquireLock(paths);
 * try { …; lock.assertHeld(); renameSync(tmp, paths.db); } finally { await lock.release(); }
 */
export async function acquireLock(paths: StorePaths, opts: LockOptions = {}): Promise<LockHandle> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_LOCK.timeoutMs;
  const staleMs = Math.max(2000, opts.staleMs ?? DEFAULT_LOCK.staleMs);
  const updateMs = Math.max(1000, Math.min(opts.updateMs ?? DEFAULT_LOCK.updateMs, staleMs / 2));
  const deadline = Date.now() + timeoutMs;

  const previous = queues.get(paths.lock) ?? Promise.resolve();
  let leave!: () => void;
  const mine = new Promise<void>((r) => (leave = r));
  const tail = previous.then(() => mine);
  queues.set(paths.lock, tail);
  const dequeue = () => {
    leave();
    if (queues.get(paths.lock) === tail) queues.delete(paths.lock);
  };

  try {
    let timer: NodeJS.Timeout | undefined;
    const inQueue = await Promise.race([
      previous.then(() => true),
      new Promise<false>((r) => (timer = setTimeout(() => r(false), Math.max(0, deadline - Date.now())))),
    ]).finally(() => clearTimeout(timer));
    if (!inQueue) throw timeout(paths, timeoutMs);
    let compromised: Error | null = null;
    let release: (() => Promise<void>) | null = null;
    for (let attempt = 0; ; attempt++) {
      const started = Date.now();
      try {
        release = await properLock(paths.db, {
          realpath: false,
          lockfilePath: paths.lock,
          stale: staleMs,
          update: updateMs,
          retries: 0,
          fs: observedFs,
          onCompromised: (err) => {
            compromised = err;
          },
        });
        freshAt.set(paths.lock, started);
        break;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ELOCKED') {
          throw new StoreError('IO', `could not lock ${paths.db}: ${(err as Error).message}`);
        }
        const wait = Math.min(30, 2 * 1.5 ** attempt) * (0.5 + Math.random());
        if (Date.now() + wait > deadline) throw timeout(paths, timeoutMs);
        await sleep(wait);
      }
    }
    const margin = Math.min(2000, staleMs / 4);
    const held = release;
    return {
      assertHeld() {
        const fresh = freshAt.get(paths.lock) ?? 0;
        if (compromised || Date.now() - fresh > staleMs - margin) {
          throw new StoreError(
            'IO',
            `lost the lock on ${paths.db} (not refreshed for ${Date.now() - fresh} ms; another process may have taken it over): nothing was written, try again`,
          );
        }
      },
      async release() {
        freshAt.delete(paths.lock);
        try {
          await held();
        } catch {
          // already released or taken over: nothing of ours to remove
        } finally {
          dequeue();
        }
      },
    };
  } catch (err) {
    dequeue();
    throw err;
  }
}

function timeout(paths: StorePaths, ms: number): StoreError {
  return new StoreError(
    'LOCK_TIMEOUT',
    `timed out after ${ms} ms waiting for the lock on ${paths.db} (${paths.lock} is held by another Task Orchestrator process; a lock left by a crashed process is taken over after 10 s)`,
  );
}
