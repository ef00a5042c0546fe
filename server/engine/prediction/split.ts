/** Seeded, reproducible train/hold-out splits. */

/**
 * A seeded pseudo-random generator (mulberry32): the same seed gives the same sequence in [0, 1).
 *
 * @example
 * const r = seededRandom(42); r() === seededRandom(42)(); // → true
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher–Yates shuffle of a copy, driven by `random`. */
function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

export interface Split {
  /** Indices into the labelled items, each ascending. */
  train: number[];
  holdout: number[];
}

/**
 * Holds out `fraction` of each class (rounded, at least one per class when the class has two or more),
 * chosen by a seeded shuffle, so both parts keep the overall failure rate.
 *
 * @example
 * const s = stratifiedSplit([true, true, true, true, false, false, false, false], 0.25, 7);
 * s.holdout.length; // → 2 (one failure, one success)
 */
export function stratifiedSplit(labels: readonly boolean[], fraction: number, seed: number): Split {
  const random = seededRandom(seed);
  const train: number[] = [], holdout: number[] = [];
  for (const cls of [true, false]) {
    const members = shuffled(labels.flatMap((l, i) => (l === cls ? [i] : [])), random);
    const take = members.length < 2 ? 0 : Math.max(1, Math.round(members.length * fraction));
    holdout.push(...members.slice(0, take));
    train.push(...members.slice(take));
  }
  return { train: train.sort((a, b) => a - b), holdout: holdout.sort((a, b) => a - b) };
}

/**
 * Holds out the latest `fraction` of the items by timestamp (ties by position): the honest check of a
 * model that will predict the future from the past.
 *
 * @example
 * chronologicalSplit([30, 10, 20, 40], 0.25); // → { train: [0, 1, 2], holdout: [3] }
 */
export function chronologicalSplit(timestamps: readonly number[], fraction: number): Split {
  const order = timestamps.map((t, i) => [t, i] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const cut = order.length - Math.round(order.length * fraction);
  return {
    train: order.slice(0, cut).map(([, i]) => i).sort((a, b) => a - b),
    holdout: order.slice(cut).map(([, i]) => i).sort((a, b) => a - b),
  };
}
