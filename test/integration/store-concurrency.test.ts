// Many processes against one state.db at once: no lost update through Store.write(), and no journal event
// lost or applied twice while a folder runs alongside the hooks that append.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { listJournal } from '../../server/engine/store/journal.js';
import { storePaths } from '../../server/engine/store/paths.js';
import { audit } from '../../server/engine/store/repos.js';
import { Store } from '../../server/engine/store/store.js';
import { bundleWorker, runWorker } from './fixtures/store-bundle.js';

const PROCESSES = 16;
const WRITES = 100;
const LOOPS = 3;

let bundle: string;
let scratch: string;
beforeAll(async () => {
  bundle = await bundleWorker();
  scratch = mkdtempSync(join(tmpdir(), 'to-store-conc-'));
});
afterAll(() => {
  rmSync(bundle, { recursive: true, force: true });
  rmSync(scratch, { recursive: true, force: true });
});

async function countRows(stateDir: string): Promise<{ rows: number; distinct: number; check: string }> {
  const store = await Store.open(stateDir);
  try {
    return await store.read((db) => ({
      rows: audit.count(db),
      distinct: Number(db.get<{ n: number }>('SELECT count(DISTINCT id) AS n FROM audit_events')?.n),
      check: String(db.get<{ quick_check: string }>('PRAGMA quick_check')?.quick_check),
    }));
  } finally {
    store.close();
  }
}

describe(`${PROCESSES} processes × ${WRITES} Store.write() each`, () => {
  test(`exactly ${PROCESSES * WRITES} rows, ${LOOPS} times over`, { timeout: 150_000 }, async () => {
    for (let loop = 0; loop < LOOPS; loop++) {
      const stateDir = join(scratch, `writes-${loop}`);
      const runs = Array.from({ length: PROCESSES }, (_, p) => runWorker(bundle, ['write', stateDir, String(WRITES), `p${p}`]));
      const results = await Promise.all(runs.map((r) => r.done));
      for (const r of results) expect(r, r.stderr).toMatchObject({ code: 0 });
      expect(runs.reduce((n, r) => n + r.lines.length, 0)).toBe(PROCESSES * WRITES);
      expect(await countRows(stateDir)).toEqual({ rows: PROCESSES * WRITES, distinct: PROCESSES * WRITES, check: 'ok' });
    }
  });
});

describe(`${PROCESSES} processes × ${WRITES} appendJournal() each, with a folder running`, () => {
  test(`exactly ${PROCESSES * WRITES} audit rows after a final fold`, { timeout: 60_000 }, async () => {
    const stateDir = join(scratch, 'journal');
    (await Store.open(stateDir)).close();
    const stop = join(scratch, 'stop-folding');
    const folder = runWorker(bundle, ['fold', stateDir, stop]);
    // The writers start once the folder is running, so the two really overlap (bounded wait).
    for (let i = 0; i < 600 && folder.lines[0] !== 'ready'; i++) await new Promise((r) => setTimeout(r, 50));
    expect(folder.lines[0], 'the folder process did not start').toBe('ready');
    const hooks = Array.from({ length: PROCESSES }, (_, p) => runWorker(bundle, ['journal', stateDir, String(WRITES), `h${p}`]));
    for (const r of await Promise.all(hooks.map((h) => h.done))) expect(r, r.stderr).toMatchObject({ code: 0 });
    writeFileSync(stop, '');
    const f = await folder.done;
    expect(f, f.stderr).toMatchObject({ code: 0 });
    const foldedConcurrently = Number(folder.lines[1]);

    const store = await Store.open(stateDir);
    const last = await store.fold();
    store.close();
    expect(foldedConcurrently + last).toBe(PROCESSES * WRITES);
    expect(foldedConcurrently).toBeGreaterThan(0);
    expect(listJournal(storePaths(stateDir))).toEqual([]);
    expect(await countRows(stateDir)).toEqual({ rows: PROCESSES * WRITES, distinct: PROCESSES * WRITES, check: 'ok' });
  });
});
