/**
 * The heartbeat that tells hooks a human is watching the inbox (docs/inbox.md): while it beats, a hook
 * that asks waits for a decision here instead of falling back at once. Written every 2 s while the
 * extension is active; removed on deactivate so hooks stop waiting at once.
 */
import { beat, endBeat } from '../../server/engine/store/journal.js';
import type { StorePaths } from '../../server/engine/store/paths.js';

export const SURFACE = 'vscode';

export class Heartbeat {
  private timer: ReturnType<typeof setInterval> | null = null;
  private current: StorePaths | null = null;
  private lastError: string | null = null;

  /**
   * @param paths the state directory's paths now (the setting may change them)
   * @param onError told once per distinct failure (a read-only or missing directory)
   * @example new Heartbeat(() => storePaths(dir), (m) => log(m)).start()
   */
  constructor(
    private readonly paths: () => StorePaths,
    private readonly onError: (message: string) => void = () => undefined,
    private readonly intervalMs = 2000,
    private readonly pid = process.pid,
  ) {}

  start(): void {
    this.tick();
    this.timer = setInterval(() => this.tick(), this.intervalMs);
    this.timer.unref?.();
  }

  /** Beats now (and moves the heartbeat when the state directory changed). */
  tick(): void {
    const paths = this.paths();
    if (this.current && this.current.dir !== paths.dir) endBeat(this.current, SURFACE, this.pid);
    this.current = paths;
    try {
      beat(paths, SURFACE, this.pid);
      this.lastError = null;
    } catch (err) {
      const message = `could not write the heartbeat in ${paths.surfaces}: ${(err as Error).message}; hooks will not wait for decisions here`;
      if (message !== this.lastError) this.onError(message);
      this.lastError = message;
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (this.current) endBeat(this.current, SURFACE, this.pid);
    this.current = null;
  }
}
