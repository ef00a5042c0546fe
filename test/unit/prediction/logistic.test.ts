// The logistic-regression trainer: it finds the penalised optimum, and the same rows give the same weights.
import { describe, expect, test } from 'vitest';
import { linear, sigmoid, trainLogistic } from '../../../server/engine/prediction/logistic.js';
import type { SparseVector } from '../../../server/engine/prediction/tfidf.js';
import { seededRandom } from '../../../server/engine/prediction/split.js';

/** Noisy data: failure odds rise with feature 0, fall with feature 1; feature 2 is noise. */
function data(n: number, seed: number): { xs: SparseVector[]; ys: boolean[] } {
  const r = seededRandom(seed);
  const xs: SparseVector[] = [], ys: boolean[] = [];
  for (let i = 0; i < n; i++) {
    const v = [r() * 2 - 1, r() * 2 - 1, r() * 2 - 1];
    xs.push({ indices: [0, 1, 2], values: v });
    ys.push(r() < sigmoid(2 * v[0]! - 1.5 * v[1]! - 0.5));
  }
  return { xs, ys };
}

describe('trainLogistic', () => {
  test('with no features the bias is the log-odds of the base rate', () => {
    const xs = Array.from({ length: 10 }, () => ({ indices: [], values: [] }));
    const fit = trainLogistic(xs, [true, true, true, false, false, false, false, false, false, false], 0);
    expect(fit.converged).toBe(true);
    expect(fit.bias).toBeCloseTo(Math.log(3 / 7), 6);
  });

  test('reaches the penalised optimum: the gradient vanishes', () => {
    const { xs, ys } = data(300, 3);
    const l2 = 1;
    const fit = trainLogistic(xs, ys, 3, { l2 });
    expect(fit.converged).toBe(true);
    // ∂/∂w_j of Σ logloss + (λ/2)‖w‖², recomputed here independently of the trainer.
    const grad = [0, 0, 0], n = xs.length;
    let gb = 0;
    xs.forEach((x, i) => {
      const r = sigmoid(linear(x, fit.weights, fit.bias)) - (ys[i] ? 1 : 0);
      x.indices.forEach((j, k) => (grad[j]! += r * x.values[k]!));
      gb += r;
    });
    for (let j = 0; j < 3; j++) expect(Math.abs(grad[j]! + l2 * fit.weights[j]!) / n).toBeLessThan(1e-6);
    expect(Math.abs(gb) / n).toBeLessThan(1e-6);
  });

  test('recovers the direction of the true effects', () => {
    const { xs, ys } = data(2000, 5);
    const [a, b, noise] = trainLogistic(xs, ys, 3).weights as [number, number, number];
    expect(a).toBeGreaterThan(1.4);
    expect(b).toBeLessThan(-1);
    expect(Math.abs(noise)).toBeLessThan(0.3);
  });

  test('a stronger penalty shrinks the weights', () => {
    const { xs, ys } = data(300, 7);
    const norm = (w: number[]) => Math.hypot(...w);
    expect(norm(trainLogistic(xs, ys, 3, { l2: 100 }).weights)).toBeLessThan(norm(trainLogistic(xs, ys, 3, { l2: 0.1 }).weights));
  });

  test('deterministic: the same rows give bit-identical weights', () => {
    const { xs, ys } = data(200, 11);
    expect(trainLogistic(xs, ys, 3)).toEqual(trainLogistic(xs, ys, 3));
  });

  test('refuses a non-positive penalty and mismatched labels', () => {
    const { xs, ys } = data(10, 1);
    expect(() => trainLogistic(xs, ys, 3, { l2: 0 })).toThrow(/l2 must be positive/);
    expect(() => trainLogistic(xs, ys.slice(1), 3)).toThrow(RangeError);
  });

  test('sigmoid stays finite far out', () => {
    expect(sigmoid(1000)).toBe(1);
    expect(sigmoid(-1000)).toBe(0);
    expect(sigmoid(0)).toBe(0.5);
  });
});
