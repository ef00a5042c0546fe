// The state watcher: debounced refreshes, its own writes ignored, a poll for missed events, real fs.watch.
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { storePaths, type StorePaths } from '../../../server/engine/store/paths.js';
import { relevantEvent, stateSignature, StateWatcher } from '../../../extension/src/watcher.js';

let paths: StorePaths;
let watcher: StateWatcher | null = null;

beforeEach(() => {
  paths = storePaths(mkdtempSync(join(tmpdir(), 'to-ext-watch-')));
  mkdirSync(paths.journal, { recursive: true });
  mkdirSync(paths.decisions, { recursive: true });
  writeFileSync(paths.db, 'v1');
});
afterEach(() => {
  watcher?.dispose();
  watcher = null;
  vi.useRealTimers();
  rmSync(paths.dir, { recursive: true, force: true });
});

/** A watcher whose fs.watch is replaced, so the test fires the events. */
function fakeWatcher(onChange: () => void, opts: { pollMs?: number } = {}) {
  const listeners = new Map<string, (e: string, f: string | null) => void>();
  watcher = new StateWatcher({
    paths, onChange, debounceMs: 100, ownWindowMs: 500, pollMs: opts.pollMs ?? 60_000,
    watch: (dir, l) => (listeners.set(dir, l), { close: () => listeners.delete(dir), on: () => ({}) as never }),
  });
  watcher.start();
  return (dir: string, file: string) => listeners.get(dir)?.('change', file);
}

describe('StateWatcher', () => {
  test('watches the state directory, journal/ and inbox/decisions/', () => {
    const dirs: string[] = [];
    watcher = new StateWatcher({ paths, onChange: () => undefined, watch: (d) => (dirs.push(d), { close: () => undefined, on: () => ({}) as never }) });
    watcher.start();
    expect(dirs).toEqual([paths.dir, paths.journal, paths.decisions]);
  });

  test('a burst of events gives one refresh after the debounce', () => {
    vi.useFakeTimers();
    const onChange = vi.fn();
    const fire = fakeWatcher(onChange);
    appendFileSync(join(paths.journal, 'current.jsonl'), '{}\n');
    for (let i = 0; i < 5; i++) fire(paths.journal, 'current.jsonl');
    vi.advanceTimersByTime(99);
    expect(onChange).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onChange).toHaveBeenCalledTimes(1);
  });

  test('ignores the echoes of its own store call, but not a change made during the window', () => {
    vi.useFakeTimers();
    const onChange = vi.fn();
    const fire = fakeWatcher(onChange);
    writeFileSync(paths.db, 'v2 written by the extension');
    watcher!.ownWrite();
    fire(paths.dir, 'state.db');
    vi.advanceTimersByTime(200);
    expect(onChange).not.toHaveBeenCalled();
    appendFileSync(join(paths.journal, 'current.jsonl'), '{"a hook":1}\n');
    fire(paths.journal, 'current.jsonl');
    vi.advanceTimersByTime(200);
    expect(onChange).toHaveBeenCalledTimes(1);
  });

  test('after the window, any relevant event refreshes', () => {
    vi.useFakeTimers();
    const onChange = vi.fn();
    const fire = fakeWatcher(onChange);
    watcher!.ownWrite();
    vi.advanceTimersByTime(600);
    fire(paths.dir, 'state.db');
    vi.advanceTimersByTime(100);
    expect(onChange).toHaveBeenCalledTimes(1);
  });

  test('the lock, temporary files and snapshots in the state directory are not news', () => {
    expect(relevantEvent('dir', 'state.db')).toBe(true);
    expect(relevantEvent('dir', 'state.db.lock')).toBe(false);
    expect(relevantEvent('dir', 'state.db.tmp-123')).toBe(false);
    expect(relevantEvent('dir', 'rules.json')).toBe(false);
    expect(relevantEvent('journal', 'seg-1.jsonl')).toBe(true);
    expect(relevantEvent('decisions', 'a1.json')).toBe(true);
    expect(relevantEvent('dir', null)).toBe(true);
  });

  test('the poll refreshes when fs.watch reported nothing', () => {
    vi.useFakeTimers();
    const onChange = vi.fn();
    fakeWatcher(onChange, { pollMs: 2000 });
    vi.advanceTimersByTime(2100);
    expect(onChange).not.toHaveBeenCalled();
    appendFileSync(join(paths.journal, 'current.jsonl'), '{}\n');
    vi.advanceTimersByTime(2100);
    expect(onChange).toHaveBeenCalledTimes(1);
  });

  test('the signature changes when state.db is replaced or the journal grows, not for applied segments', () => {
    const a = stateSignature(paths);
    writeFileSync(join(paths.journal, 'applied-0000000000001-1-1.jsonl'), '{}\n');
    expect(stateSignature(paths)).toBe(a);
    appendFileSync(join(paths.journal, 'current.jsonl'), '{}\n');
    const b = stateSignature(paths);
    expect(b).not.toBe(a);
    writeFileSync(`${paths.db}.new`, 'v2!');
    rmSync(paths.db);
    writeFileSync(paths.db, 'v2!');
    expect(stateSignature(paths)).not.toBe(b);
  });

  test('with the real fs.watch, a journal append is seen within a second', async () => {
    const seen = new Promise<number>((resolve) => {
      watcher = new StateWatcher({ paths, onChange: () => resolve(Date.now()), debounceMs: 100, pollMs: 60_000 });
      watcher.start();
    });
    const t0 = Date.now();
    appendFileSync(join(paths.journal, 'current.jsonl'), '{"type":"approval.created"}\n');
    const t = await Promise.race([seen, new Promise<number>((_, rej) => setTimeout(() => rej(new Error('no refresh within 1 s')), 1000))]);
    expect(t - t0).toBeLessThan(1000);
  });

  test('a journal folder created later is watched once it appears (via the poll)', async () => {
    rmSync(paths.journal, { recursive: true });
    let calls = 0;
    watcher = new StateWatcher({ paths, onChange: () => void calls++, debounceMs: 20, pollMs: 100 });
    watcher.start();
    mkdirSync(paths.journal);
    for (let i = 0; i < 50 && calls === 0; i++) await new Promise((r) => setTimeout(r, 20));
    const before = calls;
    appendFileSync(join(paths.journal, 'current.jsonl'), '{}\n');
    for (let i = 0; i < 50 && calls === before; i++) await new Promise((r) => setTimeout(r, 20));
    expect(calls).toBeGreaterThan(before);
  });
});
