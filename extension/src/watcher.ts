/**
 * Tells the views to refresh when the state changes on disk. state.db is replaced by rename, so the
 * state directory is watched (not the file), and journal/ (hooks append a request there) and
 * inbox/decisions/ (another surface decided). Events are debounced; the extension's own writes are
 * ignored for a short window after each of its store calls, unless the state really differs from what
 * that call left; a poll catches what fs.watch misses (network drives, folders created later).
 */
import { type FSWatcher, readdirSync, statSync, watch as fsWatch } from 'node:fs';
import { basename, join } from 'node:path';
import type { StorePaths } from '../../server/engine/store/paths.js';

export interface WatcherOptions {
  paths: StorePaths;
  onChange: () => void;
  debounceMs?: number;
  pollMs?: number;
  /** How long after one of our own store calls its echoes are ignored. */
  ownWindowMs?: number;
  /** fs.watch, injectable for tests. */
  watch?: (dir: string, listener: (event: string, file: string | null) => void) => Pick<FSWatcher, 'close' | 'on'>;
  now?: () => number;
}

/**
 * Which events can mean new data. In the state directory only state.db itself (its temporary files,
 * the lock, rules.json and the snapshots follow a state.db change anyway); everything in journal/ and
 * inbox/decisions/.
 * @example relevantEvent('dir', 'state.db.tmp-42') // false
 */
export function relevantEvent(where: 'dir' | 'journal' | 'decisions', file: string | null): boolean {
  if (file === null || where !== 'dir') return true;
  return file === 'state.db' || file === 'journal' || file === 'inbox';
}

/**
 * A cheap fingerprint of what the views show: state.db's identity and the journal's files and sizes.
 * @example stateSignature(storePaths(dir)) // 'db:1234:5678:1718000000000|current.jsonl:120'
 */
export function stateSignature(paths: StorePaths): string {
  const parts: string[] = [];
  try {
    const s = statSync(paths.db);
    parts.push(`db:${s.ino}:${s.size}:${s.mtimeMs}`);
  } catch {
    parts.push('db:none');
  }
  for (const dir of [paths.journal, paths.decisions]) {
    try {
      for (const n of readdirSync(dir).sort()) {
        if (n.startsWith('applied-')) continue; // already in state.db
        try {
          parts.push(`${n}:${statSync(join(dir, n)).size}`);
        } catch {
          // gone meanwhile
        }
      }
    } catch {
      parts.push(`${basename(dir)}:none`);
    }
  }
  return parts.join('|');
}

export class StateWatcher {
  private watchers = new Map<string, Pick<FSWatcher, 'close' | 'on'>>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private poller: ReturnType<typeof setInterval> | null = null;
  private ownUntil = 0;
  private ownSignature = '';
  private lastSignature = '';
  private disposed = false;
  private readonly debounceMs: number;
  private readonly ownWindowMs: number;
  private readonly now: () => number;

  constructor(private readonly opts: WatcherOptions) {
    this.debounceMs = opts.debounceMs ?? 100;
    this.ownWindowMs = opts.ownWindowMs ?? 500;
    this.now = opts.now ?? Date.now;
  }

  /** Starts watching (and polling every `pollMs`, default 2 s). */
  start(): void {
    this.lastSignature = stateSignature(this.opts.paths);
    this.attach();
    this.poller = setInterval(() => this.poll(), this.opts.pollMs ?? 2000);
    this.poller.unref?.();
  }

  /** Call after each of our own store calls: the file events it causes are ours, not news. */
  ownWrite(): void {
    this.ownUntil = this.now() + this.ownWindowMs;
    this.ownSignature = stateSignature(this.opts.paths);
    this.lastSignature = this.ownSignature;
  }

  /** An fs event (public for tests): debounced into one onChange. */
  event(where: 'dir' | 'journal' | 'decisions', file: string | null): void {
    if (this.disposed || !relevantEvent(where, file)) return;
    if (where === 'dir' && (file === 'journal' || file === 'inbox')) this.attach();
    if (this.now() < this.ownUntil && stateSignature(this.opts.paths) === this.ownSignature) return;
    this.schedule();
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.poller) clearInterval(this.poller);
    for (const w of this.watchers.values()) w.close();
    this.watchers.clear();
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.disposed) return;
      this.lastSignature = stateSignature(this.opts.paths);
      this.opts.onChange();
    }, this.debounceMs);
  }

  private poll(): void {
    if (this.disposed) return;
    this.attach();
    if (stateSignature(this.opts.paths) !== this.lastSignature) this.schedule();
  }

  /** Watches each folder that exists and is not watched yet (journal/ and inbox/ may appear later). */
  private attach(): void {
    const { paths } = this.opts;
    const targets: Array<['dir' | 'journal' | 'decisions', string]> = [['dir', paths.dir], ['journal', paths.journal], ['decisions', paths.decisions]];
    const watch = this.opts.watch ?? ((dir, listener) => fsWatch(dir, { persistent: false }, (e, f) => listener(e, f === null ? null : String(f))));
    for (const [where, dir] of targets) {
      if (this.watchers.has(dir)) continue;
      try {
        statSync(dir);
        const w = watch(dir, (_e, file) => this.event(where, file));
        // A watched folder that is deleted ends its watcher; the poll re-attaches once it is back.
        w.on('error', () => {
          w.close();
          this.watchers.delete(dir);
        });
        this.watchers.set(dir, w);
      } catch {
        // not there yet: the poll tries again
      }
    }
  }
}
