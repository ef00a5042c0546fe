// A damaged state.db (garbage, truncated, empty) or one from a newer build: a clear notice naming the
// backup, the original bytes kept, never a silent reset.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { loadSqlJs } from '../../server/engine/store/db.js';
import { appendJournal, listJournal, newId } from '../../server/engine/store/journal.js';
import { LATEST_SCHEMA } from '../../server/engine/store/migrations.js';
import { storePaths } from '../../server/engine/store/paths.js';
import { audit, trials } from '../../server/engine/store/repos.js';
import { Store, StoreError } from '../../server/engine/store/store.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'to-store-recovery-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const dbFile = () => join(dir, 'state.db');

/** Opens the store on a damaged state.db and checks the notice, the backup and that the store works. */
async function expectRecovered(original: Buffer, why: RegExp): Promise<void> {
  const store = await Store.open(dir);
  try {
    expect(store.notices).toHaveLength(1);
    const notice = store.notices[0]!;
    expect(notice).toMatch(why);
    const backup = /moved it to (\S+) and started an empty database/.exec(notice)?.[1];
    expect(backup).toMatch(/backups\/state\.db\.corrupt-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.\d{3}Z$/);
    expect(readFileSync(backup!).equals(original)).toBe(true);

    await store.write((db) => audit.insert(db, { ts: Date.now(), summary: 'after recovery' }));
    const events = await store.read((db) => audit.query(db).map((e) => [e.kind, e.summary]));
    expect(events).toContainEqual(['store.recovered', backup]);
    expect(events).toContainEqual(['decision', 'after recovery']);
  } finally {
    store.close();
  }
  // Every surface opened later still reports it, with the backup's path.
  const later = await Store.open(dir, { readOnly: true });
  expect(later.notices.join('\n')).toMatch(/state\.db was corrupt .*backups\/state\.db\.corrupt-/);
  later.close();
}

describe('a corrupt state.db is set aside, never silently reset', () => {
  test('garbage bytes', async () => {
    const garbage = Buffer.from('this is not a database, just some bytes\n'.repeat(200));
    writeFileSync(dbFile(), garbage);
    await expectRecovered(garbage, /bad header/);
  });

  test('a truncated file', async () => {
    const store = await Store.open(dir);
    await store.write((db) => {
      for (let i = 0; i < 2000; i++) trials.insert(db, { ts: i, data: { text: 'x'.repeat(200) } });
    });
    store.close();
    const size = statSync(dbFile()).size;
    truncateSync(dbFile(), Math.floor(size / 2));
    await expectRecovered(readFileSync(dbFile()), /state\.db was corrupt/);
  });

  test('a zero-length file', async () => {
    writeFileSync(dbFile(), '');
    await expectRecovered(Buffer.alloc(0), /the file is empty/);
  });

  test('a read-only surface reports the damage and leaves the file where it is', async () => {
    writeFileSync(dbFile(), 'garbage'.repeat(100));
    const store = await Store.open(dir, { readOnly: true });
    expect(store.notices.join()).toMatch(/state\.db is corrupt/);
    expect(await store.read((db) => audit.count(db))).toBe(0);
    expect(readFileSync(dbFile(), 'utf8')).toBe('garbage'.repeat(100));
    store.close();
  });
});

describe('a state.db from a newer Task Orchestrator', () => {
  const NEWER = LATEST_SCHEMA + 1;
  const message = `state.db was written by a newer Task Orchestrator (schema ${NEWER}, this build knows ${LATEST_SCHEMA}): upgrade`;

  async function writeNewerDb(): Promise<void> {
    const SQL = await loadSqlJs();
    const db = new SQL.Database();
    db.exec(`CREATE TABLE audit_events (id TEXT PRIMARY KEY, ts INTEGER, kind TEXT); INSERT INTO audit_events VALUES ('e1', 1, 'decision');
             CREATE TABLE future (x); PRAGMA user_version = ${NEWER};`);
    writeFileSync(dbFile(), db.export());
    db.close();
  }

  test('writes are refused with the exact message; file and journal untouched; a copy in backups/', async () => {
    await writeNewerDb();
    const paths = storePaths(dir);
    mkdirSync(paths.journal, { recursive: true });
    appendJournal(paths, {
      type: 'audit', id: newId(), ts: 1, session: '', project: '', cwd: '', tool: 'Bash', decision: 'allow', category: null, rule: null,
      reason: '', summary: 'ls', decidedBy: null,
    });
    const before = { bytes: readFileSync(dbFile()), mtime: statSync(dbFile()).mtimeMs, journal: listJournal(paths) };

    const store = await Store.open(dir);
    expect(store.notices[0]).toContain(message);
    expect(store.schema).toMatchObject({ version: NEWER, latest: LATEST_SCHEMA, readOnlyReason: message });
    const err = await store.write(() => 1).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect(err).toMatchObject({ code: 'NEWER_SCHEMA', message });
    expect(await store.fold()).toBe(0);
    expect(await store.read((db) => db.get<{ id: string }>('SELECT id FROM audit_events')?.id)).toBe('e1');
    store.close();

    expect(readFileSync(dbFile()).equals(before.bytes)).toBe(true);
    expect(statSync(dbFile()).mtimeMs).toBe(before.mtime);
    expect(listJournal(paths)).toEqual(before.journal);
    expect(existsSync(paths.rules)).toBe(false);
    const copies = readdirSync(paths.backups).filter((n) => n.startsWith(`state.db.schema-${NEWER}-`));
    expect(copies).toHaveLength(1);
    expect(readFileSync(join(paths.backups, copies[0]!)).equals(before.bytes)).toBe(true);

    (await Store.open(dir)).close(); // opening again does not pile up copies of the same file
    expect(readdirSync(paths.backups).filter((n) => n.startsWith('state.db.schema-'))).toHaveLength(1);
  });
});
