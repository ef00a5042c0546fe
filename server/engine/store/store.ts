/**
 * `Store`: the sql.js side of the shared state, for the CLI, the MCP server, the extension and
 * `store fold`. Every change is lock → re-read state.db → fold the journal → apply → write a temporary
 * file, fsync, rename over state.db, fsync the directory → delete the folded journal files → unlock
 * (docs/store.md). Hooks never come here: they use journal.ts.
 */
import { existsSync, fstatSync, fsyncSync, openSync, readdirSync, renameSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { SqlJsStatic } from 'sql.js';
import { Db, loadSqlJs } from './db.js';
import { closeQuiet, loadDbFile, setAside } from './dbfile.js';
import { StoreError } from './errors.js';
import { ensureDir, fsyncDir, unlinkQuietly, writeFileAtomic } from './files.js';
import { DEFAULT_RETENTION, type FoldBatch, foldFiles, prune, pruneDue, pruneFiles, type Retention } from './fold.js';
import { foldableSegments, listJournal, retireSegments, rotateJournal, writeDecision } from './journal.js';
import { type LockHandle, type LockOptions, acquireLock } from './lock.js';
import { LATEST_SCHEMA, migrate, schemaVersion } from './migrations.js';
import { type StorePaths, storePaths } from './paths.js';
import { approvalRules, audit } from './repos.js';
import type { AlertingConfig } from '../alerting/types.js';
import { applyDecay } from '../immune/decay.js';
import { SNAPSHOT_LIMIT, writeImmuneSnapshot } from './immune-snapshot.js';
import { immunePatterns } from './repos-immune.js';

export { StoreError, type StoreErrorCode } from './errors.js';
export { Db } from './db.js';
export { listBackups } from './dbfile.js';

export interface OpenOptions {
  /** Never write: no lock, no fold, no migration, no recovery; write() throws READ_ONLY. */
  readOnly?: boolean;
  /** How long to wait for the lock (default 15 s). */
  lockTimeoutMs?: number;
  /** A lock not refreshed for this long is taken over (default 10 s; tests lower it, minimum 2 s). */
  lockStaleMs?: number;
  /** Override retention limits (tests). */
  retention?: Partial<Retention>;
  /** How long folded journal segments are kept and re-read (default 1 s; tests use 0). */
  journalGraceMs?: number;
  /** The alert rules' configuration (the user policy's `alerting`); defaults when absent. */
  alerting?: AlertingConfig;
  /** Called after a commit that recorded alerts: a process with notifiers sends them (sendPendingAlerts). */
  onAlerts?: () => void;
}

/** How long a folded journal segment is kept (and re-read) in case a hook appended to it while it was rotated. */
const JOURNAL_GRACE_MS = 1000;
/** Journal files folded per transaction. */
const FOLD_BATCH = 5000;

export class Store {
  /** What the user should be told about this state dir (recoveries, a newer schema), for doctor/status/the extension. */
  readonly notices: string[] = [];
  private db: Db | null = null;
  /** An open descriptor of the file `db` was loaded from or written to: same inode at `paths.db` ⇒ unchanged. */
  private fd: number | null = null;
  private newerSchema: number | null = null;
  private readonly retention: Retention;
  private readonly lockOpts: LockOptions;

  private constructor(
    readonly paths: StorePaths,
    private readonly sql: SqlJsStatic,
    private readonly opts: OpenOptions,
  ) {
    this.retention = { ...DEFAULT_RETENTION, ...opts.retention };
    this.lockOpts = { timeoutMs: opts.lockTimeoutMs, staleMs: opts.lockStaleMs };
  }

  /**
   * Opens (creating, migrating or recovering under the lock) the store in `stateDir`.
   * @example
   * const store = await Store.open(resolveStateDir());
   * const pending = await store.read((db) => approvals.list(db, { status: 'pending' }));
   */
  static async open(stateDir: string, opts: OpenOptions = {}): Promise<Store> {
    const paths = storePaths(stateDir);
    const store = new Store(paths, await loadSqlJs(), opts);
    if (opts.readOnly) {
      store.refresh(false);
    } else {
      try {
        for (const d of [paths.dir, paths.journal, paths.backups]) ensureDir(d);
      } catch (err) {
        throw new StoreError('IO', `could not create the state directory ${paths.dir}: ${(err as Error).message}`);
      }
      await store.locked(async (lock) => {
        store.sweepTemporaries();
        store.refresh(true, lock);
        if (!existsSync(paths.rules) && store.newerSchema === null) store.writeRules();
      });
    }
    store.reportRecoveries();
    return store;
  }

  /** The database's schema version and the newest this build knows; `readOnlyReason` when writes are refused. */
  get schema(): { version: number; latest: number; readOnlyReason: string | null } {
    const version = this.newerSchema ?? (this.db ? schemaVersion(this.db) : 0);
    return { version, latest: LATEST_SCHEMA, readOnlyReason: this.newerSchema === null ? (this.opts.readOnly ? 'opened read-only' : null) : this.newerMessage() };
  }

  /**
   * Runs `fn` on a current copy of the database; its changes are discarded. Folds a journal backlog first
   * (under the lock) unless the store is read-only.
   */
  async read<T>(fn: (db: Db) => T): Promise<T> {
    let folded = false;
    if (!this.opts.readOnly && this.newerSchema === null && listJournal(this.paths).length > 0) {
      try {
        await this.fold();
        folded = true;
      } catch (err) {
        // A writer holding the lock for long must not make reads fail: show the database as it is.
        if (!(err instanceof StoreError && err.code === 'LOCK_TIMEOUT')) throw err;
      }
    }
    if (!folded && !this.refresh(false)) await this.locked(async (lock) => void this.refresh(true, lock));
    const db = this.current();
    return db.discard(() => synchronous(fn(db)));
  }

  /**
   * Applies `fn` (synchronous) in one transaction and puts the result on disk before resolving: lock,
   * reload, fold, `fn`, atomic replace, delete folded journal files, rules.json/decision files, unlock.
   * Throws StoreError NEWER_SCHEMA / READ_ONLY / LOCK_TIMEOUT / IO, or what `fn` throws (then nothing of
   * `fn` is kept).
   */
  async write<T>(fn: (db: Db) => T): Promise<T> {
    this.assertWritable();
    return this.locked(async (lock) => {
      this.refresh(false, lock);
      this.assertWritable();
      const db = this.current();
      const { applied, done } = this.foldSome(db);
      const pruned = this.pruneIfDue(db);
      let result: T;
      try {
        result = db.tx(() => synchronous(fn(db)));
      } catch (err) {
        if (applied > 0 || pruned) this.commit(lock, done);
        throw err;
      }
      this.commit(lock, done);
      return result;
    });
  }

  /** Folds the whole journal (and prunes when due); returns the number of events applied. */
  async fold(): Promise<number> {
    if (this.opts.readOnly || this.newerSchema !== null) return 0;
    return this.locked(async (lock) => {
      this.refresh(false, lock);
      if (this.newerSchema !== null) return 0;
      const db = this.current();
      let total = 0;
      for (let round = 0; round < 10_000; round++) {
        const batch = this.foldSome(db);
        total += batch.applied;
        const pruned = this.pruneIfDue(db);
        if (batch.applied > 0 || pruned) this.commit(lock, batch.done);
        else this.deleteJournal(batch.done);
        if (batch.listed < FOLD_BATCH) break;
      }
      return total;
    });
  }

  close(): void {
    this.db?.close();
    this.db = null;
    this.closeFd();
  }

  // --- internals ------------------------------------------------------------------------------------------

  private async locked<T>(fn: (lock: LockHandle) => Promise<T>): Promise<T> {
    const lock = await acquireLock(this.paths, this.lockOpts);
    try {
      return await fn(lock);
    } finally {
      await lock.release();
    }
  }

  private notice(message: string): void {
    if (!this.notices.includes(message)) this.notices.push(message);
  }

  private current(): Db {
    if (!this.db) throw new StoreError('IO', `the store for ${this.paths.dir} is closed`);
    return this.db;
  }

  private newerMessage(): string {
    return `state.db was written by a newer Task Orchestrator (schema ${this.newerSchema}, this build knows ${LATEST_SCHEMA}): upgrade`;
  }

  private assertWritable(): void {
    if (this.newerSchema !== null) throw new StoreError('NEWER_SCHEMA', this.newerMessage());
    if (this.opts.readOnly) throw new StoreError('READ_ONLY', `the store for ${this.paths.dir} was opened read-only`);
  }

  /**
   * Makes `this.db` match state.db on disk, reloading only when the file was replaced (`verify`: also run
   * quick_check). With `lock` held it also creates, migrates or recovers; without, it returns false when
   * that is needed (a read-only store instead works on an in-memory stand-in).
   */
  private refresh(verify: boolean, lock?: LockHandle): boolean {
    if (this.db && this.fd !== null && this.unchangedOnDisk()) return true;
    const loaded = loadDbFile(this.sql, this.paths.db, verify);
    if (loaded.state === 'ok' || loaded.state === 'newer') {
      this.replaceDb(loaded.db, loaded.fd);
      if (loaded.state === 'newer') this.enterNewerSchema(loaded.version);
      return true;
    }
    if (loaded.state === 'older') {
      if (!lock && !this.opts.readOnly) return loaded.db.close(), closeQuiet(loaded.fd), false;
      if (lock && loaded.version > 0) setAside(this.paths, `pre-migration-${loaded.version}`, Date.now());
      migrate(loaded.db);
      this.replaceDb(loaded.db, loaded.fd);
      if (lock) this.commit(lock, []);
      return true;
    }
    if (!lock) {
      if (!this.opts.readOnly) return false;
      this.replaceDb(this.emptyDb(), null);
      if (loaded.state === 'corrupt') this.notice(`state.db is corrupt (${loaded.why}); showing an empty store until a writing surface moves it to backups/`);
      return true;
    }
    const db = this.emptyDb();
    if (loaded.state === 'corrupt') {
      const backup = setAside(this.paths, 'corrupt', Date.now());
      const message = `state.db was corrupt (${loaded.why}); moved it to ${backup} and started an empty database`;
      audit.insert(db, { ts: Date.now(), kind: 'store.recovered', tool: 'store', reason: message, summary: backup });
      this.notice(message);
    }
    this.replaceDb(db, null);
    this.commit(lock, []);
    return true;
  }

  private enterNewerSchema(version: number): void {
    if (this.newerSchema !== null) return;
    this.newerSchema = version;
    let copy = '';
    if (!this.opts.readOnly) copy = ` A copy is in ${setAside(this.paths, `schema-${version}`, statSync(this.paths.db).mtimeMs, true)};`;
    this.notice(`${this.newerMessage()}. Opened read-only.${copy} journal files are kept until an upgraded build folds them.`);
  }

  private unchangedOnDisk(): boolean {
    try {
      const a = fstatSync(this.fd!);
      const b = statSync(this.paths.db);
      return a.ino === b.ino && a.dev === b.dev && a.size === b.size && a.mtimeMs === b.mtimeMs;
    } catch {
      return false;
    }
  }

  private emptyDb(): Db {
    const db = new Db(new this.sql.Database());
    migrate(db);
    return db;
  }

  private replaceDb(db: Db, fd: number | null): void {
    if (this.db !== db) this.db?.close();
    this.db = db;
    this.closeFd();
    this.fd = fd;
  }

  private closeFd(): void {
    if (this.fd !== null) closeQuiet(this.fd);
    this.fd = null;
  }

  private foldSome(db: Db): FoldBatch & { listed: number } {
    rotateJournal(this.paths);
    const names = foldableSegments(this.paths).slice(0, FOLD_BATCH);
    const batch = foldFiles(db, this.paths, names, Date.now(), this.opts.alerting);
    for (const r of batch.rejected) this.notice(`journal file rejected: ${r}`);
    if (batch.patternsChanged) db.afterCommit.push({ kind: 'immune' });
    if (batch.alertsRaised > 0) db.afterCommit.push({ kind: 'alerts' });
    return { ...batch, listed: names.length };
  }

  private pruneIfDue(db: Db): boolean {
    const now = Date.now();
    if (!pruneDue(db, this.retention, now)) return false;
    prune(db, this.retention, now);
    pruneFiles(this.paths, now);
    // The immune memory forgets what stopped mattering: relevance decays (72 h half-life); stale and faint patterns go.
    const { pruned } = applyDecay(immunePatterns.all(db), now);
    if (pruned.length > 0) {
      immunePatterns.remove(db, pruned);
      db.afterCommit.push({ kind: 'immune' });
    }
    return true;
  }

  /** Exports the database and replaces state.db with it; then deletes `folded` and runs after-commit effects. */
  private commit(lock: LockHandle, folded: string[]): void {
    const db = this.current();
    const effects = db.afterCommit.splice(0);
    const tmp = `${this.paths.db}.tmp-${process.pid}`;
    let fd: number | null = null;
    try {
      const bytes = db.raw.export();
      fd = openSync(tmp, 'w', 0o600);
      for (let off = 0; off < bytes.length; ) off += writeSync(fd, bytes, off, bytes.length - off);
      fsyncSync(fd);
      lock.assertHeld();
      renameSync(tmp, this.paths.db);
    } catch (err) {
      if (fd !== null) closeQuiet(fd);
      unlinkQuietly(tmp);
      this.replaceDb(db, null); // in memory ≠ on disk: reload next time
      if (err instanceof StoreError) throw err;
      throw new StoreError('IO', `could not write ${this.paths.db}: ${(err as Error).message}`);
    }
    fsyncDir(this.paths.dir);
    this.replaceDb(db, fd);
    this.deleteJournal(folded);
    const done = new Set<string>();
    for (const e of effects) {
      if (e.kind === 'decision') {
        writeDecision(this.paths, { approvalId: e.approvalId, status: e.status, reason: e.reason, decidedBy: e.decidedBy, decidedAt: e.decidedAt });
        continue;
      }
      if (done.has(e.kind)) continue;
      done.add(e.kind);
      if (e.kind === 'rules') this.writeRules();
      else if (e.kind === 'immune') this.writeImmune();
      else this.opts.onAlerts?.();
    }
  }

  /** Under the lock no one is writing state.db: every `state.db.tmp-*` is left over from a crashed writer. */
  private sweepTemporaries(): void {
    for (const n of readdirSync(this.paths.dir)) if (n.startsWith('state.db.tmp-')) unlinkQuietly(join(this.paths.dir, n));
  }

  private deleteJournal(names: string[]): void {
    retireSegments(this.paths, names, Date.now(), this.opts.journalGraceMs ?? JOURNAL_GRACE_MS);
  }

  /** immune.json for the hooks: the most relevant patterns (recent ones ranked in JS; the table may hold 100k). */
  private writeImmune(): void {
    try {
      writeImmuneSnapshot(this.paths, immunePatterns.list(this.current(), { limit: SNAPSHOT_LIMIT * 4 }), Date.now());
    } catch (err) {
      this.notice(`could not write ${this.paths.immune}: ${(err as Error).message}`);
    }
  }

  private writeRules(): void {
    const rules = approvalRules.snapshot(this.current());
    writeFileAtomic(this.paths.rules, `${JSON.stringify({ version: 1, rules }, null, 1)}\n`, true);
  }

  /** Recoveries in the last week, so every surface can say so (with the backup's path). */
  private reportRecoveries(): void {
    if (!this.db) return;
    const since = Date.now() - 7 * 86_400_000;
    for (const e of audit.query(this.db, { kind: 'store.recovered', since, limit: 5 })) {
      if (!this.notices.some((n) => n.includes(e.summary))) this.notice(`${new Date(e.ts).toISOString()}: ${e.reason}`);
    }
  }
}

function synchronous<T>(v: T): T {
  if (v && typeof (v as { then?: unknown }).then === 'function') {
    throw new TypeError('Store.read()/write() callbacks must be synchronous (sql.js is): do the async work before or after');
  }
  return v;
}
