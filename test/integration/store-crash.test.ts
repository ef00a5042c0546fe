// Writers killed with SIGKILL at random moments — while waiting, while holding the lock, mid-export, mid-rename:
// the database always opens, passes quick_check and holds every row whose write() had resolved.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { Store } from '../../server/engine/store/store.js';
import { bundleWorker, runWorker } from './fixtures/store-bundle.js';

const KILLS = 20;
const WRITES = 40;
/** Lowered from 10 s so a lock left by a killed holder is taken over quickly (proper-lockfile's minimum is 2 s). */
const STALE_MS = '2000';

let bundle: string;
let scratch: string;
beforeAll(async () => {
  bundle = await bundleWorker();
  scratch = mkdtempSync(join(tmpdir(), 'to-store-crash-'));
});
afterAll(() => {
  rmSync(bundle, { recursive: true, force: true });
  rmSync(scratch, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test(`${KILLS} writers killed with SIGKILL: the database opens and keeps every committed row`, { timeout: 120_000 }, async () => {
  const stateDir = join(scratch, 'state');
  const committed: string[] = [];
  let killedMidway = 0;
  for (let round = 0; round < KILLS; round++) {
    // Two writers contend; one is killed at a random moment, the other must finish (taking over a stale lock).
    const runs = ['a', 'b'].map((w) => runWorker(bundle, ['write', stateDir, String(WRITES), `r${round}${w}`, STALE_MS]));
    const victim = Math.random() < 0.5 ? 0 : 1;
    // After a random number of its writes (0: while it starts), at a random point within the next one.
    const after = Math.floor(Math.random() * (WRITES - 5));
    while (runs[victim]!.lines.length < after && (await Promise.race([runs[victim]!.done.then(() => false), sleep(1).then(() => true)]))) {
      // polling the victim's progress
    }
    await sleep(Math.random() * 6);
    runs[victim]!.kill('SIGKILL');
    const results = await Promise.all(runs.map((r) => r.done));
    expect(results[1 - victim], results[1 - victim]!.stderr).toMatchObject({ code: 0 });
    expect(runs[1 - victim]!.lines).toHaveLength(WRITES);
    if (results[victim]!.signal === 'SIGKILL' && runs[victim]!.lines.length < WRITES) killedMidway++;
    for (const r of runs) committed.push(...r.lines.filter((l) => l !== ''));
  }
  expect(killedMidway).toBeGreaterThanOrEqual(KILLS - 2);

  const store = await Store.open(stateDir, { lockStaleMs: Number(STALE_MS) });
  try {
    const { check, ids } = await store.read((db) => ({
      check: db.all<{ quick_check: string }>('PRAGMA quick_check').map((r) => r.quick_check),
      ids: new Set(db.all<{ id: string }>('SELECT id FROM audit_events').map((r) => r.id)),
    }));
    expect(check).toEqual(['ok']);
    expect(committed.filter((id) => !ids.has(id))).toEqual([]);
    expect(committed.length).toBeGreaterThan(KILLS * WRITES);
    expect(readdirSync(stateDir).filter((n) => n.includes('.tmp-'))).toEqual([]); // killed writers' temp files swept
  } finally {
    store.close();
  }
});
