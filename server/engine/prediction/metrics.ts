/**
 * Evaluation metrics for probabilistic binary predictions: `p` is the predicted probability of the
 * positive class (a failure), `y` the outcome (true = failed). All are pure and order-independent.
 */

function check(p: readonly number[], y: readonly boolean[]): void {
  if (p.length === 0 || p.length !== y.length) {
    throw new RangeError(`metrics: need equally many predictions and outcomes, at least one (got ${p.length} and ${y.length})`);
  }
}

/**
 * Area under the ROC curve, from ranks (the Mann–Whitney statistic): the probability that a random
 * failure is scored above a random success, ties counting one half. NaN when only one class is present.
 *
 * @example
 * auc([0.9, 0.2, 0.6, 0.1], [true, false, true, false]); // → 1
 * auc([0.5, 0.5], [true, false]); // → 0.5
 */
export function auc(p: readonly number[], y: readonly boolean[]): number {
  check(p, y);
  const order = p.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const ranks = new Array<number>(p.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && order[j + 1]![0] === order[i]![0]) j++;
    const mid = (i + j) / 2 + 1; // tied scores share their average (1-based) rank
    for (let k = i; k <= j; k++) ranks[order[k]![1]] = mid;
    i = j + 1;
  }
  let positives = 0, rankSum = 0;
  y.forEach((v, i) => {
    if (v) {
      positives++;
      rankSum += ranks[i]!;
    }
  });
  const negatives = y.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/**
 * Brier score: the mean squared difference between probability and outcome (0 is perfect; always
 * answering the base rate q scores q(1 − q)).
 *
 * @example
 * brier([1, 0, 0.5], [true, false, true]); // → 0.0833…
 */
export function brier(p: readonly number[], y: readonly boolean[]): number {
  check(p, y);
  return p.reduce((s, v, i) => s + (v - (y[i] ? 1 : 0)) ** 2, 0) / p.length;
}

/**
 * Mean negative log-likelihood (natural log), probabilities clipped to [1e-15, 1 − 1e-15] so a
 * confident miss costs a lot but not infinity.
 *
 * @example
 * logLoss([0.5, 0.5], [true, false]); // → 0.693… (ln 2)
 */
export function logLoss(p: readonly number[], y: readonly boolean[]): number {
  check(p, y);
  const eps = 1e-15;
  return -p.reduce((s, v, i) => {
    const q = Math.min(Math.max(v, eps), 1 - eps);
    return s + (y[i] ? Math.log(q) : Math.log(1 - q));
  }, 0) / p.length;
}

/**
 * Expected calibration error over `bins` equal-width probability bins: the sample-weighted mean of
 * |mean predicted probability − observed failure rate| per bin (p = 1 falls in the last bin).
 *
 * @example
 * ece([0.8, 0.8, 0.8, 0.8, 0.8], [true, true, true, true, false]); // → 0 (80% predicted, 80% observed)
 * ece([0.9, 0.9], [false, false]); // → 0.9
 */
export function ece(p: readonly number[], y: readonly boolean[], bins = 10): number {
  check(p, y);
  const sumP = new Array<number>(bins).fill(0), sumY = new Array<number>(bins).fill(0), count = new Array<number>(bins).fill(0);
  p.forEach((v, i) => {
    const b = Math.min(bins - 1, Math.max(0, Math.floor(v * bins)));
    sumP[b]! += v;
    sumY[b]! += y[i] ? 1 : 0;
    count[b]!++;
  });
  let total = 0;
  for (let b = 0; b < bins; b++) if (count[b]! > 0) total += Math.abs(sumP[b]! - sumY[b]!);
  return total / p.length;
}

/**
 * Share of outcomes predicted right when a probability ≥ `threshold` means "fails".
 *
 * @example
 * accuracy([0.7, 0.4, 0.2], [true, true, false]); // → 0.666…
 */
export function accuracy(p: readonly number[], y: readonly boolean[], threshold = 0.5): number {
  check(p, y);
  return p.filter((v, i) => v >= threshold === y[i]).length / p.length;
}

export interface EvaluationReport {
  /** Number of outcomes evaluated and how many failed. */
  samples: number;
  failures: number;
  auc: number;
  brier: number;
  /** Brier of always answering the base rate `trainBaseRate` (the bar a useful model must clear). */
  baseRateBrier: number;
  logLoss: number;
  accuracy: number;
  ece: number;
}

/**
 * All metrics at once, with the base-rate reference: `trainBaseRate` is the failure rate the model was
 * trained on (what a model-less guess would answer), not the evaluated set's own rate.
 *
 * @example
 * const r = evaluate([0.9, 0.1], [true, false], 0.5);
 * r.brier < r.baseRateBrier; // → true
 */
export function evaluate(p: readonly number[], y: readonly boolean[], trainBaseRate: number): EvaluationReport {
  return {
    samples: p.length,
    failures: y.filter(Boolean).length,
    auc: auc(p, y),
    brier: brier(p, y),
    baseRateBrier: brier(p.map(() => trainBaseRate), y),
    logLoss: logLoss(p, y),
    accuracy: accuracy(p, y),
    ece: ece(p, y),
  };
}
