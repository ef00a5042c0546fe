// A waiting hook is woken by a decision file renamed into the decisions folder, not by its next poll.
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { decisionSleep } from '../../hooks/decision-watch.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('decisionSleep', () => {
  test('a file renamed into the folder ends a long sleep early', async () => {
    const root = mkdtempSync(join(tmpdir(), 'to-wake-'));
    dirs.push(root);
    const decisions = join(root, 'inbox', 'decisions'); // created on first sleep
    const waiter = decisionSleep(decisions);
    const slept = waiter.sleep(60_000);
    setTimeout(() => {
      writeFileSync(join(root, 'tmp.json'), '{}');
      renameSync(join(root, 'tmp.json'), join(decisions, 'abc.json'));
    }, 50);
    let woke = false;
    await Promise.race([slept.then(() => (woke = true)), new Promise((r) => setTimeout(r, 5_000))]);
    waiter.close();
    expect(woke).toBe(true);
  });

  test('without any change the timer ends the sleep', async () => {
    const root = mkdtempSync(join(tmpdir(), 'to-wake-'));
    dirs.push(root);
    const waiter = decisionSleep(join(root, 'decisions'));
    await waiter.sleep(20);
    waiter.close();
  });

  test('a folder that cannot be watched still sleeps (the poll fallback)', async () => {
    const root = mkdtempSync(join(tmpdir(), 'to-wake-'));
    dirs.push(root);
    writeFileSync(join(root, 'file'), '');
    const waiter = decisionSleep(join(root, 'file', 'decisions')); // under a file: mkdir fails
    await waiter.sleep(20);
    waiter.close();
  });
});
