/**
 * The healing layer's test bed: a real store in a temporary directory and an injected clock whose
 * sleep records each delay and advances the clock, with r = 0.5 (no jitter) unless a test says
 * otherwise. `useHealingSandbox` registers its own beforeEach/afterEach.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import type { HealingOptions } from '../../../server/engine/healing/index.js';
import { Store } from '../../../server/engine/store/store.js';

export const T0 = 1_700_000_000_000;

export interface HealingSandbox {
  dir: string;
  store: Store;
  /** The injected clock, in ms; tests move it forward. */
  clock: number;
  /** Every delay the healing layer slept, in order. */
  slept: number[];
  /** Healing options on the injected clock, patched with `extra`. */
  opts(extra?: HealingOptions): HealingOptions;
}

export function useHealingSandbox(prefix: string): HealingSandbox {
  const sb: HealingSandbox = {
    dir: '',
    store: undefined as unknown as Store,
    clock: T0,
    slept: [],
    opts: (extra = {}) => ({
      now: () => sb.clock,
      sleep: async (ms) => {
        sb.slept.push(ms);
        sb.clock += ms;
      },
      random: () => 0.5,
      ...extra,
    }),
  };
  beforeEach(async () => {
    sb.dir = mkdtempSync(join(tmpdir(), prefix));
    sb.store = await Store.open(sb.dir);
    sb.clock = T0;
    sb.slept = [];
  });
  afterEach(() => {
    sb.store.close();
    rmSync(sb.dir, { recursive: true, force: true });
  });
  return sb;
}
