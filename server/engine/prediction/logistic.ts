/**
 * L2-regularised logistic regression on sparse rows, trained by full-batch accelerated gradient descent.
 *
 * Objective: `Σᵢ logloss(yᵢ, σ(w·xᵢ + b)) + (λ/2)‖w‖²` (the bias is not penalised), the same form as
 * scikit-learn's `LogisticRegression(C = 1/λ)`. It is strictly convex in `w`, so the minimiser is unique
 * and the result does not depend on the optimiser's path — only on the data and λ. The optimiser is
 * FISTA (Nesterov momentum) with a fixed step `1/L`, where `L` is an upper bound on the gradient's
 * Lipschitz constant computed from the data (‖X‖₂² ≤ ‖X‖_F²), plus gradient-based adaptive restart;
 * no randomness, no line search, so the same rows always give bit-identical weights.
 */
import type { SparseVector } from './tfidf.js';

export interface LogisticOptions {
  /** λ, the L2 penalty on the weights (sum-of-losses scale; larger = simpler model). */
  l2: number;
  /** Stop when every gradient component (of the mean objective) is below this. */
  tolerance: number;
  maxIterations: number;
}

export const DEFAULT_LOGISTIC_OPTIONS: LogisticOptions = { l2: 1, tolerance: 1e-7, maxIterations: 20_000 };

export interface LogisticFit {
  weights: number[];
  bias: number;
  iterations: number;
  converged: boolean;
  /** Largest absolute gradient component at the returned point (mean-objective scale). */
  gradientNorm: number;
}

/** σ(z), written to stay finite for large |z|. */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** `w·x + b` for a sparse row. */
export function linear(x: SparseVector, weights: ArrayLike<number>, bias: number): number {
  let z = bias;
  for (let k = 0; k < x.indices.length; k++) z += (weights[x.indices[k]!] ?? 0) * x.values[k]!;
  return z;
}

/**
 * Fits `weights` (length `dimension`) and `bias` to rows `xs` with labels `ys` (true = positive).
 *
 * @example
 * const xs = [{ indices: [0], values: [1] }, { indices: [0], values: [-1] }, { indices: [0], values: [0.5] }];
 * const fit = trainLogistic(xs, [true, false, false], 1);
 * fit.weights[0]! > 0; // → true: the feature points towards the positive class
 */
export function trainLogistic(
  xs: readonly SparseVector[],
  ys: readonly boolean[],
  dimension: number,
  options: Partial<LogisticOptions> = {},
): LogisticFit {
  const { l2, tolerance, maxIterations } = { ...DEFAULT_LOGISTIC_OPTIONS, ...options };
  const n = xs.length;
  if (n === 0 || ys.length !== n) throw new RangeError('trainLogistic: need one label per row and at least one row');
  if (!(l2 > 0)) throw new RangeError('trainLogistic: l2 must be positive (it makes the minimiser unique)');
  const y = Float64Array.from(ys, (v) => (v ? 1 : 0));
  const positives = y.reduce((s, v) => s + v, 0);

  // The loss Hessian is (1/n)·X̃ᵀDX̃ with D ≤ 1/4, and ‖X̃‖₂² ≤ ‖X̃‖_F² = Σ(‖xᵢ‖² + 1) (bias column included).
  let frobenius = 0;
  for (const x of xs) for (const v of x.values) frobenius += v * v;
  const lipschitz = (frobenius + n) / (4 * n) + l2 / n;
  const step = 1 / lipschitz;

  // Parameters: weights then the bias, in one vector. Starting from the base rate's log-odds.
  const d = dimension + 1;
  const base = Math.min(Math.max(positives / n, 1e-6), 1 - 1e-6);
  let x = new Float64Array(d);
  x[dimension] = Math.log(base / (1 - base));
  let yk = x.slice();
  const g = new Float64Array(d);
  let t = 1;

  const gradient = (p: Float64Array): number => {
    g.fill(0);
    const bias = p[dimension]!;
    for (let i = 0; i < n; i++) {
      const row = xs[i]!;
      const r = (sigmoid(linear(row, p, bias)) - y[i]!) / n;
      for (let k = 0; k < row.indices.length; k++) g[row.indices[k]!]! += r * row.values[k]!;
      g[dimension]! += r;
    }
    let max = 0;
    for (let j = 0; j < d; j++) {
      if (j < dimension) g[j]! += (l2 / n) * p[j]!;
      max = Math.max(max, Math.abs(g[j]!));
    }
    return max;
  };

  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    const norm = gradient(yk);
    if (norm < tolerance) return finish(yk, dimension, iteration, true, norm);
    const next = new Float64Array(d);
    let ascent = 0;
    for (let j = 0; j < d; j++) {
      next[j] = yk[j]! - step * g[j]!;
      ascent += g[j]! * (next[j]! - x[j]!);
    }
    // Adaptive restart (O'Donoghue & Candès): drop the momentum when it points uphill.
    const tNext = ascent > 0 ? 1 : (1 + Math.sqrt(1 + 4 * t * t)) / 2;
    const momentum = ascent > 0 ? 0 : (t - 1) / tNext;
    yk = next.map((v, j) => v + momentum * (v - x[j]!));
    x = next;
    t = tNext;
  }
  return finish(yk, dimension, maxIterations, false, gradient(yk));
}

function finish(p: Float64Array, dimension: number, iterations: number, converged: boolean, gradientNorm: number): LogisticFit {
  return { weights: Array.from(p.subarray(0, dimension)), bias: p[dimension]!, iterations, converged, gradientNorm };
}
