// Small statistics helpers for the bench: nearest-rank percentiles over millisecond samples.

/** Nearest-rank percentile (p in 0..100) of an ascending array; NaN when empty. */
export function percentile(sorted, p) {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export function median(samples) {
  return percentile([...samples].sort((a, b) => a - b), 50);
}

/** { n, p50, p90, p99, max, mean } of millisecond samples. */
export function summarise(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const sum = sorted.reduce((a, b) => a + b, 0);
  return {
    n: sorted.length,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: sorted.length ? sorted[sorted.length - 1] : Number.NaN,
    mean: sorted.length ? sum / sorted.length : Number.NaN,
  };
}

/** Milliseconds for a table: 3 significant-ish digits ("0.0123", "1.23", "123"). */
export function ms(x) {
  if (!Number.isFinite(x)) return '-';
  if (x < 0.1) return x.toFixed(4);
  if (x < 10) return x.toFixed(3);
  if (x < 100) return x.toFixed(1);
  return x.toFixed(0);
}

/** A ratio for a table: "1.23×". */
export function ratio(x) {
  return Number.isFinite(x) ? `${x.toFixed(2)}×` : '-';
}

/** Rounds every number in a JSON-able value to 4 decimals (keeps bench.json readable). */
export function rounded(value) {
  return JSON.parse(JSON.stringify(value, (_k, v) => (typeof v === 'number' && !Number.isInteger(v) ? Math.round(v * 1e4) / 1e4 : v)));
}
