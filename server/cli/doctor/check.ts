/** One doctor check's result, and how results print. Pure. */

export type CheckStatus = 'ok' | 'fail' | 'warn' | 'info';

export interface CheckResult {
  status: CheckStatus;
  title: string;
  /** What to do about it (every fail and warn has one). */
  fix?: string;
}

const MARK: Record<CheckStatus, string> = { ok: '✔', fail: '✘', warn: '!', info: '·' };

export const ok = (title: string): CheckResult => ({ status: 'ok', title });
export const fail = (title: string, fix: string): CheckResult => ({ status: 'fail', title, fix });
export const warn = (title: string, fix: string): CheckResult => ({ status: 'warn', title, fix });
export const info = (title: string): CheckResult => ({ status: 'info', title });

/** `✔ title` lines, each fail/warn followed by `  fix: …`, and a last line that counts the failures. */
export function formatChecks(results: CheckResult[]): string {
  const lines: string[] = [];
  for (const r of results) {
    lines.push(`${MARK[r.status]} ${r.title}`);
    if (r.fix && (r.status === 'fail' || r.status === 'warn')) lines.push(`  fix: ${r.fix}`);
  }
  const failed = results.filter((r) => r.status === 'fail').length;
  const warned = results.filter((r) => r.status === 'warn').length;
  lines.push('', failed ? `${failed} problem${failed === 1 ? '' : 's'} to fix${warned ? `, ${warned} warning${warned === 1 ? '' : 's'}` : ''}.` : `All checks passed${warned ? ` (${warned} warning${warned === 1 ? '' : 's'})` : ''}.`);
  return `${lines.join('\n')}\n`;
}

/** Major version ≥ `min` in a version string such as `v20.19.1` or `20.19.1`. */
export function majorAtLeast(version: string, min: number): boolean {
  const major = Number(/^v?(\d+)\./.exec(version.trim())?.[1]);
  return Number.isFinite(major) && major >= min;
}
