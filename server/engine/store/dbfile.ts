/**
 * state.db on disk: loading and verifying it (header, schema version, quick_check), and setting copies of
 * it aside in backups/ (corrupt, newer schema, pre-migration).
 */
import { closeSync, copyFileSync, existsSync, fsyncSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SqlJsStatic } from 'sql.js';
import { Db } from './db.js';
import { StoreError } from './errors.js';
import { ensureDir, fsyncDir } from './files.js';
import { LATEST_SCHEMA, schemaVersion } from './migrations.js';
import type { StorePaths } from './paths.js';

const HEADER = 'SQLite format 3\0';

/** What is at `paths.db`. `fd` stays open: it identifies the file the in-memory copy came from. */
export type Loaded =
  | { state: 'ok' | 'older' | 'newer'; db: Db; fd: number; version: number }
  | { state: 'missing' }
  | { state: 'corrupt'; why: string };

/** Reads state.db into sql.js; `verify` also runs `PRAGMA quick_check` (on open; reloads trust the writer). */
export function loadDbFile(sql: SqlJsStatic, file: string, verify: boolean): Loaded {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { state: 'missing' };
    throw new StoreError('IO', `could not open ${file}: ${(err as Error).message}`);
  }
  let db: Db | null = null;
  try {
    const bytes = readFileSync(fd);
    if (bytes.length === 0) throw new Error('the file is empty');
    if (bytes.length < 100 || bytes.subarray(0, 16).toString('latin1') !== HEADER) throw new Error('not an SQLite database: bad header');
    db = new Db(new sql.Database(bytes));
    const version = schemaVersion(db);
    if (verify) {
      const check = db.all<{ quick_check: string }>('PRAGMA quick_check(5)').map((r) => r.quick_check);
      if (check.join() !== 'ok') throw new Error(`quick_check: ${check.join('; ')}`);
    }
    return { state: version > LATEST_SCHEMA ? 'newer' : version < LATEST_SCHEMA ? 'older' : 'ok', db, fd, version };
  } catch (err) {
    db?.close();
    closeQuiet(fd);
    return { state: 'corrupt', why: (err as Error).message };
  }
}

/** An ISO time usable in a file name on every platform: 2025-01-31T12-00-00.000Z. */
export const fileStamp = (ms: number): string => new Date(ms).toISOString().replace(/:/g, '-');

/**
 * Copies state.db (fsynced) to `backups/state.db.<what>-<time>` and returns that path. The caller then
 * replaces state.db atomically, so there is no moment without one. With `once`, an existing copy of the same
 * name (same `at`) is reused instead of piling up copies of one file.
 */
export function setAside(paths: StorePaths, what: string, at: number, once = false): string {
  ensureDir(paths.backups);
  const base = join(paths.backups, `state.db.${what}-${fileStamp(at)}`);
  let dest = base;
  if (once && existsSync(dest)) return dest;
  for (let i = 1; existsSync(dest); i++) dest = `${base}-${i}`;
  try {
    copyFileSync(paths.db, dest);
    const fd = openSync(dest, 'r+');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    fsyncDir(paths.backups);
  } catch (err) {
    throw new StoreError('IO', `could not copy ${paths.db} to ${dest}: ${(err as Error).message}`, dest);
  }
  return dest;
}

/** Copies of state.db in backups/, newest first (for doctor). */
export function listBackups(paths: StorePaths): string[] {
  try {
    return readdirSync(paths.backups).filter((n) => n.startsWith('state.db.')).sort().reverse().map((n) => join(paths.backups, n));
  } catch {
    return [];
  }
}

export function closeQuiet(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // already closed
  }
}
