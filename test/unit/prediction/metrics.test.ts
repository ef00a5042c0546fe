// Metrics against values worked out by hand.
import { describe, expect, test } from 'vitest';
import { accuracy, auc, brier, ece, evaluate, logLoss } from '../../../server/engine/prediction/metrics.js';

describe('AUC (rank-based)', () => {
  test('1 when every failure outranks every success, 0 when reversed, 0.5 for a constant score', () => {
    expect(auc([0.9, 0.2, 0.6, 0.1], [true, false, true, false])).toBe(1);
    expect(auc([0.1, 0.9], [true, false])).toBe(0);
    expect(auc([0.3, 0.3, 0.3], [true, false, false])).toBe(0.5);
  });

  test('counts the pairs ranked right, ties as one half', () => {
    // failures 0.8, 0.4; successes 0.4, 0.2, 0.6: pairs won 3 (0.8) + 0.5 + 1 (0.4) = 4.5 of 6.
    expect(auc([0.8, 0.4, 0.4, 0.2, 0.6], [true, true, false, false, false])).toBeCloseTo(4.5 / 6);
  });

  test('does not depend on the order of the items', () => {
    expect(auc([0.6, 0.2, 0.4, 0.4, 0.8], [false, false, false, true, true])).toBeCloseTo(4.5 / 6);
  });

  test('undefined (NaN) with only one class', () => {
    expect(auc([0.2, 0.7], [true, true])).toBeNaN();
  });
});

describe('probability scores', () => {
  test('Brier: mean squared error; the base-rate guess scores q(1 − q)', () => {
    expect(brier([1, 0, 0.5], [true, false, true])).toBeCloseTo(0.25 / 3);
    expect(brier([0.25, 0.25, 0.25, 0.25], [true, false, false, false])).toBeCloseTo(0.25 * 0.75);
  });

  test('log loss: ln 2 for a coin flip, finite for a confident miss', () => {
    expect(logLoss([0.5, 0.5], [true, false])).toBeCloseTo(Math.LN2);
    expect(logLoss([0], [true])).toBeCloseTo(-Math.log(1e-15));
  });

  test('ECE: 0 when each bin is right on average, the gap otherwise (weighted by bin size)', () => {
    expect(ece([0.8, 0.8, 0.8, 0.8, 0.8], [true, true, true, true, false])).toBeCloseTo(0);
    expect(ece([0.9, 0.9], [false, false])).toBeCloseTo(0.9);
    // bin 0.1–0.2: predicted 0.15, observed 0 (2 items); bin 0.9–1: predicted 1, observed 1 (p = 1 in the last bin).
    expect(ece([0.15, 0.15, 1], [false, false, true])).toBeCloseTo((2 * 0.15) / 3);
  });

  test('accuracy at 0.5', () => {
    expect(accuracy([0.7, 0.4, 0.2, 0.5], [true, true, false, true])).toBe(0.75);
  });

  test('mismatched or empty inputs are refused', () => {
    expect(() => brier([0.5], [true, false])).toThrow(RangeError);
    expect(() => auc([], [])).toThrow(/at least one/);
  });

  test('evaluate: all figures, with the base-rate Brier from the training rate', () => {
    const r = evaluate([0.9, 0.1, 0.8, 0.3], [true, false, true, false], 0.5);
    expect(r).toMatchObject({ samples: 4, failures: 2, auc: 1, accuracy: 1, baseRateBrier: 0.25 });
    expect(r.brier).toBeCloseTo((0.01 + 0.01 + 0.04 + 0.09) / 4);
  });
});
