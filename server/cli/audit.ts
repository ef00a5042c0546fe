/**
 * `audit [--since DURATION|ISO] [--until …] [--tool T] [--decision D] [--session S] [--rule R]
 * [--kind K] [--project DIR] [--limit N] [--json]`: the audit log, newest first. `--json` prints the
 * store's rows (an array; times in ms since the epoch).
 */
import { resolve } from 'node:path';
import { audit, type AuditDecision, type AuditEvent, type AuditQuery } from '../engine/store/repos.js';
import { commandArgs, UsageError } from './args.js';
import { oneLine } from './inbox/format.js';
import { positiveInt } from './inbox/list.js';
import type { CliIO } from './io.js';
import { withStore } from './state.js';

const OPTIONS = {
  since: { type: 'string' }, until: { type: 'string' }, tool: { type: 'string' }, decision: { type: 'string' },
  session: { type: 'string' }, rule: { type: 'string' }, kind: { type: 'string' }, project: { type: 'string' },
  limit: { type: 'string' }, json: { type: 'boolean' },
} as const;

type Values = { [K in keyof typeof OPTIONS]?: (typeof OPTIONS)[K]['type'] extends 'boolean' ? boolean : string };

const DECISIONS: readonly AuditDecision[] = ['allow', 'ask', 'deny', 'none'];

export async function runAudit(args: string[], io: CliIO): Promise<number> {
  const { values } = commandArgs<Values>(args, OPTIONS, [], 'audit');
  const query = auditQuery(values, io.now(), io.cwd);
  const rows = await withStore(io, (store) => store.read((db) => audit.query(db, query)));
  if (values.json) await io.out(`${JSON.stringify(rows, null, 2)}\n`);
  else await io.out(rows.length ? formatAudit(rows) : 'No audit events match.\n');
  return 0;
}

/** The store query the options ask for. Pure; throws UsageError naming the bad option. */
export function auditQuery(v: Values, now: number, cwd: string): AuditQuery {
  if (v.decision !== undefined && !DECISIONS.includes(v.decision as AuditDecision)) {
    throw new UsageError(`audit --decision: expected one of ${DECISIONS.join(', ')}, got ${JSON.stringify(v.decision)}`);
  }
  const q: AuditQuery = { limit: positiveInt(v.limit, 'audit --limit') ?? 50 };
  if (v.since !== undefined) q.since = parseTime(v.since, now, 'audit --since');
  if (v.until !== undefined) q.until = parseTime(v.until, now, 'audit --until');
  if (v.tool !== undefined) q.tool = v.tool;
  if (v.decision !== undefined) q.decision = v.decision as AuditDecision;
  if (v.session !== undefined) q.session = v.session;
  if (v.rule !== undefined) q.rule = v.rule;
  if (v.kind !== undefined) q.kind = v.kind;
  if (v.project !== undefined) q.project = resolve(cwd, v.project);
  return q;
}

const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/**
 * A point in time: a duration ago (`90s`, `15m`, `2h`, `7d`, `1w`) or an ISO date/time.
 *
 * @example
 * parseTime('2h', Date.parse('2025-01-01T12:00:00Z'), '--since') // Date.parse('2025-01-01T10:00:00Z')
 */
export function parseTime(text: string, now: number, what: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([smhdw])$/.exec(text.trim());
  if (m) return now - Number(m[1]) * (UNITS[m[2] as string] ?? 0);
  if (/^\d{4}-\d{2}-\d{2}/.test(text.trim())) {
    const t = Date.parse(text.trim());
    if (Number.isFinite(t)) return t;
  }
  throw new UsageError(`${what}: expected a duration such as 15m, 2h, 7d or an ISO date such as 2025-01-31T09:00:00Z, got ${JSON.stringify(text)}`);
}

/** The human table. Pure. */
export function formatAudit(rows: AuditEvent[]): string {
  const table = rows.map((e) => [new Date(e.ts).toISOString(), e.decision, e.tool, e.rule ?? '-', e.decided_by ?? '-', oneLine(e.summary).slice(0, 100)]);
  const header = ['TIME', 'DECISION', 'TOOL', 'RULE', 'DECIDED BY', 'SUMMARY'];
  const widths = header.map((h, c) => Math.max(h.length, ...table.map((r) => (r[c] ?? '').length)));
  const line = (r: string[]) => r.map((v, c) => (c === r.length - 1 ? v : v.padEnd(widths[c] ?? 0))).join('  ').trimEnd();
  return `${[header, ...table].map(line).join('\n')}\n`;
}
