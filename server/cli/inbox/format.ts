/**
 * How inbox items look: the `--json` contract and the human tables. Pure (time comes in as `now`).
 *
 * `inbox list --json` prints an array of {@link JsonItem}: every field of the store's item, in a fixed
 * order, with `status` as it stands now (a pending item past its expiry is `expired`: its hook stopped
 * waiting). Times are milliseconds since the epoch. Keep it stable: scripts read it.
 */
import type { ApprovalItem, ApprovalStatus } from '../../engine/store/repos.js';
import { clip } from '../../engine/runtime/summary.js';

export interface JsonItem {
  id: string;
  status: ApprovalStatus;
  tool_name: string;
  summary: string;
  rule: string;
  reason: string;
  project: string;
  session: string;
  created_at: number;
  expires_at: number;
  decided_at: number | null;
  decided_by: string | null;
  decision_reason: string | null;
  input: string;
}

/** The status a human should see: a pending item whose hook stopped waiting is expired. */
export function effectiveStatus(item: Pick<ApprovalItem, 'status' | 'expires_at'>, now: number): ApprovalStatus {
  return item.status === 'pending' && item.expires_at <= now ? 'expired' : item.status;
}

export function toJsonItem(item: ApprovalItem, now: number): JsonItem {
  return {
    id: item.id, status: effectiveStatus(item, now), tool_name: item.tool_name, summary: item.summary, rule: item.rule,
    reason: item.reason, project: item.project, session: item.session, created_at: item.created_at, expires_at: item.expires_at,
    decided_at: item.decided_at, decided_by: item.decided_by, decision_reason: item.decision_reason, input: item.input,
  };
}

/** `42s`, `5m`, `3h`, `2d` (rounded down; never negative). */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86_400)}d`;
}

/** One line per item under a header; `width` bounds the summary column. */
export function formatTable(items: ApprovalItem[], now: number, width = 120): string {
  if (items.length === 0) return '';
  const rows = items.map((i) => {
    const status = effectiveStatus(i, now);
    const when = status === 'pending' ? `${formatDuration(i.expires_at - now)} left` : (i.decided_by ?? '-');
    return [i.id, status, formatDuration(now - i.created_at), i.tool_name, i.rule || '-', when, oneLine(i.summary)];
  });
  const header = ['ID', 'STATUS', 'AGE', 'TOOL', 'RULE', 'LEFT / BY', 'SUMMARY'];
  const widths = header.slice(0, -1).map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const used = widths.reduce((a, b) => a + b + 2, 0);
  const line = (r: string[]) => [...r.slice(0, -1).map((v, c) => v.padEnd(widths[c] ?? 0)), clip(r.at(-1) ?? '', Math.max(20, width - used))].join('  ').trimEnd();
  return `${[line(header), ...rows.map(line)].join('\n')}\n`;
}

/** Every field of one item, for `inbox show`. */
export function formatItem(item: ApprovalItem, now: number): string {
  const status = effectiveStatus(item, now);
  const at = (ms: number | null) => (ms === null ? '-' : new Date(ms).toISOString());
  const lines = [
    `id        ${item.id}`,
    `status    ${status}${status === 'pending' ? ` (${formatDuration(item.expires_at - now)} left)` : ''}`,
    `tool      ${item.tool_name}`,
    `rule      ${item.rule || '-'}`,
    `reason    ${item.reason}`,
    `project   ${item.project || '-'}`,
    `session   ${item.session || '-'}`,
    `created   ${at(item.created_at)} (${formatDuration(now - item.created_at)} ago)`,
    `expires   ${at(item.expires_at)}`,
  ];
  if (item.decided_at !== null || item.decided_by !== null) {
    lines.push(`decided   ${at(item.decided_at)} by ${item.decided_by ?? '?'}${item.decision_reason ? `: ${item.decision_reason}` : ''}`);
  }
  lines.push('summary', indent(item.summary), 'input', indent(item.input));
  return `${lines.join('\n')}\n`;
}

/** Control characters (a command's newlines, escape sequences) as visible, harmless text. */
export function oneLine(text: string): string {
  return text.replace(/\r?\n/g, ' ⏎ ').replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
}

function indent(text: string): string {
  return text.split('\n').map((l) => `  ${l.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '?')}`).join('\n');
}
