// The state.db lock: exclusive, bounded waiting, a crashed holder's lock taken over, a live holder's kept.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { acquireLock } from '../../../server/engine/store/lock.js';
import { type StorePaths, storePaths } from '../../../server/engine/store/paths.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
let paths: StorePaths;
beforeEach(() => {
  paths = storePaths(mkdtempSync(join(tmpdir(), 'to-lock-')));
});
afterEach(() => rmSync(paths.dir, { recursive: true, force: true }));

test('the lock is a directory beside state.db, removed on release', async () => {
  const lock = await acquireLock(paths);
  expect(existsSync(paths.lock)).toBe(true);
  lock.assertHeld();
  await lock.release();
  expect(existsSync(paths.lock)).toBe(false);
});

test('callers in one process take turns', async () => {
  const order: string[] = [];
  const run = async (name: string) => {
    const lock = await acquireLock(paths);
    order.push(`${name}+`);
    await new Promise((r) => setTimeout(r, 20));
    order.push(`${name}-`);
    await lock.release();
  };
  await Promise.all([run('a'), run('b'), run('c')]);
  expect(order).toEqual(['a+', 'a-', 'b+', 'b-', 'c+', 'c-']);
});

test('a lock held elsewhere makes us wait, then fail with LOCK_TIMEOUT', async () => {
  mkdirSync(paths.lock); // fresh: another process holds it
  const started = Date.now();
  await expect(acquireLock(paths, { timeoutMs: 300 })).rejects.toMatchObject({ code: 'LOCK_TIMEOUT', message: expect.stringMatching(/timed out after 300 ms/) });
  expect(Date.now() - started).toBeGreaterThanOrEqual(250);
});

test('the lock of a process killed with SIGKILL is taken over once stale', async () => {
  mkdirSync(paths.lock);
  const old = (Date.now() - 11_000) / 1000; // not refreshed for 11 s (stale after 10 s)
  utimesSync(paths.lock, old, old);
  const lock = await acquireLock(paths, { timeoutMs: 1000 });
  lock.assertHeld();
  await lock.release();
});

test('a live holder keeps refreshing its lock past the stale time', { timeout: 15_000 }, async () => {
  const lock = await acquireLock(paths, { staleMs: 2000, updateMs: 1000 });
  await new Promise((r) => setTimeout(r, 3000));
  // Another process, same settings, must find it held (not stale).
  const probe = `require(${JSON.stringify(join(ROOT, 'node_modules/proper-lockfile'))}).lock(${JSON.stringify(paths.db)}, { realpath: false, stale: 2000 })
    .then(() => console.log('acquired'), (e) => console.log(e.code))`;
  const r = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8' });
  expect(r.stdout.trim()).toBe('ELOCKED');
  lock.assertHeld();
  await lock.release();
});
