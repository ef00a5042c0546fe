/**
 * Sleeping between looks for a decision file, woken early when the decisions folder changes. The store
 * writes a decision by renaming it into `inbox/decisions/`, which inotify (and its kin) report on the
 * folder, so a waiting hook answers within a few milliseconds instead of at its next poll. The poll stays
 * as the fallback: a filesystem without change events (some network mounts) still gets an answer.
 */
import { mkdirSync, watch, type FSWatcher } from 'node:fs';

export interface WakeableSleep {
  sleep: (ms: number) => Promise<void>;
  close: () => void;
}

export function decisionSleep(decisionsDir: string): WakeableSleep {
  let watcher: FSWatcher | null | undefined; // undefined: not tried yet; null: unavailable
  let wake: (() => void) | null = null;
  const start = (): void => {
    if (watcher !== undefined) return;
    try {
      mkdirSync(decisionsDir, { recursive: true, mode: 0o700 });
      watcher = watch(decisionsDir, { persistent: false }, () => wake?.());
      watcher.on('error', () => {
        watcher?.close();
        watcher = null;
      });
    } catch {
      watcher = null;
    }
  };
  return {
    sleep: (ms) => {
      start();
      return new Promise<void>((resolve) => {
        const done = (): void => {
          clearTimeout(timer);
          wake = null;
          resolve();
        };
        const timer = setTimeout(done, ms);
        wake = done;
      });
    },
    close: () => {
      watcher?.close();
      watcher = null;
    },
  };
}
