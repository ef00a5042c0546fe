/** The immune dashboard as Markdown, for the CLI and reports. */
import type { Dashboard } from './dashboard.js';
import { ago, clip } from './format.js';

const pct = (x: number | null): string => (x === null ? '–' : `${(x * 100).toFixed(1)} %`);
const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\s+/g, ' ');

/**
 * Renders a dashboard: health, the daily series, top patterns, failures by type and operation, warnings.
 *
 * @example
 * dashboardMarkdown(immuneDashboard({ patterns, trials, warnings, now })) // → '# Immune memory: last 7 days\n\n**Health: healthy** …'
 */
export function dashboardMarkdown(d: Dashboard): string {
  const out: string[] = [`# Immune memory: last ${d.days} day${d.days === 1 ? '' : 's'}`, ''];
  out.push(`**Health: ${d.health.status}** (${d.health.reason})`, '');
  out.push(`Failure rate ${pct(d.failureRate)} over ${d.totals.trials} graded tool calls; previous ${d.days} days ${pct(d.previousFailureRate)}; trend ${d.trend}.`, '');

  out.push('| day (UTC) | trials | failures | rate | types |', '|---|---:|---:|---:|---|');
  for (const p of d.daily) {
    const types = Object.entries(p.byType).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([t, n]) => `${t} ${n}`).join(', ');
    out.push(`| ${p.date} | ${p.trials} | ${p.failures} | ${pct(p.failureRate)} | ${types || '–'} |`);
  }
  out.push('');

  out.push('## Top patterns', '');
  if (d.topPatterns.length === 0) out.push('No remembered failures.');
  else {
    out.push('| type | operation | count | last seen | relevance | last reason |', '|---|---|---:|---|---:|---|');
    for (const p of d.topPatterns) {
      out.push(`| ${p.failureType} | ${cell(p.operation)} | ${p.count} | ${ago(p.lastSeen, d.now)} | ${p.relevance.toFixed(2)} | ${cell(clip(p.reason, 80))} |`);
    }
  }
  out.push('');

  out.push('## Failures by type', '');
  out.push(d.byType.length === 0 ? 'None in the window.' : d.byType.map((t) => `- ${t.type}: ${t.failures}`).join('\n'), '');

  out.push('## Failures by operation', '');
  if (d.byOperation.length === 0) out.push('No graded tool calls in the window.');
  else {
    out.push('| operation | trials | failures | rate |', '|---|---:|---:|---:|');
    for (const o of d.byOperation.slice(0, 10)) out.push(`| ${cell(o.operation)} | ${o.trials} | ${o.failures} | ${pct(o.failureRate)} |`);
  }
  out.push('');

  out.push('## Warnings', '');
  out.push(
    `${d.totals.warnings} warning(s) about ${d.totals.warnedPairs} session·pattern pair(s): ${d.recurrencePrevented} not followed by the same failure ` +
      `in that session, ${d.recurrenceAfterWarning} followed by it.`,
  );
  out.push('', `Memory: ${d.totals.patterns} pattern(s), ${d.totals.activePatterns} active, ${d.totals.stalePatterns} stale, ${d.totals.occurrences} occurrence(s).`);
  return `${out.join('\n')}\n`;
}
