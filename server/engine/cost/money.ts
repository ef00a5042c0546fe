/**
 * Money and shares as people read them. No imports: the PreToolUse hook (session-cap.ts) and the
 * webviews use these without pulling in the price table.
 */

/**
 * Dollars for people: four decimals under $1 (where cents hide the spend), two from $1 up.
 *
 * @example
 * formatUsd(0.00421) // → '$0.0042'
 * formatUsd(12.5)    // → '$12.50'
 */
export function formatUsd(usd: number): string {
  const abs = Math.abs(usd);
  return `${usd < 0 ? '-' : ''}$${abs.toFixed(abs !== 0 && abs < 1 ? 4 : 2)}`;
}

/**
 * A fraction as a percentage with one decimal, rounded down (so 89.99% never reads as the 90% threshold).
 *
 * @example
 * formatPercent(0.042)  // → '4.2%'
 * formatPercent(0.8999) // → '89.9%'
 */
export function formatPercent(fraction: number): string {
  // The epsilon absorbs float error such as 0.042 × 1000 = 41.99999999999999.
  return `${Math.floor(fraction * 1000 + 1e-6) / 10}%`;
}
